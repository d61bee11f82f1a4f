"""How the themes moved: `diff` between two events and the `themes` matrix of a series.

Topics are canonical already (the loader maps them through topics.yaml); committees are mapped
here the same way. Two names count as the same when their folded forms are equal, so spacing,
`·`, `/`, `,` and case do not make a theme new.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from typing import Any

from forumctl.errors import NotFoundError
from forumctl.questions.events import event_columns, event_document, event_summary, resolve_key, series_id, summary_of
from forumctl.text.names import fold

_WORD = re.compile(r"[^\s,.:;!?'\"“”‘’()\[\]<>「」『』·/-]+")
NO_SECTOR = "unclassified"


def _canonical_topics(conn: sqlite3.Connection, names: list[str]) -> list[str]:
    out: dict[str, str] = {}
    for name in names:
        row = conn.execute("select key from names where entity = 'topic' and folded = ?", [fold(name)]).fetchone()
        canonical = row[0] if row else name
        out.setdefault(fold(canonical), canonical)
    return list(out.values())


def compare(a: list[str], b: list[str]) -> dict[str, list[str]]:
    folded_a, folded_b = {fold(x) for x in a}, {fold(x) for x in b}
    return {
        "added": [x for x in b if fold(x) not in folded_a],
        "removed": [x for x in a if fold(x) not in folded_b],
        "kept": [x for x in b if fold(x) in folded_a],
    }


def shared_words(a: str | None, b: str | None) -> list[str]:
    words_b = {fold(w) for w in _WORD.findall(b or "")}
    return list(dict.fromkeys(w for w in _WORD.findall(a or "") if fold(w) in words_b))


def _sectors(conn: sqlite3.Connection, event_id: str) -> dict[str, int]:
    sql = """select distinct a.org, o.sector from appearances a join orgs o on o.name = a.org
             where a.event_id = ? and a.role_kind = 'speaker'"""
    counts = Counter(sector or NO_SECTOR for _, sector in conn.execute(sql, [event_id]))
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _speakers(conn: sqlite3.Connection, event_id: str) -> dict[str, str]:
    sql = """select distinct p.id, p.name from appearances a join people p on p.id = a.person_id
             where a.event_id = ? and a.role_kind = 'speaker'"""
    return dict(conn.execute(sql, [event_id]).fetchall())


def previous_event(conn: sqlite3.Connection, event_id: str) -> str:
    series, start = conn.execute("select series, start from events where id = ?", [event_id]).fetchone()
    row = conn.execute(
        "select id from events where series = ? and (start < ? or (start = ? and id < ?)) order by start desc, id desc",
        [series, start, start, event_id],
    ).fetchone()
    if row is None:
        raise NotFoundError(f"{event_id} is the first event of {series}; name two events to compare")
    return str(row[0])


def diff_events(conn: sqlite3.Connection, key_a: str, key_b: str | None = None, series: str | None = None,
                ) -> dict[str, Any]:  # fmt: skip
    """What changed from event A to event B (with one key: from the previous edition to it)."""
    if key_b is None:
        id_b = resolve_key(conn, key_a, series)
        id_a = previous_event(conn, id_b)
    else:
        id_a, id_b = resolve_key(conn, key_a, series), resolve_key(conn, key_b, series)
    a, b = event_document(conn, id_a), event_document(conn, id_b)
    theme_a, theme_b = (a["theme"] or {}).get("ko"), (b["theme"] or {}).get("ko")
    speakers_a, speakers_b = _speakers(conn, id_a), _speakers(conn, id_b)
    return {
        "a": summary_of(a),
        "b": summary_of(b),
        "topics": compare(_canonical_topics(conn, a["topics"]), _canonical_topics(conn, b["topics"])),
        "committees": compare(_canonical_topics(conn, a["committees"]), _canonical_topics(conn, b["committees"])),
        "themes": {"a": a["theme"], "b": b["theme"], "shared_words": shared_words(theme_a, theme_b)},
        "sectors": {"a": _sectors(conn, id_a), "b": _sectors(conn, id_b)},
        "recurring_people": [{"id": pid, "name": name} for pid, name in speakers_a.items() if pid in speakers_b],
    }


def diff_stat(diff: dict[str, Any]) -> dict[str, Any]:
    """The two events, and under `counts` how many names and words each part of the diff has."""
    return {
        "a": diff["a"],
        "b": diff["b"],
        "counts": {
            "topics": {k: len(v) for k, v in diff["topics"].items()},
            "committees": {k: len(v) for k, v in diff["committees"].items()},
            "shared_theme_words": len(diff["themes"]["shared_words"]),
            "recurring_people": len(diff["recurring_people"]),
        },
    }


def edition_label(row: dict[str, Any], same_year: bool) -> str:
    return str(row["id"] if same_year else row["start"][:4])


def theme_matrix(conn: sqlite3.Connection, series: str | None = None, since: int | None = None) -> dict[str, Any]:
    """Every topic and committee of a series against its editions, long-running themes first."""
    sid = series_id(conn, series)
    after = f"{since or 1}".zfill(4)
    rows = conn.execute(
        f"select {event_columns()} from events where series = ? and start >= ? order by start, id", [sid, after]
    ).fetchall()
    years = Counter(row[6][:4] for row in rows)
    events = [{**(e := event_summary(row)), "label": edition_label(e, years[e["start"][:4]] > 1)} for row in rows]
    order = {e["id"]: i for i, e in enumerate(events)}
    canonical: dict[str, tuple[str, str]] = {}  # name as written -> (folded canonical name, canonical name)

    def matrix(sql: str) -> list[dict[str, Any]]:
        seen: dict[str, dict[str, Any]] = {}  # folded name -> {"name", "event_ids": {event id: None}}
        for event_id, written in conn.execute(sql, [sid, after]):
            if written not in canonical:
                name = _canonical_topics(conn, [written])[0]
                canonical[written] = (fold(name), name)
            key, name = canonical[written]
            seen.setdefault(key, {"name": name, "event_ids": {}})["event_ids"][event_id] = None
        rows = [{"name": t["name"], "event_ids": list(t["event_ids"])} for t in seen.values()]
        return sorted(rows, key=lambda t: (-len(t["event_ids"]), order[t["event_ids"][0]], t["name"]))

    join = "join events e on e.id = t.event_id where e.series = ? and e.start >= ? order by e.start, e.id, t.position"
    return {
        "series": sid,
        "events": events,
        "topics": matrix(f"select t.event_id, t.topic from event_topics t {join}"),
        "committees": matrix(f"select t.event_id, t.name from committees t {join}"),
    }
