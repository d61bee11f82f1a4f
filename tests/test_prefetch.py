"""A named records folder is scanned by a child forked at the start of the run (recordfiles/
prefetch.py): its digest is that of the listing an in-process scan gives, it is used only for the folder it
was taken of and only once, and every way it can go wrong falls back to the in-process scan with
no child left behind."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from forumctl import api
from forumctl.recordfiles import discovery, prefetch, statfiles
from forumctl.recordfiles.discovery import scan_listing, scan_records
from test_installed import SCRIPT, needs_install

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the prefetch forks on Linux only")


@pytest.fixture
def forkable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever threads the test runner has (the real start is before any thread exists)."""
    monkeypatch.setattr(prefetch, "may_fork", lambda: True)
    monkeypatch.setattr(prefetch, "_pending", None)


def _reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["list", "--records", "/a"], "/a"),
        (["list", "--records=/a"], "/a"),
        (["--records", "/a", "list", "--records", "/b"], "/b"),  # click keeps the last
        (["search", "--", "--records", "/a"], None),  # after `--` it is a word, not an option
        (["list", "--records"], None),  # no value: typer reports it
        (["list"], None),
    ],
)
def test_the_folder_named_on_the_command_line(argv: list[str], named: str | None) -> None:
    assert prefetch._records_named(argv) == named


def test_prefetched_digest_is_the_scans(archive: Path, forkable: None) -> None:
    prefetch.start(["list", "--records", str(archive)])
    assert prefetch._pending is not None
    pid = prefetch._pending[1].pid
    assert prefetch.taken(archive) == statfiles.listing_digest(scan_listing(archive)[0])
    assert prefetch._pending is None and _reaped(pid)
    assert prefetch.taken(archive) is None  # once only: a later scan of the run looks again


def test_the_freshness_check_takes_it(archive: Path, forkable: None) -> None:
    prefetch.start(["list", "--records", str(archive)])
    assert prefetch._pending is not None
    pid = prefetch._pending[1].pid
    assert [e["id"] for e in api.list_events(str(archive))] == [
        "forum-2021", "forum-2022", "forum-2024-spring", "forum-2024-autumn",
    ]  # fmt: skip
    assert prefetch._pending is None and _reaped(pid)


def test_records_changed_since_the_build_are_read_by_a_listing_made_here(archive: Path, forkable: None) -> None:
    assert api.list_events(str(archive))[0]["venue"] == "테스트홀"
    record = archive / "forum" / "forum-2021.yaml"
    record.write_text(record.read_text().replace("테스트홀", "새 테스트홀"))
    prefetch.start(["list", "--records", str(archive)])  # the child sends a digest the database does not have
    assert prefetch._pending is not None
    pid = prefetch._pending[1].pid
    assert api.list_events(str(archive))[0]["venue"] == "새 테스트홀"
    assert prefetch._pending is None and _reaped(pid)
    assert api.list_events(str(archive))[0]["venue"] == "새 테스트홀"  # and the update left it fresh


def test_plain_listing_is_the_scans_where_it_gives_one(archive: Path, tmp_path: Path) -> None:
    """The child's lean scan (statfiles.plain_listing) gives scan_listing's very lines for a plain
    archive, and nothing (so the parent scans) for anything scan_listing looks at more closely."""
    bundled = discovery.default_records_dir()
    for root in (archive, bundled, Path(__file__).parent / "fixtures" / "unknown"):
        assert statfiles.plain_listing(str(root)) == scan_listing(root, split=False)[0] != []
    (archive / ".hidden.yaml").write_text("x")  # hidden: ignored by both
    (archive / "forum" / ".draft.yaml").write_text("x")
    (archive / "NOTES.txt").write_text("x")  # not YAML, at the top: ignored by both
    assert statfiles.plain_listing(str(archive)) == scan_listing(archive)[0]

    def unusual(change: Callable[[Path], object]) -> None:
        copy = tmp_path / f"copy{len(list(tmp_path.iterdir()))}"
        shutil.copytree(archive, copy)
        change(copy)
        assert statfiles.plain_listing(str(copy)) is None

    unusual(lambda r: (r / "stray.yaml").write_text("id: x\n"))  # a record at the top: a problem
    unusual(lambda r: (r / "Series.YML").write_text("x"))
    unusual(lambda r: (r / "forum" / "README.md").write_text("x"))  # ignored, but looked at by name
    unusual(lambda r: (r / "forum" / "old").mkdir())  # a folder below a series folder
    unusual(lambda r: (r / "forum" / "x.yml").write_text("x"))
    unusual(lambda r: (r / "linked").symlink_to(r / "forum"))
    unusual(lambda r: (r / "forum" / "forum-2099.yaml").symlink_to(r / "forum" / "forum-2021.yaml"))
    unusual(lambda r: (r / "bad\u202ename").mkdir())
    unusual(lambda r: (r / "forum" / "bad\u202e.yaml").write_text("x"))
    unusual(lambda r: ((r / "people.yaml").unlink(), (r / "people.yaml").mkdir()))
    assert statfiles.plain_listing(str(tmp_path / "missing")) is None


