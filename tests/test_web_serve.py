"""`forumctl serve` as a user runs it, without a browser: a subprocess on a free loopback port,
asked over HTTP, stopped with Ctrl-C (SIGINT); a busy port is a one-line error. (The browser test,
tests/test_web_browser.py, stops it with SIGTERM.)"""

from __future__ import annotations

import json
import selectors
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("datasette", reason="the web extra (Datasette) is not installed")

FIXTURE = Path(__file__).parent / "fixtures" / "basic"
START_TIMEOUT = 60  # seconds for the server to build its database and listen


def serve(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "forumctl", "serve", "--records", str(FIXTURE), "--db",
               str(tmp_path / "archive.db"), *args]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_for_url(proc: subprocess.Popen[str]) -> str:
    """The address the server says it serves at, waiting at most START_TIMEOUT."""
    assert proc.stderr is not None
    selector = selectors.DefaultSelector()
    selector.register(proc.stderr, selectors.EVENT_READ)
    deadline, line = time.monotonic() + START_TIMEOUT, ""
    while "serving" not in line:
        if time.monotonic() > deadline or proc.poll() is not None or not selector.select(deadline - time.monotonic()):
            pytest.fail(f"forumctl serve did not start: {line}")
        line = proc.stderr.readline()
    return line.split(" at ", 1)[1].split()[0]


def stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200
        return str(response.read().decode("utf-8"))


def test_serve_answers_on_loopback_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    proc = serve(tmp_path, "--port", "0")
    try:
        url = wait_for_url(proc)
        assert url.startswith("http://127.0.0.1:")  # the loopback address by default
        assert "<title>" in fetch(url) and "forumctl" in fetch(url + "-/versions.json")
        databases = json.loads(fetch(url + "-/databases.json"))
        assert [d["is_mutable"] for d in databases] == [False]
        hits = json.loads(fetch(url + f"forum/search.json?q={quote('첫 주제')}&_shape=array"))
        assert hits[0]["event_id"] == "forum-2021" and hits[0]["field"] == "theme"
        proc.send_signal(signal.SIGINT)  # Ctrl-C
        assert proc.wait(timeout=30) == 0
        assert proc.stderr is not None and proc.stderr.read() == "forumctl: server stopped\n"
    finally:
        stop(proc)
    with pytest.raises(OSError):
        fetch(url)


def test_a_busy_port_is_a_one_line_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = serve(tmp_path, "--port", str(port))
        try:
            assert proc.wait(timeout=START_TIMEOUT) == 1
            assert proc.stderr is not None
            error = proc.stderr.read()
        finally:
            stop(proc)
    assert error.startswith(f"forumctl: error: cannot listen on 127.0.0.1:{port}: ") and error.count("\n") == 1
