"""`forumctl list` and `forumctl show` on the fixture archive, in table and JSON form."""

from __future__ import annotations

from pathlib import Path

import pytest

from forumctl import __version__
from forumctl.store.summaries import LIST_FIELDS


def test_version(cli) -> None:
    assert cli("--version").stdout.strip() == f"forumctl {__version__}"


def test_list_default_series_oldest_first(cli, archive: Path) -> None:
    rows = cli.json("list", "--records", str(archive))
    assert [r["id"] for r in rows] == ["forum-2021", "forum-2022", "forum-2024-spring", "forum-2024-autumn"]
    assert all(set(r) == set(LIST_FIELDS) for r in rows)
    assert rows[0]["edition"] == 1 and rows[0]["start"] == "2021-05-10"
    assert rows[0]["theme"] == {"ko": "첫 주제", "en": None} and rows[0]["title"]["en"] == "1st Test Forum"


def test_list_series_all_and_year(cli, archive: Path) -> None:
    assert [r["id"] for r in cli.json("list", "--records", str(archive), "--series", "talks")] == ["talk-2022"]
    assert [r["id"] for r in cli.json("list", "--records", str(archive), "--series", "TF", "--year", "2022")] == [
        "forum-2022"
    ]
    assert len(cli.json("list", "--records", str(archive), "--all")) == 5
    assert cli.json("list", "--records", str(archive), "--year", "1999") == []


def test_list_year_ranges_as_speakers_takes_them(cli) -> None:
    ids = [r["id"] for r in cli.json("list", "--year", "2020..2022")]
    assert ids == ["inf-2020", "inf-2020-12-plenary", "inf-2022", "inf-2022-summer"]
    assert [r["id"] for r in cli.json("list", "--year", "2025..")] == ["inf-2025"]
    assert [r["id"] for r in cli.json("list", "--year", "..2020")] == ["inf-2020", "inf-2020-12-plenary"]


def test_list_table_has_the_editions(cli, archive: Path) -> None:
    out = cli("list", "--records", str(archive)).stdout
    assert "forum-2021" in out and "1st" in out and "테스트홀, 서울" in out and "첫 주제" in out
    assert "\x1b[" not in out  # not a terminal: no colour


def test_records_from_environment(cli, archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORUMCTL_RECORDS", str(archive))
    assert len(cli.json("list")) == 4


@pytest.mark.parametrize(
    ("key", "event_id"),
    [
        ("forum-2022", "forum-2022"),
        ("talk-2022", "talk-2022"),
        ("2021", "forum-2021"),
        ("2", "forum-2022"),
        ("2nd", "forum-2022"),
        ("제2회", "forum-2022"),
        ("2회", "forum-2022"),
        ("1ST", "forum-2021"),
        ("2022-06-02", "forum-2022"),
        ("2024-10-02", "forum-2024-autumn"),
    ],
)
def test_show_key_forms(cli, archive: Path, key: str, event_id: str) -> None:
    assert cli.json("show", key, "--records", str(archive))["id"] == event_id


def test_show_key_in_another_series(cli, archive: Path) -> None:
    assert cli.json("show", "2022", "--series", "talks", "--records", str(archive))["id"] == "talk-2022"


def test_show_ambiguous_year_exits_2_with_candidates(cli, archive: Path) -> None:
    result = cli("show", "2024", "--records", str(archive), code=2)
    assert "matches 2 events" in result.stderr
    assert "forum-2024-spring (2024-04-01)" in result.stderr
    assert "forum-2024-autumn (2024-10-01..2024-10-02)" in result.stderr
    assert result.stdout == ""


def test_a_year_names_the_event_that_started_in_it(cli) -> None:
    """fair-2020 ran from 2020-12-09 to 2021-01-31: `show 2021` is the 2021 fair, not a choice of two;
    `show 2020` is still fair-2020."""
    fair = ["--series", "tech-management-innovation-fair"]
    assert cli.json("show", "2021", *fair)["id"] == "fair-2021"
    assert cli.json("show", "2020", *fair)["id"] == "fair-2020"
    assert cli.json("show", "2021-01-15", *fair)["id"] == "fair-2020"  # a date inside it still names it


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("3", "no event of forum numbered 3rd"),
        ("2030", "no event of forum in 2030"),
        ("nothing-here", "no event with id 'nothing-here'"),
        ("2020-01-01", "no event of forum on 2020-01-01"),
    ],
)
def test_show_missing_exits_1_saying_what_exists(cli, archive: Path, key: str, expected: str) -> None:
    result = cli("show", key, "--records", str(archive), code=1)
    assert expected in result.stderr
    assert "Traceback" not in result.output
    if key != "nothing-here":
        assert "forum-2021 (1st, 2021-05-10)" in result.stderr


