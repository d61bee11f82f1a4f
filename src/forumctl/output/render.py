"""The one output path: every command hands its plain data here with a view name.

JSON, NDJSON and YAML keep the nesting (JSON into a pipe and NDJSON alike compact: no space after
`,` or `:`); CSV and TSV get one row per item (flatten.py); tables are drawn by the tables
modules, the only ones that import rich, and only when a table is asked for.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from forumctl.errors import UsageError
from forumctl.output.flatten import header, rows_for
from forumctl.questions.stored import JsonText
from forumctl.text.compact import compact_json
from forumctl.text.suggest import did_you_mean

FORMATS = ("table", "json", "ndjson", "csv", "tsv", "yaml")


def select_fields(data: Any, fields: list[str]) -> Any:
    """Keep only the named top-level fields (of each item, for a list)."""
    items = data if isinstance(data, list) else [data]
    if not items:  # nothing matched: a success, and no item to pick fields of
        return data
    available = list(dict.fromkeys(k for item in items if isinstance(item, dict) for k in item))
    unknown = [f for f in fields if f not in available]
    if unknown or not available:
        listed = ", ".join(available) or "none"
        hint = did_you_mean(unknown[0], available) if len(unknown) == 1 else ""
        raise UsageError(f"unknown field {', '.join(map(repr, unknown or fields))}; available fields: {listed}{hint}")
    picked = [{f: item[f] for f in fields if f in item} for item in items]
    return picked if isinstance(data, list) else picked[0]


def writes_json_text(fmt: str, fields: Any, out: TextIO) -> bool:
    """Whether the answer goes out as compact JSON text: JSON of the whole answer (no --fields),
    not to a terminal. Then a stored answer (questions/stored.py) is written as it is."""
    return fmt == "json" and not fields and not out.isatty()


def render(data: Any, view: str, fmt: str = "table", out: TextIO | None = None, *, color: bool | None = None,
           fields: list[str] | None = None, bom: bool = False) -> None:  # fmt: skip
    out = out or sys.stdout
    if isinstance(data, Iterator):  # rows that arrive one by one (sql)
        from forumctl.output.stream import render_stream

        return render_stream(data, view, fmt, out, color=color, fields=fields, bom=bom)  # type: ignore[arg-type]
    if isinstance(data, JsonText):  # an answer as compact JSON text (questions/stored.py)
        if writes_json_text(fmt, fields, out):
            data.write(out)
            out.write("\n")
            return
        data = data.load()
    if fields:
        data = select_fields(data, fields)
    if bom and fmt in ("csv", "tsv"):
        out.write("\ufeff")
    if fmt == "json":
        # Indented for a person at a terminal; compact into pipes, where the C encoder makes it
        # several times faster on large results (gh does the same).
        if out.isatty():
            out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        else:
            out.write(compact_json(data) + "\n")
    elif fmt == "ndjson":
        from forumctl.output.stream import write_ndjson

        write_ndjson(data if isinstance(data, list) else [data], out)
    elif fmt in ("csv", "tsv"):
        import csv

        rows = rows_for(view, data)
        columns = header(rows)
        writer = csv.DictWriter(
            out, columns, delimiter="," if fmt == "csv" else "\t", lineterminator="\n", extrasaction="ignore"
        )  # a null column that gave way to its dotted ones
        if columns:
            writer.writeheader()
        writer.writerows(rows)
    elif fmt == "yaml":
        import yaml

        class Dumper(yaml.SafeDumper):
            def ignore_aliases(self, data: Any) -> bool:
                return True  # an object an answer holds twice is written out twice, never as &id001 / *id001

        yaml.dump(data, out, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1000)
    else:
        from forumctl.output.tables import draw

        if fields:  # a view's own layout needs all its fields; picked fields are shown as plain rows
            draw("rows", rows_for(view, data), out, color=color)
        else:
            draw(view, data, out, color=color)
