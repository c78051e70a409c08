"""The one clock: the current instant in UTC and today's date in Vietnam.

Every "now" and "today" in the app comes from here, so tests and demos can pin the day:
``AGENT_APP_CLOCK`` (an ISO instant such as ``2026-11-28T09:00:00+07:00``, or a date, read as
09:00 Vietnam time) starts the clock at that instant the first time it is read, and it then runs
at the real pace, so timestamps still move forward. Production refuses to start with it set.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "ICT")
ENV = "AGENT_APP_CLOCK"
STAMP = "%Y-%m-%dT%H:%M:%SZ"

_anchor: tuple[str, datetime, float] | None = None


def parse_pin(text: str) -> datetime:
    """``AGENT_APP_CLOCK``'s value as an aware instant; ValueError when it is not one."""
    if len(text) == 10:
        return datetime.combine(date.fromisoformat(text), datetime.min.time(),
                                VIETNAM).replace(hour=9)
    instant = datetime.fromisoformat(text)
    if instant.tzinfo is None:
        raise ValueError(f"{ENV} needs a time zone: {text!r}")
    return instant


def _pinned_now() -> datetime | None:
    global _anchor
    text = os.environ.get(ENV)
    if not text:
        return None
    if _anchor is None or _anchor[0] != text:
        _anchor = (text, parse_pin(text).astimezone(UTC), time.monotonic())
    _, start, started = _anchor
    return start + timedelta(seconds=time.monotonic() - started)


def now() -> datetime:
    """The current instant, aware, in UTC."""
    return _pinned_now() or datetime.now(UTC)


def today() -> date:
    """Today in Vietnam: the day a visit, a sign-up or a report belongs to."""
    return now().astimezone(VIETNAM).date()


def utc_now() -> str:
    """The current instant as stored: ISO 8601 UTC with a ``Z``, to the second."""
    return now().strftime(STAMP)


def is_pinned() -> bool:
    return bool(os.environ.get(ENV))
