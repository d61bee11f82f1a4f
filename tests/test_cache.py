"""The SQLite cache: built on first use, rebuilt when any record changes, never half-written."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from forumctl.store.cache import default_db_path


def test_first_use_builds_cache_in_xdg_cache_home(cli, archive: Path, isolated_env: Path) -> None:
    cli("list", "--records", str(archive))
    db = default_db_path(archive)
    assert db.is_file() and db.parent == isolated_env / "forumctl"
    assert list(db.parent.glob("*.tmp")) == []  # nothing left aside


def test_editing_a_record_shows_the_change(cli, archive: Path) -> None:
    assert cli.json("show", "2021", "--records", str(archive))["theme"] == {"ko": "첫 주제", "en": None}
    path = archive / "forum" / "forum-2021.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("첫 주제", "바뀐 주제"), encoding="utf-8")
    assert cli.json("show", "2021", "--records", str(archive))["theme"] == {"ko": "바뀐 주제", "en": None}


def test_removing_and_adding_records(cli, archive: Path) -> None:
    (archive / "forum" / "forum-2022.yaml").unlink()
    assert "forum-2022" not in [r["id"] for r in cli.json("list", "--records", str(archive))]
    cli("show", "2022", "--records", str(archive), code=1)
    (archive / "forum" / "forum-2025.yaml").write_text(
        "id: forum-2025\nseries: forum\nkind: forum\ntitle: 새 포럼\nstart: 2025-01-01\nsources: [{title: t}]\n",
        encoding="utf-8",
    )
    assert cli.json("list", "--records", str(archive))[-1]["id"] == "forum-2025"


def test_registry_change_rebuilds(cli, archive: Path) -> None:
    with (archive / "orgs.yaml").open("a", encoding="utf-8") as f:
        f.write("- {name: 테스트홀운영사, aliases: [회사]}\n")
    doc = cli.json("show", "2022", "--records", str(archive))
    assert doc["agenda"][1]["items"][0]["speakers"][0]["org"] == "테스트홀운영사"


def test_explicit_db_and_build_command(cli, archive: Path, tmp_path: Path) -> None:
    db = tmp_path / "out" / "archive.db"
    summary = cli.json("build", "--records", str(archive), "--db", str(db))
    assert summary["db"] == str(db) and summary["counts"]["events"] == 5
    conn = sqlite3.connect(db)
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    assert {
        "events",
        "series",
        "agenda_items",
        "appearances",
        "people",
        "person_aliases",
        "orgs",
        "org_aliases",
        "topics",
        "committees",
        "outcomes",
        "sources",
    } <= tables
    speakers = conn.execute(
        "select p.name, a.role, a.org from appearances a join people p on p.id = a.person_id "
        "where a.role_kind = 'speaker' order by p.name"
    ).fetchall()
    assert speakers == [("김철수", "박사", "과학기술정책연구원"), ("홍길동", "대표", "회사")]


def test_db_from_environment(cli, archive: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("FORUMCTL_DB", str(tmp_path / "env.db"))
    cli("list", "--records", str(archive))
    assert (tmp_path / "env.db").is_file()


def test_explicit_db_that_is_not_ours_is_not_overwritten(cli, archive: Path, tmp_path: Path) -> None:
    other = tmp_path / "precious.db"
    other.write_bytes(b"not a database at all")
    result = cli("list", "--records", str(archive), "--db", str(other), code=1)
    assert "is not a forumctl database" in result.stderr
    assert other.read_bytes() == b"not a database at all"


def test_corrupt_cache_is_rebuilt(cli, archive: Path) -> None:
    cli("list", "--records", str(archive))
    db = default_db_path(archive)
    db.write_bytes(b"garbage" * 100)
    assert len(cli.json("list", "--records", str(archive))) == 4


def test_unwritable_cache_falls_back_to_memory(cli, archive: Path, tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # the cache folder cannot be created under a file
    assert len(cli.json("list", "--records", str(archive))) == 4


def test_broken_record_leaves_records_and_cache_untouched(cli, archive: Path) -> None:
    cli("list", "--records", str(archive))
    db = default_db_path(archive)
    before_db = db.read_bytes()
    path = archive / "forum" / "forum-2021.yaml"
    path.write_text("id: forum-2021\n  bad: indent\n", encoding="utf-8")
    snapshot = {p: p.read_bytes() for p in archive.rglob("*") if p.is_file()}
    cli("list", "--records", str(archive), code=1)
    assert {p: p.read_bytes() for p in archive.rglob("*") if p.is_file()} == snapshot
    assert db.read_bytes() == before_db


def test_in_place_update_keeps_search_indexes_right(cli, archive: Path) -> None:
    cli("list", "--records", str(archive))
    db = default_db_path(archive)
    inode = db.stat().st_ino
    path = archive / "talks" / "talk-2023.yaml"
    path.write_text(
        "id: talk-2023\nseries: talks\nkind: other\ntitle: 새 강연\nstart: 2023-03-01\nagenda:\n  - date: 2023-03-01\n"
        "    items:\n      - kind: keynote\n        title: 양자컴퓨팅 산업 전망\n"
        "        speakers: [{person: 가나다라, role: 교수, org: 새연구소}]\nsources: [{title: t}]\n",
        encoding="utf-8",
    )  # fmt: skip
    found = cli.json("speakers", "가나다라", "--records", str(archive))
    assert [p["name"] for p in found] == ["가나다라"]
    assert db.stat().st_ino == inode  # updated in place, not rebuilt
    assert [p["match"] for p in cli.json("speakers", "ㄱㄴㄷ", "--records", str(archive))] == ["initials"]
    assert [p["name"] for p in cli.json("speakers", "양자컴퓨팅", "--records", str(archive))] == ["가나다라"]
    assert [p["name"] for p in cli.json("speakers", "새연구소", "--records", str(archive))] == ["가나다라"]
    path.unlink()
    assert cli.json("speakers", "가나다라", "--records", str(archive)) == []
    assert cli.json("speakers", "양자컴퓨팅", "--records", str(archive)) == []
    assert cli.json("sql", "select count(*) as n from people where id = '가나다라'", "--records", str(archive)) == [
        {"n": 0}
    ]
    assert db.stat().st_ino == inode


def test_registry_change_rebuilds_whole(cli, archive: Path) -> None:
    cli("list", "--records", str(archive))
    db = default_db_path(archive)
    inode = db.stat().st_ino
    with (archive / "people.yaml").open("a", encoding="utf-8") as f:
        f.write("- {id: kim-cheolsu, name: 김철수, aliases: [김철쑤]}\n")
    assert cli.json("speakers", "김철쑤", "--records", str(archive))[0]["id"] == "kim-cheolsu"
    assert db.stat().st_ino != inode  # a registry change means a full build, swapped in whole


def test_a_build_gives_the_garbage_collector_back(cli, archive: Path, tmp_path: Path) -> None:
    """The build pauses it (store/build.py); a build that fails must not leave it off either."""
    import gc

    assert gc.isenabled()
    cli("build", "--records", str(archive), "--db", str(tmp_path / "a.db"))
    assert gc.isenabled()
    (archive / "forum" / "forum-2021.yaml").write_text("id: [unclosed\n")
    cli("build", "--records", str(archive), "--db", str(tmp_path / "b.db"), code=1)
    assert gc.isenabled()
    gc.disable()  # and one that was off before stays off
    try:
        cli("build", "--records", str(archive), "--db", str(tmp_path / "c.db"), code=1)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_tables_are_created_as_sqlite_utils_would(tmp_path: Path) -> None:
    """A build writes the `create table` statements itself (layout.table_sql), so that the ~16 MB
    of sqlite-utils are not held while the workers run; they must stay what sqlite-utils writes."""
    import sqlite_utils

    from forumctl.store.layout import TABLES, create_tables

    ours, theirs = sqlite3.connect(tmp_path / "ours.db"), sqlite3.connect(tmp_path / "theirs.db")
    try:
        create_tables(ours)
        for table, (cols, pk, fks) in TABLES.items():
            sqlite_utils.Database(theirs)[table].create(cols, pk=pk, foreign_keys=fks)
        schema = "select type, name, tbl_name, sql from sqlite_master order by name"
        assert ours.execute(schema).fetchall() == theirs.execute(schema).fetchall()
        assert len(ours.execute(schema).fetchall()) >= len(TABLES)
    finally:
        ours.close()
        theirs.close()


def test_an_event_comes_back_whole_from_its_stored_document() -> None:
    """A build's parser workers send each event as its stored document (rows.document_text), and
    the process that writes the rows reads the event back from it: the same event, key for key and
    in the same order, with the lists a record leaves out as [] again (null in the document)."""
    from forumctl.recordfiles.archive import load_archive
    from forumctl.recordfiles.discovery import default_records_dir
    from forumctl.store.rows import UNRECORDED_LISTS, document_text, event_from_document

    fixtures = Path(__file__).parent / "fixtures"
    unrecorded = 0
    for root in (fixtures / "basic", fixtures / "namesakes", fixtures / "unknown", default_records_dir()):
        for event in load_archive(root).events:
            back = event_from_document(document_text(event))
            assert back == event and json.dumps(back) == json.dumps(event), event["id"]
            stored = json.loads(document_text(event))
            left_out = [UNRECORDED_LISTS[f] for f in event["not_recorded"] if f in UNRECORDED_LISTS]
            unrecorded += sum(stored[key] is None and event[key] == [] for key in left_out)
    assert unrecorded  # some events leave lists out, and their documents say null
