"""Answers as the store keeps them ready (`list` without --year, `themes` without --since): their
compact JSON text (text/compact.py), handed on as it is when the caller asks for text, which
output/render.py writes without parsing it and encoding it again (at 10,000 events, ~16 ms for
`list` and ~10 ms for `themes`)."""

from __future__ import annotations

import json
from typing import Any


class JsonText(str):
    """A stored answer's compact JSON text; load() gives the plain data."""

    __slots__ = ()

    def load(self) -> Any:
        return json.loads(self)


def stored_answer(text: str, as_text: bool) -> Any:
    """The stored answer as text (JsonText) when the caller asked for it, else as plain data."""
    return JsonText(text) if as_text else json.loads(text)
