"""The record envelope: shape checks, the content hash that tells a retry from a conflict, and
the fields each kind knows (the rest are dropped with a warning)."""

from __future__ import annotations

import hashlib
import json
import math
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from agent_app.store import jsontext

# The largest integer a phone's JavaScript holds exactly; anything above is no real value.
MAX_INT = 2 ** 53 - 1


class RecordError(Exception):
    """A record that cannot be stored as it is: names the field and the rule it breaks."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class RecordErrors(RecordError):
    """Several fields wrong at once: a form shows each beside its field; the reason names all."""

    def __init__(self, errors: dict[str, str]):
        field, message = next(iter(errors.items()))
        super().__init__(field, message)
        self.args = ("; ".join(f"{name}: {text}" for name, text in errors.items()),)
        self.errors = errors


@dataclass(frozen=True)
class Envelope:
    id: str
    seq: int | None
    kind: str
    created_at: str
    created_at_utc: str
    data: dict
    # Of the record as sent (before unknown fields are dropped): same id + same hash = a retry
    # (duplicate); same id + other hash = a conflict.
    content_hash: str

    @property
    def canonical_data(self) -> str:
        return jsontext.dumps(self.data, separators=(",", ":"))


# 16 digits in a row: an integer that may be past MAX_INT (then the data is walked to see).
_LONG_NUMBER = re.compile(rb"[0-9]{16}")


def _content_hash(kind: str, created_at: str, data: dict) -> str:
    """The hash of what was sent; refuses, naming the field, what no record can hold (text with
    a lone UTF-16 surrogate, a number that is not finite, an integer no phone holds)."""
    try:
        body = json.dumps([kind, created_at, data], ensure_ascii=False, sort_keys=True,
                          separators=(",", ":"), allow_nan=False).encode("utf-8")
    except ValueError:                          # NaN, Infinity, or a lone surrogate
        body = None
    if body is None or _LONG_NUMBER.search(body):
        _refuse_values(data)
        if body is None:
            raise RecordError("kind", "có ký tự không hợp lệ (nửa cặp surrogate UTF-16)")
    return hashlib.sha256(body).hexdigest()


def _refuse_values(data: dict) -> None:
    """Name the first value in ``data`` that no record can hold, if there is one."""
    for path, value, _depth in jsontext.walk(data, "data"):
        if isinstance(value, str) and jsontext.has_lone_surrogate(value):
            raise RecordError(path, "có ký tự không hợp lệ (nửa cặp surrogate UTF-16)")
        if isinstance(value, float) and not math.isfinite(value):
            raise RecordError(path, "phải là số hữu hạn")
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
            raise RecordError(path, f"số quá lớn (tối đa {MAX_INT})")


def check_uuid(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise RecordError(field, "phải là một UUID")
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise RecordError(field, "phải là một UUID") from None


def parse_envelope(raw: object) -> Envelope:
    """Check the parts every record has: {id, seq, kind, created_at, data}."""
    if not isinstance(raw, dict):
        raise RecordError("record", "phải là một đối tượng JSON")
    record_id = check_uuid(raw.get("id"), "id")
    seq = raw.get("seq")
    if seq is not None and (not isinstance(seq, int) or isinstance(seq, bool)
                            or not 1 <= seq <= MAX_INT):
        raise RecordError("seq", f"phải là số nguyên từ 1 đến {MAX_INT}")
    kind = raw.get("kind")
    if not isinstance(kind, str) or not kind:
        raise RecordError("kind", "thiếu loại bản ghi")
    created_at = raw.get("created_at")
    moment = None
    if isinstance(created_at, str):
        try:
            moment = datetime.fromisoformat(created_at)
        except ValueError:
            moment = None
    if moment is None or moment.tzinfo is None:
        raise RecordError("created_at", "phải là thời điểm ISO 8601 có múi giờ")
    data = raw.get("data")
    if not isinstance(data, dict):
        raise RecordError("data", "phải là một đối tượng JSON")
    return Envelope(record_id, seq, kind, created_at,
                    moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), data,
                    _content_hash(kind, created_at, data))


# A field's JSON type: text; a whole number (or the text a plain form could not convert, which
# the kind then names); a number (or its text); a list of text; true or false; or an object with
# its own fields.
TEXT = (str,)
WHOLE = (int, str)
NUMBER = (int, float, str)
TEXT_LIST = [str]
FLAG = (bool,)
_TYPE_RULES = {TEXT: "phải là chuỗi chữ", WHOLE: "phải là số nguyên", NUMBER: "phải là số",
               FLAG: "phải là true hoặc false"}


def known_fields(data: dict, fields: dict, path: str = "data") -> tuple[dict, list[str]]:
    """The fields a kind knows, each of its JSON type (or null), and a warning per field dropped
    because the kind does not know it (nothing unknown is stored)."""
    kept: dict = {}
    warnings: list[str] = []
    for name, value in data.items():
        rule = fields.get(name)
        if rule is None:
            warnings.append(f"{jsontext.field_name(path, name)}: trường không dùng, đã bỏ")
        elif value is None:
            kept[name] = None
        elif isinstance(rule, dict):
            if not isinstance(value, dict):
                raise RecordError(f"{path}.{name}", "phải là một đối tượng JSON")
            kept[name], dropped = known_fields(value, rule, f"{path}.{name}")
            warnings += dropped
        elif isinstance(rule, list):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise RecordError(f"{path}.{name}", "phải là danh sách chuỗi chữ")
            kept[name] = value
        elif rule is FLAG:
            if not isinstance(value, bool):
                raise RecordError(f"{path}.{name}", _TYPE_RULES[rule])
            kept[name] = value
        elif isinstance(value, bool) or not isinstance(value, rule):
            raise RecordError(f"{path}.{name}", _TYPE_RULES[rule])
        else:
            kept[name] = value
    return kept, warnings
