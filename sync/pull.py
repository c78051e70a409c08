"""A pull: what an agent's phone must change in its copy since its cursor, one page at a time.

The first pull (no cursor) is the whole copy of the agent's villages; a later one sends, as they
are now, the rows that changed after the cursor (``changes``, filled by triggers), and the whole
list of a village assigned since. A row that left the agent's villages, or was merged away, is
sent as a removal; the page always names the agent's villages now, so a phone drops any other.
Pages end when their rows pass a size budget; ``next`` continues the same pull, and the cursor
the phone keeps is the one the pull started from (``until``). Rows are sent as they are when the
page is made, so a change made during a pull is sent again by the next one: replaying a row is
harmless, missing one is impossible.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlite_utils import Database

from agent_app.domain import clock, premiums
from agent_app.store import campaigns as campaign_store
from agent_app.store import checklist as checklist_store
from agent_app.store import parameters as parameter_store
from agent_app.store import pull as pull_store

CHUNK = 5000


class PullError(ValueError):
    """A query parameter that is not what a phone sends: the message names it."""


@dataclass(frozen=True)
class Position:
    """Where a page starts: in the whole lists of some villages, then in the change feed."""

    village: int = 0
    table: str = ""
    key: str = ""
    change: int | None = None

    @classmethod
    def parse(cls, text: str) -> Position:
        if not text:
            return cls()
        kind, _sep, rest = text.partition(".")
        try:
            if kind == "c":
                return cls(change=int(rest))
            village, table, key = rest.split(".", 2)
            if kind == "f" and table in pull_store.TABLES:
                return cls(village=int(village), table=table, key=key)
        except ValueError:
            pass
        raise PullError("after: không phải vị trí do máy chủ trả về")

    def text(self) -> str:
        if self.change is not None:
            return f"c.{self.change}"
        return f"f.{self.village}.{self.table}.{self.key}"


@dataclass
class Page:
    budget: int
    size: int = 0
    rows: dict = field(default_factory=lambda: {t: [] for t in pull_store.TABLES})
    removed: dict = field(default_factory=lambda: {t: [] for t in (*pull_store.TABLES,
                                                                   "questions")})
    questions: list = field(default_factory=list)
    rules: bool = False
    seen: set = field(default_factory=set)

    @property
    def full(self) -> bool:
        return self.size >= self.budget

    def add(self, table: str, values: list) -> None:
        """Count the row's JSON size closely enough (its values' text, quotes and commas)."""
        self.rows[table].append(values)
        self.size += sum(len(str(v)) + 3 for v in values) + 2

    def remove(self, table: str, key: str) -> None:
        self.removed[table].append(key)
        self.size += len(key) + 3

    def count(self) -> int:
        return (sum(len(r) for r in self.rows.values()) + sum(len(r) for r in
                                                              self.removed.values())
                + len(self.questions))


def parse_cursor(text: str | None, name: str) -> int:
    if text in (None, ""):
        return 0
    if not (text.isascii() and text.isdigit() and len(text) <= 15):
        raise PullError(f"{name}: phải là số nguyên không âm do máy chủ trả về")
    return int(text)


def pull_page(db: Database, user_id: int, village_ids: set[int], *, since: int,
              until: int | None, after: str, budget: int, done: int = 0,
              total: int | None = None, translate: Callable[[str], str] = str) -> dict:
    """One page of a pull (``after`` = "" for its first) and where the next one starts."""
    position = Position.parse(after)
    now = pull_store.cursor_now(db)
    if since > now:
        since = 0                    # a cursor this database never gave: start again
    until = now if until is None or until > now else until
    full_pull = since == 0
    whole = (set(village_ids) if full_pull
             else pull_store.gained_villages(db, user_id, since, until, set(village_ids)))
    rest = set(village_ids) - whole
    if total is None:
        total = pull_store.count_village_rows(db, whole) + (
            0 if full_pull else pull_store.count_changes(db, user_id, rest, since, until))
    page = Page(budget)
    following = None
    if position.change is None:
        following = _whole_villages(db, page, sorted(whole), position)
        position = Position(change=since) if following is None else position
    if following is None and not full_pull:
        following = _changes(db, page, user_id, village_ids, whole, rest, position.change, until)
    first = not after
    body = {
        "replace": full_pull and first,
        "cursor": str(until),
        "next": None if following is None else {"since": str(since), "until": str(until),
                                                "after": following.text(), "done": str(
                                                    done + page.count()), "total": str(total)},
        "villages": pull_store.villages(db, village_ids),
        "progress": {"done": done + page.count(), "total": total},
        "removed": {k: v for k, v in page.removed.items() if v},
        "tally": _tally(db, user_id),
        "campaigns": _campaigns(db, village_ids),
    }
    for table, values in page.rows.items():
        if values:
            body[table] = {"fields": list(pull_store.FIELDS[table]), "rows": values}
    if full_pull and first:
        page.questions = [pull_store.question_values(q)
                          for q in pull_store.questions(db, user_id)]
    if page.questions:
        body["questions"] = {"fields": list(pull_store.QUESTION_FIELDS), "rows": page.questions}
    if page.rules or (full_pull and first):
        body["rules"] = premiums.page_data(parameter_store.rules_data(db), translate)
    body["users"] = pull_store.user_names(db, _user_ids(page, user_id))
    return body


def _whole_villages(db: Database, page: Page, village_ids: list[int],
                    start: Position) -> Position | None:
    """Every row of these villages from ``start``; the position to go on from, or None."""
    for village_id in village_ids:
        if village_id < start.village:
            continue
        for table in pull_store.TABLES:
            if village_id == start.village and start.table and \
                    pull_store.TABLES.index(table) < pull_store.TABLES.index(start.table):
                continue
            key = start.key if (village_id, table) == (start.village, start.table) else ""
            while True:
                found = pull_store.village_rows(db, table, village_id, key, CHUNK)
                for key, values in found:
                    page.add(table, values)
                    if page.full:
                        return Position(village_id, table, key)
                if len(found) < CHUNK:
                    break
    return None


def _changes(db: Database, page: Page, user_id: int, village_ids: set[int], whole: set[int],
             rest: set[int], after: int, until: int) -> Position | None:
    """The rows changed in (after, until], as they are now; the position to go on from."""
    while True:
        batch = pull_store.changes(db, user_id, rest, after, until, CHUNK)
        current = {table: pull_store.current_rows(db, table, sorted(
            {c["entity_id"] for c in batch if pull_store.ENTITY_TABLES.get(c["entity"]) == table}))
            for table in pull_store.TABLES}
        for change in batch:
            after = change["id"]
            _one_change(db, page, user_id, village_ids, whole, current, change)
            if page.full:
                return Position(change=after) if after < until else None
        if len(batch) < CHUNK:
            return None


def _one_change(db: Database, page: Page, user_id: int, village_ids: set[int], whole: set[int],
                current: dict, change: dict) -> None:
    entity, key = change["entity"], change["entity_id"]
    if (entity, key) in page.seen:
        return
    page.seen.add((entity, key))
    table = pull_store.ENTITY_TABLES.get(entity)
    if table:
        found = current[table].get(key)
        if found is None or found["village_id"] not in village_ids:
            page.remove(table, key)
        elif found["village_id"] not in whole:
            page.add(table, pull_store.row_values(table, found))
    elif entity == "rules":
        page.rules = True
    elif entity == "issue":
        asked = pull_store.question(db, user_id, int(key))
        if asked is None:
            page.remove("questions", key)
        else:
            page.questions.append(pull_store.question_values(asked))
            page.size += len(json.dumps(page.questions[-1], ensure_ascii=False))


def _user_ids(page: Page, user_id: int) -> set[int]:
    found = {user_id}
    for table in ("visits", "enrolments"):
        index = pull_store.FIELDS[table].index("user_id")
        found.update(values[index] for values in page.rows[table])
    return found


def _campaigns(db: Database, village_ids: set[int]) -> list[dict]:
    """Campaign days in the agent's villages from today to a week on, as the visit form offers
    them (a few rows: sent whole with every page)."""
    return [{"name": c["name"], "held_on": c["held_on"]} for c in
            campaign_store.campaigns_ahead(db, sorted(village_ids), clock.today())]


def _tally(db: Database, user_id: int) -> dict:
    """The agent's day so far as the server knows it; the phone adds what it has not sent."""
    today = clock.today().isoformat()
    return {"day": today, **checklist_store.day_tally(db, user_id, today)}
