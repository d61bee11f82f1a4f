"""`forumctl search TEXT`: one search over all of the archive's text, ranked, showing where it matched.

The engine is one SQL query (SEARCH_SQL) over the `search_text` table (store/searchtext.py), with
a single parameter `:q`. It is plain SQLite, with no custom function, so Datasette runs the very
same query as a canned query (forumctl.web) and a `datasette publish` elsewhere keeps working.

- Words are split on spaces (and newlines) inside the SQL (a recursive CTE); an event is a hit
  when every word occurs somewhere in its text (in any field). The events that hold every word
  are found first in `search_docs`, one row per event; only their rows of `search_text` are read
  for the fields, scores and snippets (at 10,000 events, a search for a word no event has reads
  10,000 rows instead of a million). A word with Hangul (or any character but a-z, 0-9)
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
from typing import Any

from forumctl.errors import UsageError
from forumctl.store.searchtext import fold_chars
from forumctl.store.summaries import event_columns, event_summary

SNIPPET_BEFORE, SNIPPET_LENGTH = 20, 60  # characters of context before the match, and in all

SEARCH_SQL = f"""
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
  found(event_id) as materialized (
    select d.event_id from search_docs d
    where exists (select 1 from needles) and not exists (
      select 1 from needles n where instr(case when n.latin then coalesce(d.latin, '') else d.folded end, n.needle) = 0)
  ),
  haystacks as (
    select s.*, n.word, n.needle, n.latin as latin_word,
           case when n.latin then ' ' || coalesce(s.latin, '') || ' ' else coalesce(s.folded, s.text) end as hay
    from search_text s, needles n
    where s.event_id in (select event_id from found)
  ),
  hits as (
    select id, event_id, field, label, weight, text, word, instr(hay, needle) as pos,
           (length(counted) - length(replace(counted, needle, ''))) / length(needle) as occurrences
    from (select *, case when latin_word then replace(hay, ' ', '  ') else hay end as counted from haystacks)
    where instr(hay, needle) > 0
  ),
  fields as (
    select id, event_id, field, label, text, weight * sum(occurrences) as score,
           max(min(pos) - {SNIPPET_BEFORE}, 1) as cut, group_concat(word, ' ') as words
    from hits group by id
  )
select f.event_id, e.series, e.start, e.title, f.field, f.label as "where",
       case when f.cut > 1 then '…' else '' end || substr(f.text, f.cut, {SNIPPET_LENGTH})
         || case when length(f.text) >= f.cut + {SNIPPET_LENGTH} then '…' else '' end as snippet,
       f.words, f.score, sum(f.score) over (partition by f.event_id) as event_score
from fields f join events e on e.id = f.event_id
order by event_score desc, e.start desc, f.event_id, f.score desc, f.id
""".strip()


def query_words(text: str) -> list[str]:
    """The words of a query as the SQL compares them: NFC, lower-cased, split on any whitespace."""
    return list(dict.fromkeys(fold_chars(text).split()))


def search(conn: sqlite3.Connection, text: str, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Events whose text holds every word of `text`, best first, each with the fields that matched."""
    words = query_words(text)
    if not words:
        raise UsageError("search: give one or more words to look for")
    if limit is not None and limit < 1:
        raise UsageError(f"--limit must be 1 or more, not {limit}")
    results: dict[str, dict[str, Any]] = {}
    for row in conn.execute(SEARCH_SQL, {"q": " ".join(words)}):
        event_id, _, _, _, field, where, snippet, found, score, event_score = row
        hit = results.get(event_id)
        if hit is None:
            if limit is not None and len(results) == limit:
                break
            hit = results[event_id] = {"id": event_id, "score": event_score, "matches": []}
        hit["matches"].append({"field": field, "where": where, "snippet": snippet, "words": found.split(" "),
                               "score": score})  # fmt: skip
    # each hit is the one event summary of docs/json.md, then its score and the fields that matched
    ids = list(results)
    sql = f"select {event_columns()} from events where id in ({', '.join('?' * len(ids))})"
    events = {row[0]: event_summary(row) for row in conn.execute(sql, ids)} if ids else {}
    return [{**events[event_id], **{k: v for k, v in hit.items() if k != "id"}} for event_id, hit in results.items()]
