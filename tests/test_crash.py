"""Crash consistency: a forumctl killed with SIGKILL at any instant of a build or of an in-place
update leaves a cache that the next run repairs by itself, with answers equal to a clean build's,
no journal and no temporary file left behind, and the records untouched.

Named points (FORUMCTL_CRASH_AT, store/cache.py crash_point) hit every step deterministically;
kills after random delays hit the instants between them, SQLite's own writes included."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from forumctl.cli import app
from forumctl.store.cache import default_db_path

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

BUILD_POINTS = ["build:started", "build:built", "build:replacing", "build:replaced"]
UPDATE_POINTS = ["update:begun", "update:deleted", "update:inserted", "update:committing", "update:committed"]
QUESTIONS = [
    ["list", "--all"],
    ["speakers"],
    ["sql", "select count(*) as items from agenda_items_fts where agenda_items_fts match '발표'"],
    ["sql", "select (select count(*) from events) e, (select count(*) from appearances) a, (select count(*) from "
            "names) n, (select count(*) from files) f, (select value from meta where key = 'fingerprint') fp"],
]  # fmt: skip


def run(records: Path, cache: Path, *args: str, crash_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop("FORUMCTL_CRASH_AT", None)
    if crash_at:
        env["FORUMCTL_CRASH_AT"] = crash_at
    command = [sys.executable, "-m", "forumctl", *args, "--records", str(records)]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)


def answers(records: Path, cache: Path) -> list[object]:
    """The answers to QUESTIONS, asked in this process (cheaper than a process each)."""
    out = []
    for question in QUESTIONS:
        result = CliRunner().invoke(app, [*question, "--json", "--records", str(records)],
                                    env={"XDG_CACHE_HOME": str(cache)})  # fmt: skip
        assert result.exit_code == 0, result.output
        out.append(json.loads(result.stdout))
    return out


def assert_recovered(records: Path, cache: Path, clean: list[object]) -> None:
    """The next run, a new process, succeeds; then the cache answers as a clean build does, and
    the cache folder holds the database alone, whole."""
    result = run(records, cache, "list", "--all", "--json")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert json.loads(result.stdout) == clean[0]
    assert answers(records, cache) == clean
    db = default_db_path(records).name
    left = sorted(p.name for p in (cache / "forumctl").iterdir() if p.name != db)
    assert left == [], left
    conn = sqlite3.connect(cache / "forumctl" / db)
    assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
    conn.close()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    generator = Path(__file__).parent.parent / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("generate", generator)
    if spec is None or spec.loader is None:
        pytest.skip("benchmarks/ is not part of this checkout")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("crash") / "synthetic"
    module.generate(out, events=120, people_count=300)
    return out


def edit(records: Path, count: int, mark: str) -> None:
    """Change `count` event files (a comment and a theme word), so an update has real work."""
    for path in sorted(records.glob("synthetic-forum/*.yaml"))[:count]:
        text = path.read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if not line.startswith("# crash-test")]
        lines.insert(0, f"# crash-test {mark}")
        lines = [f"notes: 수정 {mark}" if line.startswith("notes:") else line for line in lines]
        if not any(line.startswith("notes:") for line in lines):
            lines.append(f"notes: 수정 {mark}")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def clean_answers(records: Path, tmp_path: Path, name: str) -> list[object]:
    return answers(records, tmp_path / f"clean-{name}")


@pytest.mark.parametrize("point", BUILD_POINTS)
def test_killed_first_build(archive: Path, tmp_path: Path, point: str) -> None:
    before = snapshot(archive)
    clean = clean_answers(archive, tmp_path, "x")
    cache = tmp_path / "cache"
    assert run(archive, cache, "list", crash_at=point).returncode == -signal.SIGKILL
    assert_recovered(archive, cache, clean)
    assert snapshot(archive) == before


@pytest.mark.parametrize("point", BUILD_POINTS)
def test_killed_rebuild_over_an_old_cache(archive: Path, tmp_path: Path, point: str) -> None:
    cache = tmp_path / "cache"
    assert run(archive, cache, "list").returncode == 0
    with (archive / "orgs.yaml").open("a", encoding="utf-8") as f:  # a registry change means a full build
        f.write("- {name: 새기관}\n")
    clean = clean_answers(archive, tmp_path, "x")
    assert run(archive, cache, "list", crash_at=point).returncode == -signal.SIGKILL
    assert_recovered(archive, cache, clean)


@pytest.mark.parametrize("point", UPDATE_POINTS)
def test_killed_in_place_update(synthetic: Path, tmp_path: Path, point: str) -> None:
    cache = tmp_path / "cache"
    edit(synthetic, 3, "before")
    assert run(synthetic, cache, "list").returncode == 0
    edit(synthetic, 6, point)
    clean = clean_answers(synthetic, tmp_path, point)
    before = snapshot(synthetic)
    assert run(synthetic, cache, "list", crash_at=point).returncode == -signal.SIGKILL
    if point in ("update:deleted", "update:inserted", "update:committing"):
        assert (cache / "forumctl" / (default_db_path(synthetic).name + "-journal")).exists()
    assert_recovered(synthetic, cache, clean)
    assert snapshot(synthetic) == before


def kill_after(records: Path, cache: Path, delay: float) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop("FORUMCTL_CRASH_AT", None)
    proc = subprocess.Popen([sys.executable, "-m", "forumctl", "list", "--records", str(records)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)


def test_killed_at_random_instants(synthetic: Path, tmp_path: Path) -> None:
    """Builds and updates killed after random delays, the cache reused from one round to the next."""
    rng = random.Random(15)
    cache = tmp_path / "cache"
    assert run(synthetic, cache, "list").returncode == 0
    started = time.monotonic()
    assert run(synthetic, cache, "list").returncode == 0
    warm = time.monotonic() - started  # start-up and a fresh check: kills after this land in the work
    for round_ in range(6):
        edit(synthetic, 12, f"random {round_}")
        kill_after(synthetic, cache, warm * rng.uniform(0.6, 2.5))
        if round_ % 2:
            assert_recovered(synthetic, cache, clean_answers(synthetic, tmp_path, f"r{round_}"))
    with (synthetic / "topics.yaml").open("a", encoding="utf-8") as f:  # a full build, killed twice
        f.write("- {name: 충돌시험}\n")
    for _ in range(2):
        kill_after(synthetic, cache, warm * rng.uniform(1.0, 4.0))
    assert_recovered(synthetic, cache, clean_answers(synthetic, tmp_path, "final"))


def test_journal_left_by_an_older_forumctl_is_rolled_back(archive: Path, tmp_path: Path) -> None:
    """The issue's case: a hot journal beside the cache used to make every run fail with
    'attempt to write a readonly database'; now the next run rolls it back."""
    cache = tmp_path / "cache"
    assert run(archive, cache, "list").returncode == 0
    db = cache / "forumctl" / default_db_path(archive).name
    killer = (
        "import os, signal, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('pragma cache_size = 1'); c.execute('begin immediate')\n"
        "c.execute('delete from appearances'); c.execute('update events set title = title || title')\n"
        "c.execute(\"update meta set value = 'half' where key = 'fingerprint'\")\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", killer, str(db)], check=False)
    assert (db.parent / (db.name + "-journal")).exists()
    assert_recovered(archive, cache, clean_answers(archive, tmp_path, "x"))
