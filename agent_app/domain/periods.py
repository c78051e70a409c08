"""Reporting periods: a month, a quarter, a year, or custom dates, read from a query string."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

KINDS = ("month", "quarter", "year", "custom")


class PeriodError(ValueError):
    """A period the official typed that cannot be read: the message names the field."""


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date                                   # inclusive

    @property
    def label(self) -> str:
        if self.kind == "month":
            return self.start.strftime("%m/%Y")
        if self.kind == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1}/{self.start.year}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    @property
    def year(self) -> int:
        """Targets are yearly: a period is judged against the year it ends in."""
        return self.end.year

    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def args(self) -> dict[str, str]:
        """Query arguments that give this period back (for links and export URLs)."""
        if self.kind == "month":
            return {"period": "month", "month": f"{self.start:%Y-%m}"}
        if self.kind == "quarter":
            number = self.start.month // 3 + 1
            return {"period": "quarter", "quarter": f"{self.start.year}-Q{number}"}
        if self.kind == "year":
            return {"period": "year", "year": str(self.start.year)}
        return {"period": "custom", "from": self.start.isoformat(), "to": self.end.isoformat()}


def month(year: int, number: int) -> Period:
    start = date(year, number, 1)
    following = date(year + number // 12, number % 12 + 1, 1)
    return Period("month", start, following - timedelta(days=1))


def quarter(year: int, number: int) -> Period:
    start = date(year, 3 * number - 2, 1)
    return Period("quarter", start, month(year, 3 * number).end)


def year(number: int) -> Period:
    return Period("year", date(number, 1, 1), date(number, 12, 31))


def from_args(args, today: date) -> Period:
    """The period a query string asks for; this month when it asks for none."""
    kind = args.get("period") or "month"
    if kind not in KINDS:
        raise PeriodError(_l("Kỳ báo cáo phải là tháng, quý, năm hoặc tùy chọn"))
    try:
        if kind == "month":
            text = args.get("month") or f"{today:%Y-%m}"
            year_text, month_text = text.split("-")
            return month(int(year_text), int(month_text))
        if kind == "quarter":
            text = args.get("quarter") or f"{today.year}-Q{(today.month - 1) // 3 + 1}"
            year_text, number = text.upper().split("-Q")
            if not 1 <= int(number) <= 4:
                raise ValueError(number)
            return quarter(int(year_text), int(number))
        if kind == "year":
            return year(int(args.get("year") or today.year))
    except ValueError:
        raise PeriodError(_l("Không đọc được kỳ báo cáo đã chọn: hãy chọn lại")) from None
    return _custom(args.get("from", ""), args.get("to", ""))


def _custom(start_text: str, end_text: str) -> Period:
    try:
        start = date.fromisoformat(start_text)
    except ValueError:
        raise PeriodError(_l("Từ ngày: phải là một ngày có thật")) from None
    try:
        end = date.fromisoformat(end_text)
    except ValueError:
        raise PeriodError(_l("Đến ngày: phải là một ngày có thật")) from None
    if end < start:
        raise PeriodError(_l("Đến ngày phải sau hoặc bằng Từ ngày"))
    if (end - start).days > 366 * 5:
        raise PeriodError(_l("Kỳ tùy chọn dài tối đa 5 năm"))
    return Period("custom", start, end)
