"""Where the records are and which files they are made of: the one policy (docs/records.md, "Which
files are records") that the loader, `check`, the freshness scan and completion all apply, by
calling scan_tree. Standard library only: this runs on every command, before anything decides
whether the records need loading at all, so it is one listing of each folder and one stat per
record file (statfiles.py, which shares the stats out over two processes for a large archive).

- Read: the registries (REGISTRY_FILES) at the top, and `<folder>/<name>.yaml` one folder down.
- Ignored without a word: names starting with `.` (at any level), and names that do not end in
  `.yaml` or `.yml` in any case (README.md, notes.txt, backups such as `x.yaml~`).
- Reported as errors, so that no record is dropped silently: every other name that looks like
  YAML (`.yml`, `.YAML`, at the top, or more than one folder down); a record that is not a
  regular file (a folder, FIFO, device or socket); a symbolic link that dangles, loops or leads
  outside the records folder; a name that is not UTF-8 or holds control characters.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import NamedTuple

from forumctl.errors import ArchiveError, RecordError, UsageError
from forumctl.recordfiles.statfiles import (
    BY_DESCRIPTOR,
    DIR_FLAGS,
    RECORD_SUFFIX,
    REGISTRY_FILES,
    Folder,
    listing_line,
    looks_like_yaml,
    stat_records,
)
from forumctl.text.controls import has_controls, printable

FileStat = tuple[str, int, int]  # a file's path inside the records folder, its size and mtime in ns


class Scan(NamedTuple):
    files: list[FileStat]  # what is read, in a stable order: registries, then events by folder and name
    problems: list[RecordError]  # what looks like a record but cannot be read, by path


def default_records_dir() -> Path:
    """The bundled archive: inside the installed package, or the repository's records/."""
    here = Path(__file__).resolve().parent.parent  # the forumctl package folder
    for candidate in (here / "records", here.parent.parent / "records"):
        if (candidate / "series.yaml").is_file():
            return candidate
    return here / "records"


def path_setting(explicit: str | os.PathLike[str] | None, option: str, variable: str) -> Path | None:
    """The path given by an option, else by its environment variable (an empty variable counts as
    unset); None for neither. A blank one is an error: `--records "$DIR"` with DIR unset must not
    quietly read the bundled archive, nor FORUMCTL_DB=" " write a database named " "."""
    if explicit is not None:
        if not os.fspath(explicit).strip():
            raise UsageError(f"{option} (or {variable}) is blank; give it a path, or leave it out")
        return Path(explicit).expanduser()
    value = os.environ.get(variable, "")
    if value and not value.strip():
        raise UsageError(f"{variable} is blank ({value!r}); unset it or set it to a path")
    return Path(value).expanduser() if value else None


def records_dir(explicit: str | os.PathLike[str] | None) -> Path:
    return path_setting(explicit, "--records", "FORUMCTL_RECORDS") or default_records_dir()


