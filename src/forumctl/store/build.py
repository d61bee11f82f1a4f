"""A full build: every record into a new, empty database, in one transaction.

Events stream from the parser (archive.iter_events) into batched inserts, so memory stays flat
however large the archive; indexes and the full-text index are built once the rows are in.
The registries and each file's size and modification time are stored too, so that a later run
can update only what changed (update.py).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from pathlib import Path
from typing import Any

from forumctl.errors import ArchiveError
from forumctl.recordfiles.archive import event_paths, iter_events, load_registries, unique_ids
from forumctl.recordfiles.discovery import FileStat, record_files
from forumctl.recordfiles.registry import Registry
from forumctl.store.cache import SCHEMA_VERSION
from forumctl.store.derived import refresh_theme_matrix
from forumctl.store.layout import create_indexes, create_tables, insert_sql
from forumctl.store.rows import Rows

BATCH = 500  # events per executemany round


def write_meta(conn: sqlite3.Connection, root: Path, fingerprint: str, reg: Registry) -> None:
    meta = {"generator": "forumctl", "schema_version": SCHEMA_VERSION, "fingerprint": fingerprint,
            "records": str(root), "registry": json.dumps(asdict(reg), ensure_ascii=False)}  # fmt: skip
    conn.executemany(insert_sql("meta", "insert or replace"), list(meta.items()))


def build_database(conn: sqlite3.Connection, root: Path, scanned: list[FileStat], fingerprint: str) -> None:
    """Create every table in an empty database and fill it from the records, in one transaction."""
    import sqlite_utils

    files = record_files(root, scanned)
    reg = load_registries(root, files)
    paths = event_paths(root, files)
    if not paths:
        raise ArchiveError(f"{root}: no event records found (expected <series-id>/<event-id>.yaml files)")
    db: Any = sqlite_utils.Database(conn)
    conn.execute("pragma journal_mode = off")  # a new file that replaces the cache only when complete
    conn.execute("pragma synchronous = off")
    with db.atomic():
        create_tables(db)
        rows = Rows(conn)
        rows.add_registry(reg)
        event_ids: dict[str, str] = {}
        for count, event in enumerate(unique_ids(root, iter_events(root, paths, reg), event_ids), start=1):
            rows.add_event(event, reg)
            if count % BATCH == 0:
                rows.flush()
        rows.add_unlisted(reg)
        rows.flush()
        by_file = {file: event_id for event_id, file in event_ids.items()}
        conn.executemany(insert_sql("files"), [(rel, size, mtime, by_file.get(rel)) for rel, size, mtime in scanned])
        write_meta(conn, root, fingerprint, reg)
        create_indexes(db)
        refresh_theme_matrix(conn)
