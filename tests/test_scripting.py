"""The scripting contract: every format parses, fields, BOM, colour, sql, calendar export."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from forumctl.store.cache import default_db_path

COMMANDS = [
    ("list",),
    ("list", "--all"),
    ("show", "2025"),
    ("speakers", "--org", "STEPI"),
    ("person", "신성철"),
    ("diff", "1st", "3rd"),
    ("diff", "2025", "--stat"),
    ("themes",),
    ("coverage",),
    ("coverage", "--all"),
    ("sql", "select id, start from events"),
    ("sql", "--schema"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_format_parses(cli, args: tuple[str, ...]) -> None:
    data = json.loads(cli(*args, "--format", "json").stdout)
    assert data
    assert json.loads(cli(*args, "--json").stdout) == data
    assert yaml.safe_load(cli(*args, "-f", "yaml").stdout) == data  # YAML keeps the nesting
    lines = cli(*args, "-f", "ndjson").stdout.splitlines()
    assert [json.loads(line) for line in lines] == (data if isinstance(data, list) else [data])
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        rows = list(csv.DictReader(io.StringIO(cli(*args, "-f", fmt).stdout), delimiter=delimiter))
        assert rows and all(None not in row for row in rows), fmt  # a header row, no ragged rows


def test_csv_is_one_row_per_item(cli) -> None:
    events = list(csv.DictReader(io.StringIO(cli("list", "--all", "-f", "csv").stdout)))
    assert len(events) == 18 and [r["id"] for r in events[:3]] == ["inf-2020", "fair-2020", "inf-2020-12-plenary"]
    assert [r["id"] for r in events[-3:]] == ["rt-2025-05-13", "inf-2025", "fair-2025"]
    appearances = list(csv.DictReader(io.StringIO(cli("speakers", "--org", "STEPI", "-f", "csv").stdout)))
    assert [(r["person"], r["event.id"], r["role"]) for r in appearances] == [
        ("박찬수", "inf-2023", "박사"),
        ("박찬수", "rdrt-2024-02", "선임연구위원"),  # two presentations at the WG seminar
        ("박찬수", "rdrt-2024-02", "선임연구위원"),
        ("이정원", "inf-2020", "선임연구위원"),
        ("이정원", "inf-2022", "선임연구위원"),
        ("김선우", "stepi-459", "중소·벤처기술혁신정책연구센터 센터장"),
        ("윤지웅", "stepi-459", "원장"),
        ("조황희", "inf-2020", "원장"),
    ]
    items = list(csv.DictReader(io.StringIO(cli("show", "2023", "-f", "csv").stdout)))
    assert items[0]["kind"] == "keynote" and items[0]["speakers"] == "김정빈 (대표, 수퍼빈)"


def test_csv_columns_of_nested_values(cli) -> None:
    """Objects become dotted columns, the same in every row, even where a row's value is null."""
    header = cli("list", "--all", "-f", "csv").stdout.splitlines()[0].split(",")
    assert header == ["id", "series", "edition", "kind", "title.ko", "title.en", "start", "end", "theme.ko",
                      "theme.en", "venue", "city"]  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(cli("speakers", "--org", "STEPI", "-f", "csv").stdout)))
    assert rows[0]["person_id"] == "박찬수" and rows[0]["event.title.ko"] == "제3회 중소기업 혁신 네트워크 포럼"
    assert rows[0]["item.kind"] == "presentation"
    assert next(r for r in rows if r["person"] == "조황희")["item.kind"] == ""  # an attendee: no agenda item


def test_csv_booleans_are_lowercase(cli) -> None:
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        rows = list(csv.DictReader(io.StringIO(cli("speakers", "--org", "STEPI", "-f", fmt).stdout),
                                   delimiter=delimiter))  # fmt: skip
        assert {r["registered"] for r in rows} <= {"true", "false"} and "false" in {r["registered"] for r in rows}
    page = list(csv.DictReader(io.StringIO(cli("person", "신성철", "-f", "csv").stdout)))
    assert page[0]["registered"] == "true"
    matrix = list(csv.DictReader(io.StringIO(cli("themes", "-f", "csv").stdout)))
    cells = {v for row in matrix for k, v in row.items() if k not in ("kind", "name")}
    assert cells == {"true", "false", ""}  # empty where the event does not record the field (unknown)
    assert "True" not in cli("speakers", "-f", "csv").stdout


@pytest.mark.parametrize("args", [("list", "--all"), ("show", "2025"), ("speakers", "--org", "STEPI"), ("themes",)],
                         ids=" ".join)  # fmt: skip
def test_ndjson_is_as_compact_as_json(cli, args: tuple[str, ...]) -> None:
    data = json.loads(cli(*args, "--json").stdout)
    expected = [json.dumps(item, ensure_ascii=False, separators=(",", ":")) for item in
                (data if isinstance(data, list) else [data])]  # fmt: skip
    assert cli(*args, "-f", "ndjson").stdout.splitlines() == expected
    assert cli(*args, "--json").stdout == json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def test_bom_for_excel(cli) -> None:
    out = cli("list", "-f", "csv", "--bom").stdout
    assert out.startswith("\ufeffid,") and "\ufeff" not in cli("list", "-f", "csv").stdout


