"""Write the JSON Schemas of every command's JSON output to schema/output/ (`--check`: exit 1 if stale).

One vocabulary (docs/json.md): each thing that appears in several commands' output is defined
once below (NOUNS) and used by reference, so `list`, `show`, `speakers`, `diff` and the rest
cannot name one thing two ways. Each file is self-contained: it carries the definitions it uses.
Every object lists all its keys as required and allows no others, so a renamed or added key fails
tests/test_output_schema.py until the schema, and docs/json.md, say so too.

A new command with JSON output adds its schema to COMMANDS (the file is named after the command,
`export web` -> export-web.schema.json) and one line to the table in tests/test_output_schema.py.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from generated import ROOT, write_or_check

from forumctl.questions.appearances import ITEM_FIELDS, PERSON_FIELDS
from forumctl.questions.orgs import PARTS
from forumctl.questions.people import ROLE_KINDS
from forumctl.recordfiles.event import RECORDABLE as UNKNOWABLE
from forumctl.recordfiles.event import SOURCE_KEYS, VENUE_KEYS
from forumctl.recordfiles.rules import EVENT_KINDS, ITEM_KINDS, OUTCOME_KINDS
from forumctl.store.summaries import EVENT_FIELDS

BASE = "https://json-schema.org/draft/2020-12/schema"
FOLDER = ROOT / "schema" / "output"

STRING = {"type": "string"}
TEXT = {"type": ["string", "null"]}  # a value no source gives is null
COUNT = {"type": "integer", "minimum": 0}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
STRINGS = {"type": "array", "items": STRING}


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def null_or(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def obj(props: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """An object with exactly these keys, all of them always present."""
    return {"type": "object", "additionalProperties": False, "properties": props, "required": list(props), **extra}


def keyed(keys: tuple[str, ...], props: dict[str, Any]) -> dict[str, Any]:
    """obj() for a key set the code defines: the two must name the same keys, in the same order."""
    assert tuple(props) == keys, (keys, tuple(props))
    return obj(props)


def counts(*names: str) -> dict[str, Any]:
    return obj(dict.fromkeys(names, COUNT))


NOUNS: dict[str, dict[str, Any]] = {
    "text": {
        **obj({"ko": TEXT, "en": TEXT}),
        "description": "Text in Korean and English; null for a language no source gives (never both).",
        "not": {"properties": {"ko": {"type": "null"}, "en": {"type": "null"}}},
    },
    "event": {
        **keyed(
            EVENT_FIELDS,
            {
                "id": STRING,
                "series": STRING,
                "edition": null_or({"type": "integer", "minimum": 1}),
                "kind": {"enum": list(EVENT_KINDS)},
                "title": ref("text"),
                "start": DATE,
                "end": DATE,
            },
        ),
        "description": "An event as every command names it (show adds the rest of the record).",
    },
    "person": {
        **obj({"id": STRING, "name": STRING}),
        "description": "A person: the people.yaml id (or the name, for people no registry lists) and canonical name.",
    },
    "appearance": {
        **keyed(
            PERSON_FIELDS,
            {
                "person_id": TEXT,
                "person": TEXT,
                "person_as_written": TEXT,
                "role": TEXT,
                "org": TEXT,
                "org_as_written": TEXT,
            },
        ),
        "description": "Someone named by a record: canonical person and org, and as the record wrote them.",
    },
    "item": {
        **keyed(
            ITEM_FIELDS,
            {"kind": {"enum": list(ITEM_KINDS)}, "title": TEXT, "time": TEXT, "summary": TEXT},
        ),
        "description": "An agenda item (show's items add their speakers).",
    },
}


def appearance_at() -> dict[str, Any]:
    """An appearance with where and as what: speakers' and person's appearances."""
    own = NOUNS["appearance"]
    props = {
        **own["properties"],
        "role_kind": {"enum": list(ROLE_KINDS)},
        "date": null_or(DATE),
        "event": ref("event"),
        "item": null_or(ref("item")),
    }
    return obj(props)


MATCHES = ["name", "alias", "en", "id", "part of name", "initials", "role", "organisation", "talk", "role kind"]
ORG_MATCHES = ["name", "alias", "en", "part of name", "word of name"]


def person_page(*, co_speakers: bool) -> dict[str, Any]:
    props = {
        **NOUNS["person"]["properties"],
        "en": TEXT,
        "aliases": STRINGS,
        "registered": {"type": "boolean"},
        "match": null_or({"enum": MATCHES}),
        "appearance_count": COUNT,
        "event_count": COUNT,
        "appearances": array(ref("appearance_at")),
    }
    if co_speakers:
        props["co_speakers"] = array(obj({**NOUNS["person"]["properties"], "event_ids": STRINGS}))
    return obj(props)


def org_page() -> dict[str, Any]:
    span = {"first": TEXT, "last": TEXT}
    role = obj({"role": TEXT, **span, "event_ids": STRINGS})
    return obj(
        {
            "name": STRING,
            "en": TEXT,
            "aliases": STRINGS,
            "sector": TEXT,
            "registered": {"type": "boolean"},
            "notes": TEXT,
            "match": {"enum": ORG_MATCHES},
            "people": array(obj({**NOUNS["person"]["properties"], **span, "roles": array(role)})),
            "talks": array(ref("appearance_at")),
            "events": array(obj({**NOUNS["event"]["properties"], "as": array({"enum": list(PARTS)})})),
            "outcomes": array(obj({"event": ref("event"), "kind": STRING, "text": STRING, "parties": STRINGS})),
        }
    )


def event_document() -> dict[str, Any]:
    item = obj({**NOUNS["item"]["properties"], "speakers": array(ref("appearance"))})
    outcome = obj(
        {
            "kind": {"enum": list(OUTCOME_KINDS)},
            "text": STRING,
            "detail": TEXT,
            "parties": STRINGS,
            "amount": null_or(obj({"value": {"type": "integer"}, "unit": STRING})),
            "recipients": array(ref("appearance")),
        }
    )
    source = keyed(
        SOURCE_KEYS,
        {
            "url": TEXT,
            "publisher": TEXT,
            "title": TEXT,
            "author": TEXT,
            "published": null_or({"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}),
            "note": TEXT,
        },
    )
    return obj(
        {
            **NOUNS["event"]["properties"],
            "theme": null_or(ref("text")),
            "venues": null_or(array(keyed(VENUE_KEYS, {"name": STRING, "city": TEXT, "room": TEXT, "address": TEXT}))),
            "organizers": STRINGS,
            "hosts": STRINGS,
            "co_chairs": array(ref("appearance")),
            "attendance": null_or(
                obj({"count": null_or(COUNT), "approximate": {"type": ["boolean", "null"]}, "note": TEXT})
            ),
            "linked_to": STRINGS,
            "topics": null_or(STRINGS),
            "committees": null_or(STRINGS),
            "agenda": null_or(array(obj({"date": null_or(DATE), "items": array(item)}))),
            "attendees": array(ref("appearance")),
            "outcomes": array(outcome),
            "sources": array(source),
            "notes": TEXT,
            "not_recorded": array({"enum": list(UNKNOWABLE)}),
            "linked_events": array(ref("event")),
            "file": STRING,
        }
    )


def diff() -> dict[str, Any]:
    # null where the change is unknown: either event leaves the field unrecorded
    changes = obj(dict.fromkeys(("a", "b", "added", "removed", "kept"), null_or(STRINGS)))
    unrecorded = obj(dict.fromkeys(("a", "b"), array({"enum": ["theme", "topics", "committees"]})))
    sectors = {"type": "object", "additionalProperties": COUNT}
    full = obj(
        {
            "a": ref("event"),
            "b": ref("event"),
            "not_recorded": unrecorded,
            "topics": changes,
            "committees": changes,
            "themes": obj({"a": null_or(ref("text")), "b": null_or(ref("text")), "shared_words": null_or(STRINGS)}),
            "sectors": obj({"a": sectors, "b": sectors}),
            "recurring_people": array(ref("person")),
        }
    )
    stat = obj(
        {
            "a": ref("event"),
            "b": ref("event"),
            "not_recorded": unrecorded,
            "counts": obj(
                {
                    "topics": obj(dict.fromkeys(("added", "removed", "kept"), null_or(COUNT))),
                    "committees": obj(dict.fromkeys(("added", "removed", "kept"), null_or(COUNT))),
                    "shared_theme_words": null_or(COUNT),
                    "recurring_people": COUNT,
                }
            ),
        }
    )
    return {"oneOf": [{**full, "title": "diff A B"}, {**stat, "title": "diff A B --stat"}]}


def themes() -> dict[str, Any]:
    row = obj({"name": STRING, "event_ids": STRINGS})
    event = obj({**NOUNS["event"]["properties"], "label": STRING,
                 "not_recorded": array({"enum": ["topics", "committees"]})})  # fmt: skip
    return obj({"series": STRING, "events": array(event), "topics": array(row), "committees": array(row)})


def coverage() -> dict[str, Any]:
    event = obj({**NOUNS["event"]["properties"], "sources": COUNT, "sources_with_url": COUNT,
                 "not_recorded": array({"enum": list(UNKNOWABLE)})})  # fmt: skip
    year = {"type": "integer"}
    ranges = {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}  # [first, last]
    return array(
        obj(
            {
                "series": STRING,
                "name": STRING,
                "event_count": COUNT,
                "first": null_or(DATE),
                "last": null_or(DATE),
                "ordinals": array({"type": "integer", "minimum": 1}),
                "missing_ordinals": array(ranges),
                "unnumbered": STRINGS,
                "years": array(year),
                "years_without_record": array(year),
                "never_recorded": array({"enum": list(UNKNOWABLE)}),
                "notes": TEXT,
                "events": array(event),
            }
        )
    )


def search() -> dict[str, Any]:
    fields = ["title", "theme", "topic", "committee", "talk", "summary", "outcome", "outcome_detail", "notes",
              "person", "org", "linked", "venue", "source"]  # fmt: skip
    match = obj({"field": {"enum": fields}, "where": STRING, "snippet": STRING, "words": STRINGS, "score": COUNT})
    return array(obj({**NOUNS["event"]["properties"], "score": COUNT, "matches": array(match)}))


def sql() -> dict[str, Any]:
    value = {"type": ["string", "number", "null"]}
    rows = array({"type": "object", "additionalProperties": value})
    tables = array(obj({"name": STRING, "type": {"enum": ["table", "view"]}, "row_count": COUNT, "columns": STRINGS}))
    return {"anyOf": [{**rows, "title": "sql QUERY"}, {**tables, "title": "sql --schema"}]}


def check() -> dict[str, Any]:
    line = null_or({"type": "integer", "minimum": 1})
    problem = obj(
        {"path": STRING, "line": line, "col": line, "severity": {"enum": ["error", "warning"]}, "message": STRING}
    )
    return obj({"problems": array(problem), "errors": COUNT, "warnings": COUNT, "files": COUNT})


# command -> (what its JSON is, schema)
COMMANDS: dict[str, tuple[str, dict[str, Any]]] = {
    "list": (
        "The events, oldest first: each event with its theme and first venue.",
        array(obj({**NOUNS["event"]["properties"], "theme": null_or(ref("text")), "venue": TEXT, "city": TEXT})),
    ),
    "show": ("One event: the whole resolved record.", event_document()),
    "speakers": ("People with their appearances, best match first.", array(person_page(co_speakers=False))),
    "person": ("One person's page.", person_page(co_speakers=True)),
    "org": ("One organisation's page: people over time, talks, events, outcomes.", org_page()),
    "diff": ("What changed between two events (or only the counts, with --stat).", diff()),
    "themes": ("The topics and committees of a series against its events.", themes()),
    "coverage": ("What the archive does not know, one entry per series.", coverage()),
    "search": ("Events whose text holds every word, best first, each with the fields that matched.", search()),
    "export web": ("The folder written and the files in it.", obj({"dir": STRING, "files": STRINGS})),
    "sql": ("The rows of a query, keyed by column name; or with --schema the tables.", sql()),
    "check": ("Every problem in the records, and the counts.", check()),
    "new": ("The record skeleton written.", obj({"path": STRING, "id": STRING, "series": STRING})),
    "build": (
        "The database built.",
        obj(
            {
                "db": TEXT,
                "records": STRING,
                "counts": counts("series", "events", "agenda_items", "appearances", "people", "orgs", "topics"),
            }
        ),
    ),
}


def _used(node: Any, defs: dict[str, Any], found: dict[str, None]) -> None:
    """The names of the definitions `node` refers to, directly or through other definitions."""
    if isinstance(node, dict):
        target = node.get("$ref", "")
        if target.startswith("#/$defs/") and (name := target.removeprefix("#/$defs/")) not in found:
            found[name] = None
            _used(defs[name], defs, found)
        for value in node.values():
            _used(value, defs, found)
    elif isinstance(node, list):
        for value in node:
            _used(value, defs, found)


def schemas() -> dict[str, dict[str, Any]]:
    defs = {**NOUNS, "appearance_at": appearance_at()}
    out = {}
    for command, (description, schema) in COMMANDS.items():
        name = command.replace(" ", "-")
        used: dict[str, None] = {}
        _used(schema, defs, used)
        out[f"{name}.schema.json"] = {
            "$schema": BASE,
            "$id": f"forumctl/output/{name}.schema.json",
            "title": f"forumctl {command} --json",
            "description": f"{description} See docs/json.md.",
            **({"$defs": {n: defs[n] for n in sorted(used)}} if used else {}),
            **schema,
        }
    return out


def main() -> int:
    return write_or_check(
        (FOLDER / name, json.dumps(schema, ensure_ascii=False, indent=2) + "\n") for name, schema in schemas().items()
    )


if __name__ == "__main__":
    sys.exit(main())
