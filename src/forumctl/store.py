"""The archive database: open the cache if it is fresh, otherwise rebuild it from the records.

A build writes a temporary file beside the target and renames it into place, so a reader never
sees a half-written database and two processes building at once each finish with a whole one.
When the cache folder cannot be written, the database is built in memory for this run instead.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .archive import load_archive, record_files
from .cache import connect_readonly, default_db_path, fingerprint, is_forumctl_db, stored_fingerprint
from .errors import StoreError


@dataclass
class Store:
    conn: sqlite3.Connection
    records: Path
    db_path: Path | None  # None when built in memory
    rebuilt: bool


def open_store(records: Path, db_path: Path | None = None, *, force: bool = False) -> Store:
    """A connection to an up-to-date database of the records folder."""
    files = record_files(records)
    current = fingerprint(records, files)
    explicit = db_path is not None
    path = db_path if db_path is not None else default_db_path(records)
    if not force and stored_fingerprint(path) == current:
        return Store(connect_readonly(path), records, path, rebuilt=False)
    if explicit and path.exists() and not is_forumctl_db(path):
        raise StoreError(f"{path}: exists and is not a forumctl database; refusing to overwrite it")
    archive = load_archive(records, files)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        if explicit:
            raise StoreError(f"{path}: cannot write the database: {exc.strerror or exc}") from None
        return Store(_build_in(sqlite3.connect(":memory:"), archive, current), records, None, rebuilt=True)
    tmp = Path(tmp_name)
    try:
        _build_in(sqlite3.connect(tmp), archive, current).close()
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, (OSError, sqlite3.Error)):
            raise StoreError(f"{path}: cannot write the database: {exc}") from None
        raise
    return Store(connect_readonly(path), records, path, rebuilt=True)


def _build_in(conn: sqlite3.Connection, archive: object, current: str) -> sqlite3.Connection:
    from .build import build_database

    build_database(conn, archive, current)  # type: ignore[arg-type]
    return conn