def test_a_digest_that_is_not_the_databases_is_checked_again_here(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from forumctl.store import freshness

    api.list_events(str(archive))
    monkeypatch.setattr(freshness, "taken", lambda root: "0" * 64)  # as from a listing taken mid-edit
    store = api.connect(str(archive))
    assert store.rebuilt is False  # scanned again, found the database fresh: nothing rebuilt or updated


def test_another_folder_is_scanned_here_and_the_child_stopped(archive: Path, tmp_path: Path, forkable: None) -> None:
    other = tmp_path / "other"
    shutil.copytree(archive, other)
    (other / "forum" / "extra.yaml").write_text((archive / "forum" / "forum-2021.yaml").read_text())
    prefetch.start(["list", f"--records={archive}"])
    assert prefetch._pending is not None
    pid = prefetch._pending[1].pid
    assert prefetch.taken(other) is None
    assert any(line.startswith("forum/extra.yaml\0") for line in scan_records(other))
    prefetch._discard()  # what the exit handler does
    assert prefetch._pending is None and _reaped(pid)


def test_a_folder_with_problems_is_left_to_the_parent(archive: Path, forkable: None) -> None:
    (archive / "forum" / "wrong.yml").write_text("id: x\n")
    prefetch.start(["list", "--records", str(archive)])
    assert prefetch.taken(archive) is None  # the child found a problem: the parent finds and words it
    with pytest.raises(Exception, match=r"wrong\.yml"):
        scan_records(archive)


def test_a_failed_child_costs_time_not_correctness(
    archive: Path, forkable: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise OSError("no stats today")

    monkeypatch.setattr(statfiles, "plain_listing", broken)  # the child inherits it, and fails
    prefetch.start(["list", "--records", str(archive)])
    assert prefetch._pending is not None
    pid = prefetch._pending[1].pid
    assert prefetch.taken(archive) is None
    assert _reaped(pid)


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],  # no folder named, FORUMCTL_RECORDS unset (conftest): the bundled archive
        ["list", "--records", "  "],  # blank: typer's parse makes it an error
        ["list", "--records", "~nobody-here-at-all/x"],  # a home that does not exist
        ["serve", "--records", "/somewhere"],  # its snapshot would date from before its imports
        ["check", "--records", "/somewhere"],  # check and new never open the database
        ["new", "--records", "/somewhere", "--series", "forum"],
        ["--help", "--records", "/somewhere"],
        ["--records", "/somewhere"],
    ],
)
def test_no_child_where_none_would_be_used(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prefetch, "_pending", None)
    monkeypatch.setattr(prefetch, "may_fork", lambda: True)
    prefetch.start(argv)
    assert prefetch._pending is None


def test_no_fork_with_other_threads_or_sigchld_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prefetch, "_pending", None)
    monkeypatch.setattr(prefetch, "may_fork", lambda: False)
    prefetch.start(["list", "--records", "/somewhere"])
    assert prefetch._pending is None
    monkeypatch.undo()
    threads_alone = statfiles.may_fork()  # whatever the test runner's threads say
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        assert statfiles.may_fork() is False  # the kernel would reap the child: no status to read
    finally:
        signal.signal(signal.SIGCHLD, previous)
    assert statfiles.may_fork() is threads_alone


