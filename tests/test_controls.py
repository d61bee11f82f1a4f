"""Text that could steer a terminal (C0, C1, bidirectional overrides, zero-width and line
separators) is shown as visible escapes in tables, on a terminal and plain, and in error messages;
data formats keep it as it is. Records may not hold it (the loader refuses it: test_hostile.py),
but `sql` results, file names and a user's own arguments still can, and so can a database file."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from forumctl import api
from forumctl.output.tables import draw
from forumctl.text.controls import has_controls, printable

HOSTILE = "A\u202eB\u2066C\u200bD\x9b31mE\u2028F\u00adG"
SHOWN = "A\\u202eB\\u2066C\\u200bD\\x9b31mE\\u2028F\\xadG"
RAW = ("\u202e", "\u2066", "\u200b", "\x9b", "\u2028", "\u00ad", "\x1b")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("\x9b2J", "\\x9b2J"),
        ("\u202eevil", "\\u202eevil"),
        ("\u2067x\u2069", "\\u2067x\\u2069"),
        ("\u061c\u200e\u200f", "\\u061c\\u200e\\u200f"),
        ("tag\U000e0041", "tag\\U000e0041"),
        ("line\u2029", "line\\u2029"),
        ("bad\udcff.yaml", "bad\\xff.yaml"),
        ("한글 text, tabs\tand\nlines", "한글 text, tabs\tand\nlines"),
    ],
)
def test_printable(text: str, shown: str) -> None:
    assert printable(text) == shown
    assert has_controls(text) == (text != shown)


def hostile_rows(archive: Path) -> list[dict[str, object]]:
    """`list`'s rows with a title no record may hold (as a database from elsewhere could give it)."""
    rows = api.list_events(str(archive))
    rows[0]["title"] = rows[0]["theme"] = {"ko": HOSTILE, "en": None}
    return rows


def test_text_is_escaped_in_plain_tables(archive: Path) -> None:
    out = io.StringIO()
    draw("event_list", hostile_rows(archive), out, color=False, terminal=False)
    assert SHOWN in out.getvalue(), out.getvalue()
    assert not any(c in out.getvalue() for c in RAW)


def test_text_is_escaped_on_a_terminal(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = hostile_rows(archive)
    monkeypatch.setattr(os, "get_terminal_size", lambda *_: os.terminal_size((300, 50)))
    monkeypatch.delenv("COLUMNS", raising=False)
    for color in (False, True):
        out = Terminal()
        draw("list", rows, out, color=color)
        text = out.getvalue()
        assert SHOWN in text
        assert not any(c in text for c in RAW[:-1])  # colour uses ESC; the text brings none


def test_data_formats_keep_the_text(cli, archive: Path) -> None:
    query = "select 'A' || char(8238) || 'B' || char(155) || '31m' as t"
    assert cli.json("sql", query, "--records", str(archive)) == [{"t": "A\u202eB\x9b31m"}]


def test_sql_rows_are_escaped_in_tables(cli, archive: Path) -> None:
    out = cli("sql", "select char(27) || '[31m' || char(8238) as t", "--records", str(archive)).stdout
    assert "\\x1b[31m\\u202e" in out and "\x1b" not in out


def test_error_messages_are_escaped(cli, archive: Path) -> None:
    result = cli("show", "x\u202e\x1b", "--records", str(archive), code=1)
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert result.stderr.count("\n") == 1
