"""Appearances across events: who appeared where and as what, in the one shape of docs/json.md
(`speakers`, `person` and `org` all list them)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from forumctl.store.summaries import event_columns, event_summary

# An appearance has show's keys (person_id, person, person_as_written, role, org, org_as_written),
# and here also where and as what: role_kind, date, the event (a summary) and the agenda item.
# (scripts/output_schema.py writes the schemas from these; test_output_schema.py holds the JSON to them.)
PERSON_FIELDS = ("person_id", "person", "person_as_written", "role", "org", "org_as_written")
ITEM_FIELDS = ("kind", "title", "time", "summary")


def appearances(
    conn: sqlite3.Connection,
    person_ids: list[str] | None = None,
    *,
    role: str | None = None,
    orgs: set[str] | None = None,
    series: str | None = None,
    years: tuple[str, str] | None = None,
    kind: str | None = None,
    named_only: bool = True,
) -> list[dict[str, Any]]:
    """Appearances in date order, in the shape of docs/json.md: of people (`named_only`), or also of
    organisations a record names without a person (an organisation's talks)."""
    where, params = ["a.person_id is not null" if named_only else "1 = 1"], []
    if person_ids is not None:  # one parameter however many people: SQLite caps the number of them
        where.append("a.person_id in (select value from json_each(?))")
        params.append(json.dumps(person_ids))
    if role:
        where.append("a.role_kind = ?")
        params.append(role)
    if orgs is not None:
        where.append(f"a.org in ({','.join('?' * len(orgs))})")
        params += sorted(orgs)
    if series:
        where.append("e.series = ?")
        params.append(series)
    if years:
        where.append("coalesce(a.date, e.start) between ? and ?")
        params += list(years)
    if kind:
        where.append("i.kind = ?")
        params.append(kind)
    sql = f"""select a.person_id, p.name, a.person_as_written, a.role, a.org, a.org_as_written, a.role_kind, a.date,
                     i.id, i.kind, i.title, i.time, i.summary, {event_columns("e")}
              from appearances a join events e on e.id = a.event_id left join people p on p.id = a.person_id
                   left join agenda_items i on i.id = a.item_id
              where {" and ".join(where)} order by coalesce(a.date, e.start), a.event_id, a.id"""
    # Literal dicts from one unpacked row: at 10,000 events `speakers ㄱㅎㅈ` builds ~1,000 of these
    # and `org` ~3,000, and building them with zip, dict and ** took three times as long.
    out = []
    for row in conn.execute(sql, params):
        (person_id, person, person_as_written, role, org, org_as_written, role_kind, date,
         item_id, item_kind, item_title, item_time, item_summary) = row[:13]  # fmt: skip
        out.append({
            "person_id": person_id, "person": person, "person_as_written": person_as_written, "role": role,
            "org": org, "org_as_written": org_as_written, "role_kind": role_kind, "date": date,
            "event": event_summary(row[13:]),
            "item": None if item_id is None else
                    {"kind": item_kind, "title": item_title, "time": item_time, "summary": item_summary},
        })  # fmt: skip
    return out
