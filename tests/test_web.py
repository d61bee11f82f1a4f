"""The archive in Datasette (#13), asked through Datasette's own test client: metadata, hidden
tables, canned queries and the Korean search, in JSON and in HTML; `export web`; and the error
without the web extra."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("datasette", reason="the web extra (Datasette) is not installed")

from forumctl import api
from forumctl.store.layout import TABLES as LAYOUT
from forumctl.web import DB_NAME
from forumctl.web.describe import INTERNAL, TABLES
from forumctl.web.export import export_web
from forumctl.web.metadata import QUERIES, TITLE
from forumctl.web.serve import datasette_for


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    export_web(str(folder / "site"), db=str(folder / "cache.db"))
    return folder / "site"


@pytest.fixture(scope="module")
def ds(exported: Path) -> Any:
    return datasette_for(exported / f"{DB_NAME}.db")


def get(ds: Any, path: str) -> Any:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, (path, response.text[:500])
    return response


def rows(ds: Any, query: str, **params: str) -> list[dict[str, Any]]:
    from urllib.parse import urlencode

    return get(ds, f"/{DB_NAME}/{query}.json?{urlencode({**params, '_shape': 'array'})}").json()


def test_home_page_has_the_title_the_search_form_and_the_questions(ds: Any) -> None:
    html = get(ds, "/").text
    assert f"<h1>{TITLE}</h1>" in html.replace("&#39;", "'")
    assert '<form class="forum-search" action="/forum/search"' in html
    for name, query in QUERIES.items():
        assert f'<a href="/forum/{name}">{query["title"]}</a>' in html
    assert '<a href="/forum/events">Events</a>' in html
    metadata = get(ds, "/-/metadata.json").json()
    assert metadata["title"] == TITLE
    assert metadata["license"] == "MIT" and metadata["source"] and "events in" in metadata["description"]
    assert 'href="https://opensource.org/license/mit">MIT</a>' in html  # licence and source on the page


def test_internal_and_full_text_tables_are_hidden(ds: Any, exported: Path) -> None:
    tables = {t["name"]: t["hidden"] for t in get(ds, f"/{DB_NAME}.json").json()["tables"]}
    assert {name for name, hidden in tables.items() if hidden} == set(INTERNAL)
    assert not [name for name in tables if "_fts" in name]  # the web copy drops the trigram indexes
    assert {"events", "people", "orgs", "agenda_items", "appearances", "outcomes", "sources"} <= set(tables)
    html = get(ds, f"/{DB_NAME}").text
    for name in INTERNAL:
        assert f'href="/{DB_NAME}/{name}"' not in html
    conn = sqlite3.connect(exported / f"{DB_NAME}.db")
    assert conn.execute("select count(*) from meta where key = 'records'").fetchone() == (0,)  # no local path


def test_database_is_served_immutable(ds: Any) -> None:
    databases = {d["name"]: d for d in get(ds, "/-/databases.json").json()}
    assert list(databases) == [DB_NAME] and databases[DB_NAME]["is_mutable"] is False


def test_every_table_and_column_is_described_and_nothing_more() -> None:
    # The metadata comes from code: a table or column added to the layout without a description fails here.
    for table, (columns, _, _) in LAYOUT.items():
        if table in INTERNAL:
            continue
        assert table in TABLES, f"describe.py has no description of table {table}"
        assert list(TABLES[table][1]) == list(columns), table
    assert set(TABLES) | set(INTERNAL) == set(LAYOUT)


def test_events_table_has_descriptions_labels_and_facets(ds: Any) -> None:
    data = get(ds, f"/{DB_NAME}/events.json?_extra=facet_results").json()
    assert set(data["facet_results"]) >= {"series", "kind", "year", "city"}
    html = get(ds, f"/{DB_NAME}/events").text
    assert "<dt>document</dt><dd>The whole resolved record as JSON" in html.replace("&#39;", "'")
    assert '<form class="forum-search"' in html
    events = rows(ds, "events")
    assert sorted(r["id"] for r in events) == sorted(e["id"] for e in api.list_events(every_series=True))
    assert [r["start"] for r in events] == sorted(r["start"] for r in events)  # oldest first, like `forumctl list`
    appearances = get(ds, f"/{DB_NAME}/appearances?person_id=shin-sung-chul").text
    assert "신성철" in appearances  # the person's name as the link label, not only the id


def test_search_finds_two_syllable_korean_words_and_ai(ds: Any) -> None:
    for word in ("혁신", "정책", "AI", "ai"):
        found = rows(ds, "search", q=word)
        assert found, word
        ranked = list(dict.fromkeys(r["event_id"] for r in found))
        assert ranked == [h["id"] for h in api.search(word).hits], word  # the same engine as the CLI
    assert {r["event_id"] for r in rows(ds, "search", q="AI 탄소중립")} == {
        h["id"] for h in api.search("AI 탄소중립").hits
    }
    assert rows(ds, "search", q="") == []


def test_search_page_html(ds: Any) -> None:
    html = get(ds, f"/{DB_NAME}/search?q=%ED%98%81%EC%8B%A0").text  # q=혁신
    assert "<h1" in html and "Search the archive</h1>" in html
    first = api.search("혁신").hits[0]
    assert f'<a href="/forum/events/{first["id"]}">{first["id"]}</a>' in html
    assert 'value="혁신"' in html  # the form keeps the query


def test_canned_queries_answer(ds: Any) -> None:
    several = rows(ds, "people_at_several_events")
    assert several and all(r["events"] > 1 for r in several)
    assert [r["events"] for r in several] == sorted((r["events"] for r in several), reverse=True)
    themes = rows(ds, "themes_by_year")
    assert {r["kind"] for r in themes} == {"topic", "committee"}
    assert {"kind": "committee", "name": "AI", "year": 2023} in [
        {k: r[k] for k in ("kind", "name", "year")} for r in themes
    ]
    cities = rows(ds, "editions_by_city")
    assert sum(r["events"] for r in cities) == len(api.list_events(every_series=True))
    awards = rows(ds, "awards_by_year")
    assert awards and [r["year"] for r in awards] == sorted(r["year"] for r in awards)


def test_themes_matrix_page(ds: Any) -> None:
    html = get(ds, f"/{DB_NAME}/themes_by_year").text
    matrix = html[html.index('<table class="themes-matrix"') : html.index("</table>")]
    years = re.findall(r'<th scope="col">(\d{4})</th>', matrix)
    assert years == sorted(years) and len(years) == len(set(years)) >= 2
    assert matrix.count("<tr class=") == len({(r["kind"], r["name"]) for r in rows(ds, "themes_by_year")})
    assert 'title="inf-2023">●</td>' in matrix


LOADED = r'<script[^>]+src="([^"]*)"|<link[^>]+rel="stylesheet"[^>]+href="([^"]*)"|<img[^>]+src="([^"]*)"'


def test_pages_load_nothing_from_the_network(ds: Any) -> None:
    for path in ("/", f"/{DB_NAME}", f"/{DB_NAME}/events", f"/{DB_NAME}/search?q=AI", f"/{DB_NAME}/themes_by_year"):
        html = get(ds, path).text
        loaded = re.findall(LOADED, html)
        assert loaded, path
        external = [url for found in loaded for url in found if url and not url.startswith("/")]
        assert external == [], path


def test_export_web_writes_a_datasette_configuration_folder(exported: Path, cli, tmp_path: Path) -> None:
    names = sorted(p.relative_to(exported).as_posix() for p in exported.rglob("*") if p.is_file())
    assert names == ["forum.db", "metadata.json", "settings.json", *(f"templates/{t}" for t in (
        "_description_source_license.html", "_forum_search.html", "index.html", "query-forum-search.html",
        "query-forum-themes_by_year.html"))]  # fmt: skip
    metadata = json.loads((exported / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["databases"][DB_NAME]["queries"]["search"]["params"] == ["q"]
    # `datasette DIR` (configuration directory mode) serves it with the metadata and templates
    from datasette.app import Datasette

    folder = Datasette(config_dir=exported)
    assert get(folder, "/-/metadata.json").json()["title"] == TITLE
    assert rows(folder, "search", q="혁신")
    assert '<table class="themes-matrix"' in get(folder, f"/{DB_NAME}/themes_by_year").text
    # and through the CLI, from a fixture archive
    out = cli.json("export", "web", str(tmp_path / "w"), "--records", str(Path(__file__).parent / "fixtures/basic"))
    assert out["files"][0] == str(tmp_path / "w" / "forum.db")


def test_export_web_onto_a_file_is_a_one_line_error(cli, tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x")
    result = cli("export", "web", str(tmp_path / "taken"), code=1)
    assert result.stderr.startswith("forumctl: error: ") and result.stderr.count("\n") == 1


def test_serve_without_the_web_extra_says_how_to_install_it(cli, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "datasette.app", None)  # import datasette.app now fails
    result = cli("serve", code=1)
    assert result.stderr == (
        "forumctl: error: forumctl serve needs Datasette, which is not installed: "
        "pip install 'forumctl[web]' (in a clone: pip install '.[web]')\n"
    )
