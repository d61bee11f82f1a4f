"""Write the JSON Schemas of the record format to schema/ (`--check`: exit 1 if stale).

Built from the same constants the loader uses (keys, kinds, sectors), so the two cannot drift.
Text fields accept numbers and booleans too, because an editor reading YAML 1.2 sees `010` or
`true` as those, while forumctl keeps every plain value of a text field as text.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from generated import ROOT, write_or_check

from forumctl.recordfiles.event import APPEARANCE_KEYS, EVENT_KEYS, ITEM_KEYS, OUTCOME_KEYS, SOURCE_KEYS, VENUE_KEYS
from forumctl.recordfiles.rules import EVENT_KINDS, ITEM_KINDS, OUTCOME_KINDS, SECTORS

BASE = "https://json-schema.org/draft/2020-12/schema"

TEXT = {"type": ["string", "number", "boolean"]}
TEXTS = {"type": "array", "items": {"$ref": "#/$defs/text"}}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
LOCALIZED = {
    "anyOf": [
        {"$ref": "#/$defs/text"},
        {
            "type": "object",
            "additionalProperties": False,
            "minProperties": 1,
            "properties": {"ko": {"$ref": "#/$defs/text"}, "en": {"$ref": "#/$defs/text"}},
        },
    ]
}
ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9._-]*$"}


def obj(keys: tuple[str, ...], props: dict[str, Any], required: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    assert set(props) == set(keys), set(keys) ^ set(props)
    return {"type": "object", "additionalProperties": False, "properties": props, "required": list(required), **extra}


def or_none(schema: dict[str, Any]) -> dict[str, Any]:
    """A single-valued field that a record may set to null: "none" (no ordinal, no theme), which
    is not the same as leaving the key out ("the sources do not tell")."""
    return {"anyOf": [schema, {"type": "null"}]}


def appearances() -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": "#/$defs/appearance"}}


def event_schema() -> dict[str, Any]:
    venue = obj(VENUE_KEYS, {k: {"$ref": "#/$defs/text"} for k in VENUE_KEYS}, ("name",))
    return {
        "$schema": BASE,
        "$id": "forumctl/event.schema.json",
        "title": "forumctl event record",
        "description": "One event of the forumctl archive (records/<series-id>/<event-id>.yaml). See docs/records.md.",
        "$defs": {
            "text": TEXT,
            "appearance": obj(
                APPEARANCE_KEYS,
                {k: {"$ref": "#/$defs/text"} for k in APPEARANCE_KEYS},
                anyOf=[{"required": ["person"]}, {"required": ["org"]}],
            ),
        },
        **obj(
            EVENT_KEYS,
            {
                "id": ID,
                "series": ID,
                "edition": or_none({"type": "integer", "minimum": 1}),
                "kind": {"enum": list(EVENT_KINDS)},
                "title": LOCALIZED,
                "theme": or_none(LOCALIZED),
                "start": DATE,
                "end": DATE,
                "venue": {"anyOf": [venue, {"type": "array", "items": venue}]},
                "organizers": TEXTS,
                "hosts": TEXTS,
                "co_chairs": appearances(),
                "attendance": or_none(
                    obj(
                        ("count", "approximate", "note"),
                        {
                            "count": {"type": "integer", "minimum": 1},
                            "approximate": {"type": "boolean"},
                            "note": {"$ref": "#/$defs/text"},
                        },
                    )
                ),
                "linked_to": TEXTS,
                "topics": TEXTS,
                "committees": TEXTS,
                "agenda": {
                    "type": "array",
                    "items": obj(
                        ("date", "items"),
                        {
                            "date": DATE,
                            "items": {
                                "type": "array",
                                "minItems": 1,
                                "items": obj(
                                    ITEM_KEYS,
                                    {
                                        "kind": {"enum": list(ITEM_KINDS)},
                                        "title": {"$ref": "#/$defs/text"},
                                        "time": {"$ref": "#/$defs/text"},
                                        "summary": {"$ref": "#/$defs/text"},
                                        "speakers": appearances(),
                                    },
                                    ("kind",),
                                ),
                            },
                        },
                        ("items",),
                    ),
                },
                "attendees": appearances(),
                "outcomes": {
                    "type": "array",
                    "items": obj(
                        OUTCOME_KEYS,
                        {
                            "kind": {"enum": list(OUTCOME_KINDS)},
                            "text": {"$ref": "#/$defs/text"},
                            "detail": {"$ref": "#/$defs/text"},
                            "parties": TEXTS,
                            "amount": obj(
                                ("value", "unit"),
                                {"value": {"type": "integer", "minimum": 1}, "unit": {"$ref": "#/$defs/text"}},
                                ("value", "unit"),
                            ),
                            "recipients": appearances(),
                        },
                        ("kind", "text"),
                    ),
                },
                "sources": {
                    "type": "array",
                    "minItems": 1,
                    "items": obj(
                        SOURCE_KEYS,
                        {
                            "url": {"type": "string", "pattern": "^https?://"},
                            "publisher": {"$ref": "#/$defs/text"},
                            "title": {"$ref": "#/$defs/text"},
                            "author": {"$ref": "#/$defs/text"},
                            "published": {"type": ["string", "integer"], "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                            "note": {"$ref": "#/$defs/text"},
                        },
                        anyOf=[{"required": ["url"]}, {"required": ["title"]}],
                    ),
                },
                "notes": {"$ref": "#/$defs/text"},
            },
            ("id", "series", "kind", "title", "start", "sources"),
        ),
    }


def registry_schema(
    name: str, keys: tuple[str, ...], props: dict[str, Any], required: tuple[str, ...]
) -> dict[str, Any]:
    return {
        "$schema": BASE,
        "$id": f"forumctl/{name}.schema.json",
        "title": f"forumctl {name}.yaml",
        "$defs": {"text": TEXT},
        "type": "array",
        "items": obj(keys, props, required),
    }


def schemas() -> dict[str, dict[str, Any]]:
    text = {"$ref": "#/$defs/text"}
    names = {"name": text, "aliases": TEXTS, "en": text, "notes": text}
    return {
        "event.schema.json": event_schema(),
        "series.schema.json": registry_schema(
            "series",
            ("id", "name", "aliases", "default", "notes"),
            {"id": ID, "name": LOCALIZED, "aliases": TEXTS, "default": {"type": "boolean"}, "notes": text},
            ("id", "name"),
        ),
        "people.schema.json": registry_schema(
            "people", ("id", "name", "aliases", "en", "notes"), {"id": ID, **names}, ("id", "name")
        ),
        "orgs.schema.json": registry_schema(
            "orgs",
            ("name", "aliases", "en", "sector", "notes"),
            {**names, "sector": {"enum": list(SECTORS)}},
            ("name",),
        ),
        "topics.schema.json": registry_schema("topics", ("name", "aliases", "en", "notes"), names, ("name",)),
    }


def main() -> int:
    return write_or_check(
        (ROOT / "schema" / name, json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
        for name, schema in schemas().items()
    )


if __name__ == "__main__":
    sys.exit(main())