def test_fields(cli) -> None:
    assert cli.json("list", "--fields", "id,start") == [
        {"id": "inf-2020", "start": "2020-07-02"},
        {"id": "inf-2020-12-plenary", "start": "2020-12-22"},
        {"id": "inf-2022", "start": "2022-01-26"},
        {"id": "inf-2022-summer", "start": "2022-08-30"},
        {"id": "inf-2023", "start": "2023-08-24"},
        {"id": "inf-2024", "start": "2024-08-13"},
        {"id": "inf-2025", "start": "2025-09-03"},
    ]
    table = cli("list", "--fields", "id,start").stdout.splitlines()
    assert table[0].split() == ["id", "start"] and table[1].split() == ["inf-2020", "2020-07-02"]
    assert list(cli.json("show", "3", "--fields", "id,committees")) == ["id", "committees"]
    assert cli("speakers", "ㄱㅎㅈ", "-f", "csv", "--fields", "name,match").stdout == "person,match\n김현준,initials\n"


def test_unknown_field_lists_available(cli) -> None:
    result = cli("list", "--fields", "id,nope", code=2)
    assert "unknown field 'nope'; available fields: id, series, edition" in result.stderr


def test_colour_on_off(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "\x1b[" in cli("show", "3", "--color").stdout
    assert "\x1b[" not in cli("show", "3").stdout  # not a terminal
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in cli("show", "3", "--no-color").stdout


def test_unknown_format_exit_2(cli) -> None:
    assert "unknown format 'xml'" in cli("themes", "-f", "xml", code=2).stderr


FORUM_STARTS = ["2020-07-02", "2020-12-22", "2022-01-26", "2022-08-30", "2023-08-24", "2024-08-13", "2025-09-03"]


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
def test_jq_pipeline(isolated_env: Path) -> None:
    forumctl = shutil.which("forumctl", path=str(Path(sys.executable).parent)) or "forumctl"
    result = subprocess.run(f"'{forumctl}' list --json | jq -r '.[].start'", shell=True, capture_output=True,
                            text=True, timeout=60, check=True)  # fmt: skip
    assert result.stdout.split() == FORUM_STARTS


def test_documented_jq_equivalent(cli) -> None:
    assert [e["start"] for e in cli.json("list")] == FORUM_STARTS


def test_sql_is_read_only(cli, archive: Path) -> None:
    rows = cli.json("sql", "select count(*) as n from events", "--records", str(archive))
    assert rows == [{"n": 5}]
    db = default_db_path(archive)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for statement in ("delete from events", "drop table events", "attach database ':memory:' as x",
                      "pragma writable_schema = on", "update events set title = 'x'"):  # fmt: skip
        result = cli("sql", statement, "--records", str(archive), code=2)
        assert result.stderr.startswith("forumctl: error: sql: ") and result.stdout == ""
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert cli.json("sql", "select count(*) as n from events", "--records", str(archive)) == [{"n": 5}]


def test_sql_schema_and_params(cli) -> None:
    tables = {t["name"]: t for t in cli.json("sql", "--schema")}
    assert {"events", "appearances", "people", "names"} <= set(tables)
    assert "start TEXT" in tables["events"]["columns"]
    found = cli.json("sql", "select id from events where series = :s", "-p", "s=tech-management-innovation-fair")
    assert found == [{"id": f"fair-{year}"} for year in range(2020, 2026)]
    assert "either a QUERY or --schema" in cli("sql", code=2).stderr


def test_export_ics_parses_back(cli) -> None:
    import icalendar

    first = icalendar.Calendar.from_ical(cli.runner.invoke(__import__("forumctl.cli").cli.app,
                                                           ["export", "ics"]).stdout_bytes)  # fmt: skip
    events = {str(e["uid"]): e for e in first.walk("VEVENT")}
    ids = [e["id"] for e in cli.json("list", "--all")]
    assert len(ids) == 18 and set(events) == {f"{i}@forumctl.archive" for i in ids}
    forum = events["inf-2025@forumctl.archive"]
    assert str(forum["summary"]) == "2025 중소기업 혁신 네트워크 포럼"
    assert str(forum.decoded("dtstart")) == "2025-09-03" and str(forum.decoded("dtend")) == "2025-09-05"
    assert "그랜드조선 제주" in str(forum["location"])
    description = str(forum["description"])
    assert "딥테크 기반 글로벌 성장전략" in description and "korea.kr" in description


def test_export_ics_keys_and_file(cli, tmp_path: Path) -> None:
    import icalendar

    out = tmp_path / "forum.ics"
    cli("export", "ics", "3", "1st", "--output", str(out))
    again = tmp_path / "again.ics"
    cli("export", "ics", "inf-2020", "2023", "--output", str(again))
    uids = [sorted(str(e["uid"]) for e in icalendar.Calendar.from_ical(p.read_bytes()).walk("VEVENT"))
            for p in (out, again)]  # fmt: skip
    assert uids[0] == uids[1] == ["inf-2020@forumctl.archive", "inf-2023@forumctl.archive"]
    assert "no event" in cli("export", "ics", "2099", code=1).stderr


def test_yaml_writes_an_object_held_twice_in_full() -> None:
    """No anchors and aliases (&id001, *id001): a reader of the YAML sees each value where it is."""
    import io

    from forumctl.output.render import render

    title = {"ko": "제1회", "en": None}
    out = io.StringIO()
    render({"talks": [{"event": {"title": title}}], "events": [{"title": title}]}, "rows", "yaml", out)
    assert "&id" not in out.getvalue() and "*id" not in out.getvalue()
    assert out.getvalue().count("ko: 제1회") == 2
