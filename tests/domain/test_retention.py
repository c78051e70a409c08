"""Paid-until, card expiry, due lists and renewal outcomes in Python: the shared vectors, and the
rules the vectors do not reach (events, the overview's split)."""

import json
from datetime import date
from pathlib import Path

import pytest

from agent_app.domain import retention
from agent_app.store import parameters as parameter_store

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "retention.json").read_text("utf-8"))


def run_standing(case: dict) -> dict:
    got = {}
    for scheme, rule in (("bhxh", retention.bhxh_standing), ("bhyt", retention.bhyt_standing)):
        found = rule(case["person"], case["signups"], case["today"], case["days"])
        wanted = case["expect"][scheme]
        got[scheme] = found if found is None or wanted is None else {k: found[k] for k in wanted}
    return got


def test_there_are_enough_vectors():
    states = {c["expect"][s]["state"] for c in VECTORS["standing"] for s in ("bhxh", "bhyt")
              if c["expect"][s]}
    assert states == {"active", "due", "lapsed", "waiting"}
    entries = [e for c in VECTORS["lists"] for name in ("due", "lapsed") for e in c["expect"][name]]
    assert {e["scheme"] for e in entries} == {"bhxh_tn", "bhyt_hgd", "bhyt_cn"}
    assert {e["source"] for e in entries} == {"list", "signups"}


@pytest.mark.parametrize("case", VECTORS["standing"], ids=[c["name"] for c in VECTORS["standing"]])
def test_standing_vector(case):
    assert run_standing(case) == case["expect"]


@pytest.mark.parametrize("case", VECTORS["lists"], ids=[c["name"] for c in VECTORS["lists"]])
def test_due_lists_vector(case, db):
    rules = parameter_store.load_rules(db)
    got = retention.due_lists(case["people"], case["signups"], case["today"], rules, case["days"],
                              case.get("lapsed_limit"))
    assert got == case["expect"]


def expected_marks(case: dict) -> dict:
    """The checklist marks a list case implies: its entries by person, BHXH first."""
    marks: dict = {}
    for entry in sorted(case["expect"]["due"] + case["expect"]["lapsed"],
                        key=lambda e: e["scheme"] != "bhxh_tn"):
        marks.setdefault(entry["resident_id"], []).append({
            "scheme": "bhxh" if entry["scheme"] == "bhxh_tn" else "bhyt",
            "state": entry["state"], "ends": entry["ends"]})
    return marks


WHOLE_LISTS = [c for c in VECTORS["lists"] if c.get("lapsed_limit") is None]


@pytest.mark.parametrize("case", WHOLE_LISTS, ids=[c["name"] for c in WHOLE_LISTS])
def test_due_marks_vector(case):
    got = retention.due_marks(case["people"], case["signups"], case["today"], case["days"])
    assert got == expected_marks(case)


def signup(scheme: str, months: int, paid: str, user: int = 1, start: str | None = None,
           record: str | None = None) -> dict:
    return {"record_id": record or f"{scheme}-{paid}", "scheme": scheme, "months": months,
            "receipt_date": paid, "enrolled_on": paid, "enrolled_at": paid + "T03:00:00Z",
            "start_month": start, "income": 1_500_000, "user_id": user}


PERSON = {"id": "p", "bhxh_status": "none", "bhyt_status": "none", "bhyt_expiry": None,
          "support_group": "other"}


def outcomes(found: list[dict]) -> list[tuple]:
    return [(e["scheme"], e["kind"], e["on"], e["outcome"], e["user_id"]) for e in found]


def test_bhyt_events_follow_the_card_chain():
    person = {**PERSON, "bhyt_status": "expired", "bhyt_expiry": "2025-06-30"}
    found = retention.events(person, [
        signup("bhyt_hgd", 6, "2025-08-20", user=1),       # 51 days late: won back
        signup("bhyt_hgd", 6, "2026-02-10", user=2),       # before 19/02/2026: on time
    ], "2026-11-28")
    assert outcomes(found) == [
        ("bhyt", "due", "2025-06-30", "lapsed", None),
        ("bhyt", "won_back", "2025-08-20", None, 1),
        ("bhyt", "due", "2026-02-19", "on_time", 1),
        ("bhyt", "due", "2026-08-19", "lapsed", 2),
    ]


def test_bhxh_events_count_a_payment_inside_the_window_as_on_time():
    found = retention.events(PERSON, [
        signup("bhxh_tn", 12, "2025-01-05", start="2025-01", user=1),
        signup("bhxh_tn", 12, "2026-05-20", start="2026-01", user=2),   # 12-monthly, 5th month
        signup("bhxh_tn", 6, "2027-06-01", start="2027-06", user=1),    # after a gap
    ], "2027-06-15")
    assert outcomes(found) == [
        ("bhxh", "due", "2025-12-31", "on_time", 1),
        ("bhxh", "due", "2026-12-31", "lapsed", 2),
        ("bhxh", "won_back", "2027-06-01", None, 1),
        ("bhxh", "due", "2027-11-30", "open", 1),
    ]


def test_a_stopped_participant_who_pays_again_is_won_back():
    person = {**PERSON, "bhxh_status": "stopped"}
    found = retention.events(person, [signup("bhxh_tn", 3, "2026-11-02", start="2026-11")],
                             "2026-11-28")
    assert outcomes(found) == [("bhxh", "won_back", "2026-11-02", None, 1),
                               ("bhxh", "due", "2027-01-31", "open", 1)]


def test_participation_splits_the_list():
    today = "2026-11-28"
    assert retention.participation(PERSON, [], today) == "never"
    assert retention.participation({**PERSON, "bhxh_status": "stopped"}, [], today) == "lapsed"
    expired = {**PERSON, "bhyt_expiry": "2026-01-31", "bhyt_status": "expired"}
    assert retention.participation(expired, [], today) == "lapsed"
    renewed = [signup("bhyt_hgd", 12, "2026-11-20")]
    assert retention.participation(expired, renewed, today) == "active"      # waiting counts
    assert retention.participation(expired, renewed, "2026-11-19") == "lapsed"  # as it was then


def test_card_start_rules():
    paid = date(2026, 11, 28)
    assert retention.card_valid_from(paid, None) == date(2026, 12, 28)
    assert retention.card_valid_from(paid, date(2026, 12, 15)) == date(2026, 12, 16)
    assert retention.card_valid_from(paid, date(2026, 9, 1)) == paid
    assert retention.card_valid_from(paid, date(2026, 8, 28)) == date(2026, 12, 28)


def test_ladder_places_renewing_members_after_those_who_joined():
    members = ["a", "b", "c", "d"]
    assert retention.ladder(members, {"b", "d"}, {"a", "d"}) == {"b": 2, "d": 3}
    assert retention.ladder(members, {"a"}, set()) == {"a": 1}


@pytest.mark.parametrize("case", VECTORS["reminders"],
                         ids=[c["name"] for c in VECTORS["reminders"]])
def test_reminder_vector(case):
    assert retention.reminder_text(case["entry"], case["full_name"], case["agent_name"],
                                   case["agent_phone"]) == case["expect"]
