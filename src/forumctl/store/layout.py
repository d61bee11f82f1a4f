"""The database layout, in one place: every table's columns (in insert order), keys and indexes.

Readable in `sqlite3` or Datasette: one row per event, agenda item, appearance, person,
organisation, topic, committee, outcome and source; events.document keeps each event's whole
resolved record as JSON, which is what `show` prints; `unrecorded` lists the fields a record leaves
out. theme_marks and theme_matrix are derived, for `themes` (derived.py).
"""

from __future__ import annotations

import sqlite3
from typing import Any

# table -> (columns with types, primary key, foreign keys as (column, table, column))
TABLES: dict[str, tuple[dict[str, type], Any, list[tuple[str, str, str]]]] = {
    "meta": ({"key": str, "value": str}, "key", []),
    "files": ({"path": str, "size": int, "mtime_ns": int, "event_id": str}, "path", []),
    "series": ({"id": str, "name": str, "name_en": str, "aliases": str, "is_default": int, "notes": str}, "id", []),
    "people": ({"id": str, "name": str, "en": str, "registered": int, "notes": str}, "id", []),
    "person_aliases": ({"person_id": str, "alias": str}, ("person_id", "alias"), [("person_id", "people", "id")]),
    "orgs": ({"name": str, "en": str, "sector": str, "registered": int, "notes": str}, "name", []),
    "org_aliases": ({"org": str, "alias": str}, ("org", "alias"), [("org", "orgs", "name")]),
    "topics": ({"name": str, "en": str, "registered": int, "notes": str}, "name", []),
    "topic_aliases": ({"topic": str, "alias": str}, ("topic", "alias"), [("topic", "topics", "name")]),
    "events": (
        {"id": str, "series": str, "edition": int, "kind": str, "title": str, "title_en": str, "theme": str,
         "theme_en": str, "start": str, "end": str, "year": int, "venue": str, "city": str, "file": str,
         "document": str},
        "id", [("series", "series", "id")],
    ),
    "event_orgs": ({"event_id": str, "org": str, "role": str, "position": int}, ("event_id", "role", "position"),
                   [("event_id", "events", "id"), ("org", "orgs", "name")]),
    "event_topics": ({"event_id": str, "topic": str, "position": int}, ("event_id", "position"),
                     [("event_id", "events", "id"), ("topic", "topics", "name")]),
    "committees": ({"event_id": str, "name": str, "position": int}, ("event_id", "position"),
                   [("event_id", "events", "id")]),
    "linked_events": ({"event_id": str, "name": str, "position": int}, ("event_id", "position"),
                      [("event_id", "events", "id")]),
    "agenda_items": (
        {"id": int, "event_id": str, "date": str, "day": int, "position": int, "kind": str, "title": str,
         "time": str, "summary": str},
        "id", [("event_id", "events", "id")],
    ),
    "outcomes": (
        {"id": int, "event_id": str, "position": int, "kind": str, "text": str, "detail": str, "amount_value": int,
         "amount_unit": str},
        "id", [("event_id", "events", "id")],
    ),
    "appearances": (
        {"id": int, "event_id": str, "date": str, "item_id": int, "outcome_id": int, "person_id": str,
         "role_kind": str, "role": str, "org": str, "person_as_written": str, "org_as_written": str},
        "id",
        [("event_id", "events", "id"), ("item_id", "agenda_items", "id"), ("outcome_id", "outcomes", "id"),
         ("person_id", "people", "id"), ("org", "orgs", "name")],
    ),
    "outcome_parties": ({"outcome_id": int, "org": str, "position": int}, ("outcome_id", "position"),
                        [("outcome_id", "outcomes", "id"), ("org", "orgs", "name")]),
    "sources": (
        {"event_id": str, "position": int, "url": str, "publisher": str, "title": str, "author": str,
         "published": str, "note": str},
        ("event_id", "position"), [("event_id", "events", "id")],
    ),
    # One row per searchable piece of an event's text (searchtext.py), for `forumctl search` and Datasette.
    "search_text": ({"id": int, "event_id": str, "field": str, "label": str, "weight": int, "text": str,
                     "folded": str, "latin": str}, "id", [("event_id", "events", "id")]),
    # An inverted index of search_text but names (searchtext.py): each word once, and its weighted count per event.
    "search_terms": ({"id": int, "latin": int, "term": str}, "id", []),
    "search_postings": ({"term_id": int, "event_id": str, "score": int}, None,
                        [("term_id", "search_terms", "id"), ("event_id", "events", "id")]),
    # Each distinct person and organisation text of search_text once, and whom it stands for (searchtext.py).
    "search_names": ({"id": int, "field": str, "text": str, "folded": str, "latin": str}, "id", []),
    "search_name_keys": ({"name_id": int, "key": str, "written": str}, ("name_id", "key", "written"),
                         [("name_id", "search_names", "id")]),
    "names": ({"id": int, "entity": str, "key": str, "name": str, "kind": str, "folded": str, "choseong": str}, "id",
              []),
    # The fields an event's record leaves out ("the sources do not tell"), by their record key.
    "unrecorded": ({"event_id": str, "field": str}, ("event_id", "field"), [("event_id", "events", "id")]),
    # What `themes` reads: every topic and committee of an event, canonical (topics.yaml) and folded.
    "theme_marks": ({"event_id": str, "series": str, "start": str, "field": str, "position": int, "name": str,
                     "folded": str}, ("event_id", "field", "position"), [("event_id", "events", "id")]),
    # The whole `themes` answer per series (no --since), kept current by builds and in-place updates.
    "theme_matrix": ({"series": str, "document": str}, "series", []),
    # `list`'s answer per series and for every series ("*"), without --year (summaries.py).
    "event_lists": ({"series": str, "document": str}, "series", []),
}  # fmt: skip

