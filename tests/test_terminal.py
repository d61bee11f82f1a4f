"""Tables and help in real terminals: narrow ones, and those that draw East Asian "ambiguous width"
characters (─ · ● – — → …) two columns wide, as many terminals in Korea, China and Japan do."""

from __future__ import annotations

import io
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from forumctl import api
from forumctl.cli import COMMANDS, app
from forumctl.output.tables import draw

FIXTURE = Path(__file__).parent / "fixtures" / "basic"


def cells(text: str, ambiguous: int = 1) -> int:
    """Columns `text` takes in a terminal: wide and fullwidth characters (Hangul) take two,
    ambiguous ones `ambiguous`, combining marks none."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        kind = unicodedata.east_asian_width(ch)
        width += 2 if kind in ("W", "F") else ambiguous if kind == "A" else 1
    return width


def is_ambiguous(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) == "A"


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str, Any]]:
    """(label, view, data) of every table view, from the bundled archive (and a fixture's check)."""
    db = str(tmp_path_factory.mktemp("db") / "forum.db")
    fetch: list[tuple[str, str, Callable[[], Any]]] = [
        ("list", "event_list", lambda: api.list_events(db=db)),
        ("list --all", "event_list", lambda: api.list_events(db=db, every_series=True)),
        ("speakers", "people", lambda: api.speakers(db=db)),
        ("person", "person", lambda: api.person("신성철", db=db)),
        ("diff", "diff", lambda: api.diff("1st", "3rd", db=db)),
        ("diff --stat", "diff_stat", lambda: api.diff("2025", db=db, stat=True)),
        ("themes", "themes", lambda: api.themes(db=db)),
        ("themes fair", "themes", lambda: api.themes(db=db, series="tech-management-innovation-fair")),
        (
            "sql",
            "sql",
            lambda: list(api.sql("select id, title, start, [end] from events", db=db)),
        ),  # a stream, drawn more than once here
        ("sql --schema", "sql", lambda: api.sql(None, db=db, schema=True)),
        ("check", "check", lambda: api.check(records=str(FIXTURE))),
        ("org STEPI", "org", lambda: api.org("STEPI", db=db)),
        ("org 중기부", "org", lambda: api.org("중기부", db=db)),
        ("coverage --all", "coverage", lambda: api.coverage(db=db, every_series=True)),
        ("search", "search", lambda: api.search("혁신", db=db).hits),
    ]
    out = [(label, view, get()) for label, view, get in fetch]
    for event in api.list_events(db=db, every_series=True):
        out.append((f"show {event['id']}", "event", api.show_event(event["id"], db=db)))
    return out


def table(view: str, data: Any, width: int) -> str:
    out = io.StringIO()
    draw(view, data, out, color=False, terminal=True, width=width)
    return out.getvalue()


@pytest.mark.parametrize("width", [40, 60, 80])
def test_narrow_terminals_drop_nothing(results: list[tuple[str, str, Any]], width: int) -> None:
    """Every word of the wide layout is still there, whole, as many times, in a narrow one; no line
    is too long. (Counted, not just looked for: a word cut off at the terminal's edge in one row
    was once hidden by the same word in another.)"""
    for label, view, data in results:
        wide = table(view, data, 1000)
        narrow = table(view, data, width)
        lines = narrow.splitlines()
        if view != "check":  # check's path:line:col lines stay whole for editors; the terminal wraps them
            assert all(cells(line) <= width for line in lines), (label, width)
        words = Counter(w.rstrip(",;") for w in narrow.split())  # a list may join words with commas
        missing = Counter(w.rstrip(",;") for w in wide.split() if cells(w) <= width // 2) - words
        if view == "themes":  # a narrow matrix lists each name's events instead of marks (x - ?)
            missing = Counter({w: n for w, n in missing.items() if w not in words and w not in ("x", "-")})
        assert not missing, f"{label} at {width} columns lost {sorted(missing)[:10]}"


def test_a_heading_too_wide_for_the_terminal_puts_its_value_under_it(results: list[tuple[str, str, Any]]) -> None:
    """At 24 columns diff's `Topics: only in A (dropped)` heading filled the line, and the topics
    beside it came out as nothing."""
    d = next(data for label, _, data in results if label == "diff")
    narrow = table("diff", d, 24)
    assert all(cells(line) <= 24 for line in narrow.splitlines())
    for topic in d["topics"]["removed"] + d["topics"]["added"]:
        assert topic in narrow, topic


def test_a_table_too_wide_becomes_records(results: list[tuple[str, str, Any]]) -> None:
    speakers = next(data for label, _, data in results if label == "speakers")
    narrow = table("people", speakers, 40)
    assert re.search(rf"^person +{speakers[0]['name']}$", narrow, re.MULTILINE)
    assert re.search(r"^role, org +", narrow, re.MULTILINE)  # a column rich would have dropped
    listing = table("event_list", next(d for label, _, d in results if label == "list --all"), 40)
    assert re.search(r"^theme +", listing, re.MULTILINE) and "fair-2020" in listing


def test_layout_is_ascii_where_it_could_be_ambiguous(results: list[tuple[str, str, Any]]) -> None:
    """No ambiguous-width character in a table that the data did not bring: no box rule, bullet,
    dash, arrow or ellipsis of forumctl's own."""
    for label, view, data in results:
        from_data = {ch for ch in json.dumps(data, ensure_ascii=False) if is_ambiguous(ch)}
        for width in (40, 80, 1000):
            own = {ch for ch in table(view, data, width) if is_ambiguous(ch)} - from_data
            assert not own, f"{label} at {width}: {sorted(own)}"


def test_tables_align_when_ambiguous_characters_are_wide(results: list[tuple[str, str, Any]]) -> None:
    """In the themes matrix, every mark sits under its event's label, counting ambiguous
    characters two columns wide (rows whose own name holds one cannot be helped)."""
    matrix = next(data for label, _, data in results if label == "themes")
    lines = table("themes", matrix, 120).split("\n\n")[0].splitlines()
    header, rule = lines[0], lines[1]
    rows = [row for row in lines[2:] if not row.startswith("? ")]  # not the "? not recorded" note under it
    assert set(rule) == {"-"}
    labels = [e["label"] for e in matrix["events"]]
    centres = [cells(header[: header.index(label)], 2) + cells(label) // 2 for label in labels]
    checked = 0
    for row in rows:
        name = next(t["name"] for t in matrix["topics"] if row.startswith(t["name"]))
        if any(is_ambiguous(ch) for ch in name):
            continue
        marks = [cells(row[:i], 2) for i, ch in enumerate(row) if i >= len(name) and not ch.isspace()]
        assert len(marks) == len(labels) and all(abs(m - c) <= 1 for m, c in zip(marks, centres, strict=True)), row
        checked += 1
    assert checked > 10


def dates_ok(text: str) -> bool:
    return not re.search(r"\d[–—]\d", text)


def test_date_ranges_use_two_dots(results: list[tuple[str, str, Any]]) -> None:
    listing = table("event_list", next(d for label, _, d in results if label == "list --all"), 120)
    assert "2023-08-24..25" in listing and "2020-12-09..2021-01-31" in listing and dates_ok(listing)


def help_text(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_top_level_help_fits_80_columns_with_hangul_two_wide() -> None:
    text = help_text()
    assert "중소기업 혁신 네트워크 포럼" in text
    for line in text.splitlines():
        assert cells(line, ambiguous=2) <= 80, line


def test_command_summaries_are_whole() -> None:
    """The list of commands shows each docstring's first line whole, not cut with '...'."""
    text = help_text()
    listing = text[text.index("Commands:") :]
    assert "..." not in listing
    for name, command in COMMANDS.items():
        summary = (command.__doc__ or "").strip().splitlines()[0]
        assert re.search(rf"^  {name} +{re.escape(summary)}$", listing, re.MULTILINE), name


@pytest.mark.parametrize("command", [*COMMANDS, "export ics"])
def test_help_says_each_default_once(command: str) -> None:
    text = help_text(*command.split())
    entries = re.split(r"\n  (?=-)", text)  # one entry per option (with its wrapped lines)
    for entry in entries:
        flat = " ".join(entry.split())
        assert not ("(default:" in flat and "[default:" in flat), flat
    for line in text.splitlines():
        assert cells(line, ambiguous=2) <= 80, line


def test_a_terminal_that_reports_no_size_gets_80_columns(monkeypatch: pytest.MonkeyPatch,
                                                          results: list[tuple[str, str, Any]]) -> None:  # fmt: skip
    """Some terminals (`docker exec -t`, serial consoles) report 0x0: tables were then drawn 0
    columns wide, which is nothing at all. COLUMNS, where set, still decides."""
    listing = next(d for label, _, d in results if label == "list")
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr("os.get_terminal_size", lambda *_: os.terminal_size((0, 0)))
    out = io.StringIO()
    draw("event_list", listing, out, color=False, terminal=True)
    lines = out.getvalue().splitlines()
    assert "inf-2025" in out.getvalue() and max(cells(line) for line in lines) <= 80
    monkeypatch.setenv("COLUMNS", "50")
    out = io.StringIO()
    draw("event_list", listing, out, color=False, terminal=True)
    assert "inf-2025" in out.getvalue() and max(cells(line) for line in out.getvalue().splitlines()) <= 50
