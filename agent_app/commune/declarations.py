"""What the declaration templates ask for beyond the sign-up itself (domain.md §2, §3, §7):
the state and local support in a BHXH payment, and the day a household BHYT card starts."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from sqlite_utils import Database

from .. import premiums, retention
from ..store import exports as export_store
from ..store import parameters as parameter_store

PPM_PER_PERCENT = 10_000


def _percent(ppm: int) -> int | float:
    """A rate in millionths as the template's percent column: 200000 -> 20, 225000 -> 22.5."""
    value = Fraction(ppm, PPM_PER_PERCENT)
    return int(value) if value.denominator == 1 else float(value)


def bhxh_supports(signup: dict, rules: premiums.Rules) -> dict:
    """State (NSNN) and local (NSĐP) support in this payment, from the rules in force on the
    receipt date, as the quote computed them; empty when the rules do not cover that day."""
    try:
        quote = premiums.quote_bhxh(retention.paid_on(signup), signup["income"], signup["months"],
                                    signup["support_group"] or signup["resident_group"],
                                    signup["province_code"], rules=rules)
    except (premiums.QuoteError, TypeError):
        return {}
    return {"state_rate": _percent(quote.rates["state_support"]), "state": quote.state_support,
            "local_rate": _percent(quote.rates["local_support"]), "local": quote.local_support}


def enrich(db: Database, signups: list[dict]) -> list[dict]:
    """Add ``supports`` (BHXH) and ``card_from`` (BHYT) to each sign-up. A card's start follows
    the person's card before it: the list's, or one bought through an earlier sign-up."""
    rules = parameter_store.load_rules(db)
    cards = _card_starts(db, [s for s in signups if s["scheme"] != "bhxh_tn"])
    for signup in signups:
        if signup["scheme"] == "bhxh_tn":
            signup["supports"] = bhxh_supports(signup, rules)
        else:
            signup["card_from"] = cards[signup["record_id"]]
    return signups


def _card_starts(db: Database, signups: list[dict]) -> dict[str, date]:
    """The first day of the card each BHYT sign-up bought, from each person's whole chain."""
    expiry = {s["resident_id"]: s["bhyt_expiry"] for s in signups}
    chains: dict[str, list[dict]] = {}
    for signup in export_store.bhyt_signups(db, list(expiry)):
        chains.setdefault(signup["resident_id"], []).append(signup)
    return {card["record_id"]: date.fromisoformat(card["valid_from"])
            for resident_id, chain in chains.items()
            for card in retention.bhyt_cards(expiry[resident_id], chain)}
