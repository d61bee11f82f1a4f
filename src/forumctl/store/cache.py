"""Where the database cache lives and whether it is still fresh. Standard library only: this
runs on every command, so it stats files and reads one row, nothing more."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from pathlib import Path

from forumctl.recordfiles.discovery import FileStat

# Bumped whenever the database layout or the stored documents change shape,
# so that a cache written by an older forumctl is rebuilt rather than misread.
SCHEMA_VERSION = "8"  # 6: the search table (#13); 7: title and theme always ko and en (#12); 8: not recorded (#11)


def cache_home() -> Path:
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "forumctl" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "forumctl"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base_dir = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base_dir / "forumctl"


def default_db_path(records: Path) -> Path:
    """One cache file per records folder, so two archives never share a database."""
    resolved = records.resolve()
    digest = hashlib.sha256(os.fsencode(resolved)).hexdigest()[:16]
    return cache_home() / f"{resolved.name or 'records'}-{digest}.db"


def fingerprint(scanned: list[FileStat]) -> str:
    """A digest of every record file's name, size and modification time (see scan_records)."""
    listing = "\n".join(f"{rel}\0{size}\0{mtime}" for rel, size, mtime in scanned)
    return hashlib.sha256(f"{SCHEMA_VERSION}\n{listing}".encode()).hexdigest()


def connect_readonly(db_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(db_path.resolve().as_uri() + "?mode=ro", uri=True)


def open_existing(db_path: Path) -> sqlite3.Connection | None:
    """A read-only connection to the database at db_path, or None if there is none to open."""
    if not db_path.is_file():
        return None
    try:
        return connect_readonly(db_path)
    except sqlite3.Error:
        return None


def meta_value(conn: sqlite3.Connection | None, key: str) -> str | None:
    """One value from a forumctl database's meta table; None if it has none (or is no database)."""
    if conn is None:
        return None
    try:
        row = conn.execute("select value from meta where key = ?", [key]).fetchone()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None
