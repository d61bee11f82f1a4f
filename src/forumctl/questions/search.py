"""`forumctl search TEXT`: one search over all of the archive's text, ranked, showing where it matched.

The engine is one SQL query (SEARCH_SQL) over the `search_text` table (store/searchtext.py), with
a single parameter `:q`. It is plain SQLite, with no custom function, so Datasette runs the very
same query as a canned query (forumctl.web) and a `datasette publish` elsewhere keeps working.

- Words are split on spaces (and newlines) inside the SQL (a recursive CTE); an event is a hit
  when every word occurs somewhere in its text (in any field). The events are found and ranked
  from the words of the archive's text (search_terms, search_postings) and its names
  (search_names, with their events through appearances, event_orgs and outcome_parties), each
  looked at once; then the best `limit` of them are shown, and only their rows of `search_text`
  are read for the fields, scores and snippets (at 10,000 events, 30 events' rows of a million:
  searchtext.py says why the shortcut finds and scores exactly what the rows hold). A word with
  Hangul (or any character but a-z, 0-9)
  matches anywhere, so 혁신 finds 기술혁신; a Latin word matches at the start of a word (tech
  finds "technology"), and one of one or two characters only as a whole word, so AI finds "AI를"
  and "AI-driven" but neither "fair" nor "Aim". (Occurrences are counted in the text with its
  spaces doubled, so that two whole-word matches side by side both count.)
- Latin letters match regardless of case: the table's `folded` column is lower-cased, and so is
  `:q` (SQLite's lower() folds ASCII; this module folds the rest and NFC-normalises the words
  before they reach the SQL, so NFD input from a Mac terminal matches too).
- Rank: each matching field scores its weight (a title counts more than the notes) times the
  number of occurrences of the words in it; an event scores the sum of its fields; ties go to the
  more recent event. Each field that matched comes with a snippet around its first match.
"""

from __future__ import annotations

import sqlite3
from typing import Any, NamedTuple

from forumctl.errors import UsageError
from forumctl.store.searchtext import WEIGHTS, fold_chars
from forumctl.store.summaries import event_columns, event_summary

SNIPPET_BEFORE, SNIPPET_LENGTH = 20, 60  # characters of context before the match, and in all

PERSON_WEIGHT, ORG_WEIGHT = WEIGHTS["person"], WEIGHTS["org"]
SQLITE_MAX_INT = 2**63 - 1  # a larger LIMIT is a datatype mismatch
# Occurrences of a needle in `counted`: a Latin hay has its spaces doubled first, so that two
# whole-word matches side by side ("ai ai") both count.
COUNTED = "(length(counted) - length(replace(counted, needle, ''))) / length(needle)"


