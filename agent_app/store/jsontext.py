"""JSON as the store keeps it: text that any JSON parser reads (RFC 8259), and old rows read safely.

Python writes ``NaN`` and ``Infinity`` by default, which SQLite's json functions and browsers
refuse, and a lone UTF-16 surrogate (half of an emoji, cut) cannot be written as UTF-8 at all:
one such value stored once made every page that read it fail. ``dumps`` writes standard JSON
only; ``loads`` reads what was stored before that, whatever it holds.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_KEY_SHOWN = 40


def has_lone_surrogate(text: str) -> bool:
    """True for text no UTF-8 encoder takes (a surrogate without its pair)."""
    return _LONE_SURROGATE.search(text) is not None


def clean(value: object) -> object:
    """``value`` with lone surrogates replaced by U+FFFD and non-finite numbers by their name as
    text ("NaN", "Infinity"), so that it can be stored and shown as it came, and read back."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, float) and not math.isfinite(value):
        return json.dumps(value)
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    return value


def dumps(value: object, **options) -> str:
    """Standard JSON text for storing: keys sorted, non-ASCII kept as it is."""
    options = {"ensure_ascii": False, "sort_keys": True, "allow_nan": False, **options}
    try:
        text = json.dumps(value, **options)
    except ValueError:
        return json.dumps(clean(value), **options)
    return json.dumps(clean(value), **options) if has_lone_surrogate(text) else text


def loads(text: str | None, default: object = None) -> object:
    """A stored value, or ``default`` where the text is no JSON at all; what Python's parser
    accepts beyond the standard (NaN, lone surrogates) is cleaned as ``clean`` does."""
    try:
        return clean(json.loads(text))
    except (TypeError, ValueError, RecursionError):
        return default


def field_name(path: str, key: object) -> str:
    """A dotted path to a key, cut short and cleaned so it can go into a message."""
    shown = str(clean(str(key)))
    if len(shown) > _KEY_SHOWN:
        shown = shown[:_KEY_SHOWN] + "…"
    return f"{path}.{shown}" if path else shown


def walk(value: object, path: str = "") -> Iterator[tuple[str, object, int]]:
    """Every value inside ``value`` in document order, as (path, value, depth); dict keys come
    as values too (a key is text a parser must read). Iterative: any depth is safe."""
    stack = [(path, value, 0)]
    while stack:
        where, node, depth = stack.pop()
        yield where, node, depth
        if isinstance(node, dict):
            children = []
            for key, child in node.items():
                name = field_name(where, key)
                children += [(name, key, depth + 1), (name, child, depth + 1)]
            stack.extend(reversed(children))
        elif isinstance(node, list):
            stack.extend(reversed([(f"{where}[{i}]", child, depth + 1)
                                   for i, child in enumerate(node)]))
