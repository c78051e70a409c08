"""The contribution rules as dated rows: premium parameters and local/other top-ups.

The store loads rows; ``agent_app.domain.premiums`` computes. Every add or edit is written to the
audit log with the row before and after, in the same transaction.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlite_utils import Database

from ..domain.premiums import Rules
from . import audit, insert, row, rows, transaction, utc_now

PARAMETER_COLUMNS = ("name", "key", "value", "valid_from", "valid_to", "source", "confirmed")
SUPPORT_COLUMNS = ("kind", "province_code", "scheme", "support_group", "value", "valid_from",
                   "valid_to", "source")


def list_parameters(db: Database) -> list[dict]:
    return rows(db, "SELECT * FROM premium_parameters ORDER BY name, key, valid_from")


def list_supports(db: Database) -> list[dict]:
    return rows(db, "SELECT s.*, p.name AS province_name FROM premium_supports s"
                    " JOIN provinces p ON p.code = s.province_code"
                    " ORDER BY p.name, s.scheme, s.support_group, s.kind, s.valid_from")


def get_parameter(db: Database, parameter_id: int) -> dict | None:
    return row(db, "SELECT * FROM premium_parameters WHERE id = ?", (parameter_id,))


def get_support(db: Database, support_id: int) -> dict | None:
    return row(db, "SELECT * FROM premium_supports WHERE id = ?", (support_id,))


def rules_data(db: Database) -> dict:
    """Every row the quote rules need, in the shape ``premiums.Rules`` and premiums.js read."""
    parameters = rows(db, "SELECT id, name, key, value, valid_from, valid_to, source, confirmed"
                          " FROM premium_parameters ORDER BY id")
    supports = rows(db, "SELECT id, kind, province_code AS province, scheme,"
                        " support_group AS \"group\", value, valid_from, valid_to, source"
                        " FROM premium_supports ORDER BY id")
    return {"parameters": parameters, "supports": supports}


def load_rules(db: Database) -> Rules:
    data = rules_data(db)
    return Rules(data["parameters"], data["supports"])


def same_start(db: Database, values: dict, exclude_id: int | None = None) -> dict | None:
    """A parameter row for the same name and key starting on the same day (they would tie)."""
    return row(db, "SELECT * FROM premium_parameters WHERE name = :name AND key = :key"
                   " AND valid_from = :valid_from AND id IS NOT :exclude",
               {**values, "exclude": exclude_id})


def same_support_start(db: Database, values: dict, exclude_id: int | None = None) -> dict | None:
    return row(db, "SELECT * FROM premium_supports WHERE kind = :kind"
                   " AND province_code = :province_code AND scheme = :scheme"
                   " AND support_group = :support_group AND valid_from = :valid_from"
                   " AND id IS NOT :exclude", {**values, "exclude": exclude_id})


def add_parameter(db: Database, user_id: int | None, values: dict) -> int:
    """Add a row; an open row of the same name and key that started earlier ends the day before.

    So "base salary 2.530.000 đ from 1/7/2026" leaves the 2.340.000 đ row ending 30/6/2026.
    """
    now = utc_now()
    with transaction(db):
        if values.get("valid_to") is None:
            _close_open_row(db, user_id, values, now)
        return _create(db, user_id, "premium_parameters", PARAMETER_COLUMNS, values, now)


def _create(db: Database, user_id: int | None, table: str, columns: tuple[str, ...],
            values: dict, now: str) -> int:
    """Insert a row and audit it (entity = the table name without its plural s)."""
    new_id = insert(db, table, {**{c: values.get(c) for c in columns},
                                "created_at": now, "updated_at": now})
    after = row(db, f"SELECT * FROM {table} WHERE id = ?", (new_id,))
    audit.record_change(db, user_id, table.removesuffix("s"), new_id, "create", None, after)
    return new_id


def _close_open_row(db: Database, user_id: int | None, values: dict, now: str) -> None:
    previous = row(db, "SELECT * FROM premium_parameters WHERE name = :name AND key = :key"
                       " AND valid_to IS NULL AND valid_from < :valid_from"
                       " ORDER BY valid_from DESC LIMIT 1", values)
    if previous is None:
        return
    day_before = (date.fromisoformat(values["valid_from"]) - timedelta(days=1)).isoformat()
    db.conn.execute("UPDATE premium_parameters SET valid_to = ?, updated_at = ? WHERE id = ?",
                    (day_before, now, previous["id"]))
    audit.record_change(db, user_id, "premium_parameter", previous["id"], "close", previous,
                        get_parameter(db, previous["id"]))


def update_parameter(db: Database, user_id: int | None, parameter_id: int, values: dict) -> None:
    with transaction(db):
        before = get_parameter(db, parameter_id)
        db.conn.execute(
            "UPDATE premium_parameters SET name = :name, key = :key, value = :value,"
            " valid_from = :valid_from, valid_to = :valid_to, source = :source,"
            " confirmed = :confirmed, updated_at = :now WHERE id = :id",
            {**{c: values.get(c) for c in PARAMETER_COLUMNS}, "now": utc_now(),
             "id": parameter_id})
        audit.record_change(db, user_id, "premium_parameter", parameter_id, "update", before,
                            get_parameter(db, parameter_id))


def add_support(db: Database, user_id: int | None, values: dict) -> int:
    with transaction(db):
        return _create(db, user_id, "premium_supports", SUPPORT_COLUMNS, values, utc_now())


def update_support(db: Database, user_id: int | None, support_id: int, values: dict) -> None:
    with transaction(db):
        before = get_support(db, support_id)
        db.conn.execute(
            "UPDATE premium_supports SET kind = :kind, province_code = :province_code,"
            " scheme = :scheme, support_group = :support_group, value = :value,"
            " valid_from = :valid_from, valid_to = :valid_to, source = :source,"
            " updated_at = :now WHERE id = :id",
            {**{c: values.get(c) for c in SUPPORT_COLUMNS}, "now": utc_now(), "id": support_id})
        audit.record_change(db, user_id, "premium_support", support_id, "update", before,
                            get_support(db, support_id))


def recent_changes(db: Database, limit: int = 50) -> list[dict]:
    """The latest audited changes to the rules, newest first, with who made them."""
    return audit.recent(db, ("premium_parameter", "premium_support"), limit)
