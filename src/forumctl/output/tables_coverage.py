"""Table view of `coverage` (see tables.py and table_parts.py for the conventions)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from forumctl.output.table_parts import RANGE, View, dates, field_grid, new_table, print_table
from forumctl.text.ordinals import ordinal


def _span(first: int, last: int) -> str:
    return ordinal(first) if first == last else f"{ordinal(first)}{RANGE}{ordinal(last)}"


def _runs(numbers: list[int]) -> list[str]:
    """Consecutive numbers as ranges of ordinals: [1, 2, 3, 7] -> ["1st..3rd", "7th"]."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return [_span(a, b) for a, b in runs]


def _ordinals(s: dict[str, Any]) -> str | None:
    if not s["ordinals"]:
        return None
    missing = ", ".join(_span(a, b) for a, b in s["missing_ordinals"])
    return f"{', '.join(_runs(s['ordinals']))} held; " + (f"no record of {missing}" if missing else "none missing")


def _years(s: dict[str, Any]) -> str | None:
    if not s["years"]:
        return None
    gaps = ", ".join(map(str, s["years_without_record"]))
    return ", ".join(map(str, s["years"])) + (f"; no record for {gaps}" if gaps else "")


def _coverage(series: list[dict[str, Any]], console: Console, terminal: bool) -> None:
    bold = "bold" if terminal else ""
    dim = "dim" if terminal else ""
    for n, s in enumerate(series):
        if n:
            console.print()
        console.print(Text(s["series"], style=bold) + Text(f"  {s['name']}"))
        span = (
            "" if not s["first"] else f", {s['first']}" if s["first"] == s["last"] else f", {s['first']} to {s['last']}"
        )
        console.print(
            field_grid(
                [
                    ("events", f"{s['event_count']}{span}"),
                    ("ordinals", _ordinals(s)),
                    ("unnumbered", ", ".join(s["unnumbered"]) if s["ordinals"] else None),
                    ("years", _years(s)),
                    ("never recorded", ", ".join(s["never_recorded"])),
                    ("notes", Text(s["notes"], style=dim) if s["notes"] else None),
                ],
                terminal,
            )
        )
        if not s["events"]:
            continue
        console.print()
        t = new_table(terminal, "id", "dates", "ed.", "sources (URL)", "not recorded")
        t.columns[0].no_wrap = t.columns[1].no_wrap = True
        for e in s["events"]:
            sources = f"{e['sources']} ({e['sources_with_url']})"
            missing = ", ".join(e["not_recorded"]) or "-"
            t.add_row(Text(e["id"]), Text(dates(e["start"], e["end"])), Text(ordinal(e["edition"])), Text(sources),
                      Text(missing))  # fmt: skip
        print_table(console, t)


VIEWS: dict[str, View] = {"coverage": _coverage}
