"""Appearances across events: who appeared where and as what, in the one shape of docs/json.md
(`speakers`, `person` and `org` all list them).

Each appearance comes as its compact JSON text, made by SQLite (json_object), with the few plain
columns the pages group and sort by. The pages are put together from these texts (stored.py's
json_object_text and json_array_text), so a large answer is never built as Python objects only to
be encoded again: at 10,000 events `org` lists ~1,000 appearances (700 KB of JSON), and building
and encoding them in Python took 7-16 ms more than letting SQLite write them.
"""

from __future__ import annotations

import json
import sqlite3
from typing import NamedTuple

from forumctl.store.summaries import event_json

# An appearance has show's keys (person_id, person, person_as_written, role, org, org_as_written),
# and here also where and as what: role_kind, date, the event (a summary) and the agenda item.
# (scripts/output_schema.py writes the schemas from these; test_output_schema.py holds the JSON to them.)
PERSON_FIELDS = ("person_id", "person", "person_as_written", "role", "org", "org_as_written")
ITEM_FIELDS = ("kind", "title", "time", "summary")

_APPEARANCE_JSON = f"""json_object(
    'person_id', a.person_id, 'person', p.name, 'person_as_written', a.person_as_written, 'role', a.role,
    'org', a.org, 'org_as_written', a.org_as_written, 'role_kind', a.role_kind, 'date', a.date,
    'event', {event_json("e")},
    'item', case when i.id is null then null
                 else json_object('kind', i.kind, 'title', i.title, 'time', i.time, 'summary', i.summary) end)"""


class Appearance(NamedTuple):
    """One appearance: what the pages group and sort by, and its JSON text (docs/json.md's shape)."""

    person_id: str | None
    person: str | None
    role: str | None
    org: str | None
    role_kind: str
    day: str  # its own date, else its event's first day
    event_id: str
    event_start: str
    event: str  # the event summary's compact JSON text
    json: str  # the appearance's compact JSON text


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
) -> list[Appearance]:
    """Appearances in date order: of people (`named_only`), or also of organisations a record names
    without a person (an organisation's talks)."""
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
    sql = f"""select a.person_id, p.name, a.role, a.org, a.role_kind, coalesce(a.date, e.start), a.event_id, e.start,
                     {event_json("e")}, {_APPEARANCE_JSON}
              from appearances a join events e on e.id = a.event_id left join people p on p.id = a.person_id
                   left join agenda_items i on i.id = a.item_id
              where {" and ".join(where)} order by coalesce(a.date, e.start), a.event_id, a.id"""
    return [Appearance._make(row) for row in conn.execute(sql, params)]
