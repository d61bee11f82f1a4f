"""Table view of one organisation's page (`forumctl org`): its names, people over time, talks,
the events it took part in and the outcomes it was party to."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.console import Console, Group
from rich.text import Text

from forumctl.output.table_parts import View, dates, field_grid, localized, new_table, print_table, section
from forumctl.output.tables_events import KIND_LABELS


def _span(first: str | None, last: str | None) -> str:
    if not first:
        return "-"
    return dates(first, last or first) if last and last != first else first


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
    if page["people"]:
        console.print()
        console.print(Text("People, by first appearance", style=heading))
        table = new_table(terminal, "person", "role", "when", "events")
        table.columns[0].no_wrap = table.columns[2].no_wrap = True
        for person in page["people"]:
            for n, held in enumerate(person["roles"]):
                cells = [person["name"] if n == 0 else "", held["role"] or "-", _span(held["first"], held["last"]),
                         ", ".join(held["event_ids"])]  # fmt: skip
                table.add_row(*(Text(c) for c in cells))
        print_table(console, table)
    if page["talks"]:
        console.print()
        console.print(Text("Talks", style=heading))
        table = new_table(terminal, "date", "event", "appearance", "who")
        table.columns[0].no_wrap = True
        for talk in page["talks"]:
            item = talk["item"] or {"kind": None, "title": None}
            what = KIND_LABELS.get(item["kind"], item["kind"] or "talk") + (
                f": {item['title']}" if item["title"] else ""
            )
            who = " ".join(x for x in (talk["person"], talk["role"]) if x)
            table.add_row(*(Text(c) for c in (talk["date"] or "-", talk["event"]["id"], what, who)))
        print_table(console, table)
    if page["events"]:
        console.print()
        console.print(Text("Events", style=heading))
        table = new_table(terminal, "dates", "event", "took part as", "title")
        table.columns[0].no_wrap = True
        for event in page["events"]:
            row = (dates(event["start"], event["end"]), event["id"], ", ".join(event["as"]), localized(event["title"]))
            table.add_row(*(Text(c) for c in row))
        print_table(console, table)
    rows = [
        (f"[{o['kind']}]", Group(Text(o["text"]), Text(f"{o['event']['id']}; parties: {', '.join(o['parties'])}")))
        for o in page["outcomes"]
    ]
    section(console, "Outcomes", rows, heading)


VIEWS: dict[str, View] = {"org": _org}
