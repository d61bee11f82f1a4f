"""Answers as the store keeps them ready: the plain data, plus the compact JSON text it was read
from (`json.dumps(..., ensure_ascii=False, separators=(",", ":"))`), which output/render.py writes
as it is instead of encoding the data again. Never changed once read."""

from __future__ import annotations

from typing import Any


class StoredJson(dict[str, Any]):
    """A stored document (the themes matrix of a series)."""

    __slots__ = ("compact_json",)
    compact_json: str


class StoredJsonList(list[Any]):
    """A stored list of documents (`list`'s events of a series)."""

    __slots__ = ("compact_json",)
    compact_json: str
