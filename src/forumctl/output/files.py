"""Writing a command's output to a file (`export ics -o FILE`), or to standard output for `-` or none.

The file is written whole or not at all: to a temporary file beside it, renamed into place. Its
folder must exist (a mistyped folder is an error, not a new folder), and a folder is not a file.
A target that is no regular file (/dev/null, a FIFO, bash's `>(...)`) is written into as it is,
never replaced; a symbolic link stays, and the file it points to is replaced.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from forumctl.errors import UsageError, WriteError


def write_output(data: bytes, target: str | None) -> None:
    """Write `data` to the file `target`, or to standard output when target is None or `-`."""
    if target is None or target == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    if not target.strip():
        raise UsageError("the output file name is empty (use -o FILE, or -o - for standard output)")
    path = Path(target).expanduser()
    folder = path.parent
    try:
        if path.is_dir():
            raise WriteError(f"cannot write {target}: it is a folder; name a file inside it, say {path / 'forum.ics'}")
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "does not exist"
            raise WriteError(f"cannot write {target}: the folder {folder} {what} (create it first)")
        if path.exists() and not path.is_file():  # /dev/null, /dev/stdout, a FIFO, bash's >(gzip): write into it
            with open(path, "wb") as f:
                f.write(data)
            return
        path = path.resolve() if path.is_symlink() else path  # replace the file a link points to, not the link
        folder = path.parent
    except OSError as exc:  # a name too long, a folder that may not be looked into
        raise WriteError(f"cannot write {target}: {exc.strerror or exc}") from None
    import tempfile  # here, not at the top: cli.py imports this module on every run, and tempfile costs ~2 ms

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else _default_mode())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise WriteError(f"cannot write {target}: {exc.strerror or exc}") from None


def _default_mode() -> int:
    """The mode a new file gets (0o666 less the umask), which mkstemp's 0o600 would not give."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
