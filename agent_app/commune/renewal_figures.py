"""Retention as officials and supervisors read it: figures per village and per agent over a
period, the commune's renewal list, and the overview's split of each list into people who
stopped paying and people never insured. The rules are agent_app/domain/retention.py's."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from .. import renewals
from ..domain import retention
from ..domain.periods import Period
from ..store import coverage as coverage_store
from ..store import retention as retention_store

LISTED = ("on_list", "enrolled")


def _commune(db: Database, code: str) -> tuple[list[dict], dict]:
    villages = [v["id"] for v in coverage_store.commune_villages(db, code)]
    return retention_store.participants(db, villages)


def split(db: Database, code: str, on: date) -> dict[int, Counter]:
    """Per village, people still listed who pay or hold a card on ``on`` ("active") and those
    who once did and no longer do ("lapsed"); everyone else listed was never insured."""
    people, signups = _commune(db, code)
    found: dict[int, Counter] = {}
    for person in people:
        if person["list_status"] in LISTED:
            state = retention.participation(person, signups.get(person["id"], []),
                                            on.isoformat())
            found.setdefault(person["village_id"], Counter())[state] += 1
    return found


@dataclass
class Figures:
    villages: list[dict]
    agents: list[dict]
    totals: dict


def figures(db: Database, code: str, period: Period, today: date) -> Figures:
    """Due, renewed on time, lapsed, still open and won back in the period, per village and per
    agent (the agent whose sign-up ended; for "won back", the agent who took the payment)."""
    people, signups = _commune(db, code)
    start, end = period.start.isoformat(), period.end.isoformat()
    by_village: dict[int, list[dict]] = {}
    by_agent: dict[int | None, list[dict]] = {}
    for person in people:
        found = retention.events(person, signups.get(person["id"], []), today.isoformat())
        by_village.setdefault(person["village_id"], []).extend(found)
        for event in found:
            by_agent.setdefault(event["user_id"], []).append(event)
    villages = [{"id": v["id"], "name": v["name"],
                 **retention.figures(by_village.get(v["id"], []), start, end)}
                for v in coverage_store.commune_villages(db, code)]
    names = retention_store.agents(db, by_agent)
    agents = [{"id": user_id, "name": names[user_id]["display_name"] if user_id else None,
               **retention.figures(found, start, end)} for user_id, found in by_agent.items()]
    agents = sorted((a for a in agents if any(a[k] for k in retention.FIGURES)),
                    key=lambda a: (a["id"] is None, a["name"] or ""))
    totals = {k: sum(v[k] for v in villages) for k in retention.FIGURES}
    for line in [*villages, *agents, totals]:
        settled = line["on_time"] + line["lapsed"]
        line["kept"] = 100.0 * line["on_time"] / settled if settled else None
    return Figures(villages, agents, totals)


def renewal_list(db: Database, code: str, village_id: int | None, today: date) -> list[dict]:
    """Everyone due or lapsed today in the commune (or one village): due first by end date,
    then lapsed, most recent first; each with the person, the amount today and their agent."""
    villages = ([village_id] if village_id is not None
                else [v["id"] for v in coverage_store.commune_villages(db, code)])
    found = renewals.for_villages(db, villages, today.isoformat())
    entries = found.due + found.lapsed
    names = retention_store.agents(db, (e["user_id"] for e in entries))
    for entry in entries:
        entry["agent_name"] = names[entry["user_id"]]["display_name"] if entry["user_id"] \
            else None
    return entries
