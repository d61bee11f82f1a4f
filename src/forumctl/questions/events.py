"""Read-side questions answered from the database. Returns plain data; knows nothing of output."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import unicodedata
from typing import Any

from forumctl.errors import AmbiguousError, NotFoundError, UsageError
from forumctl.questions.stored import stored_answer
from forumctl.store.summaries import EVENT_FIELDS, EVERY_SERIES, event_columns, event_summary, list_rows
from forumctl.text.names import fold
from forumctl.text.ordinals import ordinal
from forumctl.text.suggest import close_matches, did_you_mean


def summary_of(doc: dict[str, Any]) -> dict[str, Any]:
    """The event summary of a whole event document (show's)."""
    return {key: doc[key] for key in EVENT_FIELDS}


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


_ORDINAL = re.compile(r"^(?:제\s*)?(\d{1,3})(?:\s*회|st|nd|rd|th)?$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# dates as people write them: 2025.9.3, 2025. 9. 3., 2025/09/03, 20250903
_LOOSE_DATE = re.compile(r"^(\d{4})(?:[./-]\s*(\d{1,2})[./-]\s*(\d{1,2})\.?|(\d{2})(\d{2}))$")


def series_id(conn: sqlite3.Connection, wanted: str | None) -> str:
    """The series id for an id, name or alias given by the user; the default series for None."""
    rows = conn.execute("select id, name, name_en, aliases, is_default from series").fetchall()
    if wanted is None:
        for sid, *_, is_default in rows:
            if is_default:
                return str(sid)
        raise NotFoundError("the archive has no default series")
    key = fold(wanted)
    names: dict[str, str] = {}
    for sid, name, name_en, aliases, _ in rows:
        written = [n for n in (sid, name, name_en, *json.loads(aliases)) if n]
        for n in written:
            names.setdefault(n, sid)
        if key and key in {fold(n) for n in written}:
            return str(sid)
    guesses = list(dict.fromkeys(names[n] for n in close_matches(wanted, names)))
    hint = f"; did you mean {' or '.join(map(repr, guesses))}?" if guesses else ""
    raise UsageError(f"unknown series {wanted!r}{hint} (the archive has: {', '.join(r[0] for r in rows)})")


def list_events(
    conn: sqlite3.Connection,
    series: str | None = None,
    *,
    every_series: bool = False,
    year: str | None = None,
    as_text: bool = False,
) -> list[dict[str, Any]]:
    """`list`'s events; without `year`, the answer the store keeps ready (as JsonText if `as_text`)."""
    sid = None if every_series else series_id(conn, series)
    if year is None:  # the answer the store keeps ready (store/summaries.py)
        key = EVERY_SERIES if sid is None else sid
        row = conn.execute("select document from event_lists where series = ?", [key]).fetchone()
        if row is not None:
            return stored_answer(row[0], as_text)  # type: ignore[no-any-return]
    return list_rows(conn, sid, parse_years(year))


def event_document(conn: sqlite3.Connection, event_id: str) -> dict[str, Any]:
    row = conn.execute("select document from events where id = ?", [event_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no event with id {event_id!r}")
    document: dict[str, Any] = json.loads(row[0])
    return document


def show_event(conn: sqlite3.Connection, key: str, series: str | None = None) -> dict[str, Any]:
    """The event's whole record, plus `linked_events`: the entries of linked_to that name an
    event of the archive by id, each as an event summary."""
    doc = event_document(conn, resolve_key(conn, key, series))
    names = doc["linked_to"]
    rows = conn.execute(
        f"select {event_columns()} from events where id in ({', '.join('?' * len(names))})", names
    ).fetchall() if names else []  # fmt: skip
    found = {r[0]: event_summary(r) for r in rows}
    doc["linked_events"] = [found[n] for n in names if n in found]
    return doc


def _ascii_digits(text: str) -> str:
    """Digits in any script (fullwidth ２０２５ as an IME types it, Arabic-Indic) as ASCII digits."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(c)) if unicodedata.category(c) == "Nd" else c for c in text)


def resolve_key(conn: sqlite3.Connection, key: str, series: str | None = None) -> str:
    """The id of the one event KEY names: an id, a year, an ordinal (3, 3rd, 제3회) or a date inside
    the event. Years, ordinals and dates are looked up in the chosen (else the default) series."""
    key = _ascii_digits(unicodedata.normalize("NFC", key).strip())
    if not key:
        raise UsageError("the event key is empty; name an event by id, year (2025), ordinal (3, 3rd, 제3회) or date")
    if series is not None:
        series_id(conn, series)  # an unknown series is a mistake even where an id needs none
    if conn.execute("select 1 from events where id = ?", [key]).fetchone():
        return key
    if (lower := key.casefold()) != key and conn.execute("select 1 from events where id = ?", [lower]).fetchone():
        return lower  # ids are lower case; `INF-2025` can only mean inf-2025
    sid = series_id(conn, series)
    if m := _LOOSE_DATE.match(key):
        key = f"{m.group(1)}-{int(m.group(2) or m.group(4)):02d}-{int(m.group(3) or m.group(5)):02d}"
    params: list[Any]
    if m := _YEAR.match(key):
        what = f"in {m.group(1)}"
        where, params = "start <= ? and [end] >= ?", [f"{key}-12-31", f"{key}-01-01"]
    elif m := _ORDINAL.match(key):
        what = f"numbered {ordinal(int(m.group(1)))} (제{m.group(1)}회)"
        where, params = "edition = ?", [int(m.group(1))]
    elif _DATE.match(key):
        try:
            dt.date.fromisoformat(key)
        except ValueError:
            raise UsageError(f"{key!r} is not a real date") from None
        what = f"on {key}"
        where, params = "start <= ? and [end] >= ?", [key, key]
    else:
        ids = [i for (i,) in conn.execute("select id from events order by start, id")]
        how = "; name an event by id, year (2025), ordinal (3, 3rd, 제3회) or date (2025-09-03)"
        hint = did_you_mean(key, ids) or how
        raise NotFoundError(f"no event with id {key!r}{hint}")
    columns = "id, series, edition, start, [end], title"
    matches = conn.execute(f"select {columns} from events where series = ? and {where} order by start", [sid, *params])
    found = [_candidate(row) for row in matches]
    if len(found) > 1 and _YEAR.match(key):
        # The 2021 fair is the one that started in 2021, not the 2020 one that ran into January 2021
        # (as coverage and themes count years by start); an event held only partly in the year
        # still answers for it when no other does.
        started = [c for c in found if c["start"][:4] == key]
        found = started if len(started) == 1 else found
    if len(found) == 1:
        return str(found[0]["id"])
    if len(found) > 1:
        raise AmbiguousError(f"{key!r} matches {len(found)} events of {sid}; name one by id or date", found)
    elsewhere = [_candidate(r) for r in conn.execute(f"select {columns} from events where {where}", params)]
    hint = ""
    if elsewhere:
        hint = "; other series have " + ", ".join(f"{c['id']} ({c['series']})" for c in elsewhere)
    existing = [
        _candidate(r) for r in conn.execute(f"select {columns} from events where series = ? order by start", [sid])
    ]
    have = ", ".join(c["label"] for c in existing) or "no events"
    raise NotFoundError(f"no event of {sid} {what}{hint}; {sid} has: {have}")


def _candidate(row: tuple[Any, ...]) -> dict[str, Any]:
    event_id, series, edition, start, end, title = row
    dates = start if start == end else f"{start}..{end}"
    label = f"{event_id} ({ordinal(edition) + ', ' if edition else ''}{dates})"
    return {
        "id": event_id,
        "series": series,
        "edition": edition,
        "start": start,
        "end": end,
        "title": title,
        "label": label,
    }


def event_keys(conn: sqlite3.Connection, series: str | None = None) -> list[tuple[str, str]]:
    """(key, what it names) for shell completion: ids of every event, and the years and ordinals
    of the chosen series."""
    sid = series_id(conn, series)
    keys: dict[str, str] = {}
    rows = conn.execute("select id, series, edition, start, title from events order by start, id").fetchall()
    years = [r[3][:4] for r in rows if r[1] == sid]
    for event_id, event_series, edition, start, title in rows:
        keys[event_id] = f"{start} {title}"
        if event_series == sid:
            if years.count(start[:4]) == 1:
                keys.setdefault(start[:4], f"{event_id}: {title}")
            if edition:
                keys.setdefault(ordinal(edition), f"{event_id}: {title}")
    return list(keys.items())


def series_names(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return [(sid, name) for sid, name in conn.execute("select id, name from series order by is_default desc, id")]


def org_names(conn: sqlite3.Connection) -> list[str]:
    """Every name an organisation goes by, for completing --org."""
    return [n for (n,) in conn.execute("select distinct name from names where entity = 'org' order by name")]
