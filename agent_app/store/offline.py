"""What a phone takes away for offline work: a compact copy of each village list.

Rows go out as lists under one list of field names (no repeated keys), so 1,500 people weigh a few
hundred kilobytes; the phone rebuilds each person from it to fill forms and resident cards.
"""

from __future__ import annotations

from sqlite_utils import Database

from . import row, rows

RESIDENT_FIELDS = (
    "id", "household_id", "full_name", "birth_date", "birth_year", "gender", "cccd", "bhxh_code",
    "phone", "ethnicity", "relation_to_head", "support_group", "bhxh_status", "bhyt_status",
    "bhyt_expiry", "list_status",
)
HOUSEHOLD_FIELDS = ("id", "household_code", "head_name", "address")


def village_snapshot(db: Database, village_id: int) -> dict:
    """The village's people and households as compact rows, in checklist order."""
    people = rows(db, f"""
        SELECT {", ".join("r." + f for f in RESIDENT_FIELDS)}
        FROM residents r LEFT JOIN households h ON h.id = r.household_id
        WHERE r.village_id = ? AND r.merged_into IS NULL
        ORDER BY h.head_name IS NULL, h.head_name, r.household_id,
                 r.relation_to_head != 'Chủ hộ', r.sort_key""", (village_id,))
    households = rows(db, f"SELECT {', '.join(HOUSEHOLD_FIELDS)} FROM households"
                          " WHERE village_id = ?", (village_id,))
    return {
        "resident_fields": list(RESIDENT_FIELDS),
        "residents": [[p[f] for f in RESIDENT_FIELDS] for p in people],
        "household_fields": list(HOUSEHOLD_FIELDS),
        "households": [[h[f] for f in HOUSEHOLD_FIELDS] for h in households],
    }


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
