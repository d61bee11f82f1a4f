"""Unknown is not none: a field a record leaves out ("the sources do not tell") against one it
records as none (`[]`, `null`), through show, diff, themes, coverage and in-place updates.

The fixture archive tests/fixtures/unknown has one forum series: forum-2021 records everything;
forum-2021-plenary leaves every field out; forum-2022 leaves out theme and committees and records
venue and agenda as none; forum-2022-summer is not numbered (`edition: null`) and had no 분과
(`committees: []`); forum-2024 had no theme (`theme: null`).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from forumctl.questions.coverage import FIELDS
from forumctl.recordfiles.event import RECORDABLE
from forumctl.store import derived
from forumctl.store.cache import default_db_path
from test_check_new import schema_errors

UNKNOWN = Path(__file__).parent / "fixtures" / "unknown"
R = ("--records", str(UNKNOWN))


@pytest.fixture
def records(tmp_path: Path) -> Path:
    dest = tmp_path / "records"
    shutil.copytree(UNKNOWN, dest)
    return dest


def test_the_fixture_is_valid_for_check_and_schema(cli) -> None:
    assert cli.json("check", *R) == {"problems": [], "errors": 0, "warnings": 0, "files": 8}
    for path in sorted(UNKNOWN.rglob("*.yaml")):  # edition: null and theme: null are valid "none"
        assert schema_errors(path) == [], path


def test_show_says_which_fields_are_not_recorded(cli) -> None:
    plenary = cli.json("show", "forum-2021-plenary", *R)
    assert plenary["not_recorded"] == list(RECORDABLE)
    assert [plenary[k] for k in ("edition", "theme", "venues", "attendance", "topics", "committees", "agenda")] == [
        None
    ] * 7
    second = cli.json("show", "2nd", *R)
    assert second["not_recorded"] == ["theme", "attendance", "committees"]
    assert second["committees"] is None and second["theme"] is None  # not recorded
    assert second["venues"] == [] and second["agenda"] == []  # recorded as none
    summer = cli.json("show", "forum-2022-summer", *R)
    assert summer["edition"] is None and "edition" not in summer["not_recorded"]  # not numbered
    assert summer["committees"] == [] and summer["not_recorded"] == ["venue", "attendance"]
    fourth = cli.json("show", "4", *R)
    assert fourth["theme"] is None and "theme" not in fourth["not_recorded"]  # no theme


def test_show_table_prints_not_recorded_and_none(cli) -> None:
    out = cli("show", "2nd", *R).stdout
    assert "committees  not recorded" in out and "theme       not recorded" in out
    assert "venue       none" in out
    assert "Programme not recorded" in cli("show", "forum-2021-plenary", *R).stdout


def test_loader_and_coverage_agree_on_the_fields() -> None:
    assert FIELDS == RECORDABLE


def test_diff_one_key_skips_events_of_another_kind(cli) -> None:
    assert cli.json("diff", "4", "--stat", *R)["a"]["id"] == "forum-2022"  # past the summer conference
    assert cli.json("diff", "2", "--stat", *R)["a"]["id"] == "forum-2021"  # past the plenary meeting
    assert cli.json("diff", "forum-2022-summer", "--stat", *R)["a"]["id"] == "forum-2022"  # no earlier conference
    result = cli("diff", "2022", *R, code=2)
    assert "forum-2022 " in result.stderr and "forum-2022-summer" in result.stderr


def test_diff_unknown_is_no_change_and_none_is_a_change(cli) -> None:
    unknown = cli.json("diff", "4", *R)  # forum-2022 did not record its committees
    assert unknown["not_recorded"] == {"a": ["theme", "committees"], "b": []}
    assert unknown["committees"] == {"a": None, "b": ["AI", "반도체"], "added": None, "removed": None, "kept": None}
    assert unknown["themes"]["shared_words"] is None
    none = cli.json("diff", "forum-2022-summer", "4", *R)  # the summer conference had no 분과
    assert none["committees"] == {"a": [], "b": ["AI", "반도체"], "added": ["AI", "반도체"], "removed": [], "kept": []}
    both = cli.json("diff", "1", "4", *R)  # canonical through topics.yaml, case and spacing ignored
    assert both["committees"]["kept"] == ["AI"] and both["committees"]["removed"] == ["탄소중립", "바이오"]
    # B recorded no theme
    assert both["themes"] == {"a": {"ko": "첫 포럼의 주제", "en": None}, "b": None, "shared_words": []}
    stat = cli("diff", "4", "--stat", *R).stdout
    assert "committees  not recorded for A" in stat and "theme words shared  not recorded for A" in stat
    assert "Theme statements" in (table := cli("diff", "4", *R).stdout) and "A  (not recorded)\nB  (none)" in table
    rows = cli("diff", "4", "-f", "csv", *R).stdout.splitlines()
    assert "committees,not recorded,forum-2022," in rows


def test_themes_marks_unknown_apart_from_absent(cli) -> None:
    data = cli.json("themes", *R)
    assert [(e["label"], e["not_recorded"]) for e in data["events"]] == [
        ("2021-05", []),
        ("2021-11", ["topics", "committees"]),
        ("2022-05", ["committees"]),
        ("2022-08", []),
        ("2024", []),
    ]
    assert {c["name"]: c["event_ids"] for c in data["committees"]}["AI"] == ["forum-2021", "forum-2024"]
    table = cli("themes", *R).stdout.splitlines()
    ai = next(line for line in table if line.startswith("AI") and "?" in line and line.count("x") == 2)
    assert ai.split()[1:] == ["x", "?", "?", "-", "x"]  # 2021-11 and 2022-05 unknown, 2022-08 none
    assert "? committees not recorded for 2021-11, 2022-05" in table
    csv = cli("themes", "-f", "csv", *R).stdout.splitlines()
    assert "committee,AI,true,,,false,true" in csv  # empty: not recorded (unknown)


def test_coverage_of_the_fixture(cli) -> None:
    forum, fair = cli.json("coverage", "--all", *R)
    expected = {
        "series": "forum", "event_count": 5, "ordinals": [1, 2, 4], "missing_ordinals": [[3, 3]],
        "unnumbered": ["forum-2021-plenary", "forum-2022-summer"], "years": [2021, 2022, 2024],
        "years_without_record": [2023], "never_recorded": [],
    }  # fmt: skip
    assert {k: forum[k] for k in expected} == expected
    assert [(e["id"], e["sources"], e["sources_with_url"], e["not_recorded"]) for e in forum["events"]] == [
        ("forum-2021", 1, 1, []),
        ("forum-2021-plenary", 1, 0, list(RECORDABLE)),
        ("forum-2022", 2, 1, ["theme", "attendance", "committees"]),
        ("forum-2022-summer", 1, 0, ["venue", "attendance"]),
        ("forum-2024", 1, 0, ["venue", "attendance", "agenda"]),
    ]
    # a fair has no 분과: a field no record of the series gives is said once, for the series
    assert fair["missing_ordinals"] == [[1, 9]] and "committees" in fair["never_recorded"]
    assert fair["events"][0]["not_recorded"] == []
    assert [s["series"] for s in cli.json("coverage", *R)] == ["forum"]
    out = cli("coverage", *R).stdout
    assert "1st..2nd, 4th held; no record of 3rd" in out and "no record for 2023" in out
    rows = cli("coverage", "--all", "-f", "csv", *R).stdout.splitlines()
    assert len(rows) == 1 + 6 and rows[0].startswith("series,series_name,")


def test_in_place_update_keeps_the_precomputed_themes(cli, records: Path) -> None:
    args = ("--records", str(records))
    cli("themes", *args)
    db = default_db_path(records)
    inode = db.stat().st_ino
    path = records / "forum" / "forum-2022.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("agenda: []", "agenda: []\ncommittees: [AI]"),
                    encoding="utf-8")  # fmt: skip
    data = cli.json("themes", *args)
    assert db.stat().st_ino == inode  # updated in place, not rebuilt
    assert {c["name"]: c["event_ids"] for c in data["committees"]}["AI"] == ["forum-2021", "forum-2022", "forum-2024"]
    assert next(e for e in data["events"] if e["id"] == "forum-2022")["not_recorded"] == []
    (records / "forum" / "forum-2024.yaml").unlink()
    data = cli.json("themes", *args)
    assert db.stat().st_ino == inode
    assert "forum-2024" not in [e["id"] for e in data["events"]]
    assert "반도체" not in [c["name"] for c in data["committees"]]
    fair = (records / "fair" / "fair-2023.yaml").read_text(encoding="utf-8")
    (records / "fair" / "fair-2024.yaml").write_text(
        fair.replace("2023", "2024").replace("edition: 10", "edition: 11").replace("[AI]", "[AI, 로봇]"),
        encoding="utf-8",
    )
    fair_themes = cli.json("themes", "--series", "fair", *args)
    assert {t["name"]: t["event_ids"] for t in fair_themes["topics"]} == {"AI": ["fair-2023", "fair-2024"],
                                                                        "로봇": ["fair-2024"]}  # fmt: skip
    assert db.stat().st_ino == inode
    conn = sqlite3.connect(db)
    stored = {sid: json.loads(doc) for sid, doc in conn.execute("select series, document from theme_matrix")}
    assert stored == {sid: derived.theme_matrix(conn, sid) for sid in ("forum", "fair")}  # as if built afresh
    assert stored["forum"] == data
    assert conn.execute("select count(*) from unrecorded where event_id = 'forum-2024'").fetchone() == (0,)
    since = cli.json("themes", "--since", "2022", *args)
    assert [e["id"] for e in since["events"]] == ["forum-2022", "forum-2022-summer"]
    assert [c["name"] for c in since["committees"]] == ["AI"]