def search_sql(limit: int | None = None) -> str:
    """The search as one SQL query with one parameter, :q; at most `limit` events (None: all)."""
    limit = None if limit is None else min(int(limit), SQLITE_MAX_INT)
    cutoff = (
        "0"
        if limit is None
        else f"coalesce((select score from ranked order by score desc limit 1 offset {limit - 1}), 0)"
    )
    return f"""
with recursive
  split(word, rest) as (
    select '', lower(trim(replace(coalesce(:q, ''), char(10), ' '))) || ' '
    union all
    select substr(rest, 1, instr(rest, ' ') - 1), ltrim(substr(rest, instr(rest, ' ') + 1))
    from split where rest != ''
  ),
  words(word, latin) as (select distinct word, word not glob '*[^a-z0-9]*' from split where word != ''),
  needles(word, latin, needle) as (
    select word, latin,
           case when not latin then word when length(word) <= 2 then ' ' || word || ' ' else ' ' || word end
    from words
  ),
  term_hits(id, word, occurrences) as (
    select t.id, n.word, (length(t.term) - length(replace(t.term, n.word, ''))) / length(n.word)
    from needles n join search_terms t on t.latin = 0 and instr(t.term, n.word) > 0
    where not n.latin
    union all  -- a Latin word: the Latin words it starts (a range of the index), or the one it is
    select t.id, n.word, 1
    from needles n join search_terms t on t.latin = 1 and t.term >= n.word and t.term < n.word || '{{'
    where n.latin and (length(n.word) > 2 or t.term = n.word)
  ),
  doc_scores(event_id, word, score) as (
    select p.event_id, h.word, h.occurrences * p.score from term_hits h join search_postings p on p.term_id = h.id
  ),
  name_hits(id, field, word, occurrences) as (
    select id, field, word, {COUNTED} from (
      select s.id, s.field, n.word, n.needle,
             case when n.latin then replace(coalesce(s.latin, ''), ' ', '  ') else coalesce(s.folded, s.text) end
               as counted
      from search_names s, needles n
      where instr(case when n.latin then coalesce(s.latin, '') else coalesce(s.folded, s.text) end, n.needle) > 0)
  ),
  name_keys(id, field, word, occurrences, key, written) as (
    select h.*, k.key, k.written from name_hits h join search_name_keys k on k.name_id = h.id
  ),
  name_scores(event_id, id, word, score) as (
    select a.event_id, k.id, k.word, {PERSON_WEIGHT} * k.occurrences from name_keys k
      join appearances a on a.person_id = k.key and coalesce(a.person_as_written, '') = k.written
      where k.field = 'person'
    union
    select a.event_id, k.id, k.word, {ORG_WEIGHT} * k.occurrences from name_keys k join appearances a on a.org = k.key
      where k.field = 'org'
    union
    select o.event_id, k.id, k.word, {ORG_WEIGHT} * k.occurrences from name_keys k join event_orgs o on o.org = k.key
      where k.field = 'org'
    union
    select x.event_id, k.id, k.word, {ORG_WEIGHT} * k.occurrences from name_keys k
      join outcome_parties p on p.org = k.key join outcomes x on x.id = p.outcome_id
      where k.field = 'org'
  ),
  ranked(event_id, score) as materialized (
    select event_id, sum(score) from (
      select event_id, word, score from doc_scores union all select event_id, word, score from name_scores)
    group by event_id having count(distinct word) = (select count(*) from needles)
  ),
  -- the shown events' scores reach the limit-th best score: only they are looked up in events for
  -- their start, which breaks ties (at 10,000 events, tens of look-ups instead of thousands)
  cutoff(score, matched) as (select {cutoff}, (select count(*) from ranked)),
  -- (each CTE below is named once: SQLite compiles a CTE again for each place that names it)
  shown(event_id, score, matched) as materialized (
    select r.event_id, r.score, c.matched from ranked r join events e on e.id = r.event_id, cutoff c
    where r.score >= c.score
    order by r.score desc, e.start desc, r.event_id limit {-1 if limit is None else limit}
  ),
  haystacks as (
    select s.*, r.score as event_score, r.matched, n.word, n.needle, n.latin as latin_word,
           case when n.latin then ' ' || coalesce(s.latin, '') || ' ' else coalesce(s.folded, s.text) end as hay
    from shown r join search_text s on s.event_id = r.event_id, needles n
  ),
  hits as (
    select id, event_id, field, label, weight, text, word, event_score, matched, instr(hay, needle) as pos,
           {COUNTED} as occurrences
    from (select *, case when latin_word then replace(hay, ' ', '  ') else hay end as counted from haystacks)
    where instr(hay, needle) > 0
  ),
  fields as (
    select id, event_id, field, label, text, weight * sum(occurrences) as score, event_score, matched,
           max(min(pos) - {SNIPPET_BEFORE}, 1) as cut, group_concat(word, ' ') as words
    from hits group by id
  )
select f.event_id, e.series, e.start, e.title, f.field, f.label as "where",
       case when f.cut > 1 then '…' else '' end || substr(f.text, f.cut, {SNIPPET_LENGTH})
         || case when length(f.text) >= f.cut + {SNIPPET_LENGTH} then '…' else '' end as snippet,
       f.words, f.score, f.event_score, f.matched as events
from fields f join events e on e.id = f.event_id
order by f.event_score desc, e.start desc, f.event_id, f.score desc, f.id
""".strip()


SEARCH_SQL = search_sql()  # every event that matches: Datasette's canned query


def query_words(text: str) -> list[str]:
    """The words of a query as the SQL compares them: NFC, lower-cased, split on any whitespace."""
    return list(dict.fromkeys(fold_chars(text).split()))


class Found(NamedTuple):
    """The events a search shows, best first, and how many matched in all."""

    hits: list[dict[str, Any]]
    matched: int


def search(conn: sqlite3.Connection, text: str, *, limit: int | None = None) -> Found:
    """Events whose text holds every word of `text`, best first, each with the fields that matched:
    the best `limit` of them (None: every one)."""
    words = query_words(text)
    if not words:
        raise UsageError("search: give one or more words to look for")
    if limit is not None and limit < 1:
        raise UsageError(f"--limit must be 1 or more, not {limit}")
    results: dict[str, dict[str, Any]] = {}
    matched = 0
    for row in conn.execute(search_sql(limit), {"q": " ".join(words)}):
        event_id, _, _, _, field, where, snippet, found, score, event_score, matched = row
        hit = results.get(event_id)
        if hit is None:
            hit = results[event_id] = {"id": event_id, "score": event_score, "matches": []}
        hit["matches"].append({"field": field, "where": where, "snippet": snippet, "words": found.split(" "),
                               "score": score})  # fmt: skip
    # each hit is the one event summary of docs/json.md, then its score and the fields that matched
    ids = list(results)
    sql = f"select {event_columns()} from events where id in ({', '.join('?' * len(ids))})"
    events = {row[0]: event_summary(row) for row in conn.execute(sql, ids)} if ids else {}
    hits = [{**events[event_id], **{k: v for k, v in hit.items() if k != "id"}} for event_id, hit in results.items()]
    return Found(hits, matched)
