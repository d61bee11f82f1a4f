"""The benchmark's synthetic archive, at a small size: it loads, it is valid, it is deterministic."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"


@pytest.fixture(scope="module")
def generate():
    if not GENERATOR.is_file():
        pytest.skip("benchmarks/ is not part of this checkout")
    spec = importlib.util.spec_from_file_location("generate", GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def test_small_synthetic_archive_loads_and_is_valid(cli, generate, tmp_path: Path) -> None:
    out = tmp_path / "synthetic"
    generate(out, events=60, people_count=300)
    assert len(list(out.rglob("*.yaml"))) == 64  # 4 registries and 60 events
    checked = json.loads(cli("check", "--records", str(out), "--json").stdout)
    assert checked["errors"] == 0 and checked["files"] == 64
    summary = cli.json("build", "--records", str(out), "--db", str(tmp_path / "s.db"))
    assert summary["counts"]["events"] == 60 and summary["counts"]["series"] == 5
    assert len(cli.json("list", "--all", "--records", str(out), "--db", str(tmp_path / "s.db"))) == 60
    assert cli.json("show", "sf-00005", "--records", str(out), "--db", str(tmp_path / "s.db"))["id"] == "sf-00005"


def test_generator_is_deterministic(generate, tmp_path: Path) -> None:
    generate(tmp_path / "a", events=20, people_count=100)
    generate(tmp_path / "b", events=20, people_count=100)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)


def _rows(db: Path) -> dict[str, list[tuple]]:
    from forumctl.store.layout import TABLES

    conn = sqlite3.connect(db)
    try:
        return {table: conn.execute(f"select * from [{table}] order by 1, 2").fetchall() for table in TABLES}
    finally:
        conn.close()


def test_parallel_build_matches_and_reports_errors_whole(cli, generate, tmp_path: Path, monkeypatch) -> None:
    import forumctl.recordfiles.archive

    out = tmp_path / "synthetic"
    generate(out, events=40, people_count=200)
    serial = cli.json("build", "--records", str(out), "--db", str(tmp_path / "serial.db"))
    monkeypatch.setattr(forumctl.recordfiles.archive, "PARALLEL_FROM", 1)  # worker processes even for 40 files
    parallel = cli.json("build", "--records", str(out), "--db", str(tmp_path / "parallel.db"))
    assert parallel["counts"] == serial["counts"]
    # worker processes parsing the events give the same database, row for row
    assert _rows(tmp_path / "parallel.db") == _rows(tmp_path / "serial.db")
    broken = out / "synthetic-fair" / "sfair-00001.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "speakrs: []\n", encoding="utf-8")
    result = cli("build", "--records", str(out), "--db", str(tmp_path / "parallel.db"), code=1)
    assert f"{broken}:" in result.stderr and "unknown key 'speakrs'" in result.stderr


def test_registries_apart_and_chunked_workers_match_and_report_errors_whole(cli, generate, tmp_path: Path,
                                                                            monkeypatch) -> None:  # fmt: skip
    """The large-archive path: registries parsed in a child process, events in small chunks with
    few in flight, gives the same database as one process, and a registry error arrives whole."""
    import forumctl.recordfiles.archive as archive

    out = tmp_path / "synthetic"
    generate(out, events=40, people_count=200)
    serial = cli.json("build", "--records", str(out), "--db", str(tmp_path / "serial.db"))
    monkeypatch.setattr(archive, "PARALLEL_FROM", 1)
    monkeypatch.setattr(archive, "APART_FROM", 0)
    monkeypatch.setattr(archive, "CHUNK", 3)
    monkeypatch.setattr(archive, "IN_FLIGHT", 1)
    apart = cli.json("build", "--records", str(out), "--db", str(tmp_path / "apart.db"))
    assert apart["counts"] == serial["counts"]
    query = "select id, document from events order by id"
    assert cli.json("sql", query, "--db", str(tmp_path / "apart.db"), "--records", str(out)) == cli.json(
        "sql", query, "--db", str(tmp_path / "serial.db"), "--records", str(out)
    )
    people = out / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "- id: p00000\n  name: 둘째\n", encoding="utf-8")
    result = cli("build", "--records", str(out), "--db", str(tmp_path / "apart.db"), code=1)
    assert f"{people}:" in result.stderr and "listed twice" in result.stderr
