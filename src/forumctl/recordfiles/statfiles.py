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

from forumctl.recordfiles.forked import fork_call, may_fork

try:  # the builtin BLAKE2 module: importing hashlib would load OpenSSL on every run (~3 ms); store/cache.py uses it too
    from _blake2 import blake2b as blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b as blake2b

TYPE_CHECKING = False  # typing takes ~8 ms to import, which the prefetch child would spend before its first stat
if TYPE_CHECKING:
    from typing import Any

REGISTRY_FILES = ("series.yaml", "people.yaml", "orgs.yaml", "topics.yaml")
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


def looks_like_yaml(name: str) -> bool:
    tail = name[-5:].lower()
    return tail == ".yaml" or tail[1:] == ".yml"


def listing_digest(listing: list[str]) -> str:
    """A digest of a listing (scan_records' lines: each record file's name, size and modification
    time), which the freshness fingerprint is made of. The prefetch child sends this, not the
    listing: 64 characters through the pipe instead of ~600 KB at 10,000 files."""
    return blake2b("\n".join(listing).encode(), digest_size=32).hexdigest()


DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
BY_DESCRIPTOR = os.listdir in os.supports_fd and os.stat in os.supports_dir_fd  # not on Windows


def plain_listing(top: str) -> list[str] | None:
    """discovery.scan_listing's lines for a records folder with nothing unusual in it, in one
    process, importing nothing but os and stat (pathlib and typing would cost the prefetch child
    ~13 ms before its first stat); None at the first thing scan_listing looks at more closely: a
    link, a name that is not printable, YAML outside a series folder, anything in a series folder
    but plain `*.yaml` files, or anything it cannot read. Where both give a listing it is the same
    (tests/test_prefetch.py); where this gives none, scan_listing is the one to ask."""
    registries: dict[str, str] = {}
    folders: list[Folder] = []
    try:
        with os.scandir(top) as entries:
            for entry in entries:
                name = entry.name
                if name[0] == ".":
                    continue
                if entry.is_symlink() or not name.isprintable():
                    return None
                if name in REGISTRY_FILES:
                    st = entry.stat()
                    if st.st_mode & _FORMAT != _REGULAR:
                        return None
                    registries[name] = listing_line(name, st)
                elif entry.is_dir():
                    path = os.path.join(top, name)
                    fd = os.open(path, DIR_FLAGS) if BY_DESCRIPTOR else -1
                    folders.append((name, fd, path, []))  # before listing it: the descriptor is closed below
                    folders[-1][3].extend(os.listdir(fd if fd >= 0 else path))
                elif looks_like_yaml(name):
                    return None
        lines, odd = _stat_here(folders)
    except OSError:
        return None
    finally:
        for _, fd, _, _ in folders:
            if fd >= 0:
                os.close(fd)
    if odd:
        return None
    lines.sort()  # as scan_listing: by path, after the registries in their order
    return [registries[name] for name in REGISTRY_FILES if name in registries] + lines
