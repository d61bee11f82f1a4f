"""One value worked out in a forked child and sent back in one `marshal` message: the two places
the freshness scan uses a second process (statfiles.py shares the stats of a large archive out,
prefetch.py starts them before typer is imported). A child that fails in any way gives None, never
a wrong value, and is always reaped; the caller then does the work itself.
"""

from __future__ import annotations

import marshal
import os
import sys

TYPE_CHECKING = False  # typing and collections.abc cost ~10 ms to import, before the prefetch child can start
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


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


class Child:
    """A forked child working out one value (fork_call)."""

    __slots__ = ("pid", "read_end")

    def __init__(self, pid: int, read_end: int) -> None:
        self.pid = pid
        self.read_end = read_end

    def result(self) -> Any:
        """The child's value, once it has sent it and ended; None if it failed."""
        chunks: list[bytes] = []
        try:
            while chunk := os.read(self.read_end, 1 << 20):
                chunks.append(chunk)
        except OSError:
            chunks = []
        finally:
            os.close(self.read_end)
            status = _reap(self.pid)
        if status != 0 or not chunks:
            return None
        try:
            return marshal.loads(b"".join(chunks))
        except (EOFError, ValueError, TypeError):
            return None

    def stop(self) -> None:
        """Stop a child whose value is not wanted, and reap it."""
        os.close(self.read_end)
        import signal

        try:
            os.kill(self.pid, signal.SIGKILL)  # its work is unwanted, and it holds nothing that needs cleaning up
        except ProcessLookupError:  # reaped by someone else after all (may_fork rules out the usual cause)
            return
        _reap(self.pid)


def fork_call(work: Callable[[], Any]) -> Child | None:
    """A child that works out `work()` (a value marshal can send) and leaves without running any
    of this process's exit code; None if no child could be started. The caller checks may_fork."""
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:
        status = 1
        try:
            os.close(read_end)
            view = memoryview(marshal.dumps(work()))
            while view:
                view = view[os.write(write_end, view) :]
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return Child(pid, read_end)


def _reap(pid: int) -> int:
    """The child's exit status once it has ended; -1 if it was reaped elsewhere (status unknown)."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return -1
