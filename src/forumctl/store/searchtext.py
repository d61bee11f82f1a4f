"""The rows of the `search_text` table: one per searchable piece of an event's text.

Titles, themes, topics, committees, talk titles and summaries, outcomes, notes, the names of the
people and organisations that took part, linked events, venues and the sources' titles each become
a row `(event_id, field, label, weight, text, folded, latin)`. `folded` is the text lower-cased
character by character, so it has exactly as many characters as `text` and a match position found
in one is the same in the other (a snippet can be cut from `text` in plain SQL); `latin` is
`folded` with every character but a-z and 0-9 blanked, the same length again, where a Latin word
is looked up at the start of a word, or as a whole word if it has one or two characters (AI finds
"AI를" and "AI-driven" but neither "fair" nor "Aim"). To keep the
table small, `folded` is NULL where it would equal `text` (most Korean text) and `latin` is NULL
where the text has no Latin letter or digit.

Search is substring search over `folded` with instr() (questions/search.py): unlike FTS5's
trigram index it finds two-character words (혁신, AI), and it needs no custom SQL function, so
Datasette runs the same query.

More tables let a search find and rank the matching events without reading every row (at
10,000 events, a million), so that it reads the rows of only the events it shows:
- `search_terms` and `search_postings`, an inverted index of the rows other than names: each
  distinct word of their `folded` text (split on spaces and newlines) and each Latin word of `latin` once
  for the archive, and per event the weighted count of each (search_postings). A query word is
  in a text exactly when it is inside one of the text's words (it has no whitespace in it), and
  a Latin needle is a word start or a whole word: so a search looks through the words once, not
  through the text of every event, and counts occurrences as count × occurrences in the word.
  An in-place update (update.py) adds the words and names it meets and leaves those that no
  event holds any more until the next full build: they find nothing.
- `search_names` and `search_name_keys`: each distinct person and organisation text once, with
  the people (id and spelling as written) or organisations it stands for; the events that name
  them are found through `appearances`, `event_orgs` and `outcome_parties`.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # search imports fold_chars on every run; the registry module brings in PyYAML
    from forumctl.recordfiles.registry import Registry

# How much a match in each field counts (a title match outranks one in the notes).
WEIGHTS = {
    "title": 10, "theme": 8, "topic": 6, "committee": 6, "talk": 5, "person": 4, "org": 3, "outcome": 3,
    "linked": 3, "venue": 2, "summary": 2, "outcome_detail": 2, "source": 2, "notes": 1,
}  # fmt: skip


def fold_chars(text: str) -> str:
    """NFC, then each character lower-cased where that keeps it one character (İ stays İ), so
    the folded text lines up character for character with the NFC text."""
    text = unicodedata.normalize("NFC", text)
    low = text.lower()
    if len(low) == len(text):  # the usual case: no character grew
        return low
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


_NOT_LATIN = re.compile(r"[^a-z0-9]")


def latin_only(folded: str) -> str:
    return _NOT_LATIN.sub(" ", folded)


def runs(latin: str | None) -> str | None:
    """The Latin words of a `latin` column, one space apart and one at each end: the same words
    are found (a needle starts with a space), without the blanks that stand for Hangul."""
    return f" {' '.join(latin.split())} " if latin else None


def _named(name: str, entry: dict[str, Any] | None, also: tuple[str, ...] = ()) -> str:
    """A name with its registry's other names (aliases, English) in brackets, so any of them finds it."""
    known = [*entry["aliases"], entry["en"]] if entry else []
    seen, others = {name.casefold()}, []
    for other in [*known, *also]:
        if other and other.casefold() not in seen:
            seen.add(other.casefold())
            others.append(other)
    return f"{name} ({', '.join(others)})" if others else name


REPEATED = frozenset({"person", "org", "topic", "committee", "venue"})
NAMES = frozenset({"person", "org"})  # searched through search_names, not search_postings


