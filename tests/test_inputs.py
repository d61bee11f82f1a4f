"""Whatever a person can type gets an answer or a one-line error, never a traceback.

A table of odd but typable inputs (empty and blank text, punctuation, NFD Hangul, very long values,
names with the titles journalists write, organisations and roles as names, typos in ids, series,
option values of the wrong type) is walked through every command. Each case asserts the exit code
the README's table gives, exactly one line on stderr for an error (an ambiguous key or name adds
one indented line per candidate), nothing on stdout for an error, and no traceback. A few run the
installed console script, so that a real process's stderr is seen too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from forumctl.cli import app

ROOT = Path(__file__).resolve().parent.parent
NFD = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731
LONG = "가나다" * 2000
runner = CliRunner()


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("inputs-cache")


@pytest.fixture(autouse=True)
def one_cache(shared_cache: Path, isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests only read: one database for all of them, built by the first."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared_cache))


def check(args: list[str], code: int, *, message: str | None = None) -> str:
    """Run forumctl with args; assert the exit code and the README's error contract. Returns stderr."""
    result = runner.invoke(app, args)
    shown = " ".join(a[:40] for a in args)
    assert result.exception is None or isinstance(result.exception, SystemExit), (shown, repr(result.exception))
    assert "Traceback" not in result.output and "internal error" not in result.stderr, (shown, result.stderr)
    assert result.exit_code == code, (shown, result.stderr)
    if code == 0:
        assert result.stderr in ("", "forumctl: nothing matched\n"), (shown, result.stderr)
    else:
        first, *rest = result.stderr.splitlines()
        assert first.startswith("forumctl: error: ") and result.stderr.endswith("\n"), (shown, result.stderr)
        assert not rest or (code == 2 and all(line.startswith("  ") for line in rest)), (shown, result.stderr)
        assert result.stdout == "", shown
        assert "Usage:" not in result.stderr and "Input should be" not in result.stderr, shown
    if message is not None:
        assert message in result.stderr, (shown, result.stderr)
    return result.stderr


# (what it is, the text, exit code as an event key (show, export ics, diff), as a speakers query,
#  as a person's name, as an organisation's name, as a path to check)
TEXT = [
    ("empty", "", 2, 2, 2, 2, 2),
    ("blank", "   ", 2, 2, 2, 2, 2),
    ("separators only", "·/-_", 1, 2, 2, 2, 1),
    ("punctuation", "?!…", 1, 0, 1, 1, 1),
    ("a double quote", '"', 1, 0, 1, 1, 1),
    ("SQL", "'; drop table events; --", 1, 0, 1, 1, 1),
    ("FTS5 syntax", "NEAR(a b) OR *", 1, 0, 1, 1, 1),
    ("emoji", "😀", 1, 0, 1, 1, 1),
    ("zero-width space", "\u200b", 1, 0, 1, 1, 1),
    ("very long", LONG, 1, 0, 1, 1, 1),
    ("a number", "12345", 1, 0, 1, 1, 1),
    ("NFD name", NFD("한성숙"), 1, 0, 0, 1, 1),
    ("NFD organisation", NFD("중기부"), 1, 0, 1, 0, 1),
    ("name and title", "한성숙 장관", 1, 0, 0, 1, 1),
    ("name, organisation and title", "박영선 중기부 장관", 1, 0, 0, 0, 1),
    ("name and title written together", "한성숙장관", 1, 0, 0, 1, 1),
    ("organisation", "중소벤처기업부", 1, 0, 1, 0, 1),
    ("abbreviation", "STEPI", 1, 0, 1, 0, 1),
    ("title alone", "장관", 1, 0, 1, 1, 1),
    ("typo in an id", "inf-202", 1, 0, 1, 1, 1),
    ("impossible date", "2025-02-30", 2, 0, 1, 1, 1),
    ("initial consonant", "ㄱ", 1, 0, 2, 1, 1),
    ("one syllable", "김", 1, 0, 2, 1, 1),
    ("date with dots", "2025.9.3", 0, 0, 1, 1, 1),
    ("month 13, day 40", "2025-13-40", 2, 0, 1, 1, 1),
    ("fullwidth digits", "２０２５", 0, 0, 1, 1, 1),
    ("NUL character", "a\x00b", 1, 0, 1, 1, 2),  # not typable in a shell, but an API caller can pass it
]


