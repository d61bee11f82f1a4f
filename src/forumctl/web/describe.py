"""What each table and column of the archive database means, for Datasette's metadata.

tests/test_web.py checks these against store/layout.py: every table a visitor sees and every one
of its columns is described here, and nothing here names a table or column that does not exist.
"""

from __future__ import annotations

# Tables that are the machinery of forumctl, not the archive: hidden in the web UI.
INTERNAL = {
    "meta": "forumctl's bookkeeping: schema version, records fingerprint, registries",
    "files": "the record files the database was built from, with their sizes and times",
    "names": "every name, alias and 초성 of people, organisations and topics, folded for look-ups",
    "search_text": "one row per searchable piece of text; the search query reads it",
    "search_terms": "each distinct word of the searchable text but names, once, where the search looks for words",
    "search_postings": "for each word of search_terms, the events that hold it and its weighted count there",
    "search_names": "each distinct person and organisation text once, where the search looks for names",
    "search_name_keys": "whom each search_names text stands for (person id and spelling, or organisation)",
    "theme_marks": "every topic and committee of an event, folded, for `forumctl themes`",
    "theme_matrix": "the whole `forumctl themes` answer per series, kept current by builds",
    "event_lists": 'the whole `forumctl list` answer per series and for all ("*"), kept current by builds',
}

TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "events": ("One row per event: the editions of the forum and the events around it.", {
        "id": "Event id (what `forumctl show` takes)",
        "series": "The series the event belongs to",
        "edition": "The announced ordinal (3 for 제3회), where a source gives one",
        "kind": "forum, conference, roundtable, fair, meeting, seminar or other",
        "title": "Korean title", "title_en": "English title",
        "theme": "The edition's theme (slogan), Korean", "theme_en": "The theme in English",
        "start": "First day (YYYY-MM-DD)", "end": "Last day (equal to start for a one-day event)",
        "year": "Year of the first day", "venue": "The first venue", "city": "City of the first venue",
        "file": "The record's path inside the records folder",
        "document": "The whole resolved record as JSON (what `forumctl show --json` prints)",
    }),
    "series": ("The event series the archive knows.", {
        "id": "Series id", "name": "Korean name", "name_en": "English name",
        "aliases": "Other names, as a JSON list", "is_default": "1 for the series a bare `forumctl list` means",
        "notes": "Notes",
    }),
    "agenda_items": ("The programme: one row per talk, panel, ceremony or other item, in the order the sources give.", {
        "id": "Item id", "event_id": "The event", "date": "The day, or blank where the sources do not date it",
        "day": "Day number within the event", "position": "Order within the day",
        "kind": "keynote, presentation, panel, discussion, remarks, award, …", "title": "Talk title, if given",
        "time": "Time of day, if given", "summary": "What the source says was said, in its words",
    }),
    "appearances": ("Who appeared where: speakers, co-chairs, attendees and award recipients, with the role "
                    "and organisation they held then.", {
        "id": "Appearance id", "event_id": "The event", "date": "The day, where known",
        "item_id": "The agenda item (for speakers)", "outcome_id": "The award (for recipients)",
        "person_id": "The person (blank where a source names only an office)",
        "role_kind": "speaker, chair, attendee or awardee", "role": "Title or role held then (장관, 대표, 박사…)",
        "org": "Organisation, canonical name", "person_as_written": "The name as the record wrote it",
        "org_as_written": "The organisation as the record wrote it",
    }),
    "people": ("People: those in people.yaml and those the events name.", {
        "id": "Person id", "name": "Canonical name", "en": "English name",
        "registered": "1 if people.yaml lists the person", "notes": "Notes",
    }),
    "person_aliases": ("Other names of people (신상철 for 신성철).", {
        "person_id": "The person", "alias": "Other name",
    }),
    "orgs": ("Organisations: ministries, agencies, institutes, companies.", {
        "name": "Canonical name", "en": "English name",
        "sector": "government, agency, research-institute, university, company, association, foundation, …",
        "registered": "1 if orgs.yaml lists it", "notes": "Notes",
    }),
    "org_aliases": ("Other names of organisations (STEPI, 기정원, TIPA).", {
        "org": "Organisation", "alias": "Other name",
    }),
    "topics": ("The topic vocabulary.", {
        "name": "Canonical topic", "en": "English name", "registered": "1 if topics.yaml lists it", "notes": "Notes",
    }),
    "topic_aliases": ("Other names of topics.", {"topic": "Topic", "alias": "Other name"}),
    "event_topics": ("What each edition was about.", {
        "event_id": "The event", "topic": "Canonical topic", "position": "Order in the record",
    }),
    "committees": ("The committees (분과) of each edition, as named that year.", {
        "event_id": "The event", "name": "Committee name", "position": "Order in the record",
    }),
    "event_orgs": ("Organisers (주최) and hosts (주관) of each event.", {
        "event_id": "The event", "org": "Organisation", "role": "organizer or host", "position": "Order in the record",
    }),
    "linked_events": ("Events an event was held with (APEC 중소기업 장관회의 …).", {
        "event_id": "The event", "name": "The linked event", "position": "Order in the record",
    }),
    "outcomes": ("What came of each event: announcements, MOUs, budgets, awards, exhibitions.", {
        "id": "Outcome id", "event_id": "The event", "position": "Order in the record",
        "kind": "announcement, mou, budget, award, exhibition or other", "text": "What it was",
        "detail": "Longer description", "amount_value": "An amount, where there is one",
        "amount_unit": "Its unit (KRW …)",
    }),
    "outcome_parties": ("The parties to each outcome (the two sides of an MOU).", {
        "outcome_id": "The outcome", "org": "Organisation", "position": "Order in the record",
    }),
    "sources": ("The news articles and press releases every fact comes from.", {
        "event_id": "The event", "position": "Number in the record's list", "url": "Address",
        "publisher": "Publisher", "title": "Title", "author": "Author",
        "published": "Date (YYYY, YYYY-MM or YYYY-MM-DD)",
        "note": "Where it was read, reprints",
    }),
    "unrecorded": ("The fields an event's record leaves out because the sources do not tell (unknown, not none).", {
        "event_id": "The event", "field": "The record's key (venue, topics, committees, agenda …)",
    }),
}  # fmt: skip

# How the tables read best: the column that names a row, facets, sort order.
LABELS = {"events": "title", "series": "name", "people": "name", "orgs": "name", "topics": "name",
          "agenda_items": "title", "outcomes": "text"}  # fmt: skip
FACETS = {
    "events": ["series", "kind", "year", "city"],
    "agenda_items": ["kind", "event_id"],
    "appearances": ["role_kind", "org", "event_id"],
    "outcomes": ["kind", "event_id"],
    "orgs": ["sector"],
    "event_topics": ["topic"],
    "sources": ["publisher"],
}
SORT = {"events": "start", "people": "name", "orgs": "name", "topics": "name", "appearances": "date",
        "agenda_items": "id", "outcomes": "id"}  # fmt: skip
SORT_DESC = {"sources": "published"}
