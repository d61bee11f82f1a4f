"""Every command's JSON matches its schema in schema/output/ (written by scripts/output_schema.py).

The schemas list every key of every object as required and allow no others, so these tests pin
the whole JSON vocabulary of docs/json.md. A new command with JSON output needs a schema (the
test below fails without one) and a line in CASES.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import typer.main

from forumctl.cli import app

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schema" / "output"
BASIC = Path(__file__).parent / "fixtures" / "basic"
NAMESAKES = Path(__file__).parent / "fixtures" / "namesakes"

# One line per run: the arguments (without --json). {archive} is a writable copy of the small
# fixture archive, {tmp} a fresh folder. Runs that must exit non-zero say so with "code=N".
CASES: list[tuple[str, ...]] = [
    ("list",),
    ("list", "--all"),
    ("list", "--records", str(BASIC), "--series", "talks"),
    ("show", "3rd"),
    ("show", "2025"),
    ("show", "forum-2022", "--records", str(BASIC)),
    ("speakers",),
    ("speakers", "ㄱㅎㅈ"),
    ("speakers", "--org", "STEPI", "--role", "speaker"),
    ("speakers", "탄소중립"),
    ("speakers", "없는사람"),
    ("person", "신상철"),
    ("person", "kim-hyunjun-vuno", "--records", str(NAMESAKES)),
    ("org", "중소벤처기업부"),
    ("org", "프라운호퍼"),
    ("speakers", "--min-events", "2"),
    ("speakers", "한성숙 장관"),
    ("speakers", "공동의장"),
    ("diff", "1st", "3rd"),
    ("diff", "2025"),
    ("diff", "2025", "--stat"),
    ("themes",),
    ("themes", "--series", "tech-management-innovation-fair"),
    ("coverage",),
    ("coverage", "--all"),
    ("search", "혁신"),
    ("export", "web", "{tmp}/site"),
    ("search", "AI", "탄소중립", "--limit", "3"),
    ("sql", "select id, edition, start from events"),
    ("sql", "--schema"),
    ("check",),
    ("check", "--strict", "--records", "{archive}", "code=1"),
    ("new", "--records", "{archive}", "--series", "forum", "--start", "2026-05-20"),
    ("build", "--db", "{tmp}/forum.db"),
]


@cache
def commands() -> dict[str, Any]:
    """Every runnable command of the CLI by its full name (`export ics`), from typer's click tree
    (click's or the copy typer vendors: groups are told apart by their `commands`)."""
    found: dict[str, Any] = {}

    def walk(group: Any, prefix: str) -> None:
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                walk(command, f"{prefix}{name} ")
            else:
                found[f"{prefix}{name}"] = command

    walk(typer.main.get_command(app), "")
    return found


def speaks_json(command: Any) -> bool:
    return any("--json" in getattr(param, "opts", []) for param in command.params)


def command_of(args: tuple[str, ...]) -> str:
    return next(name for name in sorted(commands(), key=len, reverse=True) if args[: len(name.split())] == tuple(
        name.split()))  # fmt: skip


def schema_for(command: str) -> dict[str, Any]:
    path = SCHEMAS / f"{command.replace(' ', '-')}.schema.json"
    assert path.is_file(), f"`forumctl {command}` has JSON output but no schema: add it to scripts/output_schema.py"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def errors(schema: dict[str, Any], data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in validator.iter_errors(data)]


@pytest.mark.parametrize("case", CASES, ids=" ".join)
def test_json_matches_its_schema(cli, case: tuple[str, ...], archive: Path, tmp_path: Path) -> None:
    code = next((int(a[5:]) for a in case if a.startswith("code=")), 0)
    args = [a.format(archive=archive, tmp=tmp_path) for a in case if not a.startswith("code=")]
    data = json.loads(cli(*args, "--json", code=code).stdout)
    assert errors(schema_for(command_of(case)), data) == []


def test_every_bundled_event_matches_the_show_schema(cli) -> None:
    schema = schema_for("show")
    for event in cli.json("list", "--all"):
        assert errors(schema, cli.json("show", event["id"])) == [], event["id"]


def test_every_command_with_json_has_a_schema_and_a_case() -> None:
    tried = {command_of(case) for case in CASES}
    for name, command in commands().items():
        if speaks_json(command):
            schema_for(name)
            assert name in tried, f"add a line for `forumctl {name}` to CASES"


def test_every_schema_belongs_to_a_command() -> None:
    names = {f"{name.replace(' ', '-')}.schema.json" for name, c in commands().items() if speaks_json(c)}
    assert {p.name for p in SCHEMAS.glob("*.schema.json")} <= names


def test_schemas_are_current() -> None:
    script = ROOT / "scripts" / "output_schema.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr + "\nrun `python scripts/output_schema.py` to regenerate"


def keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        own = set(node["properties"]) if isinstance(node.get("properties"), dict) else set()
        return own.union(*(keys(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(keys(v) for v in node))
    return set()


def test_docs_name_every_key() -> None:
    """docs/json.md is the one description of the vocabulary: every key of every schema is in it."""
    doc = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_]+)`", doc)) | set(re.findall(r'"([a-z_]+)"', doc))
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        missing = keys(json.loads(path.read_text(encoding="utf-8"))) - documented
        assert not missing, f"{path.name}: docs/json.md does not mention {sorted(missing)}"


def test_a_schema_catches_a_renamed_key(cli) -> None:
    """The schemas are strict: the old key names of #12 fail them."""
    event = cli.json("list")[0]
    assert errors(schema_for("list"), [event]) == []
    old = {**{k: v for k, v in event.items() if k != "title"}, "title": event["title"]["ko"], "title_en": None}
    assert errors(schema_for("list"), [old]) != []
    appearance = cli.json("speakers", "김정빈")[0]["appearances"][0]
    renamed = {("as_written" if k == "person_as_written" else k): v for k, v in appearance.items()}
    person = {**cli.json("speakers", "김정빈")[0], "appearances": [renamed]}
    assert errors(schema_for("speakers"), [person]) != []
