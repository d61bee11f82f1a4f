"""The README's table of shared options says truly which commands take each option."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from forumctl.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, set[str]]:
    """Command name ('export ics' for a subcommand) -> its long options."""
    group = typer.main.get_command(app)
    found: dict[str, set[str]] = {}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        for sub_name, sub in getattr(command, "commands", {}).items():
            found[f"{name} {sub_name}"] = {o for p in sub.params for o in p.opts if o.startswith("--")}
        if not hasattr(command, "commands"):
            found[name] = {o for p in command.params for o in p.opts if o.startswith("--")}
    return found


def _taken_by(row: str, every: set[str]) -> set[str]:
    """The commands a 'taken by' cell names: a list, 'every command' or 'all but ...'."""
    if row.startswith("every command"):
        return every
    named = set(re.findall(r"`([a-z ]+)`", row))
    return every - named if row.startswith("all but") else named


def test_the_shared_options_table_names_the_commands_that_take_each_option() -> None:
    commands = _commands()
    every = set(commands)
    table = README.split("## Options the commands share", 1)[1].split("\n## ", 1)[0]
    rows = [line.split(" | ") for line in table.splitlines() if line.startswith("| `--")]
    cells = {re.match(r"\| `(--[a-z-]+)", r[0]).group(1): r[-1].rstrip(" |") for r in rows}  # type: ignore[union-attr]
    cells["--bom"] = cells["--fields"] if cells.get("--bom") == "as `--fields`" else cells["--bom"]
    assert {"--records", "--db", "--series", "--format", "--json", "--fields", "--color"} <= set(cells)
    for option, cell in cells.items():
        said = _taken_by(cell, every)
        actual = {name for name, options in commands.items() if option in options}
        assert said == actual, (option, sorted(said ^ actual))