def file_kind(mode: int) -> str:
    """What a file that is not a regular one is, for messages."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


class _Walk:
    """One scan's state: the folder, its real path (worked out at the first link) and the problems."""

    def __init__(self, top: str) -> None:
        self.top = top
        self.real_top: str | None = None
        self.problems: list[RecordError] = []

    def problem(self, rel: str, message: str) -> None:
        self.problems.append(RecordError(printable(os.path.join(self.top, rel)), message))

    def follow(self, entry: os.DirEntry[str], rel: str) -> os.stat_result | None:
        """The stat of what a symbolic link leads to; None after reporting a link that leads nowhere."""
        try:
            return entry.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                self.problem(rel, "is a symbolic link loop")
            elif exc.errno in (errno.ENOENT, errno.ENOTDIR):
                self.problem(rel, f"is a broken symbolic link (to {printable(_readlink(entry.path))})")
            else:
                self.problem(rel, f"cannot be read: {exc.strerror or exc}")
            return None

    def inside(self, entry: os.DirEntry[str], rel: str) -> bool:
        """Whether a symbolic link resolves inside the records folder; if not, it is reported."""
        if self.real_top is None:
            self.real_top = os.path.realpath(self.top)
        target = os.path.realpath(entry.path)
        if os.path.commonpath([self.real_top, target]) == self.real_top:
            return True
        self.problem(rel, f"is a symbolic link to {printable(target)}, outside the records folder; only links "
                          "that stay inside it are followed")  # fmt: skip
        return False

    def record(self, entry: os.DirEntry[str], rel: str) -> os.stat_result | None:
        """The stat of a file in a place where records are read, or None after saying why not."""
        if has_controls(rel):
            what = "bytes that are not UTF-8" if any(0xDC80 <= ord(c) <= 0xDCFF for c in rel) else "control characters"
            self.problem(rel, f"not loaded: the name has {what}; rename it")
            return None
        if entry.is_symlink():
            st = self.follow(entry, rel)
            if st is not None and not self.inside(entry, rel):
                return None
        else:
            try:
                st = entry.stat()
            except OSError as exc:
                self.problem(rel, f"cannot be read: {exc.strerror or exc}")
                return None
        if st is not None and not stat.S_ISREG(st.st_mode):
            self.problem(rel, f"is {file_kind(st.st_mode)}, not a regular file; records are plain files")
            return None
        return st

    def below(self, folder: str) -> None:
        """Report every YAML-looking name in the folders under a series folder (not followed links)."""
        pending = [folder]
        while pending:
            rel = pending.pop()
            try:
                with os.scandir(os.path.join(self.top, rel)) as entries:
                    listed = [(e.name, e.is_dir(follow_symlinks=False)) for e in entries if e.name[0] != "."]
            except OSError as exc:
                self.problem(rel, f"cannot be read: {exc.strerror or exc}")
                continue
            for name, is_dir in listed:
                if looks_like_yaml(name):
                    self.problem(f"{rel}/{name}", "not loaded: event records sit directly in their series folder "
                                                  "(<series>/<id>.yaml), not in a folder below it")  # fmt: skip
                elif is_dir:
                    pending.append(f"{rel}/{name}")


