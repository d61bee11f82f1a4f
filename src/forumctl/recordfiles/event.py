"""One event file: validated against the record format and resolved through the registries.

Each field is parsed on its own (schema.attempt), so that `forumctl check` can report every
problem of a file at once; when loading, the first problem is raised.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from forumctl.errors import RecordError
from forumctl.recordfiles.registry import Registry
from forumctl.recordfiles.rules import EVENT_KINDS, ITEM_KINDS, OUTCOME_KINDS, Fields, attempt, report, warn
from forumctl.recordfiles.yamlsafe import Mark, YamlMap, YamlSeq
from forumctl.text.names import fold

EVENT_KEYS = (
    "id", "series", "edition", "kind", "title", "theme", "start", "end", "venue", "organizers",
    "hosts", "co_chairs", "attendance", "linked_to", "topics", "committees", "agenda", "attendees",
    "outcomes", "sources", "notes",
)  # fmt: skip
APPEARANCE_KEYS = ("person", "role", "org")
ITEM_KEYS = ("kind", "title", "time", "summary", "speakers")
OUTCOME_KEYS = ("kind", "text", "detail", "parties", "amount", "recipients")
SOURCE_KEYS = ("url", "publisher", "title", "author", "published", "note")
VENUE_KEYS = ("name", "city", "room", "address")
# Fields whose absence says "the sources do not tell", distinct from a recorded "none" (`[]` for the
# lists, `null` for edition, theme and attendance); the names are the record's keys (docs/records.md).
RECORDABLE = ("edition", "theme", "venue", "attendance", "topics", "committees", "agenda")


def parse_event(path: Path, value: Any, reg: Registry, rel: str) -> dict[str, Any]:
    f = Fields(path, value, "an event", (1, 1), EVENT_KEYS, ("id", "series", "kind", "title", "start"))
    event_id = attempt(lambda: f.ident("id"), None)
    stem = unicodedata.normalize("NFC", path.stem)
    if event_id is not None and stem != event_id:
        report(RecordError(path, f"id {event_id!r} does not match the file name {path.name!r}; name the file "
                                 f"{event_id}.yaml", *f.mark("id")))  # fmt: skip
    series = attempt(lambda: _series(f, reg), None)
    start = attempt(lambda: f.date("start", required=True), None)
    end = attempt(lambda: f.date("end"), None) or start
    if start and end and end < start:
        report(RecordError(path, f"end {end} is before start {start}", *f.mark("end")))
        end = start

    def appearances(key: str, holder: Fields) -> list[dict[str, Any]]:
        return holder.each(key, lambda item, mark: _appearance(path, item, mark, key, reg))

    return {
        "id": event_id,
        "series": series,
        "edition": attempt(lambda: f.integer("edition"), None),
        "kind": attempt(lambda: f.choice("kind", EVENT_KINDS, required=True), None),
        "title": attempt(lambda: f.localized("title", required=True), {}),
        "theme": attempt(lambda: f.localized("theme"), None),
        "start": start,
        "end": end,
        "venues": attempt(lambda: _venues(f), []),
        "organizers": _once(f, "organizers", reg.org),
        "hosts": _once(f, "hosts", reg.org),
        "co_chairs": appearances("co_chairs", f),
        "attendance": attempt(lambda: _attendance(f), None),
        "linked_to": _once(f, "linked_to"),
        "topics": list(dict.fromkeys(reg.topic(name) for name in f.texts("topics"))),
        "committees": _once(f, "committees"),
        "agenda": attempt(lambda: _agenda(f, start, end, appearances), []),
        "attendees": appearances("attendees", f),
        "outcomes": f.each("outcomes", lambda item, mark: _outcome(path, item, mark, reg, appearances)),
        "sources": attempt(lambda: _sources(f), []),
        "notes": attempt(lambda: f.text("notes"), None),
        "not_recorded": [key for key in RECORDABLE if key not in f.map],
        "file": rel,
    }


def _once(f: Fields, key: str, canonical: Callable[[str], str] = str) -> list[str]:
    """The names of a list, each (in its `canonical` form) once, as names compare: case, spacing,
    an organisation's aliases. A repeat is dropped with a warning at its own line: it made `show`
    print 중소벤처기업부 twice when a record listed it and 중기부, and counted an `ai` committee
    beside `AI`."""
    names = f.texts(key)
    listed = f.map.get(key)
    marks = listed.item_marks if isinstance(listed, YamlSeq) and len(listed) == len(names) else None
    kept: dict[str, tuple[str, str]] = {}  # folded canonical name -> (canonical, as first written)
    for index, written in enumerate(names):
        name = canonical(written)
        if (first := kept.get(fold(name))) is None:
            kept[fold(name)] = (name, written)
            continue
        also = f" (also as {written!r})" if written != first[1] else ""
        mark = marks[index] if marks else f.mark(key)
        warn(RecordError(f.path, f"{key} lists {first[1]!r} twice{also}", *mark))
    return [name for name, _ in kept.values()]


def _series(f: Fields, reg: Registry) -> str:
    series = f.ident("series")
    if series not in reg.series:
        known = ", ".join(reg.series) or "none"
        f.fail(f"series {series!r} is not in series.yaml (known: {known})", f.mark("series"))
    return series


def _appearance(path: Path, value: Any, mark: Mark, what: str, reg: Registry) -> dict[str, Any]:
    f = Fields(path, value, f"an entry of {what}", mark, APPEARANCE_KEYS)
    written = f.text("person")
    org_written = f.text("org")
    if written is None and org_written is None:
        f.fail(f"an entry of {what} needs a person or an org", mark)
    person_id = person = None
    if written is not None:
        person_id, person = reg.person(written, path, f.mark("person"))
        if written not in (person, person_id):
            warn(RecordError(path, f"{written!r} is another name of {person!r} (people.yaml); write {person!r}",
                             *f.mark("person")))  # fmt: skip
    org = reg.org(org_written) if org_written else None
    if org_written and org != org_written:
        warn(RecordError(path, f"{org_written!r} is another name of {org!r} (orgs.yaml); write {org!r}",
                         *f.mark("org")))  # fmt: skip
    return {
        "person": person,
        "person_id": person_id,
        "person_as_written": written,
        "role": f.text("role"),
        "org": org,
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


def _agenda(f: Fields, start: str | None, end: str | None, appearances: Any) -> list[dict[str, Any]]:
    last_date = ""
    undated = False

    def day(block: Any, mark: Mark) -> dict[str, Any]:
        nonlocal last_date, undated
        b = Fields(f.path, block, "an agenda day", mark, ("date", "items"), ("items",))
        date = attempt(lambda: b.date("date"), None)
        if date is None and not b.has("date"):
            if undated:
                report(RecordError(f.path, "only one agenda block may leave out its date", *mark))
            undated = True
        elif date is not None:
            if start and end and not start <= date <= end:
                report(RecordError(f.path, f"agenda date {date} is outside the event ({start} to {end})",
                                   *b.mark("date")))  # fmt: skip
            if date <= last_date:
                report(RecordError(f.path, f"agenda date {date} is not after the previous day {last_date}",
                                   *b.mark("date")))  # fmt: skip
            last_date = max(last_date, date)
        items = b.each("items", lambda item, item_mark: _item(f.path, item, item_mark, appearances))
        if isinstance(b.map.get("items"), YamlSeq) and not b.map["items"]:
            report(RecordError(f.path, "an agenda day needs at least one item", *b.mark("items")))
        return {"date": date, "items": items}

    return f.each("agenda", day)


def _item(path: Path, value: Any, mark: Mark, appearances: Any) -> dict[str, Any]:
    i = Fields(path, value, "an agenda item", mark, ITEM_KEYS, ("kind",))
    return {
        "kind": attempt(lambda: i.choice("kind", ITEM_KINDS, required=True), None),
        "title": attempt(lambda: i.text("title"), None),
        "time": attempt(lambda: i.text("time"), None),
        "summary": attempt(lambda: i.text("summary"), None),
        "speakers": appearances("speakers", i),
    }


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


def _source(path: Path, entry: Any, mark: Mark) -> dict[str, Any]:
    s = Fields(path, entry, "a source", mark, SOURCE_KEYS)
    if not (s.has("url") or s.has("title")):
        s.fail("a source needs a url or a title", mark)
    url = s.text("url")
    if url is not None and not url.startswith(("https://", "http://")):
        s.fail(f"url must start with https:// or http://, not {url!r}", s.mark("url"))
    return {
        "url": url,
        "publisher": s.text("publisher"),
        "title": s.text("title"),
        "author": s.text("author"),
        "published": s.partial_date("published"),
        "note": s.text("note"),
    }


def _sources(f: Fields) -> list[dict[str, Any]]:
    if not f.seq("sources"):
        f.fail("an event needs at least one source under `sources:`", f.mark("sources") if f.has("sources") else (1, 1))
    return f.each("sources", lambda entry, mark: _source(f.path, entry, mark))
