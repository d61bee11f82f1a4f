"""Plain-text views of `check` and `new` (see tables.py and table_parts.py for the conventions)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from forumctl.output.table_parts import View

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow"}


def _check(result: dict[str, Any], console: Console, terminal: bool) -> None:
    # path:line:col: severity: message, the form editors and CI annotate
    for p in result["problems"]:
        where = ":".join(str(x) for x in (p["path"], p["line"], p["col"]) if x is not None)
        line = Text(f"{where}: ")
        line.append(p["severity"], style=SEVERITY_STYLE[p["severity"]] if terminal else "")
        line.append(f": {p['message']}")
        console.print(line, soft_wrap=True)
    counts = f"{_count(result['errors'], 'error')}, {_count(result['warnings'], 'warning')}"
    summary = f"{counts} in {_count(result['files'], 'file')}"
    console.print(Text(summary, style="bold" if terminal else ""), soft_wrap=True)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _new(created: dict[str, Any], console: Console, terminal: bool) -> None:
    console.print(Text(created["path"]), soft_wrap=True)


VIEWS: dict[str, View] = {
    "check": _check,
    "new": _new,
}
