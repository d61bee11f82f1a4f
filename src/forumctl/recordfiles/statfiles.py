"""The stat of every record file, for the freshness scan (discovery.py): the one cost of a warm run
that grows with the archive.

Each record file needs its own stat (a file edited in place changes nothing but its own size and
time), and a stat is a system call: at 10,000 files most of the scan's time is in the kernel.
Python threads cannot share that work out (each stat returns into a wait for the interpreter
lock), so from PARALLEL_FROM files on, on Linux, a forked child stats half of each folder while
this process stats the other half, as `git status` spreads its lstat calls over threads
(core.preloadIndex). The child shares nothing but the open folders and sends back its lines
(forked.py); if it fails in any way, its half is done here, so the answer never depends on it.
"""

from __future__ import annotations

import os
import stat
from typing import Any

from forumctl.recordfiles.forked import fork_call, may_fork

RECORD_SUFFIX = ".yaml"
PARALLEL_FROM = 2000  # files; below this a fork costs more than the stats it shares out
_FORMAT, _REGULAR = stat.S_IFMT(0o177777), stat.S_IFREG

# A series folder to stat: its name, a descriptor of it (or -1: stat by path), its path and its entries' names.
Folder = tuple[str, int, str, list[str]]


def stat_records(folders: list[Folder], *, split: bool = True) -> tuple[list[str], list[tuple[str, str]]]:
    """The listing line `folder/name\\0size\\0mtime_ns` of every ordinary record file (a regular
    file named `*.yaml`, not hidden, printable name), and (folder, name) of every other entry that
    is not hidden (links, folders, odd names: discovery.py looks at those one by one). `split`:
    whether a large archive may be shared with a forked child."""
    if split and sum(len(names) for *_, names in folders) >= PARALLEL_FROM and may_fork():
        return _in_two_processes(folders)
    return _stat_here(folders)


def _stat_here(folders: list[Folder]) -> tuple[list[str], list[tuple[str, str]]]:
    lines: list[str] = []
    odd: list[tuple[str, str]] = []
    for folder in folders:
        _stat_folder(folder, lines, odd)
    return lines, odd


def _stat_folder(folder: Folder, lines: list[str], odd: list[tuple[str, str]]) -> None:
    name_of_folder, fd, path, names = folder
    prefix = name_of_folder + "/"
    for name in names:
        # The fast path, taken by every ordinary record: one lstat, no other call. A link is not a
        # regular file to lstat, so it goes to the odd ones, where links are followed and checked.
        if name[-5:] == RECORD_SUFFIX and name[0] != "." and name.isprintable():
            try:
                st = os.stat(name, dir_fd=fd, follow_symlinks=False) if fd >= 0 else os.lstat(f"{path}/{name}")
            except FileNotFoundError:
                continue  # removed since the folder was read
            if st.st_mode & _FORMAT == _REGULAR:
                lines.append(f"{prefix}{name}\0{st.st_size}\0{st.st_mtime_ns}")  # listing_line, inline: once per file
                continue
        if name[0] != ".":
            odd.append((name_of_folder, name))


def _halves(folders: list[Folder]) -> tuple[list[Folder], list[Folder]]:
    mine, theirs = [], []
    for name, fd, path, names in folders:
        half = len(names) // 2
        mine.append((name, fd, path, names[:half]))
        theirs.append((name, fd, path, names[half:]))
    return mine, theirs


def _in_two_processes(folders: list[Folder]) -> tuple[list[str], list[tuple[str, str]]]:
    mine, child_half = _halves(folders)
    child = fork_call(lambda: _stat_here(child_half))
    if child is None:
        return _stat_here(folders)
    try:
        lines, odd = _stat_here(mine)
    except BaseException:
        child.stop()
        raise
    theirs = _received(child.result())
    if theirs is None:  # the child failed: its half is done here
        theirs = _stat_here(child_half)
    return lines + theirs[0], odd + theirs[1]


def _received(value: Any) -> tuple[list[str], list[tuple[str, str]]] | None:
    try:
        lines, odd = value
    except (TypeError, ValueError):  # None: the child failed
        return None
    return lines, odd


def listing_line(rel: str, st: os.stat_result) -> str:
    """A file as the freshness fingerprint hashes it (discovery.file_stats reads it back)."""
    return f"{rel}\0{st.st_size}\0{st.st_mtime_ns}"
