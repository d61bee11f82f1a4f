"""`forumctl sql`: read-only SQL against the archive database, streamed row by row.

Besides opening the cache read-only, an authorizer allows only reading: SELECT and WITH, the
functions in FUNCTIONS (an allow-list: anything new or unknown, such as fts3_tokenizer with its
pointer argument or load_extension, is refused) and the PRAGMAs that describe the schema. Rows
are fetched as the caller iterates, so output starts with the first row and a reader that goes
away (`| head`) ends the query. A progress handler, called while SQLite works, enforces the time
limit (database time only: time spent writing to a slow reader does not count) and turns Ctrl-C
into an interrupt within a fraction of a second, even inside one long step.
"""

from __future__ import annotations

import math
import sqlite3
import time
from collections.abc import Callable, Iterator
from typing import Any

from forumctl.errors import TimeLimitError, UsageError


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


DEFAULT_TIMEOUT = 10.0  # seconds of database work; 0 or less: no limit
PROGRESS_STEPS = 10_000  # SQLite virtual-machine steps between two calls of the progress handler
MAX_LENGTH = 64 * 1024 * 1024  # bytes in one string or blob (SQLite's own limit is 1 GB)

FUNCTIONS = _names(
    """
    abs avg changes char coalesce concat concat_ws count format glob group_concat hex ifnull iif if instr
    last_insert_rowid length like likelihood likely lower ltrim max min nullif octet_length printf quote
    random randomblob replace round rtrim sign soundex sqlite_compileoption_get sqlite_compileoption_used
    sqlite_source_id sqlite_version string_agg substr substring subtype sum total total_changes trim typeof
    unhex unicode unistr unistr_quote unlikely upper zeroblob
    date time datetime julianday unixepoch strftime timediff current_date current_time current_timestamp
    acos acosh asin asinh atan atan2 atanh ceil ceiling cos cosh degrees exp floor ln log log10 log2 mod pi
    pow power radians sin sinh sqrt tan tanh trunc
    row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
    median percentile percentile_cont percentile_disc
    -> ->> json json_array json_array_length json_error_position json_extract json_group_array
    json_group_object json_insert json_object json_patch json_pretty json_quote json_remove json_replace
    json_set json_type json_valid jsonb jsonb_array jsonb_extract jsonb_group_array jsonb_group_object
    jsonb_insert jsonb_object jsonb_patch jsonb_remove jsonb_replace jsonb_set
    match bm25 highlight snippet fts5_source_id
    """
)
# PRAGMAs that describe the schema. These take a table or index name:
PRAGMAS_WITH_NAME = _names("table_info table_xinfo table_list index_list index_info index_xinfo foreign_key_list")
# and these only read when they are given no value (with one, most of them would set something):
PRAGMAS_READ = _names(
    """
    collation_list compile_options database_list function_list module_list pragma_list data_version
    page_count page_size freelist_count schema_version user_version application_id encoding
    """
)

_READING = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_RECURSIVE}


def _authorize(action: int, arg1: str | None, arg2: str | None, db: str | None, trigger: str | None) -> int:
    if action in _READING:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION:
        return sqlite3.SQLITE_OK if (arg2 or "").lower() in FUNCTIONS else sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA:
        name = (arg1 or "").lower()
        if name in PRAGMAS_WITH_NAME or (name in PRAGMAS_READ and arg2 is None):
            return sqlite3.SQLITE_OK
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_UPDATE and arg1 == "sqlite_master" and trigger is None:
        # SQLite asks this while it sets up a table-valued function (json_each, pragma_table_info)
        # or an FTS5 table; a statement of the user's that would write is refused elsewhere (the
        # connection is read-only; writable_schema is not an allowed PRAGMA; UPDATE is not reading).
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


class _Limits:
    """The progress handler: stops the query when its database time is used up, on Ctrl-C, or when
    the idle callback (which flushes output while SQLite works) fails, say on a closed pipe."""

    def __init__(self, timeout: float | None) -> None:
        self.budget = timeout if timeout and timeout > 0 else math.inf
        self.used = 0.0
        self.started = 0.0
        self.deadline = math.inf
        self.stopped: BaseException | None = None
        self.idle: Callable[[], None] | None = None
        self.next_idle = 0.0

    def start(self) -> None:
        self.started = time.monotonic()
        self.deadline = self.started + self.budget - self.used

    def stop(self) -> None:
        self.used += time.monotonic() - self.started
        self.deadline = math.inf

    def __call__(self) -> int:
        try:
            now = time.monotonic()
            if now > self.deadline:
                limit = f"{self.budget:g}"
                self.stopped = TimeLimitError(f"sql: the query ran for its time limit of {limit} s and was stopped; "
                                              "give --timeout SECONDS for more (0 for no limit)")  # fmt: skip
                return 1
            if self.idle is not None and now >= self.next_idle:
                self.next_idle = now + 0.1
                self.idle()
            return 0
        except BaseException as exc:  # Ctrl-C arrives here while SQLite works; so does a closed pipe
            self.stopped = exc
            return 1


