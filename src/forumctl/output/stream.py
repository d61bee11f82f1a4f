"""Rendering a stream of rows (`forumctl sql`) as the rows come, in every format, with the same
bytes as rendering the whole list at once: JSON writes its brackets around the rows as they
arrive, CSV/TSV its header first, YAML one list item at a time. Tables are drawn in blocks of
TABLE_BLOCK rows, each laid out on its own with its header, so a result of up to TABLE_BLOCK rows
is one table, as before, and a long one starts printing at once."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, Protocol, TextIO

from forumctl.errors import UsageError
from forumctl.output.flatten import flat
from forumctl.text.compact import compact_json

TABLE_BLOCK = 1000


class Rows(Protocol):
    """What render_stream takes: an iterator of row dicts whose column names are known up front."""

    columns: list[str]
    on_idle: Callable[[], None] | None

    def __iter__(self) -> Iterator[dict[str, Any]]: ...

    def __next__(self) -> dict[str, Any]: ...


def render_stream(rows: Rows, view: str, fmt: str, out: TextIO, *, color: bool | None = None,
                  fields: list[str] | None = None, bom: bool = False) -> None:  # fmt: skip
    columns = list(dict.fromkeys(rows.columns))
    items: Iterator[dict[str, Any]] = rows
    if fields:
        unknown = [f for f in fields if f not in columns]
        if unknown:
            raise UsageError(f"unknown field {', '.join(map(repr, unknown))}; available fields: {', '.join(columns)}")
        columns = [c for c in columns if c in fields]
        items = ({f: row[f] for f in fields if f in row} for row in rows)
    rows.on_idle = out.flush  # rows that wait in the buffer go out while SQLite works on the next
    if bom and fmt in ("csv", "tsv"):
        out.write("\ufeff")
    if fmt == "json":
        _json(items, out, pretty=out.isatty())
    elif fmt == "ndjson":
        write_ndjson(items, out)
    elif fmt == "yaml":
        import yaml

        for row in items:  # as yaml.safe_dump(list_of_rows) writes them
            yaml.safe_dump([row], out, allow_unicode=True, sort_keys=False, width=1000)
    elif fmt in ("csv", "tsv"):
        writer = csv.DictWriter(out, columns, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writeheader()
        for row in items:
            writer.writerow(flat(row))
    else:
        from forumctl.output.tables import draw

        while block := list(islice(items, TABLE_BLOCK)):
            draw("rows" if fields else view, block, out, color=color)


def write_ndjson(items: Iterable[Any], out: TextIO) -> None:
    """NDJSON, one item a line: the one writer for whole results (render) and streamed rows."""
    for item in items:
        out.write(compact_json(item) + "\n")  # as compact as JSON


def _json(rows: Iterable[dict[str, Any]], out: TextIO, *, pretty: bool) -> None:
    """What json.dumps(list(rows)) writes (indented on a terminal), one row at a time."""
    first = True
    for row in rows:
        if pretty:
            text = json.dumps(row, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            out.write(("[\n  " if first else ",\n  ") + text)
        else:
            out.write(("[" if first else ",") + compact_json(row))
        first = False
    out.write("[]\n" if first else "\n]\n" if pretty else "]\n")
