"""PostgreSQL behind the same store functions (``AGENT_APP_DATABASE=postgresql://…``).

The store's SQL is written once, in SQLite's dialect with its placeholders (``?`` and
``:name``). A connection here speaks that dialect to psycopg 3: placeholders become psycopg's,
the few SQLite spellings PostgreSQL lacks are rewritten (``INSERT OR IGNORE``, ``IS``/``IS NOT``
between values, ``json_each``, ``json_group_array``), SQLite's functions the store uses exist in
the database as SQL functions (migrations/postgresql/0001), and values come back as SQLite gives
them: rows addressable by index and name, booleans as 0/1, sums as ints, JSON as text. Parameters
go untyped, so PostgreSQL infers their type from where they are used, as SQLite's affinity does.

There is no process-wide writer lock: transactions run at once under READ COMMITTED. What must
not race takes a lock of its own (a device's pushes, the change feed's order: see
``migrations/postgresql/0009_changes.sql``), and a push that loses a race on a unique key runs
again (``store.retrying``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import psycopg
from psycopg import adapt, errors
from psycopg.types.string import TextLoader

# Errors after which the whole transaction may simply run again: another writer got there first.
RETRYABLE = (errors.UniqueViolation, errors.SerializationFailure, errors.DeadlockDetected)


class _UntypedDumper(adapt.Dumper):
    """Numbers as untyped literals: ``text_column = ?`` with an int works, as in SQLite."""

    oid = 0

    def dump(self, obj) -> bytes:
        return str(obj).encode()


class _BoolDumper(adapt.Dumper):
    oid = 0

    def dump(self, obj) -> bytes:
        return b"1" if obj else b"0"


class _NumberLoader(adapt.Loader):
    """numeric (a sum of bigints) as SQLite returns it: int when whole, else float."""

    def load(self, data) -> int | float:
        value = Decimal(bytes(data).decode())
        return int(value) if value == value.to_integral_value() else float(value)


class _BoolLoader(adapt.Loader):
    def load(self, data) -> int:
        return int(bytes(data) == b"t")


ADAPTERS = adapt.AdaptersMap(psycopg.adapters)
ADAPTERS.register_dumper(int, _UntypedDumper)
ADAPTERS.register_dumper(bool, _BoolDumper)
ADAPTERS.register_loader("numeric", _NumberLoader)
ADAPTERS.register_loader("bool", _BoolLoader)
ADAPTERS.register_loader("json", TextLoader)
ADAPTERS.register_loader("jsonb", TextLoader)


class Row(tuple):
    """A result row like ``sqlite3.Row``: by index, by column name, and ``dict(row)``."""

    _names: dict[str, int]

    def __new__(cls, values, names: dict[str, int]):
        made = super().__new__(cls, values)
        made._names = names
        return made

    def __getitem__(self, key):
        if isinstance(key, str):
            return super().__getitem__(self._names[key])
        return super().__getitem__(key)

    def keys(self) -> list[str]:
        return list(self._names)


def _rows(cursor):
    # Column names straight from the result: cursor.description builds an object per column.
    result = cursor.pgresult
    names = ({result.fname(i).decode(): i for i in range(result.nfields)}
             if _has_rows(cursor) else {})
    return lambda values: Row(values, names)


def _has_rows(cursor) -> bool:
    result = cursor.pgresult
    return result is not None and result.status == psycopg.pq.ExecStatus.TUPLES_OK


class Cursor:
    """What the store reads from ``conn.execute``: rows, ``lastrowid`` and ``rowcount``."""

    def __init__(self, cursor: psycopg.Cursor, lastrowid: int | None = None):
        self._cursor = cursor
        self.lastrowid = lastrowid
        self.rowcount = cursor.rowcount
        self._rows = _has_rows(cursor)

    def fetchone(self):
        return self._cursor.fetchone() if self._rows else None

    def fetchall(self) -> list:
        return self._cursor.fetchall() if self._rows else []

    def __iter__(self) -> Iterator:
        return iter(self.fetchall())


class Connection:
    """A psycopg connection in autocommit mode, with BEGIN/COMMIT said explicitly as on SQLite."""

    def __init__(self, url: str):
        self.raw = psycopg.connect(url, autocommit=True, context=ADAPTERS, row_factory=_rows)
        # The store's queries are short: compiling them costs more than it saves (JIT took 1 s
        # of the agent home's 1.1 s at 50,000 people, to run a query that needs 0.1 s).
        self.raw.execute("SET jit = off")
        self._identity_tables: frozenset[str] | None = None

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def execute(self, sql: str, params: dict | tuple | list = ()) -> Cursor:
        query, returns_id = translate(sql, bool(params), self._returning_tables())
        cursor = self.raw.execute(query, params or None)
        lastrowid = None
        if returns_id and _has_rows(cursor):
            found = cursor.fetchall()
            lastrowid = found[-1][0] if found else None
        return Cursor(cursor, lastrowid)

    def forget_schema(self) -> None:
        """After a migration: the tables with generated ids may have changed."""
        self._identity_tables = None

    def _returning_tables(self) -> frozenset[str]:
        if self._identity_tables is None:
            self._identity_tables = frozenset(r[0] for r in self.raw.execute(
                "SELECT table_name FROM information_schema.columns WHERE column_name = 'id'"
                " AND is_identity = 'YES' AND table_schema = current_schema()"))
        return self._identity_tables

    def close(self) -> None:
        self.raw.close()


class NoLock:
    """PostgreSQL's writers need no queue of ours: ``db.writer.held()`` holds nothing."""

    @contextmanager
    def held(self) -> Iterator[None]:
        yield


