"""Organisations: finding one by any of its names (`--org`, `forumctl org`) and its page.

A name matches an organisation exactly (canonical name, alias or English name, ignoring case,
spacing and separators: `중기부`, `STEPI`, `kaist`), or else by part of a name; the page gathers
everything the archive says the organisation did: its people and the roles they held over time,
its talks, the events it took part in and how, and the outcomes it was party to.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections import defaultdict
from typing import Any

from forumctl.errors import AmbiguousError, NotFoundError, UsageError
from forumctl.questions.appearances import Appearance, appearances
from forumctl.questions.stored import JsonText, json_array_text, json_object_text, stored_answer
from forumctl.store.summaries import event_columns, event_json, event_summary
from forumctl.text.compact import compact_json
from forumctl.text.names import fold
from forumctl.text.suggest import close_matches

# How an organisation took part in an event, in the order the page lists them.
PARTS = ("organizer", "host", "speaker", "chair", "attendee", "awardee", "party")


def _containing(conn: sqlite3.Connection, folded: str) -> list[tuple[str, str]]:
    """(key, name) of every organisation name whose folded form contains `folded`."""
    if len(folded) >= 3:  # the trigram index
        phrase = '"' + folded.replace('"', '""') + '"'
        matching = "select rowid from names_fts where names_fts match ?"
        sql = f"select key, name from names where entity = 'org' and id in ({matching})"
        return list(conn.execute(sql, [f"folded : {phrase}"]))
    return list(conn.execute("select key, name from names where entity = 'org' and instr(folded, ?) > 0", [folded]))


def exact_orgs(conn: sqlite3.Connection, text: str) -> dict[str, str]:
    """canonical name -> how `text` names it (`name`, `alias`, `en`), for exact (folded) matches."""
    folded = fold(text)
    found: dict[str, str] = {}
    for key, kind in conn.execute("select key, kind from names where entity = 'org' and folded = ?", [folded]):
        found.setdefault(key, kind)
    return found


def resolve_orgs(conn: sqlite3.Connection, org: str) -> set[str]:
    """The canonical names of the organisations `org` names: exactly if it can, else by part."""
    folded = fold(org)
    if not folded:
        return set()
    return set(exact_orgs(conn, org)) or {key for key, _ in _containing(conn, folded)}


def org_filter(conn: sqlite3.Connection, org: str) -> set[str]:
    """The one organisation an `--org` option names, as `forumctl org` finds it: a part of a name
    that fits several is ambiguous (exit 2, with the candidates), not all of them quietly; an
    unknown name is a usage error with a suggestion."""
    if not fold(org):
        raise UsageError("--org is empty; name an organisation (중소벤처기업부, 중기부, STEPI, ...)")
    try:
        return {find_org(conn, org)[0]}
    except NotFoundError as exc:
        raise UsageError(str(exc)) from None


def _suggest(conn: sqlite3.Connection, name: str) -> str:
    names = dict(conn.execute("select name, key from names where entity = 'org'").fetchall())
    guesses = list(dict.fromkeys(names[n] for n in close_matches(name, names)))
    return f"; did you mean {' or '.join(map(repr, guesses))}?" if guesses else ""


def find_org(conn: sqlite3.Connection, name: str) -> tuple[str, str]:
    """The one organisation `name` names, and how it matched; else NotFoundError or AmbiguousError."""
    name = unicodedata.normalize("NFC", name).strip()
    if not fold(name):
        raise UsageError("the organisation name is empty")
    exact = exact_orgs(conn, name)
    found = exact or {key: "part of name" for key, _ in _containing(conn, fold(name))}
    if not found and len(name.split()) > 1:  # 중소벤처기업부 장관, 중기부 오영주: the word that names one
        found = {key: "word of name" for word in name.split() for key in exact_orgs(conn, word)}
    if len(found) == 1:
        key, how = next(iter(found.items()))
        return key, how
    if not found:
        raise NotFoundError(f"no organisation named {name!r}{_suggest(conn, name)}")
    candidates = []
    for key in sorted(found):
        row = conn.execute("select en, sector from orgs where name = ?", [key]).fetchone()
        detail = ", ".join(x for x in (row or ()) if x)
        candidates.append({"id": key, "label": key, "title": detail})
    raise AmbiguousError(f"{name!r} names {len(found)} organisations; name one in full", candidates)


def _people(seen: list[Appearance]) -> list[dict[str, Any]]:
    """Each person who appeared for the organisation, with every role held and when, first
    appearance first (`seen`: its appearances, in date order)."""
    people: dict[str, dict[str, Any]] = {}
    roles: dict[str, dict[str | None, dict[str, Any]]] = defaultdict(dict)
    for a in seen:
        pid, name, day, role, event_id = a.person_id, a.person, a.day, a.role, a.event_id
        if pid is None or name is None:  # a talk given to the organisation alone
            continue
        person = people.setdefault(pid, {"id": pid, "name": name, "first": day, "last": day, "roles": []})
        person["last"] = day
        held = roles[pid].get(role)
        if held is None:
            held = roles[pid][role] = {"role": role, "first": day, "last": day, "event_ids": []}
            person["roles"].append(held)
        held["last"] = day
        if event_id not in held["event_ids"]:
            held["event_ids"].append(event_id)
    return list(people.values())


def _events(conn: sqlite3.Connection, org: str, seen: list[Appearance]) -> JsonText:
    """The events it took part in, by date, and how (PARTS): as a party to an event, to an outcome,
    and through its appearances (`seen`, which carry their events' summaries already)."""
    parts: dict[str, set[str]] = defaultdict(set)
    summaries: dict[str, tuple[str, str]] = {}  # id -> (start, summary's JSON text)
    for a in seen:
        parts[a.event_id].add(a.role_kind)
        summaries.setdefault(a.event_id, (a.event_start, a.event))
    sql = """select event_id, role from event_orgs where org = :org
             union all select o.event_id, 'party' from outcome_parties p join outcomes o on o.id = p.outcome_id
                       where p.org = :org"""
    for event_id, part in conn.execute(sql, {"org": org}):
        parts[event_id].add(part)
    missing = [event_id for event_id in parts if event_id not in summaries]
    if missing:
        marks = ",".join("?" * len(missing))
        for event_id, start, summary in conn.execute(
            f"select id, start, {event_json()} from events where id in ({marks})", missing
        ):
            summaries[event_id] = (start, summary)
    ordered = sorted(summaries.items(), key=lambda item: (item[1][0], item[0]))  # as SQL's `order by start, id`
    encoded: dict[frozenset[str], str] = {}  # a few ways of taking part, for ~1,000 events at 10,000
    items = []
    for event_id, (_, summary) in ordered:
        taken = frozenset(parts[event_id])
        text = encoded.get(taken)
        if text is None:
            text = encoded[taken] = compact_json([p for p in PARTS if p in taken])
        items.append(f'{summary[:-1]},"as":{text}}}')  # "as" as the summary's last key
    return json_array_text(items)


def _outcomes(conn: sqlite3.Connection, org: str) -> list[dict[str, Any]]:
    sql = f"""select o.id, o.kind, o.text, {event_columns("e")} from outcomes o join events e on e.id = o.event_id
             where o.id in (select outcome_id from outcome_parties where org = ?)
             order by e.start, o.event_id, o.position"""
    out = []
    for oid, kind, text, *event in conn.execute(sql, [org]).fetchall():
        parties = [p for (p,) in conn.execute("select org from outcome_parties where outcome_id = ? order by position",
                                              [oid])]  # fmt: skip
        out.append({"event": event_summary(tuple(event)), "kind": kind, "text": text, "parties": parties})
    return out


def org_page(conn: sqlite3.Connection, name: str, *, as_text: bool = False) -> Any:
    """One organisation: its names, people over time, talks, events taken part in, outcomes; as
    compact JSON text (JsonText) if `as_text`, else as plain data."""
    key, how = find_org(conn, name)
    row = conn.execute("select name, en, sector, registered, notes from orgs where name = ?", [key]).fetchone()
    org_name, en, sector, registered, notes = row if row else (key, None, None, 0, None)
    aliases = [a for (a,) in conn.execute("select alias from org_aliases where org = ? order by rowid", [key])]
    seen = appearances(conn, None, orgs={key}, named_only=False)  # one pass: people, talks and events come from it
    page = json_object_text({
        "name": org_name,
        "en": en,
        "aliases": aliases,
        "sector": sector,
        "registered": bool(registered),
        "notes": notes,
        "match": how,
        "people": _people(seen),
        "talks": json_array_text(a.json for a in seen if a.role_kind == "speaker"),  # its people's, and its own
        "events": _events(conn, key, seen),
        "outcomes": _outcomes(conn, key),
    })  # fmt: skip
    return stored_answer(page, as_text)


def org_hint(conn: sqlite3.Connection, text: str) -> str:
    """`; '중기부' is an organisation: see `forumctl org 중기부`` when text names one, else ''."""
    if exact_orgs(conn, text):
        return f"; {text!r} is an organisation: see `forumctl org {text}`"
    return ""