class RowStream(Iterator[dict[str, Any]]):
    """The rows of one query as dicts, fetched as they are iterated. `columns` is known before the
    first row; `on_idle` (set by whoever writes the rows) is called at most every 0.1 s while
    SQLite works between two rows."""

    def __init__(self, conn: sqlite3.Connection, cursor: sqlite3.Cursor, limits: _Limits) -> None:
        self.columns = [c[0] for c in cursor.description or []]
        self._conn, self._cursor, self._limits = conn, cursor, limits
        self._first: tuple[Any, ...] | None = None
        self._done = False

    @property
    def on_idle(self) -> Callable[[], None] | None:
        return self._limits.idle

    @on_idle.setter
    def on_idle(self, callback: Callable[[], None] | None) -> None:
        self._limits.idle = callback

    def empty(self) -> bool:
        """Whether the query has no row at all (fetches the first one to know)."""
        if self._first is None and not self._done:
            self._first = self._fetch()
        return self._first is None

    def __next__(self) -> dict[str, Any]:
        row = self._first if self._first is not None else self._fetch()
        self._first = None
        if row is None:
            raise StopIteration
        return dict(zip(self.columns, map(_value, row), strict=True))

    def _fetch(self) -> tuple[Any, ...] | None:
        if self._done:
            return None
        self._limits.start()
        try:
            row: tuple[Any, ...] | None = self._cursor.fetchone()
        except sqlite3.DatabaseError as exc:
            self.close()
            raise _reason(exc, self._limits) from None
        finally:
            self._limits.stop()
        if row is None:
            self.close()
        return row

    def close(self) -> None:
        if not self._done:
            self._done = True
            self._cursor.close()
            self._conn.set_progress_handler(None, 0)
            self._conn.set_authorizer(None)


def _value(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex()  # blobs as hexadecimal text
    if isinstance(value, float) and math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"  # as text: JSON has no infinity (SQLite has no NaN)
    return value


def _reason(exc: sqlite3.DatabaseError, limits: _Limits) -> BaseException:
    """What to raise for an error from SQLite: the reason the progress handler stopped the query,
    Ctrl-C for an interrupt with no recorded reason, otherwise a usage error with SQLite's words."""
    if limits.stopped is not None:
        return limits.stopped
    message = str(exc)
    if message == "interrupted":
        return KeyboardInterrupt()
    if "not authorized" in message:
        message = ("not authorized: forumctl sql runs read-only queries only (SELECT or WITH, SQLite's functions "
                   "for reading, and the PRAGMAs that describe the schema; see README)")  # fmt: skip
    return UsageError(f"sql: {message}")


def run_sql(conn: sqlite3.Connection, query: str, params: dict[str, str] | None = None, *,
            timeout: float | None = DEFAULT_TIMEOUT) -> RowStream:  # fmt: skip
    """The query's rows, as a stream that checks nothing has gone wrong as it goes."""
    limits = _Limits(timeout)
    if hasattr(conn, "setlimit"):  # Python 3.11+
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_LENGTH)
    conn.set_authorizer(_authorize)
    conn.set_progress_handler(limits, PROGRESS_STEPS)
    limits.start()
    try:
        cursor = conn.execute(query, params or {})
    except (sqlite3.DatabaseError, sqlite3.Warning) as exc:  # Warning: more than one statement (Python 3.10)
        conn.set_progress_handler(None, 0)
        conn.set_authorizer(None)
        if isinstance(exc, sqlite3.DatabaseError):
            raise _reason(exc, limits) from None
        raise UsageError(f"sql: {exc}") from None
    finally:
        limits.stop()
    rows = RowStream(conn, cursor, limits)
    if cursor.description is None:  # `;` or a comment alone: no statement ran, so no answer to give
        rows.close()
        raise UsageError("sql: the query holds no statement (only ';' or a comment); give a SELECT")
    twice = sorted({name for name in rows.columns if rows.columns.count(name) > 1})
    if twice:  # a row is a mapping from column name to value: one of the two would be lost
        rows.close()
        raise UsageError(f"sql: more than one column is named {', '.join(map(repr, twice))}; name each with AS "
                         "(select e.id as event_id, p.id as person_id ...)")  # fmt: skip
    return rows


def schema(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The tables and views a user would query (not SQLite's or FTS5's internals), with columns."""
    out = []
    rows = conn.execute(
        "select name, type from sqlite_master where type in ('table', 'view') and name not like 'sqlite_%' "
        "and name not like '%_fts_%' order by type, name"
    ).fetchall()
    for name, kind in rows:
        columns = [f"{c[1]} {c[2]}".strip() for c in conn.execute(f"pragma table_info([{name}])")]
        count = conn.execute(f"select count(*) from [{name}]").fetchone()[0]
        out.append({"name": name, "type": kind, "row_count": count, "columns": columns})
    return out
