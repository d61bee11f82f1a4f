"""Table views of events and people: the event list, one event, speakers and a person's page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.text import Text

from forumctl.output.table_parts import View, dates, field_grid, new_table, person_line, plain_rows, section
from forumctl.text.ordinals import ordinal

KIND_LABELS = {
    "special-lecture": "special lecture",
    "talk-concert": "talk concert",
    "case-study": "case study",
    "policy-briefing": "policy briefing",
}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _event_list(rows: list[dict[str, Any]], console: Console, terminal: bool) -> None:
    # Across series the kind says which series a row is from; the city alone keeps it in 80 columns.
    many = len({r["series"] for r in rows}) > 1
    table = new_table(
        terminal, *(["id", "ed.", "dates", "kind", "city"] if many else ["id", "ed.", "dates", "venue"]), "theme"
    )
    table.columns[0].no_wrap = table.columns[2].no_wrap = True
    for r in rows:
        venue = [r["kind"], r["city"]] if many else [", ".join(x for x in (r["venue"], r["city"]) if x)]
        cells = [r["id"], ordinal(r["edition"]), dates(r["start"], r["end"]), *venue, r["theme"] or r["title"]]
        table.add_row(*(Text(c or "") for c in cells))
    console.print(table)


def _joined(values: Iterable[str], sep: str = " · ") -> str:
    return sep.join(values)


def _day_heading(index: int, date: str | None) -> str:
    if date is None:
        return "Day not given by the sources"
    weekday = WEEKDAYS[dt.date.fromisoformat(date).weekday()]
    return f"Day {index} · {date} ({weekday})"


def _known(doc: dict[str, Any], field: str, value: str | None, terminal: bool) -> str | Text | None:
    """A field's value; "not recorded" when the record leaves the field out, "none" when it says none."""
    if field in doc.get("not_recorded", ()):
        return Text("not recorded", style="dim" if terminal else "")
    return value or (Text("none") if field in ("topics", "committees", "venue") else None)


def _linked(doc: dict[str, Any]) -> str:
    """linked_to, with an entry that names an event of the archive shown as its title and id."""
    events = {e["id"]: e for e in doc.get("linked_events", [])}
    return _joined((f"{events[n]['title']} ({n})" if n in events else n for n in doc["linked_to"]), ", ")


def _event(doc: dict[str, Any], console: Console, terminal: bool) -> None:
    heading = "bold" if terminal else ""
    title = Text(doc["title"].get("ko") or doc["title"]["en"], style=heading)
    if doc["title"].get("ko") and doc["title"].get("en"):
        title.append("\n" + doc["title"]["en"], style="" if not terminal else "dim")
    about = [doc["series"], doc["kind"]] + ([f"{ordinal(doc['edition'])} edition"] if doc["edition"] else [])
    attendance = doc["attendance"]
    attended = None
    if attendance:
        attended = ("about " if attendance["approximate"] else "") + (
            f"{attendance['count']}" if attendance["count"] else ""
        )
        attended = _joined([x for x in (attended.strip(), attendance["note"]) if x], " — ")
    theme = doc["theme"] or {}
    themes = _joined([x for x in (theme.get("ko"), theme.get("en")) if x], " / ")
    venues = _joined((", ".join(x for x in (v["name"], v["room"], v["city"]) if x) for v in doc["venues"] or []), "; ")
    console.print(title)
    console.print(
        field_grid(
            [
                ("id", f"{doc['id']} ({', '.join(about)})"),
                ("dates", dates(doc["start"], doc["end"])),
                ("venue", _known(doc, "venue", venues, terminal)),
                ("organizers", _joined(doc["organizers"], ", ")),
                ("hosts", _joined(doc["hosts"], ", ")),
                ("co-chairs", Group(*(person_line(a) for a in doc["co_chairs"])) if doc["co_chairs"] else None),
                ("attendance", _known(doc, "attendance", attended, terminal)),
                ("linked to", _linked(doc)),
                ("theme", _known(doc, "theme", themes, terminal)),
                ("topics", _known(doc, "topics", _joined(doc["topics"] or []), terminal)),
                ("committees", _known(doc, "committees", _joined(doc["committees"] or []), terminal)),
            ],
            terminal,
        )
    )
    if "agenda" in doc.get("not_recorded", ()):
        console.print()
        console.print(Text("Programme not recorded", style=heading))
    for index, day in enumerate(doc["agenda"] or [], start=1):
        console.print()
        console.print(Text(_day_heading(index, day["date"]), style=heading))
        table = new_table(terminal, "#", "kind", "what and who")
        table.show_header = False
        table.columns[1].no_wrap = True
        for number, item in enumerate(day["items"], start=1):
            lines = [
                Text(
                    (f"{item['time']}  " if item["time"] else "") + (item["title"] or "(untitled)"),
                    style=heading if item["title"] else "italic" if terminal else "",
                )
            ]
            lines += [Text("· ") + person_line(a) for a in item["speakers"]]
            if item["summary"]:
                lines.append(Text(item["summary"], style="dim" if terminal else ""))
            table.add_row(str(number), KIND_LABELS.get(item["kind"], item["kind"]), Group(*lines))
        console.print(table)
    section(console, "Outcomes", [_outcome(o, terminal) for o in doc["outcomes"]], heading)
    section(console, "Attendees (named, not speaking)", [("·", person_line(a)) for a in doc["attendees"]], heading)
    section(console, "Sources", [_source(n, s) for n, s in enumerate(doc["sources"], start=1)], heading)
    if doc["notes"]:
        console.print()
        console.print(Text("Notes", style=heading))
        console.print(Text(doc["notes"]))