def _plain_run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """forumctl without its console script's start, so with no prefetch: the reference answer."""
    code = "import sys; from forumctl.cli import main; sys.argv[0] = 'forumctl'; main()"
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=60)


@needs_install
@pytest.mark.parametrize("how", ["option", "variable"])
def test_installed_runs_answer_as_without_prefetch_and_see_edits(archive: Path, tmp_path: Path, how: str) -> None:
    assert SCRIPT is not None
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    args = ["list", "--json"]
    if how == "option":
        args += ["--records", str(archive)]
    else:
        env["FORUMCTL_RECORDS"] = str(archive)

    def both() -> tuple[object, object]:
        fast = subprocess.run([SCRIPT, *args], env=env, capture_output=True, text=True, timeout=60)
        plain = _plain_run(*args, env=env)
        assert fast.returncode == 0 and plain.returncode == 0, fast.stderr + plain.stderr
        return json.loads(fast.stdout), json.loads(plain.stdout)

    fast, plain = both()
    assert fast == plain and len(fast) >= 2  # type: ignore[arg-type]
    record = archive / "forum" / "forum-2021.yaml"
    with record.open("r+") as f:  # edited in place: only the file's own size and time change
        text = f.read().replace("테스트홀", "새 테스트홀")
        f.seek(0)
        f.write(text)
    fast, plain = both()
    assert fast == plain
    assert [e["venue"] for e in fast if e["id"] == "forum-2021"] == ["새 테스트홀"]  # type: ignore[attr-defined]


# Runs forumctl's console-script entry (so the prefetch starts as it does for users) and reports
# on stderr whether the freshness check used the listing and whether the child was reaped by the
# end (the checker is registered before main(), so it runs after prefetch's exit handler).
SPY = """
import atexit, os, sys
from forumctl.recordfiles import prefetch
from forumctl.store import freshness
used = []
real_taken = freshness.taken
def taken(root):
    got = real_taken(root)
    used.append(got is not None)
    return got
freshness.taken = taken
real_start = prefetch.start
children = []
def start(argv):
    real_start(argv)
    if prefetch._pending is not None:
        children.append(prefetch._pending[1].pid)
prefetch.start = start
def report():
    reaped = []
    for pid in children:
        try:
            os.waitpid(pid, os.WNOHANG)
            reaped.append(False)
        except ChildProcessError:
            reaped.append(True)
    print(f"SPY children={len(children)} used={used} reaped={reaped}", file=sys.stderr)
atexit.register(report)
sys.argv = ["forumctl", *sys.argv[1:]]
from forumctl.__main__ import main
main()
"""


def _entry(*args: str, env: dict[str, str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", SPY, *args], env=env, capture_output=True, text=True, timeout=60,
                          **kwargs)  # type: ignore[call-overload]  # fmt: skip


@pytest.fixture
def entry_env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}


def test_the_console_entry_prefetches_and_reaps(archive: Path, entry_env: dict[str, str]) -> None:
    result = _entry("list", "--records", str(archive), "--json", env=entry_env)
    assert result.returncode == 0, result.stderr
    assert "SPY children=1 used=[True] reaped=[True]" in result.stderr
    assert len(json.loads(result.stdout)) == 4


def test_an_unused_child_is_stopped_at_exit(archive: Path, entry_env: dict[str, str]) -> None:
    result = _entry("list", "--records", str(archive), "--format", "nope", env=entry_env)
    assert result.returncode == 2, result.stderr  # the parse fails: the database is never opened
    assert "SPY children=1 used=[] reaped=[True]" in result.stderr


def test_sigchld_ignored_by_the_caller(archive: Path, entry_env: dict[str, str]) -> None:
    """The setting survives exec; the kernel would reap the child before its status is read."""

    def ignore_sigchld() -> None:
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)

    result = _entry("list", "--records", str(archive), "--json", env=entry_env, preexec_fn=ignore_sigchld)
    assert result.returncode == 0, result.stderr
    assert "SPY children=0 used=[False]" in result.stderr  # no child: scanned in-process
    assert len(json.loads(result.stdout)) == 4


def test_the_commands_prefetched_are_commands() -> None:
    from forumctl.cli import COMMANDS

    assert prefetch.QUERIES.issubset({*COMMANDS, "export"})
    assert not prefetch.QUERIES & {"serve", "check", "new"}
