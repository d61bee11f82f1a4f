"""One event file: validated against the record format and resolved through the registries."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from .errors import RecordError
from .registry import Registry
from .schema import EVENT_KINDS, ITEM_KINDS, OUTCOME_KINDS, Fields
from .yamlsafe import Mark, YamlMap

EVENT_KEYS = (
    "id",
    "series",
    "edition",
    "kind",
    "title",
    "theme",
    "start",
    "end",
    "venue",
    "organizers",
    "hosts",
    "co_chairs",
    "attendance",
    "linked_to",
    "topics",
    "committees",
    "agenda",
    "attendees",
    "outcomes",
    "sources",
    "notes",
)
APPEARANCE_KEYS = ("person", "role", "org")
ITEM_KEYS = ("kind", "title", "time", "summary", "speakers")
OUTCOME_KEYS = ("kind", "text", "detail", "parties", "amount", "recipients")
SOURCE_KEYS = ("url", "publisher", "title", "author", "published", "note")
VENUE_KEYS = ("name", "city", "room", "address")


def parse_event(path: Path, value: Any, reg: Registry, rel: str) -> dict[str, Any]:
    f = Fields(path, value, "an event", (1, 1), EVENT_KEYS, ("id", "series", "kind", "title", "start"))
    event_id = f.ident("id")
    stem = unicodedata.normalize("NFC", path.stem)
    if stem != event_id:
        f.fail(
            f"id {event_id!r} does not match the file name {path.name!r}; name the file {event_id}.yaml", f.mark("id")
        )
    series = f.ident("series")
    if series not in reg.series:
        known = ", ".join(reg.series) or "none"
        f.fail(f"series {series!r} is not in series.yaml (known: {known})", f.mark("series"))
    start = f.date("start", required=True)
    end = f.date("end") or start
    assert start is not None and end is not None
    if end < start:
        f.fail(f"end {end} is before start {start}", f.mark("end"))
    title = f.localized("title", required=True)
    assert title is not None

    def appearances(key: str, holder: Fields) -> list[dict[str, Any]]:
        return [_appearance(path, item, mark, key, reg) for item, mark in holder.seq(key)]

    return {
        "id": event_id,
        "series": series,
        "edition": f.integer("edition"),
        "kind": f.choice("kind", EVENT_KINDS, required=True),
        "title": title,
        "theme": f.localized("theme"),
        "start": start,
        "end": end,
        "venues": _venues(f),
        "organizers": [reg.org(name) for name in f.texts("organizers")],
        "hosts": [reg.org(name) for name in f.texts("hosts")],
        "co_chairs": appearances("co_chairs", f),
        "attendance": _attendance(f),
        "linked_to": f.texts("linked_to"),
        "topics": list(dict.fromkeys(reg.topic(name) for name in f.texts("topics"))),
        "committees": f.texts("committees"),
        "agenda": _agenda(f, start, end, appearances),
        "attendees": appearances("attendees", f),
        "outcomes": [_outcome(path, item, mark, reg, appearances) for item, mark in f.seq("outcomes")],
        "sources": _sources(f),
        "notes": f.text("notes"),
        "file": rel,
    }


def _appearance(path: Path, value: Any, mark: Mark, what: str, reg: Registry) -> dict[str, Any]:
    f = Fields(path, value, f"an entry of {what}", mark, APPEARANCE_KEYS)
    written = f.text("person")
    org_written = f.text("org")
    if written is None and org_written is None:
        f.fail(f"an entry of {what} needs a person or an org", mark)
    person_id = person = None
    if written is not None:
        person_id, person = reg.person(written, path, f.mark("person"))
    return {
        "person": person,
        "person_id": person_id,
        "person_as_written": written,
        "role": f.text("role"),
        "org": reg.org(org_written) if org_written else None,
        "org_as_written": org_written,
    }


def _venues(f: Fields) -> list[dict[str, Any]]:
    value = f.map.get("venue")
    if value is None:
        return []
    entries = [(value, f.mark("venue"))] if isinstance(value, YamlMap) else f.seq("venue")
    out = []
    for entry, mark in entries:
        v = Fields(f.path, entry, "a venue", mark, VENUE_KEYS, ("name",))
        out.append({key: v.text(key) for key in VENUE_KEYS})
    return out


def _attendance(f: Fields) -> dict[str, Any] | None:
    if not f.has("attendance"):
        return None
    a = Fields(f.path, f.map["attendance"], "attendance", f.mark("attendance"), ("count", "approximate", "note"))
    return {"count": a.integer("count"), "approximate": a.boolean("approximate"), "note": a.text("note")}


def _agenda(f: Fields, start: str, end: str, appearances: Any) -> list[dict[str, Any]]:
    days: list[dict[str, Any]] = []
    last_date = ""
    undated = False
    for block, mark in f.seq("agenda"):
        b = Fields(f.path, block, "an agenda day", mark, ("date", "items"), ("items",))
        date = b.date("date")
        if date is None:
            if undated:
                b.fail("only one agenda block may leave out its date", mark)
            undated = True
        else:
            if not start <= date <= end:
                b.fail(f"agenda date {date} is outside the event ({start} to {end})", b.mark("date"))
            if date <= last_date:
                b.fail(f"agenda date {date} is not after the previous day {last_date}", b.mark("date"))
            last_date = date
        items = []
        for item, item_mark in b.seq("items"):
            i = Fields(f.path, item, "an agenda item", item_mark, ITEM_KEYS, ("kind",))
            items.append(
                {
                    "kind": i.choice("kind", ITEM_KINDS, required=True),
                    "title": i.text("title"),
                    "time": i.text("time"),
                    "summary": i.text("summary"),
                    "speakers": appearances("speakers", i),
                }
            )
        if not items:
            b.fail("an agenda day needs at least one item", b.mark("items"))
        days.append({"date": date, "items": items})
    return days


def _outcome(path: Path, value: Any, mark: Mark, reg: Registry, appearances: Any) -> dict[str, Any]:
    o = Fields(path, value, "an outcome", mark, OUTCOME_KEYS, ("kind", "text"))
    amount = None
    if o.has("amount"):
        a = Fields(path, o.map["amount"], "amount", o.mark("amount"), ("value", "unit"), ("value", "unit"))
        amount = {"value": a.integer("value"), "unit": a.text("unit")}
    return {
        "kind": o.choice("kind", OUTCOME_KINDS, required=True),
        "text": o.text("text", required=True),
        "detail": o.text("detail"),
        "parties": [reg.org(name) for name in o.texts("parties")],
        "amount": amount,
        "recipients": appearances("recipients", o),
    }


def _sources(f: Fields) -> list[dict[str, Any]]:
    sources = []
    for entry, mark in f.seq("sources"):
        s = Fields(f.path, entry, "a source", mark, SOURCE_KEYS)
        if not (s.has("url") or s.has("title")):
            s.fail("a source needs a url or a title", mark)
        url = s.text("url")
        if url is not None and not url.startswith(("https://", "http://")):
            s.fail(f"url must start with https:// or http://, not {url!r}", s.mark("url"))
        sources.append(
            {
                "url": url,
                "publisher": s.text("publisher"),
                "title": s.text("title"),
                "author": s.text("author"),
                "published": s.partial_date("published"),
                "note": s.text("note"),
            }
        )
    if not sources:
        raise RecordError(f.path, "an event needs at least one source under `sources:`", 1, 1)
    return sources
