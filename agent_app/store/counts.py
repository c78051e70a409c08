"""The counts of a hamlet's list, defined once for every page that shows them (the agent's
home, the commune overview, the hamlet review, the home pages of officials and admins).

- **listed** ("trong danh sách"): residents not merged into another entry whose `list_status`
  is `on_list` or `enrolled`; moved away, deceased, insured elsewhere and duplicates are off it.
- **on_list** ("chưa tham gia"): listed and still `on_list`.
- **enrolled** ("đã tham gia"): listed and `enrolled`.
- **visited** ("đã đến"): listed people with a visit or a sign-up (corrected ones left out)
  made on or before the day counted to.
- **due** ("đến hẹn"): people still `on_list` whose latest visit by that day set a follow-up
  date on or before it, and who have not signed up.

docs/data-model.md ("The counts") says the same for people reading the data.
"""

from __future__ import annotations

import json
from datetime import date

from sqlite_utils import Database

from . import integers, rows
from .records import latest_visit_of

LISTED = "('on_list', 'enrolled')"
MEASURES = ("listed", "on_list", "enrolled", "visited", "due")


def village_counts(db: Database, village_ids: list[int] | set[int],
                   day: date | str) -> dict[int, dict]:
    """{village id: {listed, on_list, enrolled, visited, due}} as of the end of ``day``; every
    village asked for is there, with zeros when nobody is listed."""
    day = day if isinstance(day, str) else day.isoformat()
    ids = sorted(village_ids)
    counts = {village_id: dict.fromkeys(MEASURES, 0) for village_id in ids}
    # Enrolments are looked up per person by index, as scalar subqueries: PostgreSQL would
    # answer an EXISTS here by hashing every enrolment of the province on each call.
    for found in rows(db, f"""
            WITH people AS (
                SELECT r.id, r.village_id, r.list_status,
                       EXISTS (SELECT 1 FROM visits v WHERE v.resident_id = r.id
                               AND v.superseded_by IS NULL AND v.visited_on <= :day)
                       OR (SELECT 1 FROM enrolments e WHERE e.resident_id = r.id
                           AND e.superseded_by IS NULL AND e.enrolled_on <= :day
                           LIMIT 1) IS NOT NULL AS visited,
                       CASE WHEN r.list_status = 'on_list' THEN (
                           {latest_visit_of("r.id", "follow_up_on", until=":day")}
                       ) END AS follow_up
                FROM residents r
                WHERE r.village_id IN {integers(':ids')}
                  AND r.merged_into IS NULL AND r.list_status IN {LISTED})
            SELECT village_id, count(*) AS listed,
                   count(*) FILTER (WHERE list_status = 'on_list') AS on_list,
                   count(*) FILTER (WHERE list_status = 'enrolled') AS enrolled,
                   count(*) FILTER (WHERE visited) AS visited,
                   count(*) FILTER (WHERE follow_up <= :day
                                    AND (SELECT 1 FROM enrolments e
                                         WHERE e.resident_id = people.id
                                         AND e.superseded_by IS NULL LIMIT 1) IS NULL) AS due
            FROM people GROUP BY village_id""", {"ids": json.dumps(ids), "day": day}):
        counts[found.pop("village_id")] = found
    return counts
