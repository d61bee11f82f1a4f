"""`forumctl export ics`: events as an iCalendar (RFC 5545) file, built with the icalendar library.

Events are all-day (DTEND is the day after the last day, as RFC 5545 wants for dates) and keep
the same UID across exports, so a calendar that imports the file again updates them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from forumctl import __version__

UID_DOMAIN = "forumctl.archive"


def _description(doc: dict[str, Any]) -> str:
    lines = []
    theme = doc.get("theme") or {}
    if theme.get("ko") or theme.get("en"):
        lines.append("주제 / Theme: " + " / ".join(x for x in (theme.get("ko"), theme.get("en")) if x))
    if doc["title"].get("en") and doc["title"].get("ko"):
        lines.append(doc["title"]["en"])
    for source in doc["sources"]:
        label = " — ".join(x for x in (source["publisher"], source["title"]) if x)
        lines.append("Source: " + " ".join(x for x in (label, source["url"]) if x))
    return "\n".join(lines)


def to_ics(docs: list[dict[str, Any]], stamp: dt.datetime | None = None) -> bytes:
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", f"-//forumctl {__version__}//SME Innovation Network Forum archive//KO")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "forumctl")
    stamp = stamp or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    for doc in docs:
        event = icalendar.Event()
        event.add("uid", f"{doc['id']}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("summary", doc["title"].get("ko") or doc["title"]["en"])
        event.add("dtstart", dt.date.fromisoformat(doc["start"]))
        event.add("dtend", dt.date.fromisoformat(doc["end"]) + dt.timedelta(days=1))
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
