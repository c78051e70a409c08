"""Accounts, their scope (villages for agents, communes for the others, and the agents an
official may assign) and login throttling."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlite_utils import Database
from werkzeug.security import check_password_hash, generate_password_hash

from ..domain import clock
from . import audit, row, rows, scalar, transaction, utc_now

ROLES = ("agent", "commune_official", "supervisor", "admin")
# Published in the README: production refuses to start while an active account uses it.
DEMO_PASSWORD = "demo1234"


def create_user(db: Database, username: str, password: str, role: str,
                display_name: str, *, phone: str | None = None) -> int:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    hashed = generate_password_hash(password)
    cursor = db.conn.execute(
        "INSERT INTO users (username, password_hash, role, display_name, demo_password,"
        " demo_checked_hash, session_token, phone, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (username, hashed, role, display_name, int(password == DEMO_PASSWORD), hashed,
         secrets.token_hex(16), phone, utc_now()),
    )
    return cursor.lastrowid


def set_phone(db: Database, user_id: int, phone: str | None) -> None:
    """The number an agent's reminders give people to call back."""
    db.conn.execute("UPDATE users SET phone = ? WHERE id = ?", (phone, user_id))


def set_password(db: Database, user_id: int, password: str) -> None:
    """A new password ends every session of the account (its session token changes)."""
    hashed = generate_password_hash(password)
    db.conn.execute(
        "UPDATE users SET password_hash = ?, demo_password = ?, demo_checked_hash = ?,"
        " session_token = ? WHERE id = ?",
        (hashed, int(password == DEMO_PASSWORD), hashed, secrets.token_hex(16), user_id),
    )


def end_sessions(db: Database, user_id: int) -> None:
    """Logout: the cookies of every session of this account stop working."""
    with transaction(db):
        db.conn.execute("UPDATE users SET session_token = ? WHERE id = ?",
                        (secrets.token_hex(16), user_id))


def get_user(db: Database, user_id: int) -> dict | None:
    return row(db, "SELECT * FROM users WHERE id = ?", (user_id,))


def get_user_by_name(db: Database, username: str) -> dict | None:
    return row(db, "SELECT * FROM users WHERE username = ?", (username,))


def list_users(db: Database) -> list[dict]:
    return rows(db, "SELECT id, username, role, display_name, active, demo_password FROM users"
                    " ORDER BY role, username")


def active_demo_passwords(db: Database) -> list[str]:
    """Usernames still on the published demo password: production refuses to start with any.

    A hash nobody has checked yet (written by SQL, or copied from another database) is verified
    against the demo password once; later starts skip it while it stays the same.
    """
    unchecked = rows(db, "SELECT id, password_hash FROM users WHERE active = 1"
                         " AND demo_password = 0 AND demo_checked_hash IS NOT password_hash")
    if unchecked:
        with transaction(db):
            for user in unchecked:
                db.conn.execute(
                    "UPDATE users SET demo_password = ?, demo_checked_hash = ? WHERE id = ?",
                    (int(check_password_hash(user["password_hash"], DEMO_PASSWORD)),
                     user["password_hash"], user["id"]))
    return [r["username"] for r in rows(
        db, "SELECT username FROM users WHERE active = 1 AND demo_password = 1 ORDER BY username")]


def assign_villages(db: Database, user_id: int, village_ids: list[int]) -> None:
    with transaction(db):
        for village_id in village_ids:
            db.conn.execute(
                "INSERT OR IGNORE INTO agent_villages (user_id, village_id) VALUES (?, ?)",
                (user_id, village_id),
            )


def assign_communes(db: Database, user_id: int, commune_codes: list[str]) -> None:
    with transaction(db):
        for code in commune_codes:
            db.conn.execute(
                "INSERT OR IGNORE INTO user_communes (user_id, commune_code) VALUES (?, ?)",
                (user_id, code),
            )