@pytest.mark.parametrize(("label", "text", "key", "query", "name", "org", "path"), TEXT, ids=[t[0] for t in TEXT])
def test_text_in_every_command(label: str, text: str, key: int, query: int, name: int, org: int, path: int) -> None:
    check(["show", text], key)
    check(["export", "ics", text], key)
    check(["diff", text], key)
    check(["diff", "inf-2023", text], key)
    check(["speakers", text], query)
    check(["person", text], name)
    check(["org", text], org)
    check(["check", text], path)


def test_blank_paths_are_errors_not_the_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `--records "$DIR"` with DIR unset must not quietly read the bundled archive, nor a blank
    # FORUMCTL_DB write a database named " " into the current folder; an empty variable is unset.
    monkeypatch.chdir(tmp_path)
    for option in ("--records", "--db"):
        for blank in ("", "  "):
            check(["list", option, blank], 2, message=f"{option} (or FORUMCTL_")
    check(["check", "--records", " "], 2, message="is blank")
    check(["new", "--series", "forum", "--start", "2030-01-01", "--records", ""], 2, message="is blank")
    for variable in ("FORUMCTL_RECORDS", "FORUMCTL_DB"):
        with monkeypatch.context() as env:
            env.setenv(variable, " ")
            check(["list"], 2, message="is blank")
            env.setenv(variable, "")
            check(["list"], 0)
    assert list(tmp_path.iterdir()) == []


# Commands with the arguments that make them work, for the option tests below.
COMMANDS = {
    "list": ["list"],
    "show": ["show", "3"],
    "speakers": ["speakers", "장관"],
    "person": ["person", "한성숙"],
    "org": ["org", "STEPI"],
    "diff": ["diff", "2025"],
    "themes": ["themes"],
    "coverage": ["coverage"],
    "sql": ["sql", "select id from events"],
    "export": ["export", "ics", "3"],
    "check": ["check"],
    "build": ["build"],
}
TAKE_SERIES = ("list", "show", "speakers", "diff", "themes", "coverage", "export")
TAKE_FORMAT = ("list", "show", "speakers", "person", "org", "diff", "themes", "coverage", "sql", "check", "build")
TAKE_FIELDS = ("list", "show", "speakers", "person", "org", "diff", "themes", "coverage", "sql")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_answers_as_given(command: str) -> None:
    check(COMMANDS[command], 0)


@pytest.mark.parametrize("command", COMMANDS)
def test_unknown_option_and_extra_argument(command: str) -> None:
    check([*COMMANDS[command], "--nope"], 2, message="unknown option '--nope'")
    if command not in ("export", "check"):  # these take any number of keys or paths
        check([*COMMANDS[command], "extra", "more"], 2)


@pytest.mark.parametrize("command", COMMANDS)
def test_records_and_db_that_are_not_there(command: str, tmp_path: Path) -> None:
    check([*COMMANDS[command], "--records", str(tmp_path / "missing")], 1)
    if command != "check":
        check([*COMMANDS[command], "--db", str(tmp_path)], 1)  # a folder, not a database


