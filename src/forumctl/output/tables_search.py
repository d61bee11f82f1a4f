"""Table layouts of `search` and `export web` (see tables.py and table_parts.py for the conventions)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from forumctl.output.table_parts import View, localized, print_table

SHOWN = 6  # matches per event in the table; JSON, CSV and the rest have them all


def _lowered(text: str) -> str:
    """Lower-cased character by character, so positions in it are positions in `text`."""
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def marked(snippet: str, words: list[str], terminal: bool) -> Text:
    """The snippet with the words that matched in bold yellow (on a terminal only: piped text stays as written)."""
    text = Text(snippet)
    if terminal:
        low = _lowered(snippet)
        for word in words:
            start = 0
            while word and (at := low.find(word, start)) >= 0:
                text.stylize("bold yellow", at, at + len(word))
                start = at + len(word)
    return text


def _search(hits: list[dict[str, Any]], console: Console, terminal: bool) -> None:
    for number, hit in enumerate(hits):
        if number:
            console.print()
        heading = Text(f"{hit['id']}  {hit['start']}  ", style="bold" if terminal else "")
        heading.append(localized(hit["title"]))
        heading.append(f"  (score {hit['score']})", style="dim" if terminal else "")
        console.print(heading, soft_wrap=not terminal)
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True, style="cyan" if terminal else "")
        grid.add_column(overflow="fold")
        for match in hit["matches"][:SHOWN]:
            where = match["where"]
            if not where.startswith(match["field"]):
                where = f"{match['field']}: {where}"
            grid.add_row(Text(f"  {where}"), marked(match["snippet"], match["words"], terminal))
        if len(hit["matches"]) > SHOWN:
            more = len(hit["matches"]) - SHOWN
            note = Text("(--json shows every match)", style="dim" if terminal else "")
            grid.add_row(Text(f"  ... {more} more"), note)
        print_table(console, grid)  # where the labels leave no room, each snippet under its label


def _export_web(result: dict[str, Any], console: Console, terminal: bool) -> None:
    for path in result["files"]:
        console.print(Text(path), soft_wrap=True)


VIEWS: dict[str, View] = {
    "search": _search,
    "export_web": _export_web,
}
