"""Answers derived from the rows and kept in the store, so that a read is one cheap query.

`themes` at 10,000 events spent most of its time grouping tens of thousands of topic rows in
Python on every run. The whole matrix of each series is computed here instead, when the database
is built or updated in place (refresh_theme_matrix), and stored in `theme_matrix`; a read with
`--since` computes the same answer from the `theme_marks` rows with the same function.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from typing import Any

from forumctl.text.compact import compact_json

THEME_FIELDS = ("topics", "committees")


def _labels(rows: list[tuple[str, str]]) -> list[str]:
    """Column labels for editions (id, start): the year, or when a year has several, the month,
    the date, then the id: whichever first tells them apart."""
    years = Counter(start[:4] for _, start in rows)
    months = Counter(start[:7] for _, start in rows)
    days = Counter(start for _, start in rows)
    labels = []
    for event_id, start in rows:
        if years[start[:4]] == 1:
            labels.append(start[:4])
        elif months[start[:7]] == 1:
            labels.append(start[:7])
        elif days[start] == 1:
            labels.append(start)
        else:
            labels.append(event_id)
    return labels


def theme_matrix(conn: sqlite3.Connection, series: str, after: str = "0001") -> dict[str, Any]:
    """Every topic and committee of a series against its events from `after` (a date prefix) on,
    with the fields each event leaves unrecorded; rows sorted long-running first."""
    rows = conn.execute(
        "select e.id, e.series, e.edition, e.kind, case when e.title_en is not null and e.title = e.title_en "
        "then json_extract(e.document, '$.title.ko') else e.title end, e.title_en, e.start, e.[end], "
        "(select group_concat(u.field) from unrecorded u where u.event_id = e.id) "
        "from events e where e.series = ? and e.start >= ? order by e.start, e.id",
        [series, after],
    ).fetchall()
    labels = _labels([(row[0], row[6]) for row in rows])
    # each event as the one event summary of docs/json.md, with its column label and unrecorded fields
    events = [
        {"id": event_id, "series": sid, "edition": edition, "kind": kind, "title": {"ko": ko, "en": en},
         "start": start, "end": end, "label": label,
         "not_recorded": [f for f in THEME_FIELDS if f in (unrecorded or "").split(",")]}
        for (event_id, sid, edition, kind, ko, en, start, end, unrecorded), label in zip(rows, labels, strict=True)
    ]  # fmt: skip
    order = {e["id"]: i for i, e in enumerate(events)}
    found: dict[str, dict[str, dict[str, Any]]] = {field: {} for field in THEME_FIELDS}
    marks = conn.execute(
        "select event_id, field, name, folded from theme_marks where series = ? and start >= ? "
        "order by start, event_id, field, position",
        [series, after],
    )
    for event_id, field, name, folded in marks:
        found[field].setdefault(folded, {"name": name, "event_ids": {}})["event_ids"][event_id] = None
    matrix: dict[str, Any] = {"series": series, "events": events}
    for field in THEME_FIELDS:
        names = [{"name": t["name"], "event_ids": list(t["event_ids"])} for t in found[field].values()]
        matrix[field] = sorted(names, key=lambda t: (-len(t["event_ids"]), order[t["event_ids"][0]], t["name"]))
    return matrix


def series_of(conn: sqlite3.Connection, event_ids: list[str]) -> set[str]:
    """The series of these events (for an update: read before their rows are deleted)."""
    return {sid for (sid,) in conn.execute(
        f"select distinct series from events where id in ({', '.join('?' * len(event_ids))})", event_ids)}  # fmt: skip


def refresh_theme_matrix(conn: sqlite3.Connection, series: set[str] | None = None) -> None:
    """Recompute the stored `themes` answer of these series, or of every series (inside the
    caller's transaction); at 10,000 events one series takes tens of milliseconds."""
    every = [sid for (sid,) in conn.execute("select id from series")]
    chosen = every if series is None else [sid for sid in every if sid in series]
    conn.executemany("delete from theme_matrix where series = ?", [(sid,) for sid in chosen])
    conn.executemany(
        "insert into theme_matrix (series, document) values (?, ?)",
        [(sid, compact_json(theme_matrix(conn, sid))) for sid in chosen],
    )
