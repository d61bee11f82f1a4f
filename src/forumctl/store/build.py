"""A full build: every record into a new, empty database, in one transaction.

Events stream from the parser (archive.event_stream, as their stored documents: rows.document_text)
into batched inserts, so memory stays flat however large the archive; indexes and the full-text
index are built once the rows are in.
The registries and each file's size and modification time are stored too, so that a later run
can update only what changed (update.py).
"""

from __future__ import annotations

import gc
import json
import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import fields
from pathlib import Path

from forumctl.errors import ArchiveError
from forumctl.recordfiles.archive import claim_id, event_paths, event_stream, load_registries_apart
from forumctl.recordfiles.discovery import FileStat, record_files
from forumctl.recordfiles.registry import Registry
from forumctl.recordfiles.statfiles import REGISTRY_FILES
from forumctl.store.cache import SCHEMA_VERSION, records_label
from forumctl.store.derived import refresh_theme_matrix
from forumctl.store.layout import create_indexes, create_tables, insert_sql
from forumctl.store.rows import Rows, document_text, event_from_document
from forumctl.store.summaries import refresh_event_lists

BATCH = 100  # events per executemany round (the rows wait in memory)


def write_meta(conn: sqlite3.Connection, root: Path, fingerprint: str, reg: Registry) -> None:
    registry = {f.name: getattr(reg, f.name) for f in fields(reg)}  # asdict() would deep-copy it first
    meta = {"generator": "forumctl", "schema_version": SCHEMA_VERSION, "fingerprint": fingerprint,
            "records": records_label(root), "registry": json.dumps(registry, ensure_ascii=False)}  # fmt: skip
    conn.executemany(insert_sql("meta", "insert or replace"), list(meta.items()))


def build_database(conn: sqlite3.Connection, root: Path, scanned: list[FileStat], fingerprint: str) -> None:
    """Create every table in an empty database and fill it from the records, in one transaction."""
    files = record_files(root, scanned)
    reg = load_registries_apart(root, files, sum(size for rel, size, _ in scanned if rel in REGISTRY_FILES))
    paths = event_paths(root, files)
    if not paths:
        raise ArchiveError(f"{root}: no event records found (expected <series-id>/<event-id>.yaml files)")
    # The workers start parsing on entering (forked before this process grows, so they are
    # smaller), while this process creates the tables.
    with _collector_paused(), ExitStack() as workers:
        documents = workers.enter_context(event_stream(root, paths, reg, encode=document_text))
        conn.execute("pragma journal_mode = off")  # a new file that replaces the cache only when complete
        conn.execute("pragma synchronous = off")
        conn.execute("begin")
        try:
            create_tables(conn)
            event_ids = _insert_rows(conn, root, reg, documents)
            workers.close()  # every event is in: the idle workers' memory is given back before the indexes
            by_file = {file: event_id for event_id, file in event_ids.items()}
            files_rows = [(rel, size, mtime, by_file.get(rel)) for rel, size, mtime in scanned]
            conn.executemany(insert_sql("files"), files_rows)
            write_meta(conn, root, fingerprint, reg)
            import sqlite_utils  # only now, the workers gone: its ~16 MB no longer adds to the peak of the build

            create_indexes(sqlite_utils.Database(conn))
            refresh_theme_matrix(conn)
            refresh_event_lists(conn)
        except BaseException:
            conn.rollback()
            raise
        conn.commit()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while this process turns events into rows: they hold no
    reference cycles, and its passes over the millions of tuples and dicts a large build makes
    took 2.9 s of this process's 31 s at 10,000 events (2,796 collections, 22 of them full)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _insert_rows(conn: sqlite3.Connection, root: Path, reg: Registry, documents: Iterator[str]) -> dict[str, str]:
    """Insert the registries and the events (their document_text); returns each event's file by event id."""
    rows = Rows(conn)
    rows.write_registry(reg)
    event_ids: dict[str, str] = {}
    for count, stored in enumerate(documents, start=1):
        event = event_from_document(stored)
        claim_id(root, event, event_ids)
        rows.add_event(event, reg, stored)
        if count % BATCH == 0:
            rows.flush()
    rows.add_unlisted(reg)
    rows.flush()
    return event_ids
