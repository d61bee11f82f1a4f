"""The archive database: open the cache if it is fresh, otherwise bring it up to date.

A build writes a temporary file beside the target and renames it into place, so a reader never
sees a half-written database and two processes building at once each finish with a whole one.
A run killed at any instant leaves the cache whole or repairable: the next run rolls back a
half-applied update and removes dead builds' temporary files (cache.py says how).
When the cache folder cannot be written, the database is built in memory for this run instead.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from forumctl.errors import StoreError
from forumctl.recordfiles.discovery import FileStat, file_stats, scan_records
from forumctl.recordfiles.prefetch import taken
from forumctl.recordfiles.statfiles import listing_digest
from forumctl.store.cache import (
    claim_temp,
    connect_readonly,
    crash_point,
    default_db_path,
    fingerprint,
    journal_path,
    meta_value,
    open_existing,
    recover,
    remove_stale_temps,
    settle_journal,
    writers_lock,
)


class Store:
    """An open database of a records folder. (A plain class: dataclasses costs ~1 ms to import.)"""

    __slots__ = ("conn", "db_path", "rebuilt", "records")

    def __init__(self, conn: sqlite3.Connection, records: Path, db_path: Path | None, rebuilt: bool) -> None:
        self.conn = conn
        self.records = records
        self.db_path = db_path  # None when built in memory
        self.rebuilt = rebuilt


def open_store(records: Path, db_path: Path | None = None, *, force: bool = False) -> Store:
    """A connection to an up-to-date database of the records folder."""
    # The first scan of a run may be made already, by the prefetch child: then only its digest is here.
    digest, listing = taken(records), None
    if digest is None:
        listing = scan_records(records)
        digest = listing_digest(listing)
    current = fingerprint(digest)
    explicit = db_path is not None
    path = db_path if db_path is not None else default_db_path(records)
    # One connection answers both "is it fresh?" and, when it is, every query of this run.
    existing = open_existing(path)
    stored = meta_value(existing, "fingerprint")
    if existing is not None and stored is None and journal_path(path).exists():
        existing.close()  # a killed update left its journal: roll it back, then look again
        recover(path)
        existing = open_existing(path)
        stored = meta_value(existing, "fingerprint")
    if listing is None and (force or existing is None or stored != current):
        # Only the prefetch child's digest is here, and it does not find the database fresh: the
        # records changed, the child's listing is not this scan's (a file edited in between), or a
        # build is due. Either way the listing is needed now.
        listing = scan_records(records)
        current = fingerprint(listing_digest(listing))
    if existing is not None and not force and stored == current:
        return Store(existing, records, path, rebuilt=False)
    generator = meta_value(existing, "generator")
    if existing is not None:
        existing.close()
    if explicit and path.exists() and generator != "forumctl":
        raise StoreError(f"{path}: exists and is not a forumctl database; refusing to overwrite it")
    assert listing is not None  # scanned above whenever the database is not fresh
    scanned = file_stats(listing)  # from here on the records are read: each file as a FileStat
    if not force and stored is not None:
        from forumctl.store.update import update_in_place  # only when the records changed: it brings in PyYAML

        if update_in_place(path, records, scanned, current):
            return Store(connect_readonly(path), records, path, rebuilt=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = claim_temp(path)
    except OSError as exc:
        if explicit:
            raise StoreError(f"{path}: cannot write the database: {exc.strerror or exc}") from None
        return Store(_build_in(sqlite3.connect(":memory:"), records, scanned, current), records, None, rebuilt=True)
    try:
        remove_stale_temps(path, keep=tmp)
        crash_point("build:started")
        _build_in(sqlite3.connect(tmp), records, scanned, current).close()
        crash_point("build:built")
        with writers_lock(path):
            settle_journal(path)  # no journal may outlive the database it belongs to
            crash_point("build:replacing")
            os.replace(tmp, path)
        crash_point("build:replaced")
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, (OSError, sqlite3.Error)):
            raise StoreError(f"{path}: cannot write the database: {exc}") from None
        raise
    finally:
        os.close(fd)
    return Store(connect_readonly(path), records, path, rebuilt=True)


def _build_in(conn: sqlite3.Connection, records: Path, scanned: list[FileStat], current: str) -> sqlite3.Connection:
    from forumctl.store.build import build_database

    build_database(conn, records, scanned, current)
    return conn
