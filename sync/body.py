"""Reading a push body: standard JSON (RFC 8259) only, refused whole with the place named.

Python's parser also takes ``NaN``, ``Infinity`` and ``-Infinity`` and turns ``1e400`` into
infinity; no browser writes them (``JSON.stringify`` gives ``null``), and stored they broke every
page that read them. Nesting is bounded (the deepest real field is ``records[i].data.household
.id``), so no later reader meets a value deeper than it can parse.
"""

from __future__ import annotations

import json
import math

from agent_app.store.jsontext import clean, walk

MAX_DEPTH = 16
_MAX_DIGITS = 100


class BodyError(ValueError):
    """A body that is not standard JSON, or not one this API reads: says where."""


class _NotStandard:
    """Stands in for a number the standard does not have, until its place is known."""

    def __init__(self, token: str, problem: str):
        self.token = token[:20]
        self.problem = problem


def _constant(token: str) -> _NotStandard:
    return _NotStandard(token, "không phải số JSON chuẩn (RFC 8259): gửi null hoặc một số")


def _float(token: str) -> float | _NotStandard:
    value = float(token)
    return value if math.isfinite(value) else _NotStandard(token, "vượt quá số thực có thể lưu")


def _int(token: str) -> int | _NotStandard:
    if len(token.lstrip("-")) > _MAX_DIGITS:
        return _NotStandard(token, f"số nguyên dài quá {_MAX_DIGITS} chữ số")
    return int(token)


def read(raw: bytes) -> object:
    """The body as Python values, or :class:`BodyError` naming the byte, line or path."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BodyError(f"thân yêu cầu không phải UTF-8 (byte {error.start})") from None
    odd: list[_NotStandard] = []

    def noted(made: object) -> object:
        if isinstance(made, _NotStandard):
            odd.append(made)
        return made

    try:
        value = json.loads(text, parse_constant=lambda t: noted(_constant(t)),
                           parse_float=lambda t: noted(_float(t)),
                           parse_int=lambda t: noted(_int(t)))
    except RecursionError:
        raise BodyError(f"thân yêu cầu lồng nhau quá sâu (tối đa {MAX_DEPTH} mức)") from None
    except json.JSONDecodeError as error:
        raise BodyError(f"không phải JSON: dòng {error.lineno}, cột {error.colno}: "
                        f"{error.msg}") from None
    if not odd and _depth(value) <= MAX_DEPTH:
        return value
    for path, node, depth in walk(value):
        if isinstance(node, _NotStandard):
            raise BodyError(f"{_place(value, path)}: {node.token} {node.problem}")
        if depth > MAX_DEPTH:
            raise BodyError(f"{_place(value, path)}: lồng nhau quá sâu (tối đa {MAX_DEPTH} mức)")
    return value


def _depth(value: object) -> int:
    """How deep containers nest (the body itself is 0); paths are made only when needed."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values())
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node)
    return deepest


def _place(body: object, path: str) -> str:
    """The path, with the record's id when the place is inside a record that has one."""
    if not (path.startswith("records[") and isinstance(body, dict)):
        return path
    index = path[len("records["):].split("]", 1)[0]
    records = body.get("records")
    record = records[int(index)] if isinstance(records, list) else None
    record_id = record.get("id") if isinstance(record, dict) else None
    if isinstance(record_id, str) and len(record_id) <= 64:
        return f"{path} (bản ghi {clean(record_id)})"
    return path