def village_ids_for(db: Database, user: dict) -> set[int]:
    """Villages a user may see: an agent's own; an official's or supervisor's communes'; all."""
    if user["role"] == "admin":
        return {r[0] for r in db.conn.execute("SELECT id FROM villages")}
    if user["role"] == "agent":
        sql = "SELECT village_id FROM agent_villages WHERE user_id = ?"
    else:
        sql = ("SELECT v.id FROM villages v JOIN user_communes uc"
               " ON uc.commune_code = v.commune_code WHERE uc.user_id = ?")
    return {r[0] for r in db.conn.execute(sql, (user["id"],))}


def commune_codes_for(db: Database, user: dict) -> set[str]:
    """Communes a user answers for (an agent: those of their villages)."""
    if user["role"] == "admin":
        sql, params = "SELECT code FROM communes", ()
    elif user["role"] == "agent":
        sql = ("SELECT DISTINCT v.commune_code FROM agent_villages av"
               " JOIN villages v ON v.id = av.village_id WHERE av.user_id = ?")
        params = (user["id"],)
    else:
        sql, params = "SELECT commune_code FROM user_communes WHERE user_id = ?", (user["id"],)
    return {r[0] for r in db.conn.execute(sql, params)}


def agents_of_village(db: Database, village_id: int) -> list[dict]:
    return rows(db, "SELECT u.id, u.username, u.display_name FROM agent_villages av"
                    " JOIN users u ON u.id = av.user_id WHERE av.village_id = ?"
                    " ORDER BY u.display_name", (village_id,))


# Throttled attempts, by key: failed logins (per username and per address) and CCCD look-ups
# (per user) are counted in one table, ``login_failures``, and refused past a limit per window.
def record_attempts(db: Database, keys: list[str]) -> None:
    """One more failed attempt under each key, together."""
    now = utc_now()
    with transaction(db):
        for key in keys:
            db.conn.execute("INSERT INTO login_failures (key, at) VALUES (?, ?)", (key, now))


def recent_attempts(db: Database, key: str, minutes: int) -> int:
    since = (clock.now() - timedelta(minutes=minutes)).strftime(clock.STAMP)
    return scalar(db, "SELECT count(*) FROM login_failures WHERE key = ? AND at >= ?",
                  (key, since))


def clear_attempts(db: Database, key: str) -> None:
    with transaction(db):
        db.conn.execute("DELETE FROM login_failures WHERE key = ?", (key,))


# Accounts as the admin's pages and the command line change them: one transaction and one
# audit entry each (``by`` is the admin, None from the command line). Passwords never reach
# the audit log, only the fact that one was set.

def account_scope(db: Database, user_id: int) -> dict:
    found = get_user(db, user_id)
    return {"username": found["username"], "display_name": found["display_name"],
            "phone": found["phone"], "role": found["role"], "active": found["active"],
            "villages": sorted(r["village_id"] for r in rows(
                db, "SELECT village_id FROM agent_villages WHERE user_id = ?", (user_id,))),
            "communes": sorted(r["commune_code"] for r in rows(
                db, "SELECT commune_code FROM user_communes WHERE user_id = ?", (user_id,)))}


def _audit(db: Database, by: int | None, user_id: int, action: str, before: dict | None,
           after: dict) -> None:
    changed = [k for k in after if before is None or before.get(k) != after.get(k)]
    if changed:
        audit.record_change(db, by, "user", user_id, action,
                            {k: before.get(k) for k in changed} if before else None,
                            {k: after.get(k) for k in changed})


def add_account(db: Database, by: int | None, username: str, password: str, role: str,
                display_name: str, village_ids: list[int], commune_codes: list[str], *,
                phone: str | None = None) -> int:
    """A new account with its villages (agents) or communes (officials, supervisors)."""
    with transaction(db):
        user_id = create_user(db, username, password, role, display_name, phone=phone)
        assign_villages(db, user_id, village_ids)
        assign_communes(db, user_id, commune_codes)
        _audit(db, by, user_id, "create", None,
               {k: v for k, v in account_scope(db, user_id).items() if v not in ([], None)})
    return user_id


def reset_password(db: Database, by: int | None, user_id: int, password: str) -> None:
    with transaction(db):
        set_password(db, user_id, password)
        audit.record_change(db, by, "user", user_id, "password", None, {"password": True})


