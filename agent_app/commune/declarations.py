"""What the declaration templates ask for beyond the sign-up itself (domain.md §2, §3, §7):
the state and local support in a BHXH payment, and the day a household BHYT card starts."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from fractions import Fraction

from sqlite_utils import Database

from .. import premiums
from ..store import parameters as parameter_store

PPM_PER_PERCENT = 10_000
CARD_WAIT_DAYS = 30
CARD_GAP_MONTHS = 3


def _percent(ppm: int) -> int | float:
    """A rate in millionths as the template's percent column: 200000 -> 20, 225000 -> 22.5."""
    value = Fraction(ppm, PPM_PER_PERCENT)
    return int(value) if value.denominator == 1 else float(value)


def _paid_on(signup: dict) -> str:
    return signup["receipt_date"] or signup["enrolled_on"]


def bhxh_supports(signup: dict, rules: premiums.Rules) -> dict:
    """State (NSNN) and local (NSĐP) support in this payment, from the rules in force on the
    receipt date, as the quote computed them; empty when the rules do not cover that day."""
    try:
        quote = premiums.quote_bhxh(_paid_on(signup), signup["income"], signup["months"],
                                    signup["support_group"] or signup["resident_group"],
                                    signup["province_code"], rules=rules)
    except (premiums.QuoteError, TypeError):
        return {}
    return {"state_rate": _percent(quote.rates["state_support"]), "state": quote.state_support,
            "local_rate": _percent(quote.rates["local_support"]), "local": quote.local_support}


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def card_valid_from(paid_on: date, previous_expiry: date | None) -> date:
    """Household BHYT: renewed before expiry, the card runs on from the old one; paid within
    3 months after expiry, it starts on the payment day; a first card or a longer gap waits 30
    days after payment."""
    if previous_expiry is None or paid_on >= _add_months(previous_expiry, CARD_GAP_MONTHS):
        return paid_on + timedelta(days=CARD_WAIT_DAYS)
    if paid_on <= previous_expiry:
        return previous_expiry + timedelta(days=1)
    return paid_on


def enrich(db: Database, signups: list[dict]) -> list[dict]:
    """Add ``supports`` (BHXH) and ``card_from`` (BHYT) to each sign-up."""
    rules = parameter_store.load_rules(db)
    for signup in signups:
        if signup["scheme"] == "bhxh_tn":
            signup["supports"] = bhxh_supports(signup, rules)
        else:
            expiry = signup["bhyt_expiry"]
            signup["card_from"] = card_valid_from(
                date.fromisoformat(_paid_on(signup)),
                date.fromisoformat(expiry) if expiry else None)
    return signups
