"""Datasette's metadata for the archive, generated from the code and the database it describes.

Title, description (with the database's own counts), source and licence; a description of every
table and column (describe.py); internal and full-text tables hidden; label columns, facets and
sort orders; and canned queries for the questions people ask, the text search among them sharing
`forumctl search`'s SQL.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from forumctl import __version__
from forumctl.questions.search import SEARCH_SQL
from forumctl.store.layout import TABLES as LAYOUT
from forumctl.web import DB_NAME
from forumctl.web.describe import FACETS, INTERNAL, LABELS, SORT, SORT_DESC, TABLES

TITLE = "중소기업 혁신 네트워크 포럼 아카이브 · SME Innovation Network Forum archive"
LICENSE, LICENSE_URL = "MIT", "https://opensource.org/license/mit"
SOURCE = "Public news articles and press releases, cited for every event (the sources table)"

QUERIES: dict[str, dict[str, Any]] = {
    "search": {
        "title": "Search the archive",
        "description": "Every word must occur in the event: titles, themes, topics, committees, talks and "
        "summaries, outcomes, notes, names of people and organisations, sources' titles. Korean words match "
        "anywhere (혁신 finds 기술혁신); Latin words at the start of a word, and those of one or two "
        "letters as whole words (AI finds AI를, not Fair or Aim). "
        "Best matches first; each row is one field that matched, with a snippet, its event's score "
        "(event_score) and how many events matched (events). The same query as `forumctl search --all`.",
        "sql": SEARCH_SQL,
        "params": ["q"],
        "hide_sql": True,
    },
    "people_at_several_events": {
        "title": "People at more than one event",
        "description": "People who spoke, co-chaired, attended or were awarded at two or more events.",
        "sql": """select p.id as person_id, p.name, p.en, count(distinct a.event_id) as events,
  (select group_concat(event_id, ', ') from (select distinct x.event_id from appearances x
     join events e on e.id = x.event_id where x.person_id = p.id order by e.start)) as event_ids,
  (select group_concat(distinct x.org) from appearances x where x.person_id = p.id) as orgs
from appearances a join people p on p.id = a.person_id
group by p.id having count(distinct a.event_id) > 1
order by events desc, p.name""",
    },
    "themes_by_year": {
        "title": "Topics and committees by year",
        "description": "Which topics and committees (분과) appear in which year, across every series: "
        "long-running themes first. Shown as a matrix above the rows.",
        "sql": """with themes as (
  select 'topic' as kind, t.topic as name, e.year, e.id as event_id, e.start
    from event_topics t join events e on e.id = t.event_id
  union all
  select 'committee', c.name, e.year, e.id, e.start from committees c join events e on e.id = c.event_id
), per_year as (
  select kind, name, year, count(*) as events, group_concat(event_id, ', ') as event_ids
  from (select * from themes order by start, event_id) group by kind, name, year
)
select kind, name, year, events, event_ids,
  count(*) over (partition by kind, name) as years, min(year) over (partition by kind, name) as since
from per_year order by kind desc, years desc, since, name, year""",
    },
    "editions_by_city": {
        "title": "Events by city",
        "description": "Where the events were held, most events first.",
        "sql": """select coalesce(city, '(not given)') as city, count(*) as events, min(year) as first,
  max(year) as last, group_concat(id, ', ') as event_ids
from (select * from events order by start, id)
group by city order by events desc, city""",
    },
    "awards_by_year": {
        "title": "Awards by year",
        "description": "The awards given at the events (혁신 유공 포상 …), with their recipients, year by year.",
        "sql": """select e.year, e.id as event_id, o.text as award, o.detail,
  (select group_concat(coalesce(p.name, '') || case when a.role is not null or a.org is not null then ' ('
     || trim(coalesce(a.role, '') || ', ' || coalesce(a.org, ''), ', ') || ')' else '' end, '; ')
   from appearances a left join people p on p.id = a.person_id where a.outcome_id = o.id) as recipients
from outcomes o join events e on e.id = o.event_id
where o.kind = 'award'
order by e.start, e.id, o.position""",
    },
}


def internal_tables(conn: sqlite3.Connection) -> list[str]:
    """Tables a visitor has no use for: forumctl's own and any full-text index with its shadow tables."""
    names = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' order by name")]
    return [n for n in names if n in INTERNAL or "_fts" in n or n.startswith("sqlite_")]


def _description(conn: sqlite3.Connection) -> str:
    events, first, last = conn.execute("select count(*), min(year), max(year) from events").fetchone()
    series = conn.execute("select count(*) from series").fetchone()[0]
    sources = conn.execute("select count(*) from sources").fetchone()[0]
    return (
        f"Korea's SME Innovation Network Forum (중소기업 혁신 네트워크 포럼), the Ministry of SMEs and Startups' "
        f"R&D-policy think tank, and the SME-innovation events around it: {events} events in {series} series, "
        f"{first}–{last}, with their agendas, speakers, topics, committees and outcomes, every fact cited from "
        f"{sources} public sources. Built by forumctl {__version__} from its YAML records."
    )


def _table(name: str) -> dict[str, Any]:
    description, columns = TABLES[name]
    table: dict[str, Any] = {"description": description, "columns": columns}
    if name in LABELS:
        table["label_column"] = LABELS[name]
    if name in FACETS:
        table["facets"] = FACETS[name]
    if name in SORT:
        table["sort"] = SORT[name]
    if name in SORT_DESC:
        table["sort_desc"] = SORT_DESC[name]
    return table


def build_metadata(conn: sqlite3.Connection) -> dict[str, Any]:
    """Datasette's metadata (as metadata.json holds it) for the archive database open on `conn`."""
    present = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    tables = {name: _table(name) for name in LAYOUT if name in TABLES and name in present}
    tables.update({name: {"hidden": True, "description": INTERNAL.get(name, "full-text index")}
                   for name in internal_tables(conn)})  # fmt: skip
    return {
        "title": TITLE,
        "description": _description(conn),
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "source": SOURCE,
        "databases": {
            DB_NAME: {
                "title": TITLE,
                "description": "The archive database. Start with the canned queries below, or a table.",
                "tables": tables,
                "queries": QUERIES,
            }
        },
    }


SETTINGS = {
    "default_page_size": 50,
    "sql_time_limit_ms": 3000,  # the text search over a large archive
    "truncate_cells_html": 300,  # events.document is a whole record as JSON
    "facet_time_limit_ms": 500,
}
