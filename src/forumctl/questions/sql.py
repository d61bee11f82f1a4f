"""`forumctl sql`: read-only SQL against the archive database.

Besides opening the cache read-only, an authorizer refuses every action but reading, so a
DELETE, an ATTACH or a write PRAGMA fails with a clear message even on an in-memory database.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from forumctl.errors import UsageError

_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}


def _authorize(action: int, arg1: str | None, arg2: str | None, db: str | None, trigger: str | None) -> int:
    if action in _ALLOWED:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and arg2 is None and arg1 in ("table_info", "table_xinfo", "index_list"):
        return sqlite3.SQLITE_OK  # reading schema pragmas is harmless
    return sqlite3.SQLITE_DENY


def run_sql(conn: sqlite3.Connection, query: str, params: dict[str, str] | None = None) -> list[dict[str, Any]]:
    conn.set_authorizer(_authorize)
    try:
        cursor = conn.execute(query, params or {})
        columns = [c[0] for c in cursor.description or []]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    except sqlite3.DatabaseError as exc:
        message = str(exc)
        if "not authorized" in message:
            message = "not authorized: forumctl sql runs read-only queries (SELECT, WITH ... SELECT) only"
        raise UsageError(f"sql: {message}") from None
    except sqlite3.Warning as exc:  # e.g. more than one statement
        raise UsageError(f"sql: {exc}") from None
    finally:
        conn.set_authorizer(None)


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
