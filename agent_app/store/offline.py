"""What a phone caches for offline work besides its copy (``store/pull.py``): the form pages,
rendered once for a sample resident."""

from __future__ import annotations

from sqlite_utils import Database

from . import row


def sample_member(db: Database, village_ids: set[int]) -> dict | None:
    """Someone in the largest household of these villages: the generic form pages are rendered
    for them once, and the phone fills in whoever the agent opens (a household form has room for
    as many members as this household has)."""
    if not village_ids:
        return None
    marks = ",".join("?" * len(village_ids))
    return row(db, f"""
        SELECT r.id, r.household_id, r.village_id FROM residents r
        JOIN (SELECT household_id FROM residents
              WHERE village_id IN ({marks}) AND household_id IS NOT NULL AND merged_into IS NULL
              GROUP BY household_id ORDER BY count(*) DESC, household_id LIMIT 1) big
          ON big.household_id = r.household_id
        ORDER BY r.id LIMIT 1""", tuple(sorted(village_ids)))