def _readlink(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def _registry_hint(name: str) -> str:
    lower = name.lower()
    wanted = lower[:-4] + ".yaml" if lower.endswith(".yml") else lower
    if wanted in REGISTRY_FILES:
        return f"not loaded: registries are named in lower case and end in '.yaml'; rename it to {wanted!r}"
    return ("not loaded: the top of the records folder holds only " + ", ".join(REGISTRY_FILES) +
            "; an event record goes in its series folder (<series>/<id>.yaml)")  # fmt: skip


def scan_tree(root: Path) -> Scan:
    """Every file the archive is read from, with the size and modification time that tell whether it
    changed, and every problem with what looks like a record (scan_listing, as FileStats)."""
    lines, problems = scan_listing(root)
    return Scan(file_stats(lines), problems)


def file_stats(lines: list[str]) -> list[FileStat]:
    """The files of a listing (scan_listing) as (path, size, mtime in ns)."""
    out: list[FileStat] = []
    for line in lines:
        rel, size, mtime = line.split("\0")
        out.append((rel, int(size), int(mtime)))
    return out


def scan_listing(root: Path, *, split: bool = True) -> tuple[list[str], list[RecordError]]:
    """The scan itself: each file read as one line `path\0size\0mtime_ns` (what the freshness
    fingerprint hashes, so a warm run builds no other object per file), registries first, then
    events by path; and the problems. The record files are stat'ed by statfiles.py (in two
    processes for a large archive, unless not to `split`); what it does not take is looked at here,
    entry by entry."""
    top = os.fspath(root)
    try:
        with os.scandir(top) as entries:
            listed = sorted(entries, key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        raise ArchiveError(f"{printable(top)}: records folder does not exist (use --records DIR or FORUMCTL_RECORDS)"
                           ) from None  # fmt: skip
    except OSError as exc:
        raise ArchiveError(f"{printable(top)}: cannot read the records folder: {exc.strerror or exc}") from None
    walk = _Walk(top)
    registries: dict[str, str] = {}
    folders: list[str] = []
    for entry in listed:
        name = entry.name
        if name[0] == ".":
            continue
        if name in REGISTRY_FILES:
            st = walk.record(entry, name)
            if st is not None:
                registries[name] = listing_line(name, st)
        elif entry.is_symlink():  # a series folder, a stray record, or (unread) anything else
            st = walk.follow(entry, name)
            if st is not None and stat.S_ISDIR(st.st_mode):
                if walk.inside(entry, name):
                    folders.append(name)
            elif st is not None and looks_like_yaml(name):
                walk.problem(name, _registry_hint(name))
        elif entry.is_dir():
            folders.append(name)
        elif looks_like_yaml(name):
            walk.problem(name, _registry_hint(name))
    out = [registries[name] for name in REGISTRY_FILES if name in registries]
    series_folders: list[Folder] = []
    try:
        for folder in folders:
            if has_controls(folder):
                walk.problem(folder, "not read: the folder name has control characters or is not UTF-8; rename it")
            else:
                _list_series(walk, folder, series_folders)
        events, odd = stat_records(series_folders, split=split)
    finally:
        for _, fd, _, _ in series_folders:
            if fd >= 0:
                os.close(fd)
    if odd:  # rare: looked at again by path, so that links and messages name the whole path
        _odd_entries(walk, odd, events)
    events.sort()  # by path ("\0" sorts before any character of a name): the order is part of the fingerprint
    out.extend(events)
    walk.problems.sort(key=lambda p: p.path)
    return out, walk.problems


def _list_series(walk: _Walk, folder: str, series_folders: list[Folder]) -> None:
    """The names in one series folder, with a descriptor of it where the platform allows (each stat
    is then relative to it), appended to `series_folders`."""
    path = os.path.join(walk.top, folder)
    fd = -1
    try:
        if BY_DESCRIPTOR:
            fd = os.open(path, DIR_FLAGS)
            names = os.listdir(fd)
        else:
            names = os.listdir(path)
    except OSError as exc:
        if fd >= 0:
            os.close(fd)
        walk.problem(folder, f"cannot be read: {exc.strerror or exc}")
        return
    series_folders.append((folder, fd, path, names))


def _odd_entries(walk: _Walk, odd: list[tuple[str, str]], events: list[str]) -> None:
    by_folder: dict[str, set[str]] = {}
    for folder, name in odd:
        by_folder.setdefault(folder, set()).add(name)
    for folder, names in by_folder.items():
        try:
            with os.scandir(os.path.join(walk.top, folder)) as again:
                for entry in again:
                    if entry.name in names:
                        _odd_entry(walk, entry, f"{folder}/{entry.name}", events)
        except OSError as exc:
            walk.problem(folder, f"cannot be read: {exc.strerror or exc}")


def _odd_entry(walk: _Walk, entry: os.DirEntry[str], rel: str, events: list[str]) -> None:
    """Anything in a series folder that the fast path did not take: a record that is a link, is not
    a regular file or has an odd name; YAML with another suffix; a link; a folder below."""
    name = entry.name
    if name.endswith(RECORD_SUFFIX):
        st = walk.record(entry, rel)
        if st is not None:
            events.append(listing_line(rel, st))
    elif looks_like_yaml(name):
        stem = name[: -4 if name.lower().endswith(".yml") else -5]
        walk.problem(rel, f"not loaded: record files end in '.yaml'; rename it to {printable(stem + RECORD_SUFFIX)!r}")
    elif entry.is_symlink():
        walk.follow(entry, rel)  # a link that leads nowhere is reported whatever its name
    elif entry.is_dir(follow_symlinks=False):
        walk.below(rel)


def scan_records(root: Path) -> list[str]:
    """The listing of scan_listing; the first problem, if any, is raised (`check` reports them all)."""
    files, problems = scan_listing(root)
    if problems:
        first = problems[0]
        if len(problems) > 1:
            more = len(problems) - 1
            raise RecordError(first.path, f"{first.message} (and {more} more problem{'s' * (more > 1)} with "
                                          "record files; `forumctl check` lists them)")  # fmt: skip
        raise first
    return files


def record_files(root: Path, scanned: list[FileStat] | None = None) -> list[Path]:
    """The files of scan_records as paths, for the code that reads them."""
    return [root / rel for rel, _, _ in (file_stats(scan_records(root)) if scanned is None else scanned)]
