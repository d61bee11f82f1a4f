"""Building the SQLite database from loaded records, with sqlite-utils.

The layout is normalised so that it reads well in `sqlite3` or Datasette: one row per event,
agenda item, appearance, person, organisation, topic, committee, outcome and source. Each event
also keeps its whole resolved record as JSON (events.document), which is what `show` prints.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from .archive import Archive
from .cache import SCHEMA_VERSION
from .search_index import create_search_tables, name_rows

INDEXED = (
    ("events", "series,start"),
    ("events", "edition"),
    ("agenda_items", "event_id"),
    ("appearances", "person_id,date"),
    ("appearances", "event_id"),
    ("appearances", "org"),
    ("event_topics", "topic"),
    ("person_aliases", "alias"),
    ("org_aliases", "alias"),
)


def build_database(conn: sqlite3.Connection, archive: Archive, fingerprint: str) -> None:
    """Create every table in an empty database and fill it, in one transaction."""
    import sqlite_utils

    db: Any = sqlite_utils.Database(conn)
    rows = _rows(archive)
    with db.atomic():
        _create_tables(db)
        for table, records in rows.items():
            if records:
                db[table].insert_all(records, batch_size=1000)
        create_search_tables(db, name_rows(rows))
        meta = {
            "generator": "forumctl",
            "schema_version": SCHEMA_VERSION,
            "fingerprint": fingerprint,
            "records": str(archive.root),
        }
        db["meta"].insert_all([{"key": k, "value": v} for k, v in meta.items()])


def _create_tables(db: Any) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["series"].create(
        {"id": str, "name": str, "name_en": str, "aliases": str, "is_default": int, "notes": str}, pk="id"
    )
    db["people"].create({"id": str, "name": str, "en": str, "registered": int, "notes": str}, pk="id")
    db["person_aliases"].create(
        {"person_id": str, "alias": str}, pk=("person_id", "alias"), foreign_keys=[("person_id", "people", "id")]
    )
    db["orgs"].create({"name": str, "en": str, "sector": str, "registered": int, "notes": str}, pk="name")
    db["org_aliases"].create({"org": str, "alias": str}, pk=("org", "alias"), foreign_keys=[("org", "orgs", "name")])
    db["topics"].create({"name": str, "en": str, "registered": int, "notes": str}, pk="name")
    db["topic_aliases"].create(
        {"topic": str, "alias": str}, pk=("topic", "alias"), foreign_keys=[("topic", "topics", "name")]
    )
    db["events"].create(
        {
            "id": str,
            "series": str,
            "edition": int,
            "kind": str,
            "title": str,
            "title_en": str,
            "theme": str,
            "theme_en": str,
            "start": str,
            "end": str,
            "venue": str,
            "city": str,
            "file": str,
            "document": str,
        },
        pk="id",
        foreign_keys=[("series", "series", "id")],
    )
    db["event_orgs"].create(
        {"event_id": str, "org": str, "role": str, "position": int},
        pk=("event_id", "role", "position"),
        foreign_keys=[("event_id", "events", "id"), ("org", "orgs", "name")],
    )
    db["event_topics"].create(
        {"event_id": str, "topic": str, "position": int},
        pk=("event_id", "position"),
        foreign_keys=[("event_id", "events", "id"), ("topic", "topics", "name")],
    )
    db["committees"].create(
        {"event_id": str, "name": str, "position": int},
        pk=("event_id", "position"),
        foreign_keys=[("event_id", "events", "id")],
    )
    db["linked_events"].create(
        {"event_id": str, "name": str, "position": int},
        pk=("event_id", "position"),
        foreign_keys=[("event_id", "events", "id")],
    )
    db["agenda_items"].create(
        {
            "id": int,
            "event_id": str,
            "date": str,
            "day": int,
            "position": int,
            "kind": str,
            "title": str,
            "time": str,
            "summary": str,
        },
        pk="id",
        foreign_keys=[("event_id", "events", "id")],
    )
    db["outcomes"].create(
        {
            "id": int,
            "event_id": str,
            "position": int,
            "kind": str,
            "text": str,
            "detail": str,
            "amount_value": int,
            "amount_unit": str,
        },
        pk="id",
        foreign_keys=[("event_id", "events", "id")],
    )
    db["appearances"].create(
        {
            "id": int,
            "event_id": str,
            "date": str,
            "item_id": int,
            "outcome_id": int,
            "person_id": str,
            "role_kind": str,
            "role": str,
            "org": str,
            "person_as_written": str,
            "org_as_written": str,
        },
        pk="id",
        foreign_keys=[
            ("event_id", "events", "id"),
            ("item_id", "agenda_items", "id"),
            ("outcome_id", "outcomes", "id"),
            ("person_id", "people", "id"),
            ("org", "orgs", "name"),
        ],
    )
    db["outcome_parties"].create(
        {"outcome_id": int, "org": str, "position": int},
        pk=("outcome_id", "position"),
        foreign_keys=[("outcome_id", "outcomes", "id"), ("org", "orgs", "name")],
    )
    db["sources"].create(
        {
            "event_id": str,
            "position": int,
            "url": str,
            "publisher": str,
            "title": str,
            "author": str,
            "published": str,
            "note": str,
        },
        pk=("event_id", "position"),
        foreign_keys=[("event_id", "events", "id")],
    )
    for table, column in INDEXED:
        db[table].create_index(column.split(","))


def _rows(archive: Archive) -> dict[str, list[dict[str, Any]]]:
    reg = archive.registry
    rows: dict[str, list[dict[str, Any]]] = {
        name: []
        for name in (
            "series",
            "people",
            "person_aliases",
            "orgs",
            "org_aliases",
            "topics",
            "topic_aliases",
            "events",
            "event_orgs",
            "event_topics",
            "committees",
            "linked_events",
            "agenda_items",
            "outcomes",
            "outcome_parties",
            "appearances",
            "sources",
        )
    }
    for s in reg.series.values():
        rows["series"].append(
            {
                "id": s["id"],
                "name": s["name"],
                "name_en": s["name_en"],
                "aliases": json.dumps(s["aliases"], ensure_ascii=False),
                "is_default": int(s["default"]),
                "notes": s["notes"],
            }
        )
    people: dict[str, dict[str, Any]] = {
        p["id"]: {"id": p["id"], "name": p["name"], "en": p["en"], "registered": 1, "notes": p["notes"]}
        for p in reg.people.values()
    }
    for p in reg.people.values():
        rows["person_aliases"].extend({"person_id": p["id"], "alias": a} for a in dict.fromkeys(p["aliases"]))
    orgs: dict[str, dict[str, Any]] = {
        o["name"]: {"name": o["name"], "en": o["en"], "sector": o["sector"], "registered": 1, "notes": o["notes"]}
        for o in reg.orgs.values()
    }
    for o in reg.orgs.values():
        rows["org_aliases"].extend({"org": o["name"], "alias": a} for a in dict.fromkeys(o["aliases"]))
    topics: dict[str, dict[str, Any]] = {
        t["name"]: {"name": t["name"], "en": t["en"], "registered": 1, "notes": t["notes"]} for t in reg.topics.values()
    }
    for t in reg.topics.values():
        rows["topic_aliases"].extend({"topic": t["name"], "alias": a} for a in dict.fromkeys(t["aliases"]))

    def org(name: str | None) -> str | None:
        if name is not None and name not in orgs:
            orgs[name] = {"name": name, "en": None, "sector": None, "registered": 0, "notes": None}
        return name

    item_id = outcome_id = 0

    def appear(
        event: dict[str, Any],
        a: dict[str, Any],
        role_kind: str,
        item: int | None = None,
        outcome: int | None = None,
        date: str | None = None,
    ) -> None:
        pid = a["person_id"]
        if pid is not None and pid not in people:
            people[pid] = {"id": pid, "name": a["person"], "en": None, "registered": 0, "notes": None}
        rows["appearances"].append(
            {
                "event_id": event["id"],
                # the day, where the record gives one; a one-day event's date for chairs and attendees
                "date": date or (event["start"] if event["start"] == event["end"] else None),
                "item_id": item,
                "outcome_id": outcome,
                "person_id": pid,
                "role_kind": role_kind,
                "role": a["role"],
                "org": org(a["org"]),
                "person_as_written": a["person_as_written"],
                "org_as_written": a["org_as_written"],
            }
        )

    for e in archive.events:
        eid = e["id"]
        venue = e["venues"][0] if e["venues"] else {}
        rows["events"].append(
            {
                "id": eid,
                "series": e["series"],
                "edition": e["edition"],
                "kind": e["kind"],
                "title": e["title"].get("ko") or e["title"].get("en"),
                "title_en": e["title"].get("en"),
                "theme": (e["theme"] or {}).get("ko"),
                "theme_en": (e["theme"] or {}).get("en"),
                "start": e["start"],
                "end": e["end"],
                "venue": venue.get("name"),
                "city": venue.get("city"),
                "file": e["file"],
                "document": json.dumps(e, ensure_ascii=False),
            }
        )
        for role in ("organizers", "hosts"):
            rows["event_orgs"].extend(
                {"event_id": eid, "org": org(name), "role": role[:-1], "position": i} for i, name in enumerate(e[role])
            )
        for i, topic in enumerate(e["topics"]):
            topics.setdefault(topic, {"name": topic, "en": None, "registered": 0, "notes": None})
            rows["event_topics"].append({"event_id": eid, "topic": topic, "position": i})
        rows["committees"].extend({"event_id": eid, "name": n, "position": i} for i, n in enumerate(e["committees"]))
        rows["linked_events"].extend({"event_id": eid, "name": n, "position": i} for i, n in enumerate(e["linked_to"]))
        for a in e["co_chairs"]:
            appear(e, a, "chair")
        for a in e["attendees"]:
            appear(e, a, "attendee")
        for day_index, day in enumerate(e["agenda"], start=1):
            for position, item in enumerate(day["items"], start=1):
                item_id += 1
                rows["agenda_items"].append(
                    {
                        "id": item_id,
                        "event_id": eid,
                        "date": day["date"],
                        "day": day_index,
                        "position": position,
                        "kind": item["kind"],
                        "title": item["title"],
                        "time": item["time"],
                        "summary": item["summary"],
                    }
                )
                for a in item["speakers"]:
                    appear(e, a, "speaker", item=item_id, date=day["date"])
        for position, outcome in enumerate(e["outcomes"], start=1):
            outcome_id += 1
            amount = outcome["amount"] or {}
            rows["outcomes"].append(
                {
                    "id": outcome_id,
                    "event_id": eid,
                    "position": position,
                    "kind": outcome["kind"],
                    "text": outcome["text"],
                    "detail": outcome["detail"],
                    "amount_value": amount.get("value"),
                    "amount_unit": amount.get("unit"),
                }
            )
            rows["outcome_parties"].extend(
                {"outcome_id": outcome_id, "org": org(name), "position": i} for i, name in enumerate(outcome["parties"])
            )
            for a in outcome["recipients"]:
                appear(e, a, "awardee", outcome=outcome_id)
        rows["sources"].extend({"event_id": eid, "position": i, **s} for i, s in enumerate(e["sources"], start=1))
    rows["people"] = list(people.values())
    rows["orgs"] = list(orgs.values())
    rows["topics"] = list(topics.values())
    return rows
