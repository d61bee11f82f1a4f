"""`forumctl search`: one search over all text, finding two-syllable Korean words and two-letter
Latin ones (which FTS5's trigram index cannot), ranked, with where each hit matched."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from pathlib import Path

import yaml

from forumctl.questions.search import SEARCH_SQL
from forumctl.store.cache import default_db_path
from forumctl.store.searchtext import SearchCache

LATIN_AI = re.compile(r"(?<![a-z0-9])ai(?![a-z0-9])")


def _ids(hits: list[dict]) -> list[str]:
    return [h["id"] for h in hits]


def test_two_syllable_korean_words_are_found(cli) -> None:
    for word in ("혁신", "정책"):
        hits = cli.json("search", word)
        assert len(hits) >= 5, word
        for hit in hits:
            assert hit["matches"], hit
            assert all(word in m["snippet"] for m in hit["matches"]), hit
    # a word inside a compound: 혁신 in 기술혁신 / 혁신대전
    assert "fair-2022" in _ids(cli.json("search", "혁신"))


def test_two_letter_latin_word_at_a_word_start_only(cli) -> None:
    hits = cli.json("search", "AI")
    ids = _ids(hits)
    assert {"inf-2023", "fair-2024", "inf-2025"} <= set(ids)  # committee AI, theme "AI를 더하다", topic AI
    snippets = [m["snippet"].lower() for h in hits for m in h["matches"]]
    assert snippets and all(LATIN_AI.search(s) for s in snippets)  # never the "ai" inside "Fair"
    where = {(m["field"], m["snippet"]) for h in hits if h["id"] == "inf-2023" for m in h["matches"]}
    assert ("committee", "AI") in where


def test_short_latin_words_match_whole_words_longer_ones_word_starts(cli) -> None:
    # stepi-459's notes say "Aim: ..." and nothing of AI: a two-letter word is a whole word
    assert "stepi-459" not in _ids(cli.json("search", "AI"))
    assert "stepi-459" in _ids(cli.json("search", "aim"))
    assert {"fair-2024", "inf-2025"} <= set(_ids(cli.json("search", "intell")))  # "intelligence": a word start
    assert "inf-2024" not in _ids(cli.json("search", "ntelligence"))  # not inside a word


def test_side_by_side_whole_word_matches_all_count(cli) -> None:
    # Occurrences of a short word are counted with the spaces doubled, so "AI AI" is two, not one;
    # the index a build writes (SearchCache.postings) counts the same.
    row = (1, "inf-2023", "notes", "notes", 1, "AI AI, ai", "ai ai, ai", "ai ai  ai")
    cache = SearchCache()
    postings = cache.postings("inf-2023", [row])
    terms = cache.take_new()["search_terms"]

    def values(rows: list[tuple]) -> str:
        return " union all ".join("select " + ", ".join(map(repr, r)) for r in rows)

    hidden = (  # CTEs of the same names hide the tables
        f"search_text(id, event_id, field, label, weight, text, folded, latin) as ({values([row])}),"
        f"search_terms(id, latin, term) as ({values(terms)}),"
        f"search_postings(term_id, event_id, score) as ({values(postings)}),"
        "search_names(id, field, text, folded, latin) as (select 1, 'org', '', null, null where 0),"
    )
    sql = SEARCH_SQL.replace("with recursive", f"with recursive {hidden}", 1)
    rows = cli.json("sql", sql, "-p", "q=AI")
    assert [(r["event_id"], r["score"], r["event_score"]) for r in rows] == [("inf-2023", 3, 3)]


def test_case_and_unicode_normalisation_do_not_matter(cli) -> None:
    assert cli.json("search", "ai") == cli.json("search", "AI")
    nfd = unicodedata.normalize("NFD", "혁신")
    assert nfd != "혁신"
    assert cli.json("search", nfd) == cli.json("search", "혁신")


def test_every_word_must_match_somewhere_in_the_event(cli) -> None:
    both = set(_ids(cli.json("search", "AI", "탄소중립")))
    assert both
    assert both <= set(_ids(cli.json("search", "AI"))) & set(_ids(cli.json("search", "탄소중립")))
    assert cli.json("search", "AI  탄소중립") == cli.json("search", "AI", "탄소중립")  # one argument or two
    for hit in cli.json("search", "AI", "탄소중립"):
        found = {w for m in hit["matches"] for w in m["words"]}
        assert found == {"ai", "탄소중립"}
    assert cli("search", "혁신", "없는낱말").stderr == "forumctl: nothing matched\n"


def test_ranked_best_first_then_most_recent(cli) -> None:
    hits = cli.json("search", "혁신")
    keys = [(h["score"], h["start"]) for h in hits]
    assert keys == sorted(keys, reverse=True)
    for hit in hits:
        assert hit["score"] == sum(m["score"] for m in hit["matches"])
        assert [m["score"] for m in hit["matches"]] == sorted((m["score"] for m in hit["matches"]), reverse=True)
    assert len(cli.json("search", "혁신", "--limit", "3")) == 3


def test_where_each_hit_matched(cli) -> None:
    hit = next(h for h in cli.json("search", "신상철") if h["id"] == "inf-2020")
    assert hit["matches"] == [
        {"field": "person", "where": "co-chair", "snippet": "신성철 (신상철, Shin Sung-chul)", "words": ["신상철"],
         "score": 4}
    ]  # fmt: skip
    fields = {m["field"] for h in cli.json("search", "혁신") for m in h["matches"]}
    assert {"title", "theme", "topic", "talk", "summary", "outcome", "notes", "org", "source"} <= fields
    for m in (m for h in cli.json("search", "중소기업") for m in h["matches"]):
        assert len(m["snippet"]) <= 62 and "중소기업" in m["snippet"]


def test_table_and_every_format(cli) -> None:
    table = cli("search", "혁신").stdout
    first = cli.json("search", "혁신")[0]
    assert table.startswith(f"{first['id']}  {first['start']}  {first['title']['ko']}  (score {first['score']})\n")
    assert "(--json shows every match)" in table
    assert json.loads(cli("search", "AI", "-f", "json").stdout)[0]["matches"]
    lines = cli("search", "AI", "-f", "ndjson").stdout.splitlines()
    assert len(lines) == len(cli.json("search", "AI")) and json.loads(lines[0])["id"]
    rows = list(csv.DictReader(io.StringIO(cli("search", "AI", "-f", "csv").stdout)))
    assert list(rows[0]) == ["id", "series", "edition", "kind", "title.ko", "title.en", "start", "end", "event_score",
                             "field", "where", "snippet", "words", "score"]  # fmt: skip
    assert len(rows) == sum(len(h["matches"]) for h in cli.json("search", "AI"))
    tsv = list(csv.DictReader(io.StringIO(cli("search", "정책", "-f", "tsv").stdout), delimiter="\t"))
    assert all("정책" in r["snippet"] for r in tsv)
    assert yaml.safe_load(cli("search", "정책", "-f", "yaml").stdout) == cli.json("search", "정책")
    picked = cli("search", "AI", "-f", "csv", "--fields", "id,score").stdout.splitlines()
    assert picked[0] == "id,score" and len(picked) == len(cli.json("search", "AI")) + 1


def test_empty_query_is_a_usage_error(cli) -> None:
    result = cli("search", "  ", code=2)
    assert result.stderr == "forumctl: error: search: give one or more words to look for\n"
    cli("search", "혁신", "--limit", "0", code=2)


def test_the_sql_runs_as_plain_sqlite_with_one_parameter(cli) -> None:
    # What Datasette does with the canned query: the SQL as it is, :q as typed (mixed case).
    rows = cli.json("sql", SEARCH_SQL, "-p", "q=Ai  혁신")
    assert rows and {r["event_id"] for r in rows} == set(_ids(cli.json("search", "AI", "혁신")))
    assert cli.json("sql", SEARCH_SQL, "-p", "q=") == []


def test_in_place_update_keeps_the_search_table_right(cli, archive: Path) -> None:
    records = ("--records", str(archive))
    assert cli.json("search", "Deep", *records)[0]["id"] == "forum-2021"
    db = default_db_path(archive)
    inode = db.stat().st_ino
    path = archive / "forum" / "forum-2021.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("첫 주제", "양자 혁신"), encoding="utf-8")
    hits = cli.json("search", "양자", *records)
    assert [(h["id"], h["matches"][0]["field"]) for h in hits] == [("forum-2021", "theme")]
    assert "forum-2021" not in _ids(cli.json("search", "첫", "주제", *records))
    assert db.stat().st_ino == inode  # updated in place, not rebuilt
    count = "select count(*) as n from search_text where event_id = 'forum-2021'"
    before = cli.json("sql", count, *records)
    path.write_text(path.read_text(encoding="utf-8") + "notes: 메모\n", encoding="utf-8")
    assert cli.json("sql", count, *records) == [{"n": before[0]["n"] + 1}]  # replaced, not added twice
    path.unlink()
    assert cli.json("search", "양자", *records) == []
    assert db.stat().st_ino == inode


def _occurrences(word: str, text: str, folded: str | None, latin: str | None) -> int:
    """The needle rules of the module docstring, in Python: the reference the SQL is held to."""
    if re.fullmatch(r"[a-z0-9]+", word) is None:
        return (folded if folded is not None else text).count(word)
    runs = (latin or "").split()
    return sum(run == word if len(word) <= 2 else run.startswith(word) for run in runs)


def test_finding_and_ranking_through_the_index_and_names_agrees_with_the_rows(cli) -> None:
    # search_terms with search_postings (the words of all text but names) and search_names (each
    # name once, its events through appearances, event_orgs and outcome_parties) are shortcuts: an
    # event is found through them exactly when each word is in one of its search_text rows, and
    # scores what those rows add up to.
    from forumctl import api

    conn = api.connect().conn
    rows = conn.execute("select event_id, text, folded, latin, weight from search_text").fetchall()
    tokens = sorted({t for _, text, folded, _, _ in rows for t in (folded or text).split()})
    words = {w for t in tokens[::7] for w in (t, t[:2], t[-3:])} | {"ai", "혁신", "tech", "r&d", "없는낱말", "kim"}
    queries = [[w] for w in sorted(words)] + [["ai", "혁신"], ["중소기업", "정책"], ["tech", "혁신", "포럼"]]
    for query in queries:
        want = {}
        for eid in {r[0] for r in rows}:
            mine = [r for r in rows if r[0] == eid]
            if all(any(_occurrences(w, *r[1:4]) for r in mine) for w in query):
                want[eid] = sum(r[4] * _occurrences(w, *r[1:4]) for r in mine for w in query)
        got = {r[0]: r[9] for r in conn.execute(SEARCH_SQL, {"q": " ".join(query)})}
        assert got == want, query
    assert len(queries) > 100
    # a newline in the query (Datasette passes `q` as typed) separates words like a space
    two_lines = conn.execute(SEARCH_SQL, {"q": "ai\n혁신"}).fetchall()
    assert two_lines and two_lines == conn.execute(SEARCH_SQL, {"q": "ai 혁신"}).fetchall()


def test_a_limited_search_shows_the_best_and_counts_them_all(cli) -> None:
    every = cli.json("search", "혁신", "--all")
    assert len(every) > 3
    assert cli.json("search", "혁신", "--limit", "3") == every[:3]
    result = cli("search", "혁신", "--limit", "3", "--json")
    assert result.stderr == f"forumctl: the best 3 of {len(every)} matching events; --limit N or --all for more\n"
    assert cli("search", "혁신", "--all", "--json").stderr == ""
    assert cli.json("search", "혁신") == every[:30]  # 30 by default, as gh search


def test_in_place_update_keeps_the_names_search_right(cli, archive: Path) -> None:
    # A new person and a new organisation in an edited file are found by name at once; a spelling
    # "as written" finds the events that spell it so; a name that leaves the file is no longer found.
    records = ("--records", str(archive))
    assert cli.json("search", "김철수", *records)[0]["id"] == "forum-2021"
    path = archive / "forum" / "forum-2021.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("{person: 김철수, role: 박사, org: STEPI}",
                                     "{person: 박새봄, role: 박사, org: 새봄연구소}"), encoding="utf-8")  # fmt: skip
    for word in ("박새봄", "새봄연구소", "새봄"):
        hits = cli.json("search", word, *records)
        assert [h["id"] for h in hits] == ["forum-2021"], word
        assert {m["field"] for m in hits[0]["matches"]} <= {"person", "org"}, word
    assert "forum-2021" not in _ids(cli.json("search", "김철수", *records))
    path.write_text(original, encoding="utf-8")
    assert cli.json("search", "박새봄", *records) == []
    assert cli.json("search", "김철수", *records)[0]["id"] == "forum-2021"


def test_limit_and_all_together_are_a_usage_error(cli) -> None:
    result = cli("search", "혁신", "--limit", "2", "--all", code=2)
    assert result.stderr == "forumctl: error: search: give --limit or --all, not both\n"


def test_the_sql_finds_words_with_the_spaces_it_does_not_split_on(cli, archive: Path) -> None:
    # Datasette passes `q` as typed and the SQL splits it on spaces and newlines only, so a word
    # may hold a tab, a no-break or an ideographic space: the index splits text the same way.
    path = archive / "forum" / "forum-2022.yaml"
    notes = 'notes: "탄소\\t중립과 AI\\u00a0혁신, 혁신\\u3000정책"\n'
    path.write_text(path.read_text(encoding="utf-8") + notes, encoding="utf-8")
    records = ("--records", str(archive))
    for q in ("탄소\t중립", "ai\u00a0혁신", "혁신\u3000정책"):
        rows = cli.json("sql", SEARCH_SQL, "-p", f"q={q}", *records)
        assert [(r["event_id"], r["field"], r["score"]) for r in rows] == [("forum-2022", "notes", 1)], repr(q)
    assert _ids(cli.json("search", "ai", "혁신", *records)) == ["forum-2022"]  # the CLI splits on every space


def test_a_limit_beyond_what_sqlite_counts_is_no_limit(cli) -> None:
    assert cli.json("search", "혁신", "--limit", str(2**70)) == cli.json("search", "혁신", "--all")
