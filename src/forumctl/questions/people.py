"""Who appeared where: people search (`speakers`) and one person's page (`person`).

A query is matched in tiers, best first: a whole name (canonical, alias or English, ignoring case,
spacing and hyphens), part of a name, initial consonants (`ㄱㅎㅈ`); a name with the titles and
organisations journalists write around it (`한성숙 장관`, `박영선 중기부 장관`); titles and
organisations alone (`장관`, `중기부 장관`); and only when nothing else matches, part of an
organisation's name and talk titles. All name forms are precomputed in the `names` table.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections import defaultdict
from typing import Any

from forumctl.errors import AmbiguousError, NotFoundError, UsageError
from forumctl.questions.appearances import Appearance, appearances
from forumctl.questions.events import parse_years, series_id
from forumctl.questions.orgs import exact_orgs, org_filter, org_hint, resolve_orgs
from forumctl.questions.stored import json_array_text, json_object_text, stored_answer
from forumctl.text.names import choseong, fold, has_choseong, matches_pattern
from forumctl.text.suggest import close_matches, did_you_mean

ROLE_KINDS = ("speaker", "chair", "attendee", "awardee")
# How people write the role kinds as a query (`speakers 의장`); used when no name, title or talk matches.
ROLE_WORDS = {"의장": "chair", "공동의장": "chair", "좌장": "chair", "cochair": "chair", "연사": "speaker",
              "발표자": "speaker", "참석자": "attendee", "수상자": "awardee", "awardee": "awardee"}  # fmt: skip
# Titles journalists put beside a name, beyond the roles the records hold (those count too).
TITLES = (
    "장관", "차관", "실장", "국장", "청장", "차장", "대표", "대표이사", "사장", "부사장", "회장", "부회장",
    "이사장", "원장", "부원장", "총장", "교수", "박사", "소장", "센터장", "본부장", "단장", "위원장",
    "위원", "연구위원", "의원", "대통령", "시장", "부시장", "지사", "전", "님", "씨",
)  # fmt: skip


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
    found: dict[str, tuple[int, str]] = {}
    orgs = resolve_orgs(conn, query)
    if orgs:
        marks = ",".join("?" * len(orgs))
        sql = f"select distinct person_id from appearances where org in ({marks}) and person_id is not null"
        for (pid,) in conn.execute(sql, sorted(orgs)):
            found.setdefault(pid, (3, "organisation"))
    text = unicodedata.normalize("NFC", query).replace("\x00", "").strip()  # FTS5 ends a string at NUL
    if len(text) >= 3:  # the trigram index; shorter text cannot use it, so read the titles
        items = "select rowid from agenda_items_fts where agenda_items_fts match ?"
        params = ['"' + text.replace('"', '""') + '"']
    else:
        items = "select id from agenda_items where instr(title, ?) > 0 or instr(summary, ?) > 0"
        params = [text, text]
    sql = f"select distinct person_id from appearances where item_id in ({items}) and person_id is not null"
    for (pid,) in conn.execute(sql, params):
        found.setdefault(pid, (3, "talk"))
    return found


def _titles(conn: sqlite3.Connection) -> set[str]:
    """Every title the archive knows (the roles people held) and the common ones journalists add, folded."""
    held = {fold(r) for (r,) in conn.execute("select distinct role from appearances where role is not null")}
    return {t for t in held | {fold(t) for t in TITLES} if t}


def _split_titles(conn: sqlite3.Connection, query: str) -> tuple[list[str], set[str], list[str]]:
    """A query as journalists write names (`한성숙 장관`, `박영선 중기부 장관`, `한성숙장관`): the
    words that may be a name, the organisations and the titles (roles) around them."""
    titles = _titles(conn)
    glued_titles = sorted((t for t in titles if len(t) >= 2), key=len, reverse=True)
    names: list[str] = []
    orgs: set[str] = set()
    held: list[str] = []
    for word in query.split():
        folded = fold(word)
        if not folded:
            continue
        if folded in titles:
            held.append(folded)
        elif found := exact_orgs(conn, word):
            orgs |= set(found)
        elif glued := next((t for t in glued_titles if folded.endswith(t) and len(folded) - len(t) >= 2), None):
            names.append(folded[: -len(glued)])  # 한성숙장관
            held.append(glued)
        else:
            names.append(word)
    return names, orgs, held


def _holding(conn: sqlite3.Connection, orgs: set[str], titles: list[str], ids: list[str] | None = None) -> set[str]:
    """People with an appearance for one of `orgs` (any, when none) under every title given."""
    where, params = ["person_id is not null"], []
    if orgs:
        where.append(f"org in ({','.join('?' * len(orgs))})")
        params += sorted(orgs)
    if ids is not None:
        where.append(f"person_id in ({','.join('?' * len(ids))})")
        params += ids
    found = set()
    for pid, role in conn.execute(f"select distinct person_id, role from appearances where {' and '.join(where)}",
                                  params):  # fmt: skip
        held = fold(role or "")
        if all(held.endswith(t) for t in titles):  # 실장 fits 중소기업정책실장
            found.add(pid)
    return found


def find_people(conn: sqlite3.Connection, query: str, *, by_name: bool = False) -> dict[str, tuple[int, str]]:
    """person id -> (tier, how it matched). By name first; then a name with titles and
    organisations around it (the titles pick among namesakes); then titles and organisations
    alone (`장관`, `중기부 장관`); then, unless by_name, part of an organisation's name or a talk title."""
    matched = match_people(conn, query)
    if matched:
        return matched
    names, orgs, titles = _split_titles(conn, unicodedata.normalize("NFC", query))
    if names and (orgs or titles):
        named = match_people(conn, " ".join(names))
        if named:
            narrowed = _holding(conn, orgs, titles, sorted(named))
            return {pid: m for pid, m in named.items() if pid in narrowed} or named
    if by_name:
        return {}
    if not names and (orgs or titles):
        return {pid: (3, "role" if titles else "organisation") for pid in _holding(conn, orgs, titles)}
    return _match_by_org_or_title(conn, query)


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
    min_events: int | None = None,
    as_text: bool = False,
) -> Any:
    """People with their appearances, best match first (with no query: most appearances first);
    with min_events, only people who appeared at that many events or more (after the filters).
    As compact JSON text (JsonText) if `as_text`, else as plain data."""
    role = _one_of("role", role, ROLE_KINDS)
    if kind is not None:  # the record rules import PyYAML: only when a kind is asked for
        from forumctl.recordfiles.rules import ITEM_KINDS

        kind = _one_of("kind", kind, ITEM_KINDS)
    if min_events is not None and min_events < 1:
        raise UsageError(f"--min-events must be a whole number of 1 or more, not {min_events}")
    years = parse_years(year)
    sid = series_id(conn, series) if series is not None else None
    orgs = org_filter(conn, org) if org is not None else None
    matched: dict[str, tuple[int, str]] | None = None
    if query is not None:
        if not fold(query):
            raise UsageError("the search query is empty")
        matched = find_people(conn, query)
        if not matched and role is None and fold(query) in ROLE_WORDS:  # 공동의장: everyone who co-chaired
            role, matched = ROLE_WORDS[fold(query)], None
        elif not matched:
            return stored_answer("[]", as_text)
    found = appearances(
        conn, sorted(matched) if matched is not None else None, role=role, orgs=orgs, series=sid, years=years, kind=kind
    )
    by_person: dict[str, list[Appearance]] = defaultdict(list)
    for a in found:
        by_person[a.person_id].append(a)  # type: ignore[index]  # named_only: every one has a person
    people = _people(conn, list(by_person))
    ranked = []
    for pid, apps in by_person.items():
        tier, how = matched[pid] if matched else (0, None if query is None else "role kind")
        events = len({a.event_id for a in apps})
        if min_events is not None and events < min_events:
            continue
        person = {**people[pid], "match": how, "appearance_count": len(apps), "event_count": events,
                  "appearances": json_array_text(a.json for a in apps)}  # fmt: skip
        ranked.append(((tier, -events if min_events is not None else 0, -len(apps), person["name"], pid), person))
    ranked.sort(key=lambda pair: pair[0])  # people at many events, with --min-events: most events first
    return stored_answer(json_array_text(json_object_text(person) for _, person in ranked), as_text)