INDEXES = (
    ("events", "series,start"),
    ("events", "edition"),
    ("events", "start"),
    ("agenda_items", "event_id"),
    ("appearances", "person_id,date"),
    ("appearances", "event_id"),
    ("appearances", "org,event_id"),  # a search's organisations to their events from the index alone
    ("appearances", "item_id"),
    ("event_topics", "topic"),
    ("person_aliases", "alias"),
    ("org_aliases", "alias"),
    ("names", "entity,folded"),
    ("names", "entity,key"),
    ("files", "event_id"),
    ("search_text", "event_id"),
    ("search_terms", "latin,term"),  # a Latin word's range, and each query's scan without an automatic index
    ("search_postings", "term_id,event_id,score"),  # covers what questions/search.py reads
    ("event_orgs", "org"),  # the events that name an organisation a search found (questions/search.py)
    ("outcome_parties", "org"),
    ("theme_marks", "series,start,event_id,field,position,name,folded"),  # covers what derived.py reads
)

# Tables that hang off an event, for removing one event's rows (outcome_parties goes via outcomes).
# (search_postings too, in one pass for all the events: update.py)
EVENT_TABLES = ("event_orgs", "event_topics", "committees", "linked_events", "agenda_items", "appearances", "sources",
                "unrecorded", "theme_marks", "search_text")  # fmt: skip


def columns(table: str) -> list[str]:
    return list(TABLES[table][0])


def insert_sql(table: str, verb: str = "insert") -> str:
    cols = columns(table)
    return f"{verb} into [{table}] ({', '.join(f'[{c}]' for c in cols)}) values ({', '.join('?' * len(cols))})"


SQL_TYPES = {str: "TEXT", int: "INTEGER"}


def table_sql(table: str) -> str:
    """The `create table` statement of a table, word for word as sqlite-utils 4 writes it
    (Table.create; tests/test_cache.py compares them). A build writes it without importing
    sqlite-utils, whose ~16 MB would be held through the part of a build that peaks in memory."""
    cols, pk, fks = TABLES[table]
    refs = {column: (other, other_column) for column, other, other_column in fks}
    lines = []
    for column, kind in cols.items():
        line = f'   "{column}" {SQL_TYPES[kind]}'
        if column == pk:
            line += " PRIMARY KEY"
        if column in refs:
            line += f' REFERENCES "{refs[column][0]}"("{refs[column][1]}")'
        lines.append(line)
    if isinstance(pk, tuple):
        lines.append("   PRIMARY KEY (" + ", ".join(f'"{c}"' for c in pk) + ")")
    return f'CREATE TABLE "{table}" (\n' + ",\n".join(lines) + "\n)"


def create_tables(conn: sqlite3.Connection) -> None:
    for table in TABLES:
        conn.execute(table_sql(table))


def create_indexes(db: Any) -> None:
    """Indexes and the full-text index, built once the rows are in (faster than row by row)."""
    for table, cols in INDEXES:
        db[table].create_index(cols.split(","))
    db["names"].enable_fts(["folded", "choseong"], tokenize="trigram", fts_version="FTS5", create_triggers=False)
    db["agenda_items"].enable_fts(["title", "summary"], tokenize="trigram", fts_version="FTS5", create_triggers=False)
