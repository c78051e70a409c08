"""The commune overview: village counts turned into the percentages officials report upward."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from ..domain.periods import Period
from ..store import coverage as coverage_store
from ..store import targets as target_store
from . import renewal_figures

SUMMED = ("listed", "on_list", "enrolled", "removed", "visited", "bhxh", "bhyt", "bhxh_year",
          "bhyt_year", "follow_ups", "lapsed", "never")


def ratio(part: float | None, whole: float | None) -> float | None:
    """part / whole in percent, or None when the whole is unknown or zero."""
    if part is None or not whole:
        return None
    return 100.0 * part / whole


@dataclass
class Overview:
    period: Period
    villages: list[dict]
    totals: dict
    per_day: list[dict]
    reasons: list[dict]


def _judge(line: dict, targets: dict) -> None:
    """Visited %, BHYT coverage and percent of plan for one village (or the totals line)."""
    line["visited_pct"] = ratio(line["visited"], line["listed"])
    population = line["population"]
    line["coverage"] = (ratio(population - line["uncovered"], population)
                        if population and line["uncovered"] is not None else None)
    for scheme, done in (("bhxh_tn", line["bhxh_year"]), ("bhyt_hgd", line["bhyt_year"])):
        target = targets.get(scheme)
        line[f"{scheme}_target"] = target
        if target is None:
            line[f"{scheme}_plan"] = None
        elif target["kind"] == "count":
            line[f"{scheme}_plan"] = ratio(done, target["value"])
        elif scheme == "bhyt_hgd":
            line[f"{scheme}_plan"] = ratio(line["coverage"], target["value"])
        else:
            line[f"{scheme}_plan"] = None


def _totals(villages: list[dict], commune_targets: dict) -> dict:
    totals = {name: sum(v[name] for v in villages) for name in SUMMED}
    known = [v for v in villages if v["population"]]
    totals["population"] = sum(v["population"] for v in known) or None
    totals["uncovered"] = sum(v["uncovered"] for v in known) if known else None
    targets = dict(commune_targets)
    for scheme in ("bhxh_tn", "bhyt_hgd"):
        if scheme not in targets:
            targets[scheme] = _commune_target(villages, f"{scheme}_target")
    _judge(totals, {k: v for k, v in targets.items() if v})
    return totals


def _commune_target(villages: list[dict], key: str) -> dict | None:
    """The commune's target made of its hamlets' ones; a hamlet without a target (a new one,
    say) adds nothing and takes nothing away. Counts add up; coverage percentages are averaged,
    weighted by population where it is known."""
    set_for = [v for v in villages if v[key]]
    kinds = {v[key]["kind"] for v in set_for}
    if kinds == {"count"}:
        return {"kind": "count", "value": sum(v[key]["value"] for v in set_for)}
    if kinds != {"coverage_percent"}:
        return None
    weighted = [v for v in set_for if v["population"]]
    if weighted:
        people = sum(v["population"] for v in weighted)
        return {"kind": "coverage_percent",
                "value": sum(v[key]["value"] * v["population"] for v in weighted) / people}
    values = {v[key]["value"] for v in set_for}
    return {"kind": "coverage_percent", "value": values.pop()} if len(values) == 1 else None


def build(db: Database, commune_code: str, period: Period, today: date) -> Overview:
    """Everything the overview page shows, from a handful of grouped queries. People listed are
    split into those who stopped paying (``lapsed``) and those never insured (``never``) as of
    the period's end, or today while the period runs."""
    villages = coverage_store.village_counts(db, commune_code, period.start, period.end)
    targets = target_store.village_targets(db, commune_code, period.year)
    follow_ups, reasons = _last_words(coverage_store.latest_visits(db, commune_code, period.end))
    insured = renewal_figures.split(db, commune_code, min(period.end, today))
    for village in villages:
        village["follow_ups"] = follow_ups[village["id"]]
        found = insured.get(village["id"], Counter())
        village["lapsed"] = found["lapsed"]
        village["never"] = village["listed"] - found["lapsed"] - found["active"]
        if not village["population"]:
            village["uncovered"] = None
        _judge(village, targets.get(village["id"], {}))
    totals = _totals(villages, targets.get(None, {}))
    days = coverage_store.signups_per_day(db, commune_code, period.start, period.end)
    per_day = [{"day": d, "bhxh": days.get(d.isoformat(), {}).get("bhxh_tn", 0),
                "bhyt": days.get(d.isoformat(), {}).get("bhyt_hgd", 0)} for d in period.days()]
    return Overview(period, villages, totals, per_day,
                    [{"reason": r, "people": n} for r, n in reasons.most_common()])


def _last_words(latest: list[dict]) -> tuple[Counter, Counter]:
    """Per village, people still on the list with a return promised at their latest visit; and
    how many of them gave each reason for declining then."""
    follow_ups: Counter = Counter()
    reasons: Counter = Counter()
    for visit in latest:
        if visit["list_status"] != "on_list":
            continue
        if visit["follow_up_on"]:
            follow_ups[visit["village_id"]] += 1
        if visit["reasons"] != "[]":
            reasons.update(json.loads(visit["reasons"]))
    return follow_ups, reasons
