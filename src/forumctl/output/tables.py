"""Tables for people: each result's view, drawn with rich. On a terminal the layout fits its width
(80 columns with double-width Korean included); into a pipe it is plain text with no colour, no
borders and no wrapping, so that grep and cut see whole lines."""

from __future__ import annotations

import io
import os
import shutil
from typing import Any, TextIO

from rich.console import Console

from forumctl.output import tables_admin, tables_coverage, tables_events, tables_orgs, tables_search, tables_themes
from forumctl.output.flatten import rows_for
from forumctl.output.table_parts import View, plain_rows
from forumctl.text.controls import printable_data

VIEWS: dict[str, View] = {**tables_events.VIEWS, **tables_admin.VIEWS, **tables_themes.VIEWS,
                          **tables_orgs.VIEWS, **tables_coverage.VIEWS, **tables_search.VIEWS}  # fmt: skip


def draw(
    view: str, data: Any, out: TextIO, color: bool | None = None, *, terminal: bool | None = None,
    width: int | None = None,
) -> None:  # fmt: skip
    """Draw one result on `out`; `terminal` and `width` (else asked of `out` and the terminal) are for tests."""
    data = printable_data(data)  # record text reaches tables only here: no character in it may steer the terminal
    terminal = out.isatty() if terminal is None else terminal
    if color is None:
        color = terminal and not os.environ.get("NO_COLOR")
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width or _width(terminal),
        color_system="auto" if color else None,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    if view in VIEWS:
        VIEWS[view](data, console, terminal or color)
    else:  # results with no layout of their own (sql) are plain rows
        plain_rows(rows_for(view, data), console, terminal)
    text = buffer.getvalue()
    if not color:
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    out.write(text)


def _width(terminal: bool) -> int:
    if not terminal:
        return 4000  # no wrapping into pipes
    # COLUMNS first, then the terminal's size; 80 where it reports none (0x0: some `docker exec -t`
    # sessions, serial consoles), which rich took as a width of 0 and printed nothing at all.
    return shutil.get_terminal_size((80, 24)).columns or 80
