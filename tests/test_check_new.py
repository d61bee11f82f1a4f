"""`forumctl check`, `forumctl new`, and the JSON Schema agreeing with the loader."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from forumctl.recordfiles.discovery import default_records_dir

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema"


class Yaml12Loader(yaml.SafeLoader):
    """What an editor's YAML 1.2 reading sees: no timestamps, and only true/false are booleans."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if not tag.endswith(("timestamp", "bool"))]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def schema_errors(path: Path) -> list[str]:
    name = {"series.yaml": "series", "people.yaml": "people", "orgs.yaml": "orgs", "topics.yaml": "topics"}
    schema = json.loads((SCHEMA / f"{name.get(path.name, 'event')}.schema.json").read_text(encoding="utf-8"))
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
    return [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]


def failed_check(cli, *args: str) -> dict:
    return json.loads(cli("check", *args, "--json", code=1).stdout)


def test_bundled_records_check_clean(cli) -> None:
    result = cli("check")
    assert result.stdout.strip().endswith("0 errors, 0 warnings in 22 files")
    assert cli.json("check") == {"problems": [], "errors": 0, "warnings": 0, "files": 22}


def test_bundled_records_match_the_schema() -> None:
    files = sorted(default_records_dir().rglob("*.yaml"))
    assert len(files) == 22  # 18 events and 4 registries
    for path in files:
        assert schema_errors(path) == [], path


def test_schema_is_current() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "schema.py"), "--check"], capture_output=True,
                            text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr


VALID = "id: forum-2030\nseries: forum\nkind: forum\ntitle: {ko: 시험}\nstart: 2030-01-01\nsources: [{title: t}]\n"
BROKEN = [
    VALID + "speakrs: []\n",
    VALID.replace("kind: forum", "kind: party"),
    VALID.replace("start: 2030-01-01\n", ""),
    VALID.replace("2030-01-01", "2030/01/01"),
    VALID + "edition: three\n",
    VALID.replace("sources: [{title: t}]", "sources: []"),
    VALID + "agenda: [{date: 2030-01-01, items: []}]\n",
    VALID + "co_chairs: [{role: 장관}]\n",
    VALID + "venue: {city: 서울}\n",
    VALID + "attendance: {count: many}\n",
]


@pytest.mark.parametrize("body", BROKEN)
def test_check_and_schema_agree_on_broken_records(cli, archive: Path, body: str) -> None:
    path = archive / "forum" / "forum-2030.yaml"
    path.write_text(body, encoding="utf-8")
    assert schema_errors(path), "the schema accepts what forumctl refuses"
    result = failed_check(cli, "--records", str(archive))
    errors = [p for p in result["problems"] if p["severity"] == "error"]
    assert errors and all(p["path"].endswith("forum-2030.yaml") for p in errors)


def test_schema_and_check_accept_a_valid_record(cli, archive: Path) -> None:
    path = archive / "forum" / "forum-2030.yaml"
    path.write_text(VALID + "notes: no\nedition: 3\n", encoding="utf-8")
    assert schema_errors(path) == []
    assert cli.json("check", "--records", str(archive))["errors"] == 0


def test_check_reports_every_problem_at_once(cli, archive: Path) -> None:
    (archive / "forum" / "forum-2030.yaml").write_text(
        "id: forum-2030\nseries: forum\nkind: party\ntitle: 시험\nstart: soon\nspeakrs: []\n"
        "sources: [{title: t}]\nagenda:\n  - items: []\n", encoding="utf-8")  # fmt: skip
    (archive / "talks" / "talk-2022.yaml").write_text("id: talk-2022\nseries: talks\n  bad: [\n", encoding="utf-8")
    result = cli("check", "--records", str(archive), code=1)
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "5 errors, 3 warnings in 10 files"
    text = "\n".join(lines)
    assert re.search(r"forum-2030\.yaml:3:7: error: kind 'party' is not one of", text)
    assert re.search(r"forum-2030\.yaml:5:8: error: start must be a date as YYYY-MM-DD, not 'soon'", text)
    assert re.search(r"forum-2030\.yaml:6:1: error: unknown key 'speakrs' in an event; did you mean", text)
    assert re.search(r"forum-2030\.yaml:9:12: error: an agenda day needs at least one item", text)
    assert re.search(r"talk-2022\.yaml:3:\d+: error: YAML syntax error", text)
    assert re.search(r"forum-2021\.yaml:\d+:\d+: warning: '홍길순' is another name of '홍길동' \(people\.yaml\)", text)
    assert re.search(r"forum-2021\.yaml:\d+:\d+: warning: '중기부' is another name of '중소벤처기업부'", text)


def test_check_cross_file_and_registry_rules(cli, archive: Path) -> None:
    (archive / "talks" / "forum-2021.yaml").write_text(
        "id: forum-2021\nseries: forum\nkind: forum\ntitle: x\nstart: 2021-01-01\nsources: [{title: t}]\n",
        encoding="utf-8")  # fmt: skip
    with (archive / "people.yaml").open("a", encoding="utf-8") as f:
        f.write("- {id: other, name: 김영희, aliases: [홍길순]}\n")
    (archive / "forum" / "forum-2022.yaml").write_text(
        (archive / "forum" / "forum-2022.yaml").read_text(encoding="utf-8").replace("02\nvenue", "02\nvenue")
        .replace("end: 2022-06-02", "end: 2022-05-01"), encoding="utf-8")  # fmt: skip
    problems = [p["message"] for p in failed_check(cli, "--records", str(archive))["problems"]]
    assert any("is also used by" in m for m in problems)
    assert any("is in folder 'talks'; move it to forum/" in m for m in problems)
    assert any("an alias must name one person" in m for m in problems)
    assert any("end 2022-05-01 is before start 2022-06-01" in m for m in problems)


