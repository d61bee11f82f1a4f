"""The freshness scan stats a large archive in two processes (recordfiles/statfiles.py): the answer
is the same as one process gives, whatever the folder holds; a child that fails costs time, not
correctness; no child outlives the scan; and no fork happens while other threads run."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from forumctl.recordfiles import forked, statfiles
from forumctl.recordfiles.discovery import scan_tree

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the scan forks on Linux only")


@pytest.fixture
def odd_tree(tmp_path: Path) -> Path:
    """Ordinary records, and in among them (so in both halves) every kind of entry the fast path
    leaves to discovery.py: links in and out, a dangling link, a folder, a FIFO, lookalike names."""
    root = tmp_path / "records"
    for series in ("forum", "fair"):
        folder = root / series
        folder.mkdir(parents=True)
        for n in range(40):
            (folder / f"{series}-{n:03}.yaml").write_text(f"id: {series}-{n:03}\n")
        (folder / "z-link.yaml").symlink_to(folder / f"{series}-000.yaml")
        (folder / "a-dangling.yaml").symlink_to("missing")
        (folder / "m-outside.yaml").symlink_to("/dev/null")
        (folder / "k-folder.yaml").mkdir()
        (folder / "b-wrong.yml").write_text("id: x\n")
        (folder / ".hidden.yaml").write_text("id: x\n")
        (folder / "notes.txt").write_text("not a record\n")
        (folder / "tab\there.yaml").write_text("id: x\n")
        os.mkfifo(folder / "p-fifo.yaml")
    (root / "series.yaml").write_text("- id: forum\n")
    return root


def _forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the pid of every child the scan forks."""
    pids: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.setattr(statfiles, "may_fork", lambda: True)  # whatever threads the test runner has
    return pids


def _one_process(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    with monkeypatch.context() as m:
        m.setattr(statfiles, "PARALLEL_FROM", 10**9)
        files, problems = scan_tree(root)
    return files, [(p.path, p.message) for p in problems]


def _two_processes(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    monkeypatch.setattr(statfiles, "PARALLEL_FROM", 1)
    files, problems = scan_tree(root)
    return files, [(p.path, p.message) for p in problems]


def test_two_processes_see_what_one_sees(odd_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _one_process(odd_tree, monkeypatch)
    files, problems = expected
    # per folder: 40 records, the link inside and the name with a tab read; 5 entries reported
    assert len(files) == 1 + 2 * 42 and len(problems) == 2 * 5, problems  # type: ignore[arg-type]
    pids = _forks(monkeypatch)
    assert _two_processes(odd_tree, monkeypatch) == expected
    assert len(pids) == 1
    with pytest.raises(ChildProcessError):  # reaped by the scan: no zombie left behind
        os.waitpid(pids[0], os.WNOHANG)


def test_a_failing_child_costs_time_not_correctness(odd_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _one_process(odd_tree, monkeypatch)
    pids = _forks(monkeypatch)

    def broken(_: object) -> bytes:  # runs in the child only: the parent never encodes a message
        raise OSError("no message")

    monkeypatch.setattr(forked.marshal, "dumps", broken)
    assert _two_processes(odd_tree, monkeypatch) == expected
    assert len(pids) == 1


def test_files_edited_in_place_are_seen(odd_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _forks(monkeypatch)
    before, _ = _two_processes(odd_tree, monkeypatch)
    for series in ("forum", "fair"):  # one file in each half of each folder
        for n in (1, 38):
            with open(odd_tree / series / f"{series}-{n:03}.yaml", "a") as f:
                f.write("notes: edited\n")
    after, _ = _two_processes(odd_tree, monkeypatch)
    changed = {f[0] for f in after if f not in before}  # type: ignore[attr-defined,operator]
    assert changed == {f"{s}/{s}-{n:03}.yaml" for s in ("forum", "fair") for n in (1, 38)}


def test_no_fork_while_other_threads_run() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert statfiles.may_fork() is False
    finally:
        stop.set()
        other.join(timeout=10)
