"""`forumctl serve`: the archive in Datasette, read-only, on the loopback address by default.

Brings the database up to date, takes a web copy of it into a private temporary folder
(export.snapshot), and serves that copy immutable through Datasette's Python API and uvicorn
(the server Datasette itself runs on). Ctrl-C and SIGTERM stop it cleanly: uvicorn finishes
the requests in flight, the temporary copy is removed, and forumctl exits 0.
"""

from __future__ import annotations

import ipaddress
import signal
import socket
import sys
import tempfile
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from forumctl import __version__, api
from forumctl.errors import ForumctlError
from forumctl.web import DB_NAME
from forumctl.web.export import TEMPLATES, metadata_of, snapshot
from forumctl.web.metadata import SETTINGS

INSTALL = "pip install 'forumctl[web]' (in a clone: pip install '.[web]')"


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on host:port, so that a busy port is a one-line error before anything starts
    and a client that connects as soon as `serving` is printed is answered, not refused."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except (OSError, UnicodeError) as exc:
        raise ForumctlError(f"cannot listen on {host}:{port}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)  # connections wait in the backlog from now on, before uvicorn starts accepting
    except OSError as exc:
        sock.close()
        raise ForumctlError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _require() -> None:
    try:
        import datasette.app  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise ForumctlError(f"forumctl serve needs Datasette, which is not installed: {INSTALL}") from None


def datasette_for(db_file: Path) -> Any:
    """A Datasette instance serving a web copy (export.snapshot) immutable, with the archive's metadata
    and templates: what `forumctl serve` runs, and what the tests ask through Datasette's own client."""
    _require()
    from datasette.app import Datasette

    return Datasette(immutables=[str(db_file)], metadata=metadata_of(db_file), template_dir=str(TEMPLATES),
                     settings=SETTINGS, version_note=f"forumctl {__version__}")  # fmt: skip


def serve(host: str = "127.0.0.1", port: int = 8001, records: str | None = None, db: str | None = None) -> None:
    """Serve the archive until Ctrl-C or SIGTERM."""
    _require()
    import uvicorn

    store = api.connect(records, db)
    sock = listen(host, port)
    # Until uvicorn takes over (and after it hands back, re-raising what it caught), both signals
    # stop the server the way Ctrl-C does, so that the temporary copy is always removed.
    main_thread = threading.current_thread() is threading.main_thread()  # signals can be caught only there
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)} if main_thread else {}
    try:
        with sock, tempfile.TemporaryDirectory(prefix="forumctl-web-") as tmp:
            db_file = Path(tmp) / f"{DB_NAME}.db"
            snapshot(store.conn, db_file)
            store.conn.close()
            server = uvicorn.Server(uvicorn.Config(datasette_for(db_file).app(), log_level="warning", lifespan="on"))
            if not _is_loopback(host):
                sys.stderr.write(f"forumctl: warning: {host} is not a loopback address: others can read the archive\n")
            sys.stderr.write(f"forumctl: serving {store.records} at {url_of(sock)} (Ctrl-C to stop)\n")
            sys.stderr.flush()
            server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    sys.stderr.write("forumctl: server stopped\n")
