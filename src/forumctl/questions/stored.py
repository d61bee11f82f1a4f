"""Answers as compact JSON text (text/compact.py), handed on as it is when the caller asks for
text, which output/render.py writes without parsing it and encoding it again: the answers the store
keeps ready (`list` without --year, `themes` without --since; at 10,000 events this saves ~16 ms for
`list` and ~10 ms for `themes`), and the pages put together from texts SQLite writes (appearances.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from forumctl.text.compact import compact_json


class JsonText:
    """Compact JSON text, held as the pieces it was put together from; load() gives the plain data.

    Pieces, because a page is put together from large texts (appearances.py): joining them would
    copy each one again, and at 10,000 events an `org` page is 700 KB, every copy of which costs
    ~350 page faults (~1 ms on the benchmark's machine). They are written out one after another.
    """

    __slots__ = ("pieces",)

    def __init__(self, *parts: str | JsonText) -> None:
        self.pieces: list[str] = []
        self.add(*parts)

    def add(self, *parts: str | JsonText) -> None:
        """Put texts at the end: a JsonText's pieces as they are, not joined."""
        for part in parts:
            if isinstance(part, JsonText):
                self.pieces += part.pieces
            else:
                self.pieces.append(part)

    def __str__(self) -> str:
        return "".join(self.pieces)

    def load(self) -> Any:
        return json.loads(str(self))

    def write(self, out: TextIO) -> None:
        out.writelines(self.pieces)


def stored_answer(text: str | JsonText, as_text: bool) -> Any:
    """The answer as text (JsonText) when the caller asked for it, else as plain data."""
    text = text if isinstance(text, JsonText) else JsonText(text)
    return text if as_text else text.load()


def json_object_text(fields: dict[str, Any]) -> JsonText:
    """The compact JSON of an object whose values are plain data (encoded here) or JsonText (put in
    as they are): the very bytes compact_json gives for the object with those texts loaded."""
    members: list[str | JsonText] = []
    plain: dict[str, Any] = {}  # members in a row that are plain data: encoded together (one call, not one each)
    for key, value in fields.items():
        if isinstance(value, JsonText):
            if plain:
                members.append(compact_json(plain)[1:-1])
                plain = {}
            members.append(JsonText(f"{compact_json(key)}:", value))
        else:
            plain[key] = value
    if plain:
        members.append(compact_json(plain)[1:-1])
    return _joined("{", members, "}")


def json_array_text(texts: Iterable[str | JsonText]) -> JsonText:
    """The compact JSON of an array whose items are compact JSON texts already."""
    return _joined("[", texts, "]")


def _joined(opening: str, items: Iterable[str | JsonText], closing: str) -> JsonText:
    joined = JsonText(opening)
    for index, item in enumerate(items):
        if index:
            joined.pieces.append(",")
        joined.add(item)
    joined.pieces.append(closing)
    return joined
