"""Updating the cache in place when only a few event files changed.

A full build parses every file; after editing one file of ten thousand that is wasted work. The
database remembers each file's size and modification time (the `files` table) and the
registries it was built with, so this parses only the files that changed, were added or were
removed, and swaps their rows in one transaction: readers see the old database or the new one,
never a mix, and a run killed inside the transaction leaves a journal that the next run rolls back
(cache.py). The update holds the writers' lock, so no build renames a new file over the database
while this one journals into it. A change to a registry (series, people, orgs, topics) or to many files, or any
surprise, falls back to a full build.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from forumctl.recordfiles.archive import parse_event_file, unique_ids
from forumctl.recordfiles.discovery import FileStat
from forumctl.recordfiles.registry import Registry
from forumctl.recordfiles.statfiles import REGISTRY_FILES
from forumctl.store.cache import SCHEMA_VERSION, connect_readwrite, crash_point, records_label, writers_lock
from forumctl.store.derived import refresh_theme_matrix, series_of
from forumctl.store.layout import EVENT_TABLES, insert_sql
from forumctl.store.rows import Rows
from forumctl.store.summaries import refresh_event_lists

MAX_CHANGED_SHARE = 0.05  # beyond 5% of the files changed, a full build is about as quick


def _registry(conn: sqlite3.Connection) -> Registry | None:
    row = conn.execute("select value from meta where key = 'registry'").fetchone()
    return Registry(**json.loads(row[0])) if row else None


def update_in_place(path: Path, root: Path, scanned: list[FileStat], current: str) -> bool:
    """Bring the database at `path` up to date by changing only what changed; False if it cannot."""
    with writers_lock(path):
        try:
            conn = connect_readwrite(path)  # its first read rolls back what a killed update left
        except sqlite3.Error:
            return False
        try:
            return _update(conn, root, scanned, current)
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("rollback")
            return False
        finally:
            conn.close()


def _update(conn: sqlite3.Connection, root: Path, scanned: list[FileStat], current: str) -> bool:
    meta = dict(conn.execute("select key, value from meta where key in ('schema_version', 'records')"))
    if meta.get("schema_version") != SCHEMA_VERSION or meta.get("records") != records_label(root):
        return False
    stored = {rel: (size, mtime, event_id) for rel, size, mtime, event_id in conn.execute("select * from files")}
    now = {rel: (size, mtime) for rel, size, mtime in scanned}
    changed = [rel for rel, sig in now.items() if stored.get(rel, (None, None, None))[:2] != sig]
    removed = [rel for rel in stored if rel not in now]
    if any(rel in REGISTRY_FILES for rel in changed + removed):
        return False
    if len(changed) + len(removed) > max(20, MAX_CHANGED_SHARE * len(scanned)):
        return False
    reg = _registry(conn)
    if reg is None:
        return False
    events = [parse_event_file(root, root / rel, reg) for rel in changed]  # errors stop here, before any write
    conn.execute("begin immediate")
    crash_point("update:begun")
    if conn.execute("select value from meta where key = 'fingerprint'").fetchone() == (current,):
        conn.execute("rollback")  # another forumctl brought it up to date while we parsed
        return True
    gone = [stored[rel][2] for rel in changed + removed if rel in stored and stored[rel][2]]
    touched = series_of(conn, gone) | {event["series"] for event in events}  # for refresh_theme_matrix
    _delete_events(conn, gone)
    crash_point("update:deleted")
    others = {event_id: file for file, event_id in conn.execute("select file, id from events")}
    list(unique_ids(root, iter(events), others))
    next_item = conn.execute("select coalesce(max(id), 0) + 1 from agenda_items").fetchone()[0]
    next_outcome = conn.execute("select coalesce(max(id), 0) + 1 from outcomes").fetchone()[0]
    rows = Rows(conn, next_item, next_outcome)
    rows.search_cache.load(conn)
    for event in events:
        rows.add_event(event, reg)
    existing = set(conn.execute("select 'person', id from people union all select 'org', name from orgs "
                                "union all select 'topic', name from topics"))  # fmt: skip
    rows.add_unlisted(reg, existing)
    new_names = rows.pending.pop("names", [])
    rows.flush()
    crash_point("update:inserted")
    conn.execute("insert into agenda_items_fts (rowid, title, summary) select id, title, summary from agenda_items "
                 "where id >= ?", (next_item,))  # fmt: skip
    _add_names(conn, new_names)
    _drop_orphans(conn)
    conn.executemany("delete from files where path = ?", [(rel,) for rel in removed])
    for rel, event in zip(changed, events, strict=True):
        conn.execute(insert_sql("files", "insert or replace"), (rel, *now[rel], event["id"]))
    refresh_theme_matrix(conn, touched)  # derived from the rows just changed
    refresh_event_lists(conn, touched)
    conn.execute("update meta set value = ? where key = 'fingerprint'", (current,))
    crash_point("update:committing")
    conn.execute("commit")
    crash_point("update:committed")
    return True


def _delete_events(conn: sqlite3.Connection, event_ids: list[str]) -> None:
    # search_postings has no index on event_id (a build would pay for it): one pass for them all
    conn.execute("delete from search_postings where event_id in (select value from json_each(?))",
                 (json.dumps(event_ids),))  # fmt: skip
    for event_id in event_ids:
        conn.execute(
            "insert into agenda_items_fts (agenda_items_fts, rowid, title, summary) "
            "select 'delete', id, title, summary from agenda_items where event_id = ?",
            (event_id,),
        )
        conn.execute("delete from outcome_parties where outcome_id in (select id from outcomes where event_id = ?)",
                     (event_id,))  # fmt: skip
        conn.execute("delete from outcomes where event_id = ?", (event_id,))
        for table in EVENT_TABLES:
            conn.execute(f"delete from [{table}] where event_id = ?", (event_id,))
        conn.execute("delete from events where id = ?", (event_id,))


def _add_names(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    for row in rows:
        cursor = conn.execute(insert_sql("names"), row)
        conn.execute("insert into names_fts (rowid, folded, choseong) values (?, ?, ?)",
                     (cursor.lastrowid, row[5], row[6]))  # fmt: skip


def _drop_orphans(conn: sqlite3.Connection) -> None:
    """Forget people, orgs and topics that no registry lists and no event names any more."""
    orphans = {
        "person": "select id from people p where registered = 0 and not exists "
                  "(select 1 from appearances a where a.person_id = p.id)",
        "org": "select name from orgs o where registered = 0 and not exists (select 1 from appearances a where "
               "a.org = o.name) and not exists (select 1 from event_orgs e where e.org = o.name) and not exists "
               "(select 1 from outcome_parties x where x.org = o.name)",
        "topic": "select name from topics t where registered = 0 and not exists "
                 "(select 1 from event_topics e where e.topic = t.name)",
    }  # fmt: skip
    tables = {"person": ("people", "id"), "org": ("orgs", "name"), "topic": ("topics", "name")}
    for entity, sql in orphans.items():
        keys = [k for (k,) in conn.execute(sql)]
        table, column = tables[entity]
        for key in keys:
            for rowid, folded, initials in conn.execute(
                "select id, folded, choseong from names where entity = ? and key = ?", (entity, key)
            ).fetchall():
                conn.execute("insert into names_fts (names_fts, rowid, folded, choseong) values ('delete', ?, ?, ?)",
                             (rowid, folded, initials))  # fmt: skip
            conn.execute("delete from names where entity = ? and key = ?", (entity, key))
            conn.execute(f"delete from [{table}] where [{column}] = ?", (key,))
