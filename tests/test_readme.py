"""The README shows real output: regenerating it changes nothing."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "readme.py"


@pytest.mark.skipif(not SCRIPT.is_file(), reason="scripts/ is not part of this checkout")
@pytest.mark.skipif(not (shutil.which("jq") and shutil.which("sqlite3")), reason="README examples use jq and sqlite3")
@pytest.mark.skipif(shutil.which("forumctl", path=str(Path(sys.executable).parent)) is None, reason="not installed")
def test_readme_output_is_current() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr + "\nrun `python scripts/readme.py` to regenerate"


def _jq_outputs(text: str) -> dict[str, list[object]]:
    """command -> the JSON values its README block shows, for every example piped into jq."""
    found: dict[str, list[object]] = {}
    for command, body in re.findall(r"<!-- run: (.+?) -->\n```console\n\$ .*?\n(.*?)```", text, re.DOTALL):
        if "| jq" not in command:
            continue
        values = []
        for line in body.splitlines():
            with contextlib.suppress(ValueError):  # a line of jq -r output, say, is not JSON
                values.append(json.loads(line))
        found[command] = values
    return found


def _nulls(value: object, path: str = "") -> list[str]:
    """Paths whose value is null, and arrays that hold nothing but nulls."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _nulls(v, f"{path}.{k}")]
    if isinstance(value, list):
        if value and all(v is None for v in value):
            return [f"{path}[]"]
        return [p for v in value for p in _nulls(v, f"{path}[]")]
    return [path] if value is None else []


def test_readme_jq_examples_name_keys_that_exist() -> None:
    """A jq path that names no key gives null: three examples once showed `"events":[null]` because
    they asked for .appearances[].event_id (the key is .event.id). A key null in every line of an
    example is such a path (a key that is null only sometimes is data)."""
    examples = _jq_outputs((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(examples) > 5
    for command, values in examples.items():
        if not values:
            continue
        always = set.intersection(*(set(_nulls(v)) for v in values))
        assert not always, f"{command}: {sorted(always)} null in every line"