class Database:
    """The store's handle on a PostgreSQL database: ``conn`` as the SQLite handle has it."""

    engine = "postgresql"

    def __init__(self, url: str):
        self.url = url
        self.conn = Connection(url)
        self.writer = NoLock()


def connect(url: str) -> Database:
    return Database(url)


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    conn = db.conn
    if conn.in_transaction:
        yield db
        return
    conn.execute("BEGIN")
    try:
        yield db
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def lock(db: Database, key: str) -> None:
    """Hold a lock on ``key`` until the transaction ends: writers of the same key queue."""
    db.conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", (key,))


# --- SQLite's dialect, spoken to PostgreSQL -------------------------------------------------

_QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*")
_PLACEHOLDER = re.compile(r"::|\?|:([A-Za-z_]\w*)|%")
_REWRITES = [
    (re.compile(r"\bjson_each\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s+(?:AS\s+)?(?!(?:WHERE|ON|JOIN|GROUP|ORDER|LIMIT|UNION|LEFT|INNER|CROSS)\b)"
                r"([A-Za-z_]\w*)", re.I),
     r"json_array_elements_text(CAST(\1 AS json)) AS \2(value)"),
    (re.compile(r"\bjson_each\(([^()]*(?:\([^()]*\)[^()]*)*)\)", re.I),
     r"json_array_elements_text(CAST(\1 AS json)) AS each_(value)"),
    (re.compile(r"\bjson_group_array\(", re.I), "json_agg("),
    (re.compile(r"\bIS\s+NOT\s+(?!NULL\b|DISTINCT\b|TRUE\b|FALSE\b)", re.I), "IS DISTINCT FROM "),
    (re.compile(r"\bIS\s+(?!NOT\b|NULL\b|DISTINCT\b|TRUE\b|FALSE\b)", re.I),
     "IS NOT DISTINCT FROM "),
]
_OR_IGNORE = re.compile(r"\bINSERT\s+OR\s+IGNORE\s+INTO\b", re.I)
_INSERT_INTO = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)", re.I)


def translate(sql: str, has_params: bool, returning: frozenset[str]) -> tuple[str, bool]:
    """The statement in PostgreSQL's dialect, and whether it returns the new row's id."""
    return _translate(sql, has_params, returning)


@functools.lru_cache(maxsize=2048)
def _translate(sql: str, has_params: bool, returning: frozenset[str]) -> tuple[str, bool]:
    quoted: list[str] = []

    def hide(match: re.Match) -> str:
        quoted.append(match.group(0))
        return f"\x00{len(quoted) - 1}\x00"

    text = _QUOTED.sub(hide, sql)
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    ignore = _OR_IGNORE.search(text) is not None
    if ignore:
        text = _OR_IGNORE.sub("INSERT INTO", text).rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
    insert = _INSERT_INTO.match(text)
    returns_id = bool(insert and insert.group(1).lower() in returning
                      and not re.search(r"\bRETURNING\b", text, re.I))
    if returns_id:
        text = text.rstrip().rstrip(";") + " RETURNING id"
    if has_params:
        text = _PLACEHOLDER.sub(_placeholder, text)
    text = re.sub("\x00(\\d+)\x00", lambda m: _escape(quoted[int(m.group(1))], has_params), text)
    return text, returns_id


def _placeholder(match: re.Match) -> str:
    token = match.group(0)
    if token == "?":
        return "%s"
    if token == "%":
        return "%%"
    if match.group(1):
        return f"%({match.group(1)})s"
    return token


def _escape(quoted: str, has_params: bool) -> str:
    if quoted.startswith("--"):
        return ""
    return quoted.replace("%", "%%") if has_params else quoted
