"""The package layout is the pipeline, and CI holds it to that: import-linter's contracts in
pyproject.toml (stages import only downwards; no typer or rich in the core), and no import cycle."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
grimp = pytest.importorskip("grimp", reason="import-linter (the test extra) is not installed")


def _lint_imports(cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    command = [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"]
    return subprocess.run([*command, "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_layer_contracts_hold() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    # The same package with one upward import (the store reaching into the CLI) must fail.
    shutil.copytree(ROOT / "src" / "forumctl", tmp_path / "src" / "forumctl")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    layout = tmp_path / "src" / "forumctl" / "store" / "layout.py"
    layout.write_text(layout.read_text(encoding="utf-8") + "\nimport forumctl.cli  # noqa\n", encoding="utf-8")
    result = _lint_imports(tmp_path, pythonpath=tmp_path / "src")
    assert result.returncode != 0, result.stdout
    assert "BROKEN" in result.stdout
    assert "forumctl.store.layout -> forumctl.cli" in result.stdout


def test_no_import_cycles() -> None:
    graph = grimp.build_graph("forumctl")
    cycles = [
        (module, imported)
        for module in sorted(graph.modules)
        for imported in graph.find_modules_directly_imported_by(module)
        if graph.find_shortest_chain(importer=imported, imported=module)
    ]
    assert cycles == []
