"""Who appeared where: people search (`speakers`) and one person's page (`person`).

A query is matched in tiers, best first: a whole name (canonical, alias or English, ignoring case,
spacing and hyphens), part of a name, initial consonants (`ㄱㅎㅈ`), and only when no name
matches, organisations and talk titles. All name forms are precomputed in the `names` table.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections import defaultdict
from typing import Any

from forumctl.errors import AmbiguousError, NotFoundError, UsageError
from forumctl.questions.events import series_id
from forumctl.store.summaries import event_columns, event_summary
from forumctl.text.names import choseong, fold, has_choseong, matches_pattern

ROLE_KINDS = ("speaker", "chair", "attendee", "awardee")
# An appearance has show's keys (person_id, person, person_as_written, role, org, org_as_written),
# and here also where and as what: role_kind, date, the event (a summary) and the agenda item.
PERSON_FIELDS = ("person_id", "person", "person_as_written", "role", "org", "org_as_written")
ITEM_FIELDS = ("kind", "title", "time", "summary")
_YEARS = re.compile(r"^(\d{4})?(?:\.\.(\d{4})?)?$")


def parse_years(text: str | None) -> tuple[str, str] | None:
    """`2023` -> that year; `2020..2023`, `2020..`, `..2023` -> a range of years, as date bounds."""
    if text is None:
        return None
    m = _YEARS.match(text.strip())
    if not m or not (m.group(1) or m.group(2)) or (".." not in text and not m.group(1)):
        raise UsageError(f"year {text!r} must be YYYY or a range like 2020..2023")
    first = m.group(1) or "0001"
    last = (m.group(2) or "9999") if ".." in text else first
    if last < first:
        raise UsageError(f"year range {text!r} ends before it starts")
    return f"{first}-01-01", f"{last}-12-31"


def _names_containing(conn: sqlite3.Connection, entity: str, column: str, needle: str) -> list[tuple[str, str]]:
    """(key, name) of every name of `entity` whose `column` (folded or choseong) contains `needle`."""
    if len(needle) >= 3:
        phrase = '"' + needle.replace('"', '""') + '"'
        # a subquery, so that SQLite asks the FTS index once rather than once per name row
        matching = "select rowid from names_fts where names_fts match ?"
        sql = f"select key, name from names where entity = ? and id in ({matching})"
        return list(conn.execute(sql, [entity, f"{column} : {phrase}"]))
    return list(
        conn.execute(f"select key, name from names where entity = ? and instr({column}, ?) > 0", [entity, needle])
    )


def match_people(conn: sqlite3.Connection, query: str) -> dict[str, tuple[int, str]]:
    """person id -> (tier, how it matched) for every person the query finds by name."""
    query = unicodedata.normalize("NFC", query).strip()
    folded = fold(query)
    if not folded:
        raise UsageError("the search query is empty")
    found: dict[str, tuple[int, str]] = {}
    for key, kind in conn.execute("select key, kind from names where entity = 'person' and folded = ?", [folded]):
        found.setdefault(key, (0, kind))
    if conn.execute("select 1 from people where id = ?", [query]).fetchone():
        found.setdefault(query, (0, "id"))
    for key, _ in _names_containing(conn, "person", "folded", folded):
        found.setdefault(key, (1, "part of name"))
    if has_choseong(query):
        for key, name in _names_containing(conn, "person", "choseong", fold(choseong(query))):
            if matches_pattern(fold(name), folded):
                found.setdefault(key, (2, "initials"))
    return found


def _match_by_org_or_title(conn: sqlite3.Connection, query: str) -> dict[str, tuple[int, str]]:
    folded = fold(query)
    found: dict[str, tuple[int, str]] = {}
    orgs = {key for key, _ in _names_containing(conn, "org", "folded", folded)}
    if orgs:
        marks = ",".join("?" * len(orgs))
        for (pid,) in conn.execute(f"select distinct person_id from appearances where org in ({marks})", list(orgs)):
            found.setdefault(pid, (3, "organisation"))
    text = unicodedata.normalize("NFC", query).strip()
    if len(text) >= 3:  # the trigram index; shorter text cannot use it, so read the titles
        items = "select rowid from agenda_items_fts where agenda_items_fts match ?"
        params = ['"' + text.replace('"', '""') + '"']
    else:
        items = "select id from agenda_items where instr(title, ?) > 0 or instr(summary, ?) > 0"
        params = [text, text]
    sql = f"select distinct person_id from appearances where item_id in ({items})"
    for (pid,) in conn.execute(sql, params):
        if pid is not None:
            found.setdefault(pid, (3, "talk"))
    return found


def resolve_orgs(conn: sqlite3.Connection, org: str) -> set[str]:
    """The canonical names of the organisations `org` names: exactly if it can, else by part."""
    folded = fold(org)
    exact = {k for (k,) in conn.execute("select key from names where entity = 'org' and folded = ?", [folded])}
    return exact or {key for key, _ in _names_containing(conn, "org", "folded", folded)}


def appearances(
    conn: sqlite3.Connection,
    person_ids: list[str] | None = None,
    *,
    role: str | None = None,
    orgs: set[str] | None = None,
    series: str | None = None,
    years: tuple[str, str] | None = None,
    kind: str | None = None,
) -> list[dict[str, Any]]:
    where, params = ["a.person_id is not null"], []
    if person_ids is not None:
        where.append(f"a.person_id in ({','.join('?' * len(person_ids))})")
        params += person_ids
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
              from appearances a join events e on e.id = a.event_id join people p on p.id = a.person_id
                   left join agenda_items i on i.id = a.item_id
              where {" and ".join(where)} order by coalesce(a.date, e.start), a.event_id, a.id"""
    return [
        {
            **dict(zip(PERSON_FIELDS, row[:6], strict=True)),
            "role_kind": row[6],
            "date": row[7],
            "event": event_summary(row[13:]),
            "item": dict(zip(ITEM_FIELDS, row[9:13], strict=True)) if row[8] is not None else None,
        }
        for row in conn.execute(sql, params)
    ]


