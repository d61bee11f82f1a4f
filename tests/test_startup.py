"""What a run imports (issue #14, goal 2): a warm JSON read loads none of the heavy libraries.

Speed is never asserted in tests (benchmarks/run.py measures it), but which modules a run
imports is deterministic, and it is most of a run's time: pydantic came in with typer 0.29 and
cost ~90 ms a run; PyYAML and sqlite-utils are only for building the cache; rich only for tables.
Each read runs once to warm the cache, then again in a fresh interpreter that prints sys.modules.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pydantic", "yaml", "sqlite_utils", "rich")

# One line per read command; a new read command is one more line here.
READS = {
    "list": ["list", "--all", "--json"],
    "show": ["show", "2025", "--json"],
    "speakers": ["speakers", "현준", "--json"],
    "speakers (초성)": ["speakers", "ㄱㅎㅈ", "--json"],
    "person": ["person", "김현준", "--json"],
    "diff": ["diff", "inf-2020", "inf-2023", "--json"],
    "themes": ["themes", "--json"],
    "search": ["search", "딥테크", "--json"],
}

# What a run imports, by the benchmark's own probe (goal 2 of issue #14).
PROBE = Path(__file__).resolve().parent.parent / "benchmarks" / "import_probe.py"


def imported(words: list[str], tmp_path: Path) -> tuple[set[str], str]:
    """Top-level packages imported by a run of `forumctl WORDS`, and what it printed."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for name in ("FORUMCTL_RECORDS", "FORUMCTL_DB", "_FORUMCTL_COMPLETE"):
        env.pop(name, None)
    listing = tmp_path / "modules.json"
    result = subprocess.run(
        [sys.executable, str(PROBE), str(listing), *words], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return {name.split(".")[0] for name in json.loads(listing.read_text())}, result.stdout


@pytest.mark.parametrize("words", READS.values(), ids=READS.keys())
def test_a_warm_json_read_imports_no_heavy_library(words: list[str], tmp_path: Path) -> None:
    imported(words, tmp_path)  # builds the cache: that may use PyYAML and sqlite-utils
    modules, output = imported(words, tmp_path)
    assert json.loads(output) not in (None, [], {})
    assert sorted(modules & set(HEAVY)) == []


def test_the_first_run_builds_with_the_heavy_libraries(tmp_path: Path) -> None:
    """The probe sees imports at all: a cold run needs PyYAML to read the records."""
    modules, _ = imported(["list", "--json"], tmp_path)
    assert "yaml" in modules


def test_version_alone_does_not_import_typer(tmp_path: Path) -> None:
    modules, output = imported(["--version"], tmp_path)
    assert output.startswith("forumctl ")
    assert "typer" not in modules and "sqlite3" not in modules


def test_version_among_other_words_goes_through_typer(tmp_path: Path) -> None:
    modules, output = imported(["--version", "--help"], tmp_path)
    assert output.startswith("forumctl ")
    assert "typer" in modules
