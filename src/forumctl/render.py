"""The one output path: every command hands its plain data here with a view name.

JSON is written directly (UTF-8, unescaped Korean, stable keys); tables are drawn by tables.py,
which is the only module that imports rich, and only when a table is asked for.
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

FORMATS = ("table", "json")


def render(data: Any, view: str, fmt: str = "table", out: TextIO | None = None, color: bool | None = None) -> None:
    out = out or sys.stdout
    if fmt == "json":
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    from .tables import draw

    draw(view, data, out, color=color)
