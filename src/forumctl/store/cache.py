"""Where the database cache lives, whether it is still fresh, and how it stays whole when a run is
killed at any instant. Standard library only: the fresh path stats files and reads one row.

Crash consistency rests on three rules:
- A build writes a temporary file (`.<db>.<random>.tmp`, flock-ed while in use) and renames it
  over the database; a temporary file whose lock is free belongs to a run that died, and the next
  build removes it.
- An in-place update is one SQLite transaction with a rollback journal (`<db>-journal`). A run
  killed inside it leaves a hot journal, which a read-only connection cannot roll back; the next
  run sees the journal, opens the database read-write under the writers' lock and lets SQLite
  roll the half-applied update back, then goes on as if the update had never started.
- Writers (an update, a build's rename) hold one lock, on the cache folder, so a database is
  never renamed over while another process journals into it, and a journal is never left beside
  a database it does not belong to.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from forumctl.errors import StoreError
from forumctl.recordfiles.statfiles import blake2b  # the builtin BLAKE2, not OpenSSL's (statfiles.py says why)

fcntl: Any
try:
    import fcntl as _fcntl

    fcntl = _fcntl
except ImportError:  # Windows: no advisory locks; open files cannot be removed there anyway
    fcntl = None

# Bumped whenever the database layout or the stored documents change shape,
# so that a cache written by an older forumctl is rebuilt rather than misread.
SCHEMA_VERSION = "14"  # 6: the search table (#13); 7: title and theme always ko and en (#12); 8: not recorded (#11);
# 9: theme_matrix documents compact, as `--json` writes them (#14); 10: event_lists (#14); 11: search_docs (#14);
# 12: not a layout change: records are read under stricter rules (every control character refused, a name
# listed twice dropped), and a cache built under the old ones must not answer for records they now refuse;
# 13: search_docs per weight without names, search_names and search_name_keys (#14); 14: search_terms and
# search_postings instead of search_docs (#14)
LOCK_WAIT = 60.0  # seconds a writer waits for another to finish before giving up
STALE_WITHOUT_LOCKS = 6 * 3600  # where there are no locks, a temporary file this old is a dead run's


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
    digest = blake2b(os.fsencode(resolved), digest_size=8).hexdigest()
    name = (resolved.name or "records").encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return cache_home() / f"{name}-{digest}.db"


def records_label(root: Path) -> str:
    """The records folder as stored in the database's meta table: any bytes of its name, as text."""
    return os.fsencode(root).decode("utf-8", "backslashreplace")


def fingerprint(listing_digest: str) -> str:
    """What the database is stamped with: the schema it was built with, and the records' listing
    (statfiles.listing_digest: every record file's name, size and modification time)."""
    return blake2b(f"{SCHEMA_VERSION}\n{listing_digest}".encode(), digest_size=32).hexdigest()


def connect_readonly(db_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(db_path.resolve().as_uri() + "?mode=ro", uri=True)


def connect_readwrite(db_path: Path) -> sqlite3.Connection:
    """A connection that may write, to an existing database only (never creates an empty one)."""
    return sqlite3.connect(db_path.resolve().as_uri() + "?mode=rw", uri=True, timeout=30, isolation_level=None)


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


def crash_point(name: str) -> None:
    """For the crash tests only: with FORUMCTL_CRASH_AT=name, the process kills itself here, as
    `kill -9` would, so that the next run's recovery can be checked at every named point."""
    if os.environ.get("FORUMCTL_CRASH_AT") == name:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def journal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + "-journal")


@contextlib.contextmanager
def writers_lock(db_path: Path) -> Iterator[None]:
    """The one lock every writer of the databases in db_path's folder holds: an flock on the folder,
    released by the kernel when its holder dies, so a killed run never leaves it held."""
    if fcntl is None:
        yield
        return
    try:
        fd = os.open(db_path.parent, os.O_RDONLY)
    except OSError as exc:
        raise StoreError(f"{db_path.parent}: cannot lock the cache folder: {exc.strerror or exc}") from None
    try:
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(f"{db_path}: another forumctl has been updating the database for over "
                                     f"{LOCK_WAIT:.0f} s; try again") from None  # fmt: skip
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # releases the lock


def settle_journal(db_path: Path) -> None:
    """Leave no journal beside the database. Called under writers_lock, where no live transaction
    can hold one, so a journal is a killed update's: SQLite rolls it back when the database is
    opened for writing; what cannot be rolled back (a database that is not one any more) goes."""
    journal = journal_path(db_path)
    if not journal.exists():
        return
    if db_path.is_file():
        with contextlib.suppress(sqlite3.Error):
            conn = connect_readwrite(db_path)
            try:
                conn.execute("select count(*) from sqlite_master").fetchone()
            finally:
                conn.close()
    with contextlib.suppress(FileNotFoundError):
        journal.unlink()


def recover(db_path: Path) -> None:
    """Roll back what a killed update left half done (see settle_journal), under the writers' lock."""
    with contextlib.suppress(OSError), writers_lock(db_path):
        settle_journal(db_path)


def claim_temp(db_path: Path) -> tuple[int, Path]:
    """A new temporary file beside the database, locked as in use until its descriptor is closed."""
    import tempfile

    while True:
        fd, name = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".tmp", dir=db_path.parent)
        if fcntl is None:
            return fd, Path(name)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        try:
            if os.stat(name).st_ino == os.fstat(fd).st_ino:  # not removed by a cleaner before the lock
                return fd, Path(name)
        except FileNotFoundError:
            pass
        os.close(fd)


def remove_stale_temps(db_path: Path, keep: Path) -> None:
    """Remove the temporary files of builds that were killed (their lock is free)."""
    try:
        names = [n for n in os.listdir(db_path.parent) if n.startswith(f".{db_path.name}.") and n.endswith(".tmp")]
    except OSError:
        return
    for name in names:
        path = db_path.parent / name
        if path == keep:
            continue
        with contextlib.suppress(OSError):
            if fcntl is None:
                if time.time() - path.stat().st_mtime > STALE_WITHOUT_LOCKS:
                    path.unlink()
                continue
            fd = os.open(path, os.O_RDONLY)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises while a live build holds it
                path.unlink()
            finally:
                os.close(fd)