def test_show_date_in_other_series_hints(cli, archive: Path) -> None:
    result = cli("show", "2022-07-01", "--records", str(archive), code=1)
    assert "no event of forum on 2022-07-01; other series have talk-2022 (talks)" in result.stderr


def test_show_json_document(cli, archive: Path) -> None:
    doc = cli.json("show", "2022", "--records", str(archive))
    assert doc["title"] == {"ko": "제2회 테스트 포럼", "en": None}
    assert [d["date"] for d in doc["agenda"]] == ["2022-06-01", "2022-06-02"]
    lecture = doc["agenda"][1]["items"][0]
    assert lecture["kind"] == "special-lecture" and lecture["title"] == "둘째 날 특강"
    assert lecture["speakers"][0]["person"] == "홍길동" and lecture["speakers"][0]["person_id"] == "hong-gildong"


def test_show_table_layout(cli, archive: Path) -> None:
    out = cli("show", "forum-2021", "--records", str(archive)).stdout
    for expected in (
        "제1회 테스트 포럼",
        "1st Test Forum",
        "Day 1: 2021-05-10 (Mon)",
        "keynote",
        "김철수 박사, 과학기술정책연구원",
        "홍길동 (as 홍길순) 장관, 중소벤처기업부",
        "딥테크, 비대면",
        "Sources",
        "테스트 기사",
    ):
        assert expected in out, expected


def test_markup_in_records_is_printed_literally(cli, archive: Path) -> None:
    path = archive / "forum" / "forum-2021.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("첫 주제", "'[bold red]첫 주제[/]'"), encoding="utf-8")
    out = cli("show", "forum-2021", "--records", str(archive)).stdout
    assert "[bold red]첫 주제[/]" in out


def test_unknown_series_is_a_usage_error(cli, archive: Path) -> None:
    result = cli("list", "--series", "nope", "--records", str(archive), code=2)
    assert "unknown series 'nope'" in result.stderr and "forum, talks" in result.stderr


def test_unknown_format_is_a_usage_error(cli, archive: Path) -> None:
    assert "unknown format 'xml'" in cli("list", "-f", "xml", "--records", str(archive), code=2).stderr


def test_broken_record_one_line_error_exit_1(cli, archive: Path) -> None:
    (archive / "forum" / "forum-2022.yaml").write_text("id: forum-2022\nstart: [\n", encoding="utf-8")
    result = cli("list", "--records", str(archive), code=1)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("forumctl: error: ") and "forum-2022.yaml:" in lines[0]
    assert "Traceback" not in result.output


def test_missing_records_folder(cli, tmp_path: Path) -> None:
    result = cli("list", "--records", str(tmp_path / "nope"), code=1)
    assert "records folder does not exist" in result.stderr


def test_list_json_is_written_as_stored_and_matches_the_live_answer(cli, archive: Path) -> None:
    """`list --json` without --year writes the answer the store keeps (event_lists) as it is: the text
    must be exactly the compact encoding of the answer read from the events table now, for the
    default series and for --all, also after records are edited, added and removed in place."""
    import json

    from forumctl import api
    from forumctl.store.summaries import list_rows

    def check() -> None:
        store = api.connect(str(archive))
        try:
            default = cli("list", "--json", "--records", str(archive)).stdout
            every = cli("list", "--all", "--json", "--records", str(archive)).stdout
            sid = json.loads(default)[0]["series"]
            for text, live in ((default, list_rows(store.conn, sid)), (every, list_rows(store.conn, None))):
                assert text == json.dumps(live, ensure_ascii=False, separators=(",", ":")) + "\n"
        finally:
            store.conn.close()

    check()
    path = next(archive.glob("forum/*.yaml"))
    path.write_text(path.read_text(encoding="utf-8").replace("venue:", "# edited\nvenue:", 1), encoding="utf-8")
    check()
    copy = path.with_name("zz-copy.yaml")
    text = path.read_text(encoding="utf-8")
    old_id = json.loads(cli("show", path.stem, "--json", "--records", str(archive)).stdout)["id"]
    copy.write_text(text.replace(f"id: {old_id}", "id: zz-copy", 1), encoding="utf-8")
    check()
    assert "zz-copy" in cli("list", "--all", "--json", "--records", str(archive)).stdout
    copy.unlink()
    check()
    assert "zz-copy" not in cli("list", "--all", "--json", "--records", str(archive)).stdout