def test_check_given_files_only(cli, archive: Path) -> None:
    (archive / "forum" / "forum-2030.yaml").write_text(VALID.replace("kind: forum", "kind: party"), encoding="utf-8")
    ok = cli("check", str(archive / "forum" / "forum-2022.yaml"))
    assert ok.stdout.strip() == "0 errors, 0 warnings in 1 file"
    bad = failed_check(cli, str(archive / "forum" / "forum-2030.yaml"))
    assert bad["errors"] == 1 and bad["files"] == 1


def test_check_strict_fails_on_warnings(cli, archive: Path) -> None:
    assert cli.json("check", "--records", str(archive))["warnings"] == 3
    cli("check", "--records", str(archive), "--strict", code=1)


def test_new_writes_a_valid_skeleton(cli, archive: Path) -> None:
    before = {p: p.read_bytes() for p in archive.rglob("*") if p.is_file()}
    created = cli.json("new", "--records", str(archive), "--series", "forum", "--start", "2026-05-01", "-e", "5")
    path = Path(created["path"])
    assert path == archive / "forum" / "forum-2026.yaml" and created["id"] == "forum-2026"
    text = path.read_text(encoding="utf-8")
    assert "edition: 5" in text and "kind: forum" in text and text.startswith("# 테스트 포럼")
    result = cli.json("check", "--records", str(archive))
    assert result["errors"] == 0
    assert [p["message"] for p in result["problems"] if p["path"].endswith("forum-2026.yaml")] == [
        "placeholder text (TODO) is still here"
    ] * 2
    assert cli.json("show", "forum-2026", "--records", str(archive))["edition"] == 5
    assert {p: p.read_bytes() for p in before} == before  # nothing else touched
    assert not list(archive.rglob("*.tmp"))


def test_new_never_overwrites(cli, archive: Path) -> None:
    original = (archive / "forum" / "forum-2021.yaml").read_bytes()
    result = cli("new", "--records", str(archive), "--series", "forum", "--start", "2021-05-10", code=2)
    assert "forum-2021 exists already; name the new event with --id" in result.stderr
    result = cli("new", "--records", str(archive), "--series", "forum", "--start", "2021-05-10", "--id", "forum-2021",
                 code=2)  # fmt: skip
    assert "already exists; forumctl new never overwrites" in result.stderr
    assert (archive / "forum" / "forum-2021.yaml").read_bytes() == original


def test_new_refuses_bad_input(cli, archive: Path) -> None:
    assert "unknown series 'nope'" in cli("new", "--records", str(archive), "-s", "nope", "--start", "2026-01-01",
                                          code=2).stderr  # fmt: skip
    assert "must be a date" in cli("new", "--records", str(archive), "-s", "forum", "--start", "soon", code=2).stderr
    assert "lower-case" in cli("new", "--records", str(archive), "-s", "forum", "--start", "2026-01-01",
                               "--id", "Bad Id", code=2).stderr  # fmt: skip


def test_check_warns_of_one_ordinal_twice_and_of_a_name_listed_twice(cli, archive: Path) -> None:
    """Two 2nd editions of one series: `show 2` names neither (a warning in both files, so checking
    either one alone shows it). An organiser under two of its names, a committee as AI and ai: show
    printed both, diff and themes counted one. Each warning stands at the repeat's own line."""
    path = archive / "forum" / "forum-2024-spring.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("series: forum\n", "series: forum\nedition: 2\norganizers:\n  - 중소벤처기업부\n"
                                 "  - 중기부\ncommittees: [AI, ai]\n", 1), encoding="utf-8")  # fmt: skip
    out = cli("check", "--records", str(archive)).stdout
    assert re.search(r"forum-2024-spring\.yaml:3:1: warning: edition 2 of forum is also \S*forum-2022\.yaml's, "
                     r"so `show 2` names neither", out), out  # fmt: skip
    assert re.search(r"forum-2022\.yaml:3:1: warning: edition 2 of forum is also \S*forum-2024-spring\.yaml's", out)
    twice = r"organizers lists '중소벤처기업부' twice \(also as '중기부'\)"
    assert re.search(rf"forum-2024-spring\.yaml:6:5: warning: {twice}", out), out
    assert re.search(r"forum-2024-spring\.yaml:7:18: warning: committees lists 'AI' twice \(also as 'ai'\)", out), out
    alone = cli("check", "--records", str(archive), str(archive / "forum" / "forum-2022.yaml")).stdout
    assert "edition 2 of forum is also" in alone and alone.strip().endswith("0 errors, 1 warning in 1 file")
    doc = cli.json("show", "forum-2024-spring", "--records", str(archive))
    assert doc["organizers"] == ["중소벤처기업부"] and doc["committees"] == ["AI"]