def _people(conn: sqlite3.Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for pid, name, en, registered in conn.execute(
            f"select id, name, en, registered from people where id in ({marks})", chunk
        ):
            out[pid] = {"id": pid, "name": name, "en": en, "aliases": [], "registered": bool(registered)}
        for pid, alias in conn.execute(
            f"select person_id, alias from person_aliases where person_id in ({marks}) order by rowid", chunk
        ):
            out[pid]["aliases"].append(alias)
    return out


def search_speakers(
    conn: sqlite3.Connection,
    query: str | None = None,
    *,
    role: str | None = None,
    org: str | None = None,
    series: str | None = None,
    year: str | None = None,
    kind: str | None = None,
) -> list[dict[str, Any]]:
    """People with their appearances, best match first (with no query: most appearances first)."""
    if role is not None and role not in ROLE_KINDS:
        raise UsageError(f"role {role!r} is not one of: {', '.join(ROLE_KINDS)}")
    years = parse_years(year)
    sid = series_id(conn, series) if series else None
    orgs = resolve_orgs(conn, org) if org else None
    if orgs is not None and not orgs:
        return []
    matched: dict[str, tuple[int, str]] | None = None
    if query is not None:
        matched = match_people(conn, query) or _match_by_org_or_title(conn, query)
        if not matched:
            return []
    found = appearances(
        conn, sorted(matched) if matched is not None else None, role=role, orgs=orgs, series=sid, years=years, kind=kind
    )
    by_person: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in found:
        by_person[a["person_id"]].append(a)
    people = _people(conn, list(by_person))
    result = []
    for pid, apps in by_person.items():
        tier, how = matched[pid] if matched else (0, None)
        result.append({**people[pid], "match": how, "appearance_count": len(apps), "appearances": apps, "_tier": tier})
    result.sort(key=lambda p: (p["_tier"], -p["appearance_count"], p["name"], p["id"]))
    for p in result:
        del p["_tier"]
    return result


def person_page(conn: sqlite3.Connection, name: str) -> dict[str, Any]:
    """One person: names, every appearance in date order, and who spoke at the same events."""
    matched = match_people(conn, name)
    best = min((tier for tier, _ in matched.values()), default=None)
    ids = sorted(pid for pid, (tier, _) in matched.items() if tier == best)
    if not ids:
        raise NotFoundError(f"no person named {name!r}; try `forumctl speakers {name}` to search")
    if len(ids) > 1:
        candidates = []
        for pid in ids:
            apps = appearances(conn, [pid])
            last = apps[-1] if apps else {}
            year = last["event"]["start"][:4] if last else None
            detail = ", ".join(x for x in (last.get("role"), last.get("org"), year) if x)
            candidates.append({"id": pid, "label": pid, "title": f"{_people(conn, [pid])[pid]['name']}  {detail}"})
        raise AmbiguousError(f"{name!r} names {len(ids)} people; name one by id", candidates)
    pid = ids[0]
    page = {**_people(conn, [pid])[pid], "match": matched[pid][1]}
    apps = appearances(conn, [pid])
    events = sorted({a["event"]["id"] for a in apps})
    co: dict[str, list[str]] = defaultdict(list)
    if events:
        marks = ",".join("?" * len(events))
        sql = (
            f"select distinct person_id, event_id from appearances where event_id in ({marks}) "
            f"and role_kind = 'speaker' and person_id is not null and person_id != ? order by event_id"
        )
        for other, event_id in conn.execute(sql, [*events, pid]):
            co[other].append(event_id)
    names = _people(conn, list(co))
    co_speakers = [{"id": o, "name": names[o]["name"], "event_ids": evs} for o, evs in co.items()]
    co_speakers.sort(key=lambda c: (-len(c["event_ids"]), c["name"]))
    return {**page, "appearance_count": len(apps), "appearances": apps, "co_speakers": co_speakers}