@pytest.mark.parametrize("command", TAKE_SERIES)
@pytest.mark.parametrize(
    ("series", "code", "message"),
    [
        ("", 2, "unknown series ''"),
        ("   ", 2, "unknown series"),
        ("forun", 2, "unknown series 'forun'"),
        ("tech-managment-innovation-fair", 2, "did you mean 'tech-management-innovation-fair'?"),
        (LONG, 2, "unknown series"),
        ("123", 2, "unknown series"),
        (NFD("중소기업 혁신 네트워크 포럼"), 0, None),
        ("The Bridge for SMEs", 0, None),
    ],
    ids=["empty", "blank", "typo", "near", "long", "number", "nfd-name", "alias"],
)
def test_series_values(command: str, series: str, code: int, message: str | None) -> None:
    check([*COMMANDS[command], "--series", series], code, message=message)


@pytest.mark.parametrize("command", TAKE_FORMAT)
@pytest.mark.parametrize(("fmt", "code"), [("", 2), ("jsn", 2), ("xml", 2), ("JSON", 0), (LONG, 2)])
def test_format_values(command: str, fmt: str, code: int) -> None:
    check([*COMMANDS[command], "--format", fmt], code)


@pytest.mark.parametrize("command", TAKE_FIELDS)
def test_unknown_field(command: str) -> None:
    check([*COMMANDS[command], "--fields", "nope", "--json"], 2, message="unknown field 'nope'")


@pytest.mark.parametrize("fmt", ["json", "ndjson", "csv", "tsv", "yaml", "table"])
def test_fields_on_an_empty_result_is_success(fmt: str) -> None:
    result = runner.invoke(app, ["speakers", "없는사람", "--fields", "name", "-f", fmt])
    assert result.exit_code == 0, result.output
    assert result.stdout == {"json": "[]\n", "yaml": "[]\n"}.get(fmt, "")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["list", "--year", "abc"], 2, "year 'abc' must be YYYY or a range like 2020..2023"),
        (["list", "--year", ""], 2, "year '' must be YYYY"),
        (["list", "--year", "-1"], 2, "year '-1' must be YYYY"),
        (["list", "--year", "2023..2020"], 2, "ends before it starts"),
        (["themes", "--since", "abc"], 2, "--since must be a whole number, not 'abc'"),
        (["themes", "--since", "20.5"], 2, "--since must be a whole number"),
        (["speakers", "--min-events", "abc"], 2, "--min-events must be a whole number, not 'abc'"),
        (["speakers", "--min-events", "-1"], 2, "--min-events must be a whole number of 1 or more"),
        (["speakers", "--min-events", "0"], 2, "--min-events must be a whole number of 1 or more"),
        (["speakers", "--year", "abc"], 2, "year 'abc' must be YYYY"),
        (["speakers", "--year", "2023..2020"], 2, "ends before it starts"),
        (["speakers", "--role", ""], 2, "role '' is not one of"),
        (["speakers", "--role", "chiar"], 2, "did you mean 'chair'?"),
        (["speakers", "--role", "speakers"], 2, "did you mean 'speaker'?"),
        (["speakers", "--kind", "keynot"], 2, "did you mean 'keynote'?"),
        (["speakers", "--kind", "forum"], 2, "kind 'forum' is not one of"),
        (["speakers", "--kind", ""], 2, "kind '' is not one of"),
        (["speakers", "--org", ""], 2, "--org is empty"),
        (["speakers", "--org", "중소벤처기업뷰"], 2, "did you mean '중소벤처기업부'"),
        (["speakers", "--org", LONG], 2, "no organisation named"),
        (["show", "inf-202"], 1, "did you mean 'inf-2025'"),
        (["show", "fair-20255"], 1, "did you mean 'fair-2025'"),
        (["person", "한성속"], 1, "did you mean '한성숙'?"),
        (["person", "중기부"], 1, "see `forumctl org 중기부`"),
        (["org", "중기뷰"], 1, "did you mean '중소벤처기업부'"),
        (["org", "연구원"], 2, "organisations; name one in full"),
        (["lst"], 2, "unknown command 'lst'; did you mean 'list'?"),
        (["list", "--yaer", "2020"], 2, "did you mean '--year'?"),
        (["--json"], 2, "'--json' belongs after a command: `forumctl list --json`"),
        (["export", "--output", "x.ics"], 2, "belongs after a command: `forumctl export ics --output`"),
        (["show"], 2, "missing argument KEY"),
        (["export", "ics", "3", "--output"], 2, "option '--output' requires an argument"),
        (["list", "--json=yes"], 2, "does not take a value"),
        (["check", ""], 2, "a path to check is empty"),
        (["export", "ics", "3", "-o", ""], 2, "the output file name is empty"),
    ],
    ids=lambda v: " ".join(v)[:40] if isinstance(v, list) else None,
)
def test_mistyped_values_are_one_line_with_a_suggestion(args: list[str], code: int, message: str) -> None:
    check(args, code, message=message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["SHOW", "2025"], "did you mean 'show'?"),
        (["help"], "did you mean '--help'?"),
        (["show", "2025", "--JSON"], "did you mean '--json'?"),
        (["export", "ICS"], "did you mean 'ics'?"),
    ],
)
def test_case_and_help_get_a_suggestion(args: list[str], message: str) -> None:
    check(args, 2, message=message)


