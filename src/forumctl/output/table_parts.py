"""Building blocks shared by the table views: dates, tables, grids and person lines. Record text
always goes in as rich Text, never as markup, so `[bold]` in a title prints as written.

The layout itself is ASCII: many terminals in Korea, China and Japan draw East Asian "ambiguous
width" characters (─ · ● – — → …) two columns wide, while rich counts them as one, so a rule,
bullet or dash of that kind would push the rest of its line out of alignment there. And a table
never drops a column: one too wide for the terminal is printed as a list of records instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rich.box import Box
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from forumctl.output.flatten import header, text_cell

View = Callable[[Any, Console, bool], None]  # draws one result on a console; bool: for a terminal

# rich's SIMPLE_HEAD (a rule under the header, nothing else) drawn with "-" instead of "─"
HEAD_RULE = Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True)
BULLET = "-"  # before each person under a talk, each co-speaker ...
JOIN = ", "  # between the names of a list on one line (topics, committees, organisers)
RECORD_VALUE_ROOM = 12  # columns a value needs beside its heading in a record; with less, it goes under it
RANGE = ".."  # between the first and last day, as in error messages and --year 2020..2023


def dates(start: str, end: str) -> str:
    """`2023-08-24..25`, `2020-12-09..2021-01-31`: the end without what it shares with the start."""
    if start == end:
        return start
    if start[:7] == end[:7]:
        return f"{start}{RANGE}{end[8:]}"
    if start[:4] == end[:4]:
        return f"{start}{RANGE}{end[5:]}"
    return f"{start}{RANGE}{end}"


def localized(value: dict[str, str | None] | None) -> str:
    """The Korean text of a `{ko, en}` value, else the English, else nothing."""
    return (value or {}).get("ko") or (value or {}).get("en") or ""


def new_table(terminal: bool, *columns: str) -> Table:
    table = Table(
        box=HEAD_RULE if terminal else None,
        show_edge=False,
        pad_edge=False,
        header_style="bold" if terminal else "",
        expand=False,
    )
    for name in columns:
        table.add_column(name, overflow="fold")
    return table


def fitted(console: Console, table: Table) -> RenderableType:
    """The table, if its columns fit the console at their narrowest (every word whole); else the
    same cells as records, one `header  value` line per column, so no column is ever dropped."""
    least, most = column_widths(console, table)
    room = console.width - table._extra_width
    if sum(least) <= room:
        # Each column's width is set here: rich's own reduction of a table too wide for the console
        # takes from every column alike, then grows those it took below their longest word back, so
        # with wide (Korean) text its rows came out wider than the console, and the console cut them.
        for index, (column, width) in enumerate(zip(table.columns, shared_out(least, most, room), strict=True)):
            column.width = width - table._get_padding_width(index)
        return table
    columns = [(column.header, list(column.cells)) for column in table.columns]
    widest = max((Measurement.get(console, console.options, h).maximum for h, _ in columns), default=0)
    stacked = widest + 2 + RECORD_VALUE_ROOM > console.width  # a heading this wide leaves its value no room
    records: list[RenderableType] = []
    for row in range(table.row_count):
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style=table.header_style, no_wrap=not stacked, overflow="fold")
        if not stacked:
            grid.add_column(overflow="fold")
        for heading, cells in columns:
            if cells[row] and stacked:
                grid.add_row(heading)
                grid.add_row(Padding(cells[row], (0, 0, 0, 2)))
            elif cells[row]:
                grid.add_row(heading, cells[row])
        if records:
            records.append(Text(""))
        records.append(grid)
    return Group(*records)


def column_widths(console: Console, table: Table) -> tuple[list[int], list[int]]:
    """Each column's width, padding included, at its narrowest without breaking a word (its longest
    word, or its longest line where it does not wrap) and at its widest (its longest line). (rich's
    own measurement of a table is capped at the console's width, so it cannot say whether it fits.)"""
    unbounded = console.options.update_width(1_000_000)
    least, most = [], []
    for index, column in enumerate(table.columns):
        cells = [column.header, *column.cells] if table.show_header else list(column.cells)
        sizes = [Measurement.get(console, unbounded, cell) for cell in cells]
        widest = max((m.maximum for m in sizes), default=0)
        padding = table._get_padding_width(index)
        least.append((widest if column.no_wrap else max((m.minimum for m in sizes), default=0)) + padding)
        most.append(widest + padding)
    return least, most


def shared_out(least: list[int], most: list[int], room: int) -> list[int]:
    """Widths from `least` up to `most`, the `room` beyond the least shared in proportion to how
    much more each column could use; never more than `room` in all when the least fits in it."""
    wants = [high - low for low, high in zip(least, most, strict=True)]
    spare, wanted = room - sum(least), sum(wants)
    if wanted <= spare:
        return list(most)
    widths = []
    for low, want in zip(least, wants, strict=True):
        given = min(want, spare * want // wanted) if wanted else 0
        spare, wanted = spare - given, wanted - want
        widths.append(low + given)
    return widths


def print_table(console: Console, table: Table) -> None:
    console.print(fitted(console, table))


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
    columns = header(rows)
    t = new_table(terminal, *columns)
    for row in rows:
        t.add_row(*(Text(text_cell(row.get(k))) for k in columns))
    print_table(console, t)
