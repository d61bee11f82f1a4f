"""Table view of one organisation's page (`forumctl org`): its names, people over time, talks,
the events it took part in and the outcomes it was party to."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from rich.console import Console, Group
from rich.text import Text

from forumctl.output.table_parts import View, dates, field_grid, localized, new_table, print_table, section
from forumctl.output.tables_events import KIND_LABELS


def _span(first: str | None, last: str | None) -> str:
    if not first:
        return "-"
    return dates(first, last or first) if last and last != first else first


def _table_section(console: Console, terminal: bool, title: str, columns: tuple[str, ...],
                   rows: Sequence[Sequence[str]], no_wrap: tuple[int, ...] = (0,)) -> None:  # fmt: skip
    """A heading and a table of plain-text rows; nothing when there are no rows."""
    if not rows:
        return
    console.print()
    console.print(Text(title, style="bold" if terminal else ""))
    table = new_table(terminal, *columns)
    for column in no_wrap:
        table.columns[column].no_wrap = True
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    print_table(console, table)


def _org(page: dict[str, Any], console: Console, terminal: bool) -> None:
    heading = "bold" if terminal else ""
    console.print(Text(page["name"], style=heading))
    parts = Counter(part for event in page["events"] for part in event["as"])
    took_part = ", ".join(f"{part} {n}" for part, n in parts.items())
    console.print(
        field_grid(
            [
                ("english", page["en"]),
                ("aliases", ", ".join(page["aliases"])),
                ("sector", page["sector"] or ("" if page["registered"] else "(not in orgs.yaml)")),
                ("events", f"{len(page['events'])}" + (f" (as {took_part})" if took_part else "")),
                ("notes", page["notes"]),
            ],
            terminal,
        )
    )
    people = [
        (person["name"] if n == 0 else "", held["role"] or "-", _span(held["first"], held["last"]),
         ", ".join(held["event_ids"]))
        for person in page["people"]
        for n, held in enumerate(person["roles"])
    ]  # fmt: skip
    _table_section(console, terminal, "People, by first appearance", ("person", "role", "when", "events"), people,
                   no_wrap=(0, 2))  # fmt: skip
    talks = []
    for talk in page["talks"]:
        item = talk["item"] or {"kind": None, "title": None}
        what = KIND_LABELS.get(item["kind"], item["kind"] or "talk") + (f": {item['title']}" if item["title"] else "")
        who = " ".join(x for x in (talk["person"], talk["role"]) if x)
        talks.append((talk["date"] or "-", talk["event"]["id"], what, who))
    _table_section(console, terminal, "Talks", ("date", "event", "appearance", "who"), talks)
    events = [
        (dates(event["start"], event["end"]), event["id"], ", ".join(event["as"]), localized(event["title"]))
        for event in page["events"]
    ]
    _table_section(console, terminal, "Events", ("dates", "event", "took part as", "title"), events)
    rows = [
        (f"[{o['kind']}]", Group(Text(o["text"]), Text(f"{o['event']['id']}; parties: {', '.join(o['parties'])}")))
        for o in page["outcomes"]
    ]
    section(console, "Outcomes", rows, heading)


VIEWS: dict[str, View] = {"org": _org}
