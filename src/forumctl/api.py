"""The core's front door: one function per command, taking plain values, returning plain data.

cli.py calls exactly one of these per command; tests and scripts may call them directly.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from forumctl.errors import UsageError
from forumctl.questions import events as queries
from forumctl.recordfiles.discovery import path_setting, records_dir
from forumctl.store.freshness import Store, open_store

if TYPE_CHECKING:  # search's module is imported only by a search
    from forumctl.questions.search import Found


def _db_path(db: str | os.PathLike[str] | None) -> Path | None:
    return path_setting(db, "--db", "FORUMCTL_DB")


def connect(
    records: str | os.PathLike[str] | None = None, db: str | os.PathLike[str] | None = None, *, force: bool = False
) -> Store:
    """The database of the chosen records folder, rebuilt first if any record changed."""
    return open_store(records_dir(records), _db_path(db), force=force)


def list_events(
    records: str | None = None,
    db: str | None = None,
    *,
    series: str | None = None,
    every_series: bool = False,
    year: str | None = None,
    as_text: bool = False,
) -> list[dict[str, Any]]:
    """The events, oldest first; `as_text`: the stored answer's compact JSON text where there is one
    (a questions.stored.JsonText: str() of it is the text, load() the data)."""
    store = connect(records, db)
    return queries.list_events(store.conn, series, every_series=every_series, year=year, as_text=as_text)


def show_event(
    key: str, records: str | None = None, db: str | None = None, *, series: str | None = None
) -> dict[str, Any]:
    store = connect(records, db)
    return queries.show_event(store.conn, key, series)


def build(records: str | None = None, db: str | None = None) -> dict[str, Any]:
    """Rebuild the database now and say what is in it."""
    store = connect(records, db, force=True)
    counts = {
        table: store.conn.execute(f"select count(*) from [{table}]").fetchone()[0]
        for table in ("series", "events", "agenda_items", "appearances", "people", "orgs", "topics")
    }
    return {"db": str(store.db_path) if store.db_path else None, "records": str(store.records), "counts": counts}


def speakers(
    query: str | None = None,
    records: str | None = None,
    db: str | None = None,
    *,
    role: str | None = None,
    org: str | None = None,
    series: str | None = None,
    year: str | None = None,
    kind: str | None = None,
    min_events: int | None = None,
    as_text: bool = False,
) -> list[dict[str, Any]]:
    """People and their appearances; `as_text`: as compact JSON text (as list_events)."""
    from forumctl.questions.people import search_speakers

    store = connect(records, db)
    return search_speakers(  # type: ignore[no-any-return]
        store.conn, query, role=role, org=org, series=series, year=year, kind=kind, min_events=min_events,
        as_text=as_text,
    )  # fmt: skip


def person(name: str, records: str | None = None, db: str | None = None, *, as_text: bool = False) -> dict[str, Any]:
    """One person's page; `as_text`: as compact JSON text (as list_events)."""
    from forumctl.questions.people import person_page

    return person_page(connect(records, db).conn, name, as_text=as_text)  # type: ignore[no-any-return]


def org(name: str, records: str | None = None, db: str | None = None, *, as_text: bool = False) -> dict[str, Any]:
    """One organisation's page: people and roles over time, talks, events, outcomes; `as_text`: as
    compact JSON text (as list_events)."""
    from forumctl.questions.orgs import org_page

    return org_page(connect(records, db).conn, name, as_text=as_text)  # type: ignore[no-any-return]


def diff(
    key_a: str,
    key_b: str | None = None,
    records: str | None = None,
    db: str | None = None,
    *,
    series: str | None = None,
    stat: bool = False,
) -> dict[str, Any]:
    from forumctl.questions.themes import diff_events, diff_stat

    result = diff_events(connect(records, db).conn, key_a, key_b, series)
    return diff_stat(result) if stat else result


def themes(
    records: str | None = None,
    db: str | None = None,
    *,
    series: str | None = None,
    since: int | None = None,
    as_text: bool = False,
) -> dict[str, Any]:
    """`as_text`: the stored answer's compact JSON text where there is one (as list_events)."""
    from forumctl.questions.themes import theme_matrix

    return theme_matrix(connect(records, db).conn, series, since, as_text=as_text)  # type: ignore[no-any-return]


def coverage(records: str | None = None, db: str | None = None, *, series: str | None = None,
             every_series: bool = False) -> list[dict[str, Any]]:  # fmt: skip
    """What the archive does not know, per series and per event."""
    from forumctl.questions.coverage import coverage as series_coverage

    return series_coverage(connect(records, db).conn, series, every_series=every_series)


def sql(query: str | None, records: str | None = None, db: str | None = None, *, schema: bool = False,
        params: dict[str, str] | None = None, timeout: float | None = None) -> Any:  # fmt: skip
    """The schema, or the query's rows: [] when there are none, else an iterator of row dicts
    (with .columns) that fetches each row as it is consumed, within the time limit."""
    from forumctl.questions.sql import DEFAULT_TIMEOUT, run_sql
    from forumctl.questions.sql import schema as list_schema

    conn = connect(records, db).conn
    if schema or query is None:
        return list_schema(conn)
    rows = run_sql(conn, query, params, timeout=DEFAULT_TIMEOUT if timeout is None else timeout)
    return [] if rows.empty() else rows


def search(text: str, records: str | None = None, db: str | None = None, *, limit: int | None = None) -> Found:
    """Events whose text holds every word of `text`, best first, with where each matched: the best
    `limit` of them (None: every one), and how many matched in all."""
    from forumctl.questions.search import search as search_text

    return search_text(connect(records, db).conn, text, limit=limit)


def export_ics(keys: list[str], records: str | None = None, db: str | None = None, *,
               series: str | None = None) -> bytes:  # fmt: skip
    """An iCalendar file of the events the keys name (every event when there are none)."""
    from forumctl.questions.calendar import calendar_name, to_ics

    conn = connect(records, db).conn
    if keys:
        ids = list(dict.fromkeys(queries.resolve_key(conn, key, series) for key in keys))
    else:
        ids = [row["id"] for row in queries.list_events(conn, every_series=True)]
    docs = [queries.event_document(conn, i) for i in ids]
    return to_ics(docs, calendar_name(conn, docs))


def check(paths: list[str] | None = None, records: str | None = None) -> dict[str, Any]:
    """Every problem in the records folder (or in the given files), without building anything."""
    from forumctl.recordfiles.check import check_records, find_root

    if any(not p.strip() for p in paths or []):
        raise UsageError("a path to check is empty")
    only = [Path(p) for p in paths or []]
    explicit = records is not None or os.environ.get("FORUMCTL_RECORDS")
    root = records_dir(records) if explicit or not only else find_root(only[0])
    return check_records(root, only or None)


def new(series: str, start: str, *, end: str | None = None, edition: int | None = None, event_id: str | None = None,
        records: str | None = None) -> dict[str, Any]:  # fmt: skip
    from forumctl.recordfiles.newrecord import new_record

    return new_record(records_dir(records), series, start, end=end, edition=edition, event_id=event_id)