def person_page(conn: sqlite3.Connection, name: str, *, as_text: bool = False) -> Any:
    """One person: names, every appearance in date order, and who spoke at the same events; as
    compact JSON text (JsonText) if `as_text`, else as plain data."""
    if not fold(name):
        raise UsageError("the name is empty")
    matched = find_people(conn, name, by_name=True)
    best = min((tier for tier, _ in matched.values()), default=None)
    ids = sorted(pid for pid, (tier, _) in matched.items() if tier == best)
    if not ids:
        hint = org_hint(conn, name) or _suggest_person(conn, name) or f"; try `forumctl speakers {name}` to search"
        raise NotFoundError(f"no person named {name!r}{hint}")
    if len(ids) > 1:
        candidates = []
        for pid in ids:
            apps = appearances(conn, [pid])
            role, org, year = (apps[-1].role, apps[-1].org, apps[-1].event_start[:4]) if apps else (None, None, None)
            detail = ", ".join(x for x in (role, org, year) if x)
            candidates.append({"id": pid, "label": pid, "title": f"{_people(conn, [pid])[pid]['name']}  {detail}"})
        raise AmbiguousError(f"{name!r} names {len(ids)} people; name one by id", candidates)
    pid = ids[0]
    apps = appearances(conn, [pid])
    events = sorted({a.event_id for a in apps})
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
    page = {**_people(conn, [pid])[pid], "match": matched[pid][1], "appearance_count": len(apps),
            "event_count": len(events), "appearances": json_array_text(a.json for a in apps),
            "co_speakers": co_speakers}  # fmt: skip
    return stored_answer(json_object_text(page), as_text)


def _one_of(what: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    """The value if it is one of `allowed` (spacing and case forgiven: `Special Lecture`), else a usage error."""
    if value is None:
        return None
    wanted = "-".join(value.casefold().replace("_", " ").split())
    if wanted in allowed:
        return wanted
    raise UsageError(f"{what} {value!r} is not one of: {', '.join(allowed)}{did_you_mean(value, allowed)}")


def _suggest_person(conn: sqlite3.Connection, name: str) -> str:
    names = dict(conn.execute("select name, key from names where entity = 'person'").fetchall())
    found = close_matches(name, names)
    return f"; did you mean {' or '.join(map(repr, found))}?" if found else ""
