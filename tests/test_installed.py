"""The installed `forumctl` as users run it: from any folder, through the console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = shutil.which("forumctl", path=str(Path(sys.executable).parent)) or shutil.which("forumctl")

needs_install = pytest.mark.skipif(
    SCRIPT is None and not os.environ.get("CI"), reason="forumctl is not installed in this environment"
)


def run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    assert SCRIPT is not None, "the forumctl console script is not installed"
    return subprocess.run([SCRIPT, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture
def env(isolated_env: Path) -> dict[str, str]:
    return {**os.environ, "XDG_CACHE_HOME": str(isolated_env)}


@needs_install
def test_list_from_any_folder(tmp_path: Path, env: dict[str, str]) -> None:
    result = run("list", "--json", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in json.loads(result.stdout)] == [
        "inf-2020", "inf-2020-12-plenary", "inf-2022", "inf-2022-summer", "inf-2023", "inf-2024", "inf-2025",
    ]  # fmt: skip


@needs_install
def test_errors_are_one_line_without_traceback(tmp_path: Path, env: dict[str, str]) -> None:
    result = run("show", "2099", cwd=tmp_path, env=env)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@needs_install
def test_piped_table_has_no_colour(tmp_path: Path, env: dict[str, str]) -> None:
    result = run("show", "3", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "김정빈 대표, 수퍼빈" in result.stdout and "\x1b[" not in result.stdout


@needs_install
def test_python_dash_m(tmp_path: Path, env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "forumctl", "--version"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and result.stdout.startswith("forumctl ")
