"""Hostile and broken input: each case gives a clear one-line error naming the file (and line),
a documented exit code, no traceback, and leaves the records folder byte-for-byte unchanged."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from forumctl.store.cache import default_db_path

EVENT = (
    "id: forum-2030\nseries: forum\nkind: forum\ntitle: {{ko: 시험}}\nstart: 2030-01-01\nsources: [{{title: t}}]\n{}"
)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def refused(cli, archive: Path, content: bytes, message: str, line: int | None = None) -> str:
    path = archive / "forum" / "forum-2030.yaml"
    path.write_bytes(content)
    before = snapshot(archive)
    for command in (["list"], ["show", "2030"], ["speakers"], ["check"]):
        result = cli(*command, "--records", str(archive), code=1)
        assert "Traceback" not in result.output and "\x1b" not in result.output
        assert result.stdout == "" or command == ["check"]
    stderr = cli("list", "--records", str(archive), code=1).stderr
    assert stderr.count("\n") == 1 and stderr.startswith(f"forumctl: error: {path}:")
    if line is not None:
        assert stderr.startswith(f"forumctl: error: {path}:{line}:"), stderr
    assert message in stderr, stderr
    assert snapshot(archive) == before
    return stderr


def test_yaml_syntax_error(cli, archive: Path) -> None:
    refused(cli, archive, EVENT.format("notes: [unclosed\n").encode(), "YAML syntax error", 8)


def test_list_instead_of_mapping(cli, archive: Path) -> None:
    refused(cli, archive, b"- id: forum-2030\n- series: forum\n", "an event must be a mapping (key: value), not a list")


def test_empty_file(cli, archive: Path) -> None:
    refused(cli, archive, b"", "an event must be a mapping (key: value), not an empty value")


def test_comments_only(cli, archive: Path) -> None:
    refused(cli, archive, b"# nothing yet\n", "an event must be a mapping")


@pytest.mark.parametrize("encoding", ["euc-kr", "cp949"])
def test_korean_legacy_encoding_is_named(cli, archive: Path, encoding: str) -> None:
    refused(cli, archive, EVENT.format("notes: 한글 메모\n").encode(encoding), "looks like EUC-KR/CP949, not UTF-8")


def test_a_nul_byte_is_refused_at_its_line(cli, archive: Path) -> None:
    refused(cli, archive, EVENT.format("notes: a\x00b\n").encode(), "file contains NUL bytes", 7)


def test_bom_is_accepted(cli, archive: Path) -> None:
    (archive / "forum" / "forum-2030.yaml").write_bytes(b"\xef\xbb\xbf" + EVENT.format("").encode())
    assert cli.json("show", "2030", "--records", str(archive))["title"] == {"ko": "시험", "en": None}


@pytest.mark.parametrize(
    ("extra", "message", "line"),
    [
        ("edition: three\n", "edition must be a positive whole number, not 'three'", 7),
        ("edition: 0\n", "edition must be a positive whole number", 7),
        ("attendance: {count: 1e3}\n", "count must be a positive whole number, not '1e3'", 7),
        ("agenda: yes\n", "agenda must be a list, not 'yes'", 7),
        ("title: [a, b]\n", "duplicate key 'title'", 7),
    ],
)
def test_wrong_types(cli, archive: Path, extra: str, message: str, line: int) -> None:
    refused(cli, archive, EVENT.format(extra).encode(), message, line)


def test_start_soon(cli, archive: Path) -> None:
    refused(cli, archive, EVENT.format("").replace("2030-01-01", "soon").encode(), "not 'soon'", 5)


def test_yaml_11_traps_stay_text(cli, archive: Path) -> None:
    body = EVENT.format("theme: {ko: no, en: on}\nnotes: 010\nlinked_to: [1e3, off, ~x, 0x1F]\n")
    (archive / "forum" / "forum-2030.yaml").write_text(body, encoding="utf-8")
    doc = cli.json("show", "2030", "--records", str(archive))
    assert doc["theme"] == {"ko": "no", "en": "on"} and doc["notes"] == "010"
    assert doc["linked_to"] == ["1e3", "off", "~x", "0x1F"]


def test_billion_laughs_is_refused(cli, archive: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    refused(cli, archive, EVENT.format("\n".join(lines) + "\n").encode(), "anchors and aliases", 7)


def test_very_large_file_is_refused_before_reading(cli, archive: Path) -> None:
    big = EVENT.format("notes: " + "가" * (1024 * 1024) + "\n").encode()
    stderr = refused(cli, archive, big, "records are at most 2,097,152")
    assert "bytes" in stderr


def test_python_object_tag_is_refused(cli, archive: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = f"notes: !!python/object/apply:os.system ['touch {marker}']\n"
    refused(cli, archive, EVENT.format(payload).encode(), "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'")
    assert not marker.exists()


def test_raw_escape_character_is_refused(cli, archive: Path) -> None:
    refused(cli, archive, EVENT.format("notes: \x1b[31mred\x1b[0m\n").encode(), "YAML syntax error", 7)


def test_escaped_ansi_sequence_is_refused_not_printed(cli, archive: Path) -> None:
    stderr = refused(cli, archive, EVENT.format('notes: "\\e[31mred"\n').encode(), "control character U+001B", 7)
    assert "\x1b" not in stderr


@pytest.mark.parametrize("char", ["\u200b", "\u009b", "\u202e", "\ufeff", "\u0085", "\u2028", "\u061c", "\u00ad"])
def test_invisible_and_c1_characters_are_refused(cli, archive: Path, char: str) -> None:
    """Not only C0: a zero-width space made 박찬\u200b수 a second person beside 박찬수, U+009B is
    CSI to many terminals (and JSON and CSV carry text as it is), U+202E reorders a line."""
    escaped = f"\\u{ord(char):04x}"  # written as a YAML escape, so the file itself shows it
    body = EVENT.format(f'attendees: [{{person: "박찬{escaped}수"}}]\n').encode()
    refused(cli, archive, body, f"contains control character U+{ord(char):04X}", 7)


def test_an_emoji_sequence_is_text_but_a_lone_joiner_is_refused(cli, archive: Path) -> None:
    """A zero width joiner between two pictographs is how 👩‍💻 is written; elsewhere it hides."""
    (archive / "forum" / "forum-2030.yaml").write_text(EVENT.format('notes: "발표 \\U0001F469\\u200d\\U0001F4BB"\n'),
                                                       encoding="utf-8")  # fmt: skip
    assert cli.json("show", "2030", "--records", str(archive))["notes"] == "발표 \U0001f469\u200d\U0001f4bb"
    assert "\U0001f469\u200d\U0001f4bb" in cli("show", "2030", "--records", str(archive)).stdout
    refused(cli, archive, EVENT.format('notes: "박찬\\u200d수"\n').encode(), "control character U+200D", 7)


def test_rich_markup_prints_literally(cli, archive: Path) -> None:
    (archive / "forum" / "forum-2030.yaml").write_text(EVENT.format("notes: '[bold red]x[/] [link=http://e]y[/link]'\n"),
                                                       encoding="utf-8")  # fmt: skip
    out = cli("show", "2030", "--records", str(archive), "--color").stdout
    assert "[bold red]x[/] [link=http://e]y[/link]" in out


def test_nfd_file_and_folder_names(cli, tmp_path: Path, archive: Path) -> None:
    folder = tmp_path / unicodedata.normalize("NFD", "한글기록")
    archive.rename(folder)
    body = unicodedata.normalize("NFD", EVENT.format("notes: 메모\n"))
    (folder / "forum" / "forum-2030.yaml").write_text(body, encoding="utf-8")
    doc = cli.json("show", "2030", "--records", str(folder))
    assert doc["title"]["ko"] == unicodedata.normalize("NFC", "시험") and doc["notes"] == "메모"
    assert (
        cli.json("speakers", unicodedata.normalize("NFD", "홍길동"), "--records", str(folder))[0]["id"]
        == "hong-gildong"
    )


def test_truncated_cache_is_rebuilt(cli, archive: Path) -> None:
    cli("list", "--records", str(archive))
    db = default_db_path(archive)
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])
    assert len(cli.json("list", "--records", str(archive))) == 4
    assert sqlite3.connect(db).execute("pragma integrity_check").fetchone() == ("ok",)


def test_cache_with_foreign_tables_is_rebuilt(cli, archive: Path) -> None:
    db = default_db_path(archive)
    db.parent.mkdir(parents=True, exist_ok=True)
    sqlite3.connect(db).executescript("create table meta (key text, value text); insert into meta values ('x', 'y');")
    assert len(cli.json("list", "--records", str(archive))) == 4


def test_concurrent_builds_both_answer(archive: Path, isolated_env: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(isolated_env)}
    code = "from forumctl.cli import app; app(prog_name='forumctl')"
    procs = [subprocess.Popen([sys.executable, "-c", code, "list", "--all", "--json", "--records", str(archive)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(4)]  # fmt: skip
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outputs]
    assert len({o[0] for o in outputs}) == 1 and b"forum-2021" in outputs[0][0]
    assert not list((isolated_env / "forumctl").glob("*.tmp"))


def test_missing_and_empty_records_folder(cli, tmp_path: Path) -> None:
    assert "records folder does not exist" in cli("list", "--records", str(tmp_path / "nope"), code=1).stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no series.yaml" in cli("list", "--records", str(empty), code=1).stderr
    (empty / "series.yaml").write_text("- {id: s, name: S, default: true}\n", encoding="utf-8")
    assert "no event records found" in cli("list", "--records", str(empty), code=1).stderr
