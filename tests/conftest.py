from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from forumctl.cli import app

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own cache folder and no FORUMCTL_* settings from the caller's shell."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    for name in ("FORUMCTL_RECORDS", "FORUMCTL_DB", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return cache


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A writable copy of the small fixture archive."""
    dest = tmp_path / "records"
    shutil.copytree(FIXTURES / "basic", dest)
    return dest


class Cli:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int = 0) -> Any:
        result = self.runner.invoke(app, list(args))
        assert result.exit_code == code, result.output
        return result

    def json(self, *args: str) -> Any:
        result = self(*args, "--json")
        return json.loads(result.stdout)


@pytest.fixture
def cli() -> Cli:
    return Cli()