class SearchCache:
    """What one build works out again and again: the same people, organisations and topics appear
    at event after event (at 10,000 events, ~1.3 million rows from far fewer distinct texts). It
    also numbers the distinct name texts (search_names) and collects the rows still to write."""

    def __init__(self) -> None:
        self.named: dict[tuple[str, str, str | None, str | None], tuple[Any, ...]] = {}  # -> found's key
        self.folded: dict[str, tuple[str | None, str | None]] = {}
        self.name_ids: dict[tuple[str, str], int] = {}  # (field, text) -> search_names.id
        # (name id, key, as written or "") a database already holds: an update's only. In a build each
        # pair comes once, as `named` works out each person's and organisation's text once.
        self.name_keys: set[tuple[int, str, str]] = set()
        self.new_names: list[tuple[Any, ...]] = []
        self.new_keys: list[tuple[Any, ...]] = []
        self.next_name = 1
        self.term_ids: tuple[dict[str, int], dict[str, int]] = ({}, {})  # words, Latin words -> search_terms.id
        self.new_terms: list[tuple[Any, ...]] = []
        self.next_term = 1

    def load(self, conn: sqlite3.Connection) -> None:
        """The names and words a database already holds, for an update that adds to them."""
        self.name_ids = {(f, t): i for i, f, t in conn.execute("select id, field, text from search_names")}
        self.name_keys = set(conn.execute("select name_id, key, written from search_name_keys"))
        self.next_name = max(self.name_ids.values(), default=0) + 1
        for term, latin, word in conn.execute("select id, latin, term from search_terms"):
            self.term_ids[latin][word] = term
            self.next_term = max(self.next_term, term + 1)

    def postings(self, event_id: str, rows: list[tuple[Any, ...]]) -> list[tuple[int, str, int]]:
        """The search_postings rows of an event from its search_text rows (names aside): each word's
        occurrences weighted by the field's weight, summed over the rows."""
        scores: dict[int, int] = {}
        words, latin_words = self.term_ids[0], self.term_ids[1]
        for _, _, field, _, weight, text, folded, latin in rows:
            if field in NAMES:
                continue
            # split where the SQL splits a query (spaces, newlines), not on every Unicode space:
            # Datasette passes `q` as typed, and "ai\u00a0혁신" must still be inside one word
            for word in (folded if folded is not None else text).replace("\n", " ").split(" "):
                if not word:
                    continue
                term = words.get(word) or self._new_term(0, word)
                scores[term] = scores.get(term, 0) + weight
            if latin is not None:
                for word in latin.split():
                    term = latin_words.get(word) or self._new_term(1, word)
                    scores[term] = scores.get(term, 0) + weight
        return [(term, event_id, score) for term, score in scores.items()]

    def _new_term(self, latin: int, word: str) -> int:
        term = self.term_ids[latin][word] = self.next_term
        self.next_term += 1
        self.new_terms.append((term, latin, word))
        return term

    def name(self, row: tuple[Any, ...], key: str, written: str | None) -> None:
        """Note that a name row's text (a person's or organisation's, with its other names; the key
        of search_rows' `found`: field, text, weight, folded, latin) stands for `key`."""
        field, text, _, folded, latin = row
        name_id = self.name_ids.get((field, text))
        if name_id is None:
            name_id = self.name_ids[(field, text)] = self.next_name
            self.next_name += 1
            self.new_names.append((name_id, field, text, folded, runs(latin)))
        mapping = (name_id, key, written or "")
        if mapping not in self.name_keys:
            self.new_keys.append(mapping)

    def take_new(self) -> dict[str, list[tuple[Any, ...]]]:
        """The names, keys and words noted since the last call, by table."""
        new = {"search_names": self.new_names, "search_name_keys": self.new_keys, "search_terms": self.new_terms}
        self.new_names, self.new_keys, self.new_terms = [], [], []
        return new

    def columns(self, field: str, text: str) -> tuple[str | None, str | None]:
        """`folded` and `latin` of a text (None where they add nothing), remembered for the fields
        that repeat (names), not for the notes and summaries that each event has its own of."""
        cached = self.folded.get(text) if field in REPEATED else None
        if cached is None:
            folded = fold_chars(text)
            latin = latin_only(folded)
            cached = (None if folded == text else folded, latin if latin.strip() else None)
            if field in REPEATED:
                self.folded[text] = cached
        return cached


