"""Plain form posts made into records by the rules the offline outbox follows (docs/sync.md).

Without JavaScript the browser posts the form; the view builds the same ``data`` the outbox
would, gives it a server-made id and the server's clock, and hands it to ``sync.ingest``.
"""

from __future__ import annotations

import math
import uuid

from werkzeug.datastructures import MultiDict

from .domain import clock, premiums

NOT_DATA = frozenset({"csrf_token", "confirm"})
_INTEGER_DIGITS = 18               # below SQLite's 2**63: anything longer is not a count or an id


def whole_number(text: str) -> int:
    """A non-negative whole number typed in a form or a URL: ASCII digits only ("²" and "١"
    are digits to ``str.isdigit`` but not to ``int``), short enough for SQLite. ValueError
    otherwise, so it serves as ``request.args.get(name, type=whole_number)``."""
    if not (isinstance(text, str) and text.isascii() and text.isdigit()
            and len(text) <= _INTEGER_DIGITS):
        raise ValueError(text)
    return int(text)


def _number(value: str, kind: str) -> int | float:
    """An int within SQLite's range, or a finite float; ValueError otherwise."""
    text = value.strip()
    if kind == "int":
        return -whole_number(text[1:]) if text.startswith("-") else whole_number(text)
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _convert(value: str, kind: str | None):
    """``data-type`` conversions; an empty value is null. Text that does not convert (or is out
    of range: 10**30, inf, nan) is kept, so the record's check names the field."""
    if value == "":
        return None
    if kind == "money":             # "1.500.000", as money inputs show it (premiums' rule)
        try:
            amount = premiums.parse_income(value)
        except premiums.QuoteError:
            return value
        return amount if amount < 10 ** _INTEGER_DIGITS else value
    if kind in ("int", "float"):
        try:
            return _number(value, kind)
        except ValueError:
            return value
    return value


def _put(data: dict, name: str, value) -> None:
    """A dotted name makes a nested object: ``household.address``."""
    *parents, last = name.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


def form_data(form: MultiDict, types: dict[str, str], only: set[str] | None = None,
              leave: set[str] = frozenset()) -> dict:
    """``data`` from the posted fields (``only`` those names, if given; never ``leave``)."""
    data: dict = {}
    for name in form:
        if name in NOT_DATA or name in leave or (only is not None and name not in only):
            continue
        kind = types.get(name)
        if kind == "list":
            value = [v for v in form.getlist(name) if v]
        elif kind == "bool":
            value = True
        else:
            value = _convert(form.get(name, ""), kind)
        _put(data, name, value)
    for name, kind in types.items():
        if name in form or (only is not None and name not in only) or name in leave:
            continue
        if kind == "list":
            _put(data, name, [])
        elif kind == "bool":
            _put(data, name, False)
    return data


def fieldset_data(form: MultiDict, names: tuple[str, ...], types: dict[str, str]) -> list[dict]:
    """One dict per submitted ``<fieldset data-record>``: its fields arrive in document order, and
    disabled fieldsets are not submitted at all."""
    columns = [form.getlist(name) for name in names]
    count = min((len(c) for c in columns), default=0)
    return [{name: _convert(column[i], types.get(name)) for name, column in zip(names, columns,
                                                                                strict=True)}
            for i in range(count)]


def new_record(kind: str, data: dict) -> dict:
    """A record as the outbox makes it, with a server-made id and the server's clock."""
    return {"id": str(uuid.uuid4()), "kind": kind,
            "created_at": clock.now().astimezone(clock.VIETNAM).isoformat(timespec="seconds"),
            "data": data}
