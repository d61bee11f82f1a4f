"""Rows for CSV and TSV: each view's result flattened to one row per item (an event, an
appearance, an agenda item, a topic...), with scalar cells only.

Nested objects become dotted columns (`title.ko`, `event.id`); booleans are `true` and `false`,
as in JSON; lists of text are joined with `; `; anything else nested is written as JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from forumctl.text.compact import compact_json

LIST_JOIN = "; "


def cell(value: Any) -> Any:
    """A CSV cell: lists of text joined with `; `, booleans as true/false, anything else nested as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
        return LIST_JOIN.join("" if v is None else str(cell(v)) for v in value)
    if isinstance(value, (dict, list)):
        return compact_json(value)
    return value


def text_cell(value: Any) -> str:
    """A cell as text, for plain tables: as in CSV, with nothing for null."""
    value = cell(value)
    return "" if value is None else str(value)


def flat(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested mappings become dotted column names (`counts.events`); lists become cells."""
    row: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict) and value:
            row.update(flat(value, f"{prefix}{key}."))
        else:
            row[f"{prefix}{key}"] = cell(value)
    return row


def header(rows: list[dict[str, Any]]) -> list[str]:
    """The columns of all rows, in order of first appearance. A column that is empty in every row
    and has dotted columns of its own (`theme` null in one row, `theme.ko` in another) gives way
    to them, in its place."""
    keys = list(dict.fromkeys(k for row in rows for k in row))
    out: dict[str, None] = {}
    for key in keys:
        nested = [k for k in keys if k.startswith(f"{key}.")]
        if nested and all(row.get(key) in (None, "") for row in rows):
            out.update(dict.fromkeys(nested))
        else:
            out[key] = None
    return list(out)


def appearance_label(a: dict[str, Any]) -> str:
    held = ", ".join(x for x in (a.get("role"), a.get("org")) if x)
    name = a.get("person") or ""
    return f"{name} ({held})" if name and held else name or held


def _exploded(record: dict[str, Any], key: str, extra: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per element of record[key] (a list of mappings), each with the record's own fields."""
    own = {**extra, **flat({k: v for k, v in record.items() if k != key})}
    if key not in record:
        return [own]
    return [{**own, **flat(element)} for element in record[key]] or [own]


def _event(doc: dict[str, Any]) -> list[dict[str, Any]]:
    if "agenda" not in doc:
        return [flat(doc)]
    rows = []
    for day_number, day in enumerate(doc["agenda"] or [], start=1):
        for position, item in enumerate(day["items"], start=1):
            rows.append({
                "event_id": doc.get("id"), "date": day["date"], "day": day_number, "position": position,
                "kind": item["kind"], "title": item["title"], "time": item["time"], "summary": item["summary"],
                "speakers": LIST_JOIN.join(appearance_label(a) for a in item["speakers"]),
            })  # fmt: skip
    return rows


def _people(people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for p in people:
        # a person's id and name are the person_id and person of each appearance, so they come first
        person = {column: p[key] for key, column in (("id", "person_id"), ("name", "person")) if key in p}
        rows += _exploded({k: v for k, v in p.items() if k not in ("id", "name")}, "appearances", person)
    return rows


def _person(page: dict[str, Any]) -> list[dict[str, Any]]:
    rest = {k: v for k, v in page.items() if k != "co_speakers"}
    return _people([rest])


def _diff(d: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for section in ("topics", "committees"):
        for change, names in d.get(section, {}).items():
            if change in ("added", "removed", "kept"):
                rows += [{"section": section, "change": change, "name": n, "count": None} for n in names or []]
        for side, fields in d.get("not_recorded", {}).items():  # an unknown change is one row, not silence
            if section in fields:
                rows.append({"section": section, "change": "not recorded", "name": d[side]["id"], "count": None})
    for side, sectors in d.get("sectors", {}).items():
        rows += [{"section": "sectors", "change": side, "name": s, "count": n} for s, n in sectors.items()]
    rows += [{"section": "recurring_people", "change": "both", "name": p["name"], "count": None}
             for p in d.get("recurring_people", [])]  # fmt: skip
    return rows or [flat(d)]


def _themes(m: dict[str, Any]) -> list[dict[str, Any]]:
    events = m.get("events", [])
    rows = []
    for kind in ("topics", "committees"):
        for row in m.get(kind, []):
            present = set(row["event_ids"])
            rows.append({"kind": kind[:-1], "name": row["name"],
                         # true, false, or empty where the event does not record the field (unknown)
                         **{e["label"]: cell(e["id"] in present) if kind not in e.get("not_recorded", ()) else ""
                            for e in events}})  # fmt: skip
    return rows or [flat(m)]


def _search(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per field that matched, with its event's columns (the event's score as event_score)."""
    rows = []
    for hit in hits:
        if "matches" not in hit:  # --fields left the matches out
            rows.append(flat(hit))
            continue
        event = {("event_score" if k == "score" else k): v for k, v in hit.items() if k != "matches"}
        rows += [{**flat(event), **flat(match)} for match in hit["matches"]]
    return rows


def _org(page: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per thing the organisation did: a role a person held, a talk, an event, an outcome."""
    org = page.get("name")
    columns = ("section", "event_id", "date", "until", "person", "role", "what")
    empty: dict[str, Any] = {"org": org, **dict.fromkeys(columns)}
    rows = [{**empty, "section": "person", "event_id": "; ".join(r["event_ids"]), "date": r["first"],
             "until": r["last"], "person": p["name"], "role": r["role"]}
            for p in page.get("people", []) for r in p["roles"]]  # fmt: skip
    rows += [{**empty, "section": "talk", "event_id": t["event"]["id"], "date": t["date"], "person": t["person"],
              "role": t["role"], "what": ": ".join(x for x in map((t["item"] or {}).get, ("kind", "title")) if x)}
             for t in page.get("talks", [])]  # fmt: skip
    rows += [{**empty, "section": "event", "event_id": e["id"], "date": e["start"], "what": "; ".join(e["as"])}
             for e in page.get("events", [])]  # fmt: skip
    rows += [{**empty, "section": "outcome", "event_id": o["event"]["id"], "what": o["text"]}
             for o in page.get("outcomes", [])]  # fmt: skip
    return rows or [flat(page)]


def _coverage(series: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per event, beside its series' columns (series_ prefixed where the names meet)."""
    rows = []
    for s in series:
        own = {("series" if k == "series" else f"series_{k}"): v for k, v in s.items() if k != "events"}
        rows += _exploded({**own, "events": s.get("events", [])}, "events", {})
    return rows


FLATTENERS: dict[str, Callable[[Any], list[dict[str, Any]]]] = {
    "event": _event,
    "people": _people,
    "person": _person,
    "diff": _diff,
    "themes": _themes,
    "search": _search,
    "org": _org,
    "coverage": _coverage,
}


def rows_for(view: str, data: Any) -> list[dict[str, Any]]:
    if view in FLATTENERS:
        return FLATTENERS[view](data)
    if isinstance(data, list):
        return [flat(item) if isinstance(item, dict) else {"value": cell(item)} for item in data]
    return [flat(data)]
