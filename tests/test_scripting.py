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
    assert [(r["person"], r["event_id"], r["role"]) for r in appearances] == [
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


def test_json_key_sets_are_pinned(cli) -> None:
    """A rename of any JSON key must be deliberate: docs/json.md documents these sets."""
    doc = cli.json("show", "2023")
    assert set(doc) == {"id", "series", "edition", "kind", "title", "theme", "start", "end", "venues", "organizers",
                        "hosts", "co_chairs", "attendance", "linked_to", "topics", "committees", "agenda",
                        "attendees", "outcomes", "sources", "notes", "not_recorded", "linked_events",
                        "file"}  # fmt: skip
    appearance = {"person", "person_id", "person_as_written", "role", "org", "org_as_written"}
    assert set(doc["co_chairs"][0]) == appearance
    assert set(doc["agenda"][0]) == {"date", "items"}
    assert set(doc["agenda"][0]["items"][0]) == {"kind", "title", "time", "summary", "speakers"}
    assert set(doc["agenda"][0]["items"][0]["speakers"][0]) == appearance
    assert set(doc["outcomes"][0]) == {"kind", "text", "detail", "parties", "amount", "recipients"}
    assert set(doc["sources"][0]) == {"url", "publisher", "title", "author", "published", "note"}
    assert set(doc["venues"][0]) == {"name", "city", "room", "address"}
    assert set(cli.json("show", "2025")["attendance"]) == {"count", "approximate", "note"}
    page = cli.json("person", "신성철")
    assert set(page) == {"id", "name", "en", "aliases", "registered", "appearance_count", "appearances",
                         "co_speakers"}  # fmt: skip
    assert set(page["co_speakers"][0]) == {"id", "name", "events"}
    themes = cli.json("themes")
    assert set(themes["editions"][0]) == {"id", "edition", "kind", "start", "label", "not_recorded"}
    assert set(themes["topics"][0]) == {"name", "editions"}
    stat = cli.json("diff", "2025", "--stat")
    assert set(stat) == {"a", "b", "not_recorded", "topics", "committees", "shared_theme_words", "recurring_people"}
    coverage = cli.json("coverage")[0]
    assert set(coverage) == {
        "series",
        "name",
        "event_count",
        "first",
        "last",
        "ordinals",
        "missing_ordinals",
        "unnumbered",
        "years",
        "years_without_record",
        "never_recorded",
        "notes",
        "events",
    }
    assert set(coverage["events"][0]) == {"id", "kind", "start", "end", "edition", "title", "sources",
                                          "sources_with_url", "not_recorded"}  # fmt: skip
    assert set(cli.json("build")) == {"db", "records", "counts"}
    assert set(cli.json("sql", "--schema")[0]) == {"name", "type", "rows", "columns"}
