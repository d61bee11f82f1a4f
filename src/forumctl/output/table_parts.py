"""Building blocks shared by the table views: dates, tables, grids and person lines. Record text
always goes in as rich Text, never as markup, so `[bold]` in a title prints as written."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

View = Callable[[Any, Console, bool], None]  # draws one result on a console; bool: for a terminal


def dates(start: str, end: str) -> str:
    if start == end:
        return start
    if start[:7] == end[:7]:
        return f"{start}–{end[8:]}"
    if start[:4] == end[:4]:
        return f"{start}–{end[5:]}"
    return f"{start}–{end}"


def new_table(terminal: bool, *columns: str) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD if terminal else None,
        show_edge=False,
        pad_edge=False,
        header_style="bold" if terminal else "",
        expand=False,
    )
    for name in columns:
        table.add_column(name, overflow="fold")
    return table


def person_line(a: dict[str, Any]) -> Text:
    """`이름 role, org` for one appearance; what the record leaves out is left out here too."""
    name = a["person"] or ""
    if a["person_as_written"] and a["person"] and a["person_as_written"] != a["person"]:
        name += f" (as {a['person_as_written']})"
    role = " ".join(x for x in (name, a["role"]) if x)
    return Text(", ".join(x for x in (role, a["org"]) if x))


def field_grid(rows: Iterable[tuple[str, RenderableType | str | None]], terminal: bool) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold" if terminal else "", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in rows:
        if value:
            grid.add_row(label, Text(value) if isinstance(value, str) else value)
    return grid


def section(console: Console, title: str, rows: Sequence[tuple[str, RenderableType]], style: str) -> None:
    """A heading and a two-column grid whose second column wraps with a hanging indent."""
    if rows:
        console.print()
        console.print(Text(title, style=style))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for tag, body in rows:
            grid.add_row(tag, body)
        console.print(grid)


def plain_rows(rows: list[dict[str, Any]], console: Console, terminal: bool) -> None:
    header = list(dict.fromkeys(k for row in rows for k in row))
    t = new_table(terminal, *header)
    for row in rows:
        t.add_row(*(Text("" if row.get(k) is None else str(row.get(k))) for k in header))
    console.print(t)
