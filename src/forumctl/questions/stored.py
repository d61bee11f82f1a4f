"""Answers as compact JSON text (text/compact.py), handed on as it is when the caller asks for
text, which output/render.py writes without parsing it and encoding it again: the answers the store
keeps ready (`list` without --year, `themes` without --since; at 10,000 events this saves ~16 ms for
`list` and ~10 ms for `themes`), and the pages put together from texts SQLite writes (appearances.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from forumctl.text.compact import compact_json


class JsonText(str):
    """A stored answer's compact JSON text; load() gives the plain data."""

    __slots__ = ()

    def load(self) -> Any:
        return json.loads(self)


def stored_answer(text: str, as_text: bool) -> Any:
    """The answer as text (JsonText) when the caller asked for it, else as plain data."""
    return JsonText(text) if as_text else json.loads(text)


def json_object_text(fields: dict[str, Any]) -> JsonText:
    """The compact JSON of an object whose values are plain data (encoded here) or JsonText (put in
    as they are): the very bytes compact_json gives for the object with those texts loaded."""
    members: list[str] = []
    plain: dict[str, Any] = {}  # members in a row that are plain data: encoded together (one call, not one each)
    for key, value in fields.items():
        if isinstance(value, JsonText):
            if plain:
                members.append(compact_json(plain)[1:-1])
                plain = {}
            members.append(f"{compact_json(key)}:{value}")
        else:
            plain[key] = value
    if plain:
        members.append(compact_json(plain)[1:-1])
    return JsonText("{" + ",".join(members) + "}")


def json_array_text(texts: Iterable[str]) -> JsonText:
    """The compact JSON of an array whose items are compact JSON texts already."""
    return JsonText("[" + ",".join(texts) + "]")