def search_rows(e: dict[str, Any], reg: Registry, cache: SearchCache | None = None) -> list[tuple[Any, ...]]:
    """The search_text rows of one loaded event, in layout order (id left to SQLite). A build
    passes one `cache` for all its events (with one registry)."""
    cache = cache or SearchCache()
    named = cache.named
    # (field, text, weight, folded, latin) -> label; a name at three talks is one row. The row's
    # columns are worked out with its key, once per name for the build (a million rows at 10,000 events).
    found: dict[tuple[Any, ...], str] = {}
    columns = cache.columns

    def add(field: str, text: str | None, label: str) -> None:
        if text and text.strip():
            text = unicodedata.normalize("NFC", text)
            found.setdefault((field, text, WEIGHTS[field], *columns(field, text)), label)

    # A name's row key is worked out once per build: 390,000 appearances at 10,000 events.
    def person(a: dict[str, Any], label: str) -> None:
        if a["person"]:
            key = ("person", a["person"], a["person_id"], a["person_as_written"])
            row = named.get(key)
            if row is None:
                entry = reg.people.get(a["person_id"] or "")
                text = unicodedata.normalize("NFC", _named(a["person"], entry, (a["person_as_written"],)))
                row = named[key] = ("person", text, WEIGHTS["person"], *columns("person", text))
                cache.name(row, a["person_id"], a["person_as_written"])
            if row not in found:
                found[row] = label
        org(a["org"], label)

    def org(name: str | None, label: str) -> None:
        if name:
            key = ("org", name, None, None)
            row = named.get(key)
            if row is None:
                text = unicodedata.normalize("NFC", _named(name, reg.orgs.get(name)))
                row = named[key] = ("org", text, WEIGHTS["org"], *columns("org", text))
                cache.name(row, name, None)
            if row not in found:
                found[row] = label

    for lang in ("ko", "en"):
        add("title", e["title"].get(lang), f"title ({lang})")
        add("theme", (e["theme"] or {}).get(lang), f"theme ({lang})")
    for topic in e["topics"]:
        add("topic", _named(topic, reg.topics.get(topic)), "topic")
    for name in e["committees"]:
        add("committee", name, "committee")
    for role in ("organizers", "hosts"):
        for name in e[role]:
            org(name, role[:-1])
    for a in e["co_chairs"]:
        person(a, "co-chair")
    for a in e["attendees"]:
        person(a, "attendee")
    for day_number, day in enumerate(e["agenda"], start=1):
        for position, item in enumerate(day["items"], start=1):
            where = f"day {day_number} #{position} {item['kind']}" if day["date"] else f"#{position} {item['kind']}"
            add("talk", item["title"], where)
            add("summary", item["summary"], where)
            for a in item["speakers"]:
                person(a, f"{where} speaker")
    for position, outcome in enumerate(e["outcomes"], start=1):
        where = f"outcome {position} ({outcome['kind']})"
        add("outcome", outcome["text"], where)
        add("outcome_detail", outcome["detail"], where)
        for name in outcome["parties"]:
            org(name, f"{where} party")
        for a in outcome["recipients"]:
            person(a, f"{where} recipient")
    for name in e["linked_to"]:
        add("linked", name, "linked to")
    for venue in e["venues"]:
        add("venue", ", ".join(x for x in (venue.get("name"), venue.get("room"), venue.get("city")) if x), "venue")
    for position, source in enumerate(e["sources"], start=1):
        by = ", ".join(x for x in (source["publisher"], source["published"]) if x)
        add("source", source["title"], f"source {position}" + (f" ({by})" if by else ""))
    add("notes", e["notes"], "notes")
    eid = e["id"]
    return [(None, eid, field, label, weight, text, folded, latin)
            for (field, text, weight, folded, latin), label in found.items()]  # fmt: skip
