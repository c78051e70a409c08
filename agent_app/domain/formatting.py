"""How numbers and times look to a person: 1.500.000 đ, dd/mm/yyyy, Vietnam time."""

from __future__ import annotations

from datetime import UTC, date, datetime

from .clock import VIETNAM
from .codes import RELATIONS


def money(amount: int | None) -> str:
    """1500000 -> "1.500.000 đ" (integers only, dot thousands)."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,} đ".replace(",", ".")


def number(value: int | None) -> str:
    """1500 -> "1.500"."""
    if value is None:
        return ""
    return f"{int(value):,}".replace(",", ".")


def amount(value) -> str:
    """A money input's value: 1500000 -> "1.500.000" (premiums.js formatNumber on the phone);
    text the agent typed that is not an amount comes back as typed, beside its error."""
    if isinstance(value, int) and not isinstance(value, bool):
        return number(value)
    return "" if value is None else str(value)


def percent(value: float | None, digits: int = 2) -> str:
    """96.14 -> "96,14%" (decimal comma)."""
    if value is None:
        return ""
    return f"{value:.{digits}f}%".replace(".", ",")


def parse_utc(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def to_vietnam(stamp: str | datetime) -> datetime:
    moment = parse_utc(stamp) if isinstance(stamp, str) else stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VIETNAM)


def vn_date(value: str | date | None) -> str:
    """A date (or YYYY-MM-DD text) as dd/mm/yyyy; a UTC timestamp as its Vietnam-time day."""
    if not value:
        return ""
    if isinstance(value, str):
        value = to_vietnam(value).date() if "T" in value else date.fromisoformat(value)
    elif isinstance(value, datetime):
        value = to_vietnam(value).date()
    return value.strftime("%d/%m/%Y")


def vn_datetime(value: str | datetime | None) -> str:
    """A stored UTC timestamp as "dd/mm/yyyy HH:MM" in Vietnam time."""
    if not value:
        return ""
    return to_vietnam(value).strftime("%d/%m/%Y %H:%M")


def vn_time(value: str | datetime | None) -> str:
    """A stored UTC timestamp as "HH:MM" in Vietnam time, where the day is known already."""
    if not value:
        return ""
    return to_vietnam(value).strftime("%H:%M")


def vn_month(value: str | None) -> str:
    """"2025-08" -> "08/2025"."""
    if not value:
        return ""
    year, month = value.split("-")[:2]
    return f"{month}/{year}"


def birth(birth_date: str | None, birth_year: int | None) -> str:
    """Full date when known, else the year alone ("chỉ có năm sinh")."""
    if birth_date:
        return vn_date(birth_date)
    return str(birth_year) if birth_year else ""


def relation(value: str | None) -> str:
    """A relationship to the household head in the page's language; other text as it is."""
    return str(RELATIONS.get(value, value or ""))


def register(app) -> None:
    """Expose the formatters as Jinja filters."""
    for name in ("money", "number", "amount", "percent", "vn_date", "vn_datetime", "vn_month",
                 "relation"):
        app.add_template_filter(globals()[name], name)
    app.add_template_global(birth, "birth")