def set_active(db: Database, by: int | None, user_id: int, active: bool) -> None:
    """Disable (the person can no longer log in; their records stay theirs) or enable again."""
    with transaction(db):
        before = account_scope(db, user_id)
        db.conn.execute("UPDATE users SET active = ? WHERE id = ?", (int(active), user_id))
        _audit(db, by, user_id, "active", before, {"active": int(active)})


def update_account(db: Database, by: int | None, user_id: int, display_name: str,
                   village_ids: set[int], commune_codes: set[str], *,
                   phone: str | None = None) -> None:
    """A new display name and phone, and the villages or communes become exactly these."""
    with transaction(db):
        before = account_scope(db, user_id)
        db.conn.execute("UPDATE users SET display_name = ?, phone = ? WHERE id = ?",
                        (display_name, phone, user_id))
        db.conn.execute("DELETE FROM agent_villages WHERE user_id = ?", (user_id,))
        db.conn.execute("DELETE FROM user_communes WHERE user_id = ?", (user_id,))
        assign_villages(db, user_id, sorted(village_ids))
        assign_communes(db, user_id, sorted(commune_codes))
        after = account_scope(db, user_id)
        _audit(db, by, user_id, "update", before,
               {k: after[k] for k in ("display_name", "phone", "villages", "communes")})


def active_admins(db: Database) -> int:
    return scalar(db, "SELECT count(*) FROM users WHERE role = 'admin' AND active = 1")


def accounts(db: Database) -> list[dict]:
    """Every account with its scope's names, for the admin's list."""
    return rows(db, """
        SELECT u.id, u.username, u.display_name, u.role, u.active, u.demo_password,
               (SELECT group_concat(v.name, ', ') FROM agent_villages av
                JOIN villages v ON v.id = av.village_id WHERE av.user_id = u.id) AS villages,
               (SELECT group_concat(c.name, ', ') FROM user_communes uc
                JOIN communes c ON c.code = uc.commune_code WHERE uc.user_id = u.id) AS communes
        FROM users u ORDER BY u.active DESC, u.role, u.username""")


def agents_for_commune(db: Database, commune_code: str) -> list[dict]:
    """Agents an official may assign: those working here already, and those with no village."""
    found = rows(db, """
        SELECT u.id, u.username, u.display_name,
               group_concat(av.village_id) FILTER (WHERE v.commune_code = :commune) AS here,
               count(av.village_id) AS anywhere
        FROM users u LEFT JOIN agent_villages av ON av.user_id = u.id
        LEFT JOIN villages v ON v.id = av.village_id
        WHERE u.role = 'agent' AND u.active = 1
        GROUP BY u.id ORDER BY u.display_name""", {"commune": commune_code})
    agents = []
    for agent in found:
        if agent["here"] or not agent["anywhere"]:
            agent["village_ids"] = {int(v) for v in (agent["here"] or "").split(",") if v}
            agents.append(agent)
    return agents


def set_agent_villages(db: Database, user_id: int, agent_id: int, commune_code: str,
                       village_ids: set[int]) -> None:
    """An agent's villages within this commune become exactly ``village_ids``; villages in other
    communes are not this official's to change."""
    with transaction(db):
        current = {r["village_id"] for r in rows(db, """
            SELECT av.village_id FROM agent_villages av JOIN villages v ON v.id = av.village_id
            WHERE av.user_id = ? AND v.commune_code = ?""", (agent_id, commune_code))}
        if current == village_ids:
            return
        for village_id in current - village_ids:
            db.conn.execute("DELETE FROM agent_villages WHERE user_id = ? AND village_id = ?",
                            (agent_id, village_id))
        for village_id in village_ids - current:
            db.conn.execute("INSERT INTO agent_villages (user_id, village_id) VALUES (?, ?)",
                            (agent_id, village_id))
        audit.record_change(db, user_id, "agent_villages", agent_id, "assign",
                            {"commune": commune_code, "villages": sorted(current)},
                            {"commune": commune_code, "villages": sorted(village_ids)})