@pytest.mark.parametrize("name", ["중소벤처기업부 장관", "중기부 장관 한성숙", "STEPI 원장"])
def test_an_organisation_named_with_a_title_or_person(name: str) -> None:
    result = runner.invoke(app, ["org", name, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["name"] in ("중소벤처기업부", "과학기술정책연구원")


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["speakers", "중소벤처기업부"], {"박영선", "한성숙", "오기웅"}),
        (["speakers", "한성숙 장관"], {"한성숙"}),
        (["speakers", "박영선 중기부 장관"], {"박영선"}),
        (["speakers", "중기부 장관"], {"박영선", "한성숙"}),
        (["speakers", "--kind", "Special Lecture"], {"김동호"}),
        (["speakers", "공동의장"], {"박영선", "권칠승"}),
        (["speakers", "--role", "CHAIR", "--org", NFD("중기부")], {"박영선"}),
    ],
)
def test_names_as_journalists_write_them(args: list[str], names: set[str]) -> None:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    assert names <= {p["name"] for p in json.loads(result.stdout)}


@pytest.mark.parametrize(
    "args",
    [
        ["--series", "forum", "--start", ""],
        ["--series", "forum", "--start", "soon"],
        ["--series", "forum", "--start", "2026-02-30"],
        ["--series", "forum", "--start", "2026-05-01", "--end", "2026-04-01"],
        ["--series", "forum", "--start", "2026-05-01", "--edition", "abc"],
        ["--series", "forum", "--start", "2026-05-01", "--edition", "0"],
        ["--series", "forum", "--start", "2026-05-01", "--edition", "9" * 30],
        ["--series", "forum", "--start", "2026-05-01", "--id", "Bad Id"],
        ["--series", "forum", "--start", "2026-05-01", "--id", ""],
        ["--series", "forun", "--start", "2026-05-01"],
        ["--series", "", "--start", "2026-05-01"],
        ["--start", "2026-05-01"],
    ],
)
def test_new_refuses_bad_values_and_writes_nothing(archive: Path, args: list[str]) -> None:
    before = sorted(p.name for p in archive.rglob("*"))
    check(["new", "--records", str(archive), *args], 2)
    assert sorted(p.name for p in archive.rglob("*")) == before


def test_new_refuses_the_archive_inside_an_installed_package(tmp_path: Path) -> None:
    records = tmp_path / "lib" / "python3" / "site-packages" / "forumctl" / "records"
    shutil.copytree(ROOT / "tests" / "fixtures" / "basic", records)
    stderr = check(["new", "--records", str(records), "-s", "forum", "--start", "2026-05-01"], 2)
    assert "pip install -e ." in stderr
    assert not list(records.glob("forum/*2026*"))


