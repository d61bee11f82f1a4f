"""The event summary every command prints (docs/json.md), and `list`'s rows, read from the tables.

Here in the store, not in questions/, because `list` without --year is one of the answers the
store keeps ready (event_lists, like theme_matrix): built and refreshed with the rows it derives
from (refresh_event_lists), so that a warm `list --json` at 10,000 events reads one document
instead of stepping through thousands of table rows and encoding them again.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from forumctl.text.compact import compact_json

# An event as every command names it (list items, diff's a and b, the events of speakers' and
# person's appearances, themes' columns): these keys, with the title as {"ko", "en"}. The events
# table keeps `title` as the Korean title or else the English one, so where the two columns are
# equal the document says whether there is a Korean title (one JSON lookup, for those rows only).
EVENT_FIELDS = ("id", "series", "edition", "kind", "title", "start", "end")
TITLE_KO_SQL = (
    "case when {e}title_en is not null and {e}title = {e}title_en "
    "then json_extract({e}document, '$.title.ko') else {e}title end"
)
EVENT_SQL = "{e}id, {e}series, {e}edition, {e}kind, " + TITLE_KO_SQL + ", {e}title_en, {e}start, {e}[end]"
# The same summary as JSON text, made by SQLite: json_object keeps the key order, writes no spaces
# and escapes as Python's json does with ensure_ascii=False, so these are the very bytes that
# compact_json(event_summary(row)) gives (tests/test_json_text.py holds them to it). That holds for
# text and whole numbers, all that records put in these columns: SQLite writes a real number
# (1e20 as 1.0e+20) and a boolean (1) otherwise than Python does.
EVENT_JSON_SQL = (
    "json_object('id', {e}id, 'series', {e}series, 'edition', {e}edition, 'kind', {e}kind, "
    "'title', json_object('ko', " + TITLE_KO_SQL + ", 'en', {e}title_en), 'start', {e}start, 'end', {e}[end])"
)
LIST_FIELDS = (*EVENT_FIELDS, "theme", "venue", "city")
EVERY_SERIES = "*"  # event_lists' key for `list --all`


def event_columns(alias: str = "") -> str:
    """The select list of an event summary (EVENT_SQL), for a table aliased `alias` or none."""
    return EVENT_SQL.format(e=f"{alias}." if alias else "")


def event_json(alias: str = "") -> str:
    """An SQL expression for an event summary's compact JSON text (EVENT_JSON_SQL)."""
    return EVENT_JSON_SQL.format(e=f"{alias}." if alias else "")


def event_summary(row: tuple[Any, ...]) -> dict[str, Any]:
    """An event summary from the 8 columns of event_columns()."""
    event_id, series, edition, kind, title_ko, title_en, start, end = row
    return {"id": event_id, "series": series, "edition": edition, "kind": kind,
            "title": {"ko": title_ko, "en": title_en}, "start": start, "end": end}  # fmt: skip


def localized(ko: str | None, en: str | None) -> dict[str, str | None] | None:
    return None if ko is None and en is None else {"ko": ko, "en": en}


def list_rows(
    conn: sqlite3.Connection, series: str | None, years: tuple[str, str] | None = None
) -> list[dict[str, Any]]:
    """`list`'s items: the events of one series (every series for None) held within `years`
    (first and last day), by start date."""
    sql = f"select {event_columns()}, theme, theme_en, venue, city from events where 1=1"
    params: list[Any] = []
    if series is not None:
        sql += " and series = ?"
        params.append(series)
    if years is not None:
        sql += " and start <= ? and [end] >= ?"
        params += [years[1], years[0]]
    sql += " order by start, id"
    return [
        {**event_summary(row[:8]), "theme": localized(row[8], row[9]), "venue": row[10], "city": row[11]}
        for row in conn.execute(sql, params)
    ]


def refresh_event_lists(conn: sqlite3.Connection, series: set[str] | None = None) -> None:
    """Recompute the stored `list` answers of these series (every series for None) and of every
    series together, inside the caller's transaction; stored compact, as `--json` writes them."""
    every = [sid for (sid,) in conn.execute("select id from series")]
    chosen = [*(every if series is None else [sid for sid in every if sid in series]), EVERY_SERIES]
    conn.executemany("delete from event_lists where series = ?", [(sid,) for sid in chosen])
    conn.executemany(
        "insert into event_lists (series, document) values (?, ?)",
        [(sid, compact_json(list_rows(conn, None if sid == EVERY_SERIES else sid))) for sid in chosen],
    )