def _outcome(o: dict[str, Any], terminal: bool) -> tuple[str, RenderableType]:
    parts: list[RenderableType] = [Text(o["text"])]
    if o["parties"]:
        parts.append(Text("parties: " + ", ".join(o["parties"])))
    parts += [Text("awarded to: ") + person_line(a) for a in o["recipients"]]
    if o["detail"]:
        parts.append(Text(o["detail"], style="dim" if terminal else ""))
    return f"[{o['kind']}]", Group(*parts)


def _source(number: int, s: dict[str, Any]) -> tuple[str, RenderableType]:
    head = ", ".join(x for x in (s["publisher"], s["author"], s["published"]) if x)
    lines = [Text(" — ".join(x for x in (head, s["title"]) if x))]
    lines += [Text(x) for x in (s["url"], s["note"]) if x]
    return f"[{number}]", Group(*lines)


def _what(a: dict[str, Any]) -> str:
    """What an appearance was: the agenda item's kind and title, or the role kind."""
    what = KIND_LABELS.get(a["kind"], a["kind"]) if a["kind"] else a["role_kind"]
    return f"{what}: {a['title']}" if a["title"] else what


def _appearance_cells(a: dict[str, Any]) -> list[str]:
    return [a["date"] or "—", a["event_id"], _what(a), ", ".join(x for x in (a["role"], a["org"]) if x)]


def _people(people: list[dict[str, Any]], console: Console, terminal: bool) -> None:
    table = new_table(terminal, "person", "date", "event", "appearance", "role, org")
    for column in table.columns[:3]:
        column.no_wrap = True
    for p in people:
        for n, a in enumerate(p["appearances"]):
            name = p["name"] if n == 0 else ""
            table.add_row(*(Text(c) for c in [name, *_appearance_cells(a)]), end_section=n == len(p["appearances"]) - 1)
    console.print(table)


def _person(page: dict[str, Any], console: Console, terminal: bool) -> None:
    console.print(Text(page["name"], style="bold" if terminal else ""))
    console.print(
        field_grid(
            [
                ("id", page["id"] + ("" if page["registered"] else " (not in people.yaml)")),
                ("english", page["en"]),
                ("aliases", ", ".join(page["aliases"])),
                ("appearances", str(page["appearance_count"])),
            ],
            terminal,
        )
    )
    table = new_table(terminal, "date", "event", "appearance", "role, org")
    table.columns[0].no_wrap = True
    for a in page["appearances"]:
        table.add_row(*(Text(c) for c in _appearance_cells(a)))
    console.print()
    console.print(table)
    rows = [("·", Text(f"{c['name']} ({', '.join(c['events'])})")) for c in page["co_speakers"]]
    section(console, "Co-speakers", rows, "bold" if terminal else "")


def _build(summary: dict[str, Any], console: Console, terminal: bool) -> None:
    console.print(Text(f"built {summary['db'] or 'an in-memory database'} from {summary['records']}"))
    console.print(field_grid(((name, str(n)) for name, n in summary["counts"].items()), terminal))


VIEWS: dict[str, View] = {
    "event_list": _event_list,
    "event": _event,
    "people": _people,
    "person": _person,
    "build": _build,
    "rows": plain_rows,
}
