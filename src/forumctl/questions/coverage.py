"""`forumctl coverage`: what the archive does not know.

Per series: the editions it holds (ordinals, years), the ordinals between 1 and the highest one
held that no record has, the years between its first and last record with no record, and the
fields that none of its records give. Per event: how many sources it cites (and how many with a
URL), and the fields its record leaves out ("the sources do not tell") that other records of the
same series give. An explicit `[]` or `null` in a record says "none" and is not a gap.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from forumctl.questions.events import series_id
from forumctl.store.summaries import event_columns, event_summary

# The fields a record can leave unrecorded, in the loader's order (recordfiles/event.RECORDABLE).
FIELDS = ("edition", "theme", "venue", "attendance", "topics", "committees", "agenda")


def _ranges(numbers: list[int]) -> list[list[int]]:
    """[[first, last], ...] of consecutive runs: [1, 2, 3, 7] -> [[1, 3], [7, 7]]."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return runs


def _series(name: str, notes: str | None, sid: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    left_out = [set(e["not_recorded"]) for e in events]
    never = [f for f in FIELDS if all(f in fields for fields in left_out)]
    ordinals = sorted({e["edition"] for e in events if e["edition"]})
    years = sorted({int(e["start"][:4]) for e in events})
    held = set(ordinals)
    missing = [n for n in range(1, (ordinals[-1] if ordinals else 0) + 1) if n not in held]
    return {
        "series": sid,
        "name": name,
        "event_count": len(events),
        "first": events[0]["start"] if events else None,
        "last": events[-1]["start"] if events else None,
        "ordinals": ordinals,
        "missing_ordinals": _ranges(missing),
        "unnumbered": [e["id"] for e in events if not e["edition"]],
        "years": years,
        "years_without_record": [y for y in range(years[0], years[-1] + 1) if y not in years] if years else [],
        "never_recorded": never,
        "notes": notes,
        "events": [{**e, "not_recorded": [f for f in e["not_recorded"] if f not in never]} for e in events],
    }


def coverage(conn: sqlite3.Connection, series: str | None = None, *, every_series: bool = False,
             ) -> list[dict[str, Any]]:  # fmt: skip
    """One entry per series (the chosen one, or every series), events oldest first."""
    wanted = None if every_series else series_id(conn, series)
    sql = f"""select {event_columns("e")},
                    (select count(*) from sources s where s.event_id = e.id),
                    (select count(*) from sources s where s.event_id = e.id and s.url is not null),
                    (select group_concat(u.field) from unrecorded u where u.event_id = e.id)
             from events e where ? is null or e.series = ? order by e.start, e.id"""
    by_series: dict[str, list[dict[str, Any]]] = {}
    for row in conn.execute(sql, [wanted, wanted]):
        event = event_summary(row[:8])  # the one event summary of docs/json.md, then what coverage adds
        sources, urls, unrecorded = row[8:]
        left_out = set((unrecorded or "").split(","))
        by_series.setdefault(event["series"], []).append({
            **event, "sources": sources, "sources_with_url": urls, "not_recorded": [f for f in FIELDS if f in left_out],
        })  # fmt: skip
    listed = conn.execute("select id, name, notes from series order by is_default desc, id").fetchall()
    return [_series(name, notes, sid, by_series.get(sid, [])) for sid, name, notes in listed
            if wanted in (None, sid)]  # fmt: skip
