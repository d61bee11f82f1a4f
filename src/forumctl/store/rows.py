"""Turning loaded records into database rows, a batch at a time.

Rows are tuples in layout.py's column order and go in with executemany: sqlite-utils' insert_all
inspects and converts every value, which at tens of thousands of events costs more than parsing
the YAML does.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from itertools import chain
from typing import Any

from forumctl.recordfiles.registry import Registry
from forumctl.store.layout import insert_sql
from forumctl.store.searchtext import SearchCache, search_rows
from forumctl.text.names import choseong, fold

# A list field the record leaves out is null in the stored document (and so in `show --json`); a
# recorded "none" stays []. Record key -> document key.
UNRECORDED_LISTS = {"venue": "venues", "topics": "topics", "committees": "committees", "agenda": "agenda"}


def document(e: dict[str, Any]) -> dict[str, Any]:
    """The event as `show` gives it: unrecorded list fields null (single values are null either way)."""
    nulls = {UNRECORDED_LISTS[f]: None for f in e.get("not_recorded", ()) if f in UNRECORDED_LISTS}
    return {**e, **nulls} if nulls else e


def document_text(e: dict[str, Any]) -> str:
    """The stored document of an event (events.document). A build has its parser workers make it
    (archive.event_stream's `encode`) and send it instead of the event, which event_from_document
    gives back: the process that writes the database, the one the build waits on, saves a
    json.dumps per event (~0.15 ms), and the text costs no more to receive than the event did."""
    return json.dumps(document(e), ensure_ascii=False)


def event_from_document(text: str) -> dict[str, Any]:
    """The event a document_text was made of: a list field left out of the record is [] (parsing
    gives nothing else), and null only in the document."""
    e: dict[str, Any] = json.loads(text)
    for field in e["not_recorded"]:
        if field in UNRECORDED_LISTS:
            e[UNRECORDED_LISTS[field]] = []
    return e


SEARCH_BATCH = 5000


class Rows:
    """Collects rows table by table and writes them out in batches."""

    def __init__(self, conn: sqlite3.Connection, next_item: int = 1, next_outcome: int = 1):
        self.conn = conn
        self.pending: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        self.next_item, self.next_outcome = next_item, next_outcome
        self.search_cache = SearchCache()
        self.people: dict[str, tuple[Any, ...]] = {}  # people, orgs and topics the registries do not list
        self.orgs: dict[str, tuple[Any, ...]] = {}
        self.topics: dict[str, tuple[Any, ...]] = {}

    def flush(self, verb: str = "insert") -> None:
        for table, new in self.search_cache.take_new().items():
            self.pending[table] += new
        for table, rows in self.pending.items():
            if rows:
                self.conn.executemany(insert_sql(table, verb), rows)
        self.pending.clear()

    def write_registry(self, reg: Registry) -> None:
        """The registries' rows, written as they are made: 20,000 people held at once as 45,000
        tuples would leave the process ~16 MB larger (a fragmented heap keeps what they used)."""
        write = self.conn.executemany
        write(insert_sql("series"), ((s["id"], s["name"], s["name_en"], json.dumps(s["aliases"], ensure_ascii=False),
                                      int(s["default"]), s["notes"]) for s in reg.series.values()))  # fmt: skip
        people, orgs, topics = reg.people.values(), reg.orgs.values(), reg.topics.values()
        write(insert_sql("people"), ((p["id"], p["name"], p["en"], 1, p["notes"]) for p in people))
        write(insert_sql("person_aliases"), ((p["id"], a) for p in people for a in dict.fromkeys(p["aliases"])))
        write(insert_sql("orgs"), ((o["name"], o["en"], o["sector"], 1, o["notes"]) for o in orgs))
        write(insert_sql("org_aliases"), ((o["name"], a) for o in orgs for a in dict.fromkeys(o["aliases"])))
        write(insert_sql("topics"), ((t["name"], t["en"], 1, t["notes"]) for t in topics))
        write(insert_sql("topic_aliases"), ((t["name"], a) for t in topics for a in dict.fromkeys(t["aliases"])))
        names = chain(
            (row for p in people for row in _name_rows("person", p["id"], p["name"], p["aliases"], p["en"])),
            (row for o in orgs for row in _name_rows("org", o["name"], o["name"], o["aliases"], o["en"])),
            (row for t in topics for row in _name_rows("topic", t["name"], t["name"], t["aliases"], t["en"])),
        )
        write(insert_sql("names"), names)

    def add_unlisted(self, reg: Registry, existing: set[tuple[str, str]] | None = None) -> None:
        """People, orgs and topics that events name but no registry lists (skipping those in `existing`)."""
        for entity, found, table in (("person", self.people, "people"), ("org", self.orgs, "orgs"),
                                     ("topic", self.topics, "topics")):  # fmt: skip
            for key, row in found.items():
                if existing is None or (entity, key) not in existing:
                    self.pending[table].append(row)
                    self.pending["names"] += _name_rows(entity, key, row[1] if entity == "person" else key, [], None)
            found.clear()

    def add_event(self, e: dict[str, Any], reg: Registry, stored: str | None = None) -> None:
        """Add the rows of an event (`stored`: its document_text, when it is made already)."""
        add, eid = self.pending, e["id"]
        venue = e["venues"][0] if e["venues"] else {}
        theme = e["theme"] or {}
        add["events"].append((
            eid, e["series"], e["edition"], e["kind"], e["title"].get("ko") or e["title"].get("en"),
            e["title"].get("en"), theme.get("ko"), theme.get("en"), e["start"], e["end"], int(e["start"][:4]),
            venue.get("name"), venue.get("city"), e["file"], document_text(e) if stored is None else stored,
        ))  # fmt: skip
        add["unrecorded"] += [(eid, f) for f in e["not_recorded"]]
        for field, names in (("topics", e["topics"]), ("committees", [reg.topic(n) for n in e["committees"]])):
            add["theme_marks"] += [(eid, e["series"], e["start"], field, i, n, fold(n)) for i, n in enumerate(names)]
        for role in ("organizers", "hosts"):
            add["event_orgs"] += [(eid, self._org(reg, name), role[:-1], i) for i, name in enumerate(e[role])]
        for i, topic in enumerate(e["topics"]):
            if topic not in reg.topics:
                self.topics.setdefault(topic, (topic, None, 0, None))
            add["event_topics"].append((eid, topic, i))
        add["committees"] += [(eid, n, i) for i, n in enumerate(e["committees"])]
        add["linked_events"] += [(eid, n, i) for i, n in enumerate(e["linked_to"])]
        one_day = e["start"] if e["start"] == e["end"] else None
        for a in e["co_chairs"]:
            self._appear(reg, e, a, "chair", None, None, one_day)
        for a in e["attendees"]:
            self._appear(reg, e, a, "attendee", None, None, one_day)
        for day_index, day in enumerate(e["agenda"], start=1):
            for position, item in enumerate(day["items"], start=1):
                item_id, self.next_item = self.next_item, self.next_item + 1
                add["agenda_items"].append((item_id, eid, day["date"], day_index, position, item["kind"],
                                            item["title"], item["time"], item["summary"]))  # fmt: skip
                for a in item["speakers"]:
                    self._appear(reg, e, a, "speaker", item_id, None, day["date"] or one_day)
        for position, outcome in enumerate(e["outcomes"], start=1):
            outcome_id, self.next_outcome = self.next_outcome, self.next_outcome + 1
            amount = outcome["amount"] or {}
            add["outcomes"].append((outcome_id, eid, position, outcome["kind"], outcome["text"], outcome["detail"],
                                    amount.get("value"), amount.get("unit")))  # fmt: skip
            add["outcome_parties"] += [(outcome_id, self._org(reg, n), i) for i, n in enumerate(outcome["parties"])]
            for a in outcome["recipients"]:
                self._appear(reg, e, a, "awardee", None, outcome_id, one_day)
        add["sources"] += [(eid, i, s["url"], s["publisher"], s["title"], s["author"], s["published"], s["note"])
                           for i, s in enumerate(e["sources"], start=1)]  # fmt: skip
        found = search_rows(e, reg, self.search_cache)
        add["search_postings"] += self.search_cache.postings(eid, found)
        add["search_text"] += found
        if len(add["search_text"]) >= SEARCH_BATCH:  # a hundred rows an event: written sooner than the rest
            self.conn.executemany(insert_sql("search_text"), add.pop("search_text"))

    def _org(self, reg: Registry, name: str | None) -> str | None:
        if name is not None and name not in reg.orgs:
            self.orgs.setdefault(name, (name, None, None, 0, None))
        return name

    def _appear(self, reg: Registry, e: dict[str, Any], a: dict[str, Any], role_kind: str, item: int | None,
                outcome: int | None, date: str | None) -> None:  # fmt: skip
        pid = a["person_id"]
        if pid is not None and pid not in reg.people:
            self.people.setdefault(pid, (pid, a["person"], None, 0, None))
        org = self._org(reg, a["org"])
        self.pending["appearances"].append(
            (None, e["id"], date, item, outcome, pid, role_kind, a["role"], org, a["person_as_written"],
             a["org_as_written"])
        )  # fmt: skip


def _name_rows(entity: str, key: str, name: str, aliases: list[str], en: str | None) -> list[tuple[Any, ...]]:
    return [(None, entity, key, written, kind, fold(written), fold(choseong(written)))
            for written, kind in dict.fromkeys([(name, "name"), *((a, "alias") for a in aliases), (en, "en")])
            if written]  # fmt: skip
