"""`forumctl export ics`: events as an iCalendar (RFC 5545) file, built with the icalendar library.

Events are all-day (DTEND is the day after the last day, as RFC 5545 wants for dates) and keep
the same UID across exports, so a calendar that imports the file again updates them. The file
depends on the records alone, so the same records export byte-identical files: DTSTAMP, which
RFC 5545 requires, is the newest publication date among the record's sources (midnight UTC),
else the event's last day, never the time of the export. Each event's DESCRIPTION holds its
theme, agenda with speakers, co-chairs, outcomes and sources; the calendar is named (NAME and
X-WR-CALNAME) after the event, the series, or the series it spans.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from forumctl import __version__

UID_DOMAIN = "forumctl.archive"
KIND_LABELS = {"special-lecture": "special lecture", "talk-concert": "talk concert", "case-study": "case study",
               "policy-briefing": "policy briefing"}  # fmt: skip


def _who(a: dict[str, Any]) -> str:
    person = " ".join(x for x in (a.get("person"), a.get("role")) if x)
    return ", ".join(x for x in (person, a.get("org")) if x)


def _agenda(doc: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for number, day in enumerate(doc["agenda"] or [], start=1):  # null: the record leaves the agenda out
        lines += ["", f"Day {number} · {day['date']}" if day["date"] else "Agenda (day not given by the sources)"]
        for position, item in enumerate(day["items"], start=1):
            what = KIND_LABELS.get(item["kind"], item["kind"])
            head = " ".join(x for x in (f"{position}.", item["time"], what) if x)
            lines.append(f"{head}: {item['title']}" if item["title"] else head)
            lines += [f"  - {_who(a)}" for a in item["speakers"] if _who(a)]
    return lines


def _description(doc: dict[str, Any]) -> str:
    lines = []
    theme = doc.get("theme") or {}
    if theme.get("ko") or theme.get("en"):
        lines.append("주제 / Theme: " + " / ".join(x for x in (theme.get("ko"), theme.get("en")) if x))
    if doc["title"].get("en") and doc["title"].get("ko"):
        lines.append(doc["title"]["en"])
    if doc["organizers"]:
        lines.append("Organizers: " + ", ".join(doc["organizers"]))
    if doc["co_chairs"]:
        lines.append("Co-chairs: " + "; ".join(_who(a) for a in doc["co_chairs"]))
    lines += _agenda(doc)
    if doc["outcomes"]:
        lines += ["", "Outcomes"] + [f"- [{o['kind']}] {o['text']}" for o in doc["outcomes"]]
    lines.append("")
    for source in doc["sources"]:
        label = " — ".join(x for x in (source["publisher"], source["published"], source["title"]) if x)
        lines.append("Source: " + " ".join(x for x in (label, source["url"]) if x))
    return "\n".join(lines).strip()


def stamp(doc: dict[str, Any]) -> dt.datetime:
    """DTSTAMP from the data: the newest source publication date (a year or month counts as its
    first day), else the event's last day; midnight UTC."""
    published = [s["published"] for s in doc["sources"] if s.get("published")]
    padded = [(p + "-01-01")[:10] if len(p) == 4 else (p + "-01")[:10] if len(p) == 7 else p[:10] for p in published]
    day = dt.date.fromisoformat(max(padded) if padded else doc["end"])
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def calendar_name(conn: sqlite3.Connection, docs: list[dict[str, Any]]) -> str:
    """What the calendar holds: one event's title, one series' name, or the series it spans."""
    if len(docs) == 1:
        return str(docs[0]["title"].get("ko") or docs[0]["title"].get("en"))
    names = dict(conn.execute("select id, name from series").fetchall())
    series = list(dict.fromkeys(d["series"] for d in docs))
    if len(series) == 1:
        return f"{names.get(series[0], series[0])} ({len(docs)}건, forumctl)"
    return f"{names.get(series[0], series[0])} 등 중소기업 혁신 행사 ({len(docs)}건, forumctl)"


def to_ics(docs: list[dict[str, Any]], name: str = "forumctl") -> bytes:
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", f"-//forumctl {__version__}//SME Innovation Network Forum archive//KO")
    cal.add("version", "2.0")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    for doc in docs:
        event = icalendar.Event()
        event.add("uid", f"{doc['id']}@{UID_DOMAIN}")
        event.add("dtstamp", stamp(doc))
        event.add("summary", doc["title"].get("ko") or doc["title"]["en"])
        start, end = dt.date.fromisoformat(doc["start"]), dt.date.fromisoformat(doc["end"])
        event.add("dtstart", start)
        if end < dt.date.max:
            event.add("dtend", end + dt.timedelta(days=1))
        else:  # no day after 9999-12-31: the same span as a DURATION (RFC 5545 3.6.1)
            event.add("duration", end - start + dt.timedelta(days=1))
        if doc["venues"]:
            event.add("location", "; ".join(", ".join(x for x in (v["name"], v["room"], v["city"]) if x)
                                            for v in doc["venues"]))  # fmt: skip
        event.add("description", _description(doc))
        urls = [s["url"] for s in doc["sources"] if s["url"]]
        if urls:
            event.add("url", urls[0])
        event.add("categories", [doc["series"]])
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
