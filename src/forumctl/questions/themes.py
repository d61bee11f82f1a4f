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
from forumctl.questions.events import event_document, resolve_key, series_id, summary_of
from forumctl.questions.stored import stored_answer
from forumctl.store import derived
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
    """What `diff KEY` compares KEY with: the latest earlier event of the same series and kind (a
    forum with the forum before it, past the summer conference and the plenary meeting), else the
    latest earlier event of the series."""
    series, start, kind = conn.execute("select series, start, kind from events where id = ?", [event_id]).fetchone()
    earlier = "series = ? and (start < ? or (start = ? and id < ?))"
    params = [series, start, start, event_id]
    row = conn.execute(f"select id from events where {earlier} and kind = ? order by start desc, id desc",
                       [*params, kind]).fetchone()  # fmt: skip
    if row is None:
        row = conn.execute(f"select id from events where {earlier} order by start desc, id desc", params).fetchone()
    if row is None:
        raise NotFoundError(f"{event_id} is the first event of {series}; name two events to compare")
    return str(row[0])


def _unrecorded(doc: dict[str, Any]) -> list[str]:
    return [f for f in ("theme", "topics", "committees") if f in doc.get("not_recorded", ())]


def _names(conn: sqlite3.Connection, doc: dict[str, Any], field: str) -> list[str] | None:
    return None if field in _unrecorded(doc) else _canonical_topics(conn, doc[field] or [])


def _change(a: list[str] | None, b: list[str] | None) -> dict[str, list[str] | None]:
    """Both lists and what changed between them; when either side is not recorded, the change is
    unknown (null), never "everything dropped" or "everything added"."""
    if a is None or b is None:
        return {"a": a, "b": b, "added": None, "removed": None, "kept": None}
    return {"a": a, "b": b, **compare(a, b)}


def diff_events(conn: sqlite3.Connection, key_a: str, key_b: str | None = None, series: str | None = None,
                ) -> dict[str, Any]:  # fmt: skip
    """What changed from event A to event B (with one key: from the event previous_event() gives to it)."""
    if key_b is None:
        id_b = resolve_key(conn, key_a, series)
        id_a = previous_event(conn, id_b)
    else:
        id_a, id_b = resolve_key(conn, key_a, series), resolve_key(conn, key_b, series)
    a, b = event_document(conn, id_a), event_document(conn, id_b)
    theme_a, theme_b = (a["theme"] or {}).get("ko"), (b["theme"] or {}).get("ko")
    themes_known = "theme" not in _unrecorded(a) + _unrecorded(b)
    speakers_a, speakers_b = _speakers(conn, id_a), _speakers(conn, id_b)
    return {
        "a": summary_of(a),
        "b": summary_of(b),
        "not_recorded": {"a": _unrecorded(a), "b": _unrecorded(b)},
        "topics": _change(_names(conn, a, "topics"), _names(conn, b, "topics")),
        "committees": _change(_names(conn, a, "committees"), _names(conn, b, "committees")),
        "themes": {
            "a": a["theme"],
            "b": b["theme"],
            "shared_words": shared_words(theme_a, theme_b) if themes_known else None,
        },
        "sectors": {"a": _sectors(conn, id_a), "b": _sectors(conn, id_b)},
        "recurring_people": [{"id": pid, "name": name} for pid, name in speakers_a.items() if pid in speakers_b],
    }


def diff_stat(diff: dict[str, Any]) -> dict[str, Any]:
    """The two events, what each leaves unrecorded, and under `counts` how many names and words
    each part of the diff has (null where the change is unknown)."""

    def counts(change: dict[str, Any]) -> dict[str, int | None]:
        return {k: None if change[k] is None else len(change[k]) for k in ("added", "removed", "kept")}

    shared = diff["themes"]["shared_words"]
    return {
        "a": diff["a"],
        "b": diff["b"],
        "not_recorded": diff["not_recorded"],
        "counts": {
            "topics": counts(diff["topics"]),
            "committees": counts(diff["committees"]),
            "shared_theme_words": None if shared is None else len(shared),
            "recurring_people": len(diff["recurring_people"]),
        },
    }


def theme_matrix(
    conn: sqlite3.Connection, series: str | None = None, since: int | None = None, *, as_text: bool = False
) -> Any:
    """Every topic and committee of a series against its events, long-running themes first, and
    which events leave topics or committees unrecorded. Without --since this is the answer the
    store keeps ready (store/derived.py), as JsonText if `as_text`; with it, the same answer computed
    for the later events."""
    sid = series_id(conn, series)
    if since is None:
        row = conn.execute("select document from theme_matrix where series = ?", [sid]).fetchone()
        if row is not None:
            return stored_answer(row[0], as_text)
    return derived.theme_matrix(conn, sid, f"{since or 1}".zfill(4))