def test_export_writes_where_asked(tmp_path: Path) -> None:
    check(["export", "ics", "3", "-o", str(tmp_path / "missing" / "dir" / "x.ics")], 1, message="does not exist")
    check(["export", "ics", "3", "-o", str(tmp_path)], 1, message="it is a folder")
    (tmp_path / "file").write_text("")
    check(["export", "ics", "3", "-o", str(tmp_path / "file" / "x.ics")], 1, message="is not a folder")
    check(["export", "ics", "3", "-o", "x" * 300], 1, message="File name too long")
    result = runner.invoke(app, ["export", "ics", "3", "-o", "-"])
    assert result.exit_code == 0 and result.stdout.startswith("BEGIN:VCALENDAR")
    check(["export", "ics", "3", "-o", str(tmp_path / "x.ics")], 0)
    assert (tmp_path / "x.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_into_a_link_or_a_fifo_keeps_them(tmp_path: Path) -> None:
    real = tmp_path / "real.ics"
    real.write_text("old")
    (tmp_path / "link.ics").symlink_to(real)
    check(["export", "ics", "3", "-o", str(tmp_path / "link.ics")], 0)
    assert (tmp_path / "link.ics").is_symlink() and real.read_bytes().startswith(b"BEGIN:VCALENDAR")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    check(["export", "ics", "3", "-o", str(fifo)], 0)
    assert reader.communicate(timeout=30)[0].startswith(b"BEGIN:VCALENDAR")
    assert fifo.exists() and not fifo.is_file()


def test_export_an_event_on_the_last_day_there_is(archive: Path) -> None:
    """No DTEND can follow 9999-12-31, so the span is given as a DURATION instead."""
    check(["new", "--records", str(archive), "-s", "forum", "--start", "9999-12-31"], 0)
    result = runner.invoke(app, ["export", "ics", "9999", "--records", str(archive)])
    assert result.exit_code == 0, result.output
    assert "DTSTART;VALUE=DATE:99991231" in result.stdout and "DURATION:P1D" in result.stdout


def test_check_names_paths_that_are_no_record(archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    report = runner.invoke(app, ["check", "records/nope.yaml"])
    assert report.exit_code == 1 and "records/nope.yaml: error: no such file" in report.stdout
    assert json.loads(runner.invoke(app, ["check", "records/nope.yaml", "--json"]).stdout)["errors"] == 1
    check(["check", str(tmp_path / "nope.yaml")], 1, message="no such file")
    check(["check", "README.md"], 1, message="not inside a records folder")
    check(["check", "records/innovation-network-forum"], 0)
    (archive / "forum" / "notes.txt").write_text("not a record\n")
    report = runner.invoke(app, ["check", str(archive / "forum" / "notes.txt")])
    assert report.exit_code == 1 and "not a record file" in report.stdout


SCRIPT = shutil.which("forumctl", path=str(Path(sys.executable).parent)) or shutil.which("forumctl")


@pytest.mark.skipif(SCRIPT is None, reason="forumctl is not installed in this environment")
@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["speakers", "중소벤처기업부"], 0),
        (["list", "--year", "abc"], 2),
        (["lst"], 2),
        (["show", ""], 2),
        (["person", NFD("한성숙") + " 장관"], 0),
        (["check", "records/nope.yaml"], 1),
        (["export", "ics", "2025", "-o", "some/missing/dir/x.ics"], 1),
        (["speakers", "--min-events", "-1"], 2),
        (["speakers", b"\xff\xfe"], 2),  # bytes that are not UTF-8 (a terminal set to EUC-KR)
        (["show", b"\xea\xb9"], 2),
    ],
)
def test_the_installed_command_never_shows_a_traceback(args: list[str | bytes], code: int, tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("FORUMCTL_DEBUG", None)
    cwd = ROOT if args[0] == "check" else tmp_path
    result = subprocess.run([SCRIPT, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    if args[0] == "check":  # check reports on stdout, one line per problem
        assert result.stderr == "" and result.stdout.startswith("records/nope.yaml: error: no such file")
    elif code:
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("forumctl: error: ")
