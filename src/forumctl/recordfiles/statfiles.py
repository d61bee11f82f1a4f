"""The stat of every record file, for the freshness scan (discovery.py): the one cost of a warm run
that grows with the archive.

Each record file needs its own stat (a file edited in place changes nothing but its own size and
time), and a stat is a system call: at 10,000 files most of the scan's time is in the kernel.
Python threads cannot share that work out (each stat returns into a wait for the interpreter
lock), so from PARALLEL_FROM files on, on Linux, a forked child stats half of each folder while
this process stats the other half, as `git status` spreads its lstat calls over threads
(core.preloadIndex). The child shares nothing but the open folders and sends back its lines in
one `marshal` message; if it fails in any way, its half is done here, so the answer never
depends on the child.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys

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


def may_fork() -> bool:
    """Linux, no thread but this one (a fork copies only the calling thread), and SIGCHLD not
    ignored: a caller that ignores it (the setting survives exec) makes the kernel reap children
    at once, so a child's exit status could never be read and its pid could be reused."""
    if sys.platform != "linux":
        return False
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() != 1:
        return False
    import _signal  # type: ignore[import-not-found]  # signal.py wraps it, importing enum (~8 ms) first

    return bool(_signal.getsignal(_signal.SIGCHLD) != _signal.SIG_IGN)


def _halves(folders: list[Folder]) -> tuple[list[Folder], list[Folder]]:
    mine, theirs = [], []
    for name, fd, path, names in folders:
        half = len(names) // 2
        mine.append((name, fd, path, names[:half]))
        theirs.append((name, fd, path, names[half:]))
    return mine, theirs


def _in_two_processes(folders: list[Folder]) -> tuple[list[str], list[tuple[str, str]]]:
    mine, child_half = _halves(folders)
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return _stat_here(folders)
    if pid == 0:  # the child: its half, one message, and out without running any of the parent's exit code
        status = 1
        try:
            os.close(read_end)
            view = memoryview(marshal.dumps(_stat_here(child_half)))
            while view:
                view = view[os.write(write_end, view) :]
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    chunks: list[bytes] = []
    try:
        lines, odd = _stat_here(mine)
        while chunk := os.read(read_end, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(read_end)
        try:
            status = os.waitpid(pid, 0)[1]
        except ChildProcessError:  # reaped elsewhere after all (may_fork rules out the usual cause)
            status = -1
    theirs = _received(chunks) if status == 0 else None
    if theirs is None:  # the child failed: its half is done here
        theirs = _stat_here(child_half)
    return lines + theirs[0], odd + theirs[1]


def _received(chunks: list[bytes]) -> tuple[list[str], list[tuple[str, str]]] | None:
    try:
        lines, odd = marshal.loads(b"".join(chunks))
    except (EOFError, ValueError, TypeError):
        return None
    return lines, odd


def listing_line(rel: str, st: os.stat_result) -> str:
    """A file as the freshness fingerprint hashes it (discovery.file_stats reads it back)."""
    return f"{rel}\0{st.st_size}\0{st.st_mtime_ns}"
