"""Text that could steer a terminal (C0, C1, bidirectional overrides, zero-width and line
separators) is shown as visible escapes in tables, on a terminal and plain, and in error messages;
data formats keep it as it is."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from forumctl import api
from forumctl.output.tables import draw
from forumctl.text.controls import has_controls, printable

HOSTILE = "A\u202eB\u2066C\u200bD\x9b31mE\u2028F\u00adG"  # the loader refuses C0 and DEL; these pass it
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


def event_with(archive: Path, title: str) -> None:
    escaped = title.encode("unicode_escape").decode("ascii")  # YAML double quotes take the same escapes
    path = archive / "forum" / "forum-2030.yaml"
    path.write_text(
        f'id: forum-2030\nseries: forum\nkind: forum\ntitle: {{ko: "{escaped}"}}\nstart: 2030-01-01\n'
        "sources: [{title: t}]\n",
        encoding="utf-8",
    )


def test_record_text_is_escaped_in_plain_tables(cli, archive: Path) -> None:
    event_with(archive, HOSTILE)
    for command in (["list"], ["show", "2030"]):
        out = cli(*command, "--records", str(archive)).stdout
        assert SHOWN in out, out
        assert not any(c in out for c in RAW)


def test_record_text_is_escaped_on_a_terminal(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    event_with(archive, HOSTILE)
    rows = api.list_events(str(archive))
    monkeypatch.setattr(os, "get_terminal_size", lambda *_: os.terminal_size((300, 50)))
    for color in (False, True):
        out = Terminal()
        draw("list", rows, out, color=color)
        text = out.getvalue()
        assert SHOWN in text
        assert not any(c in text for c in RAW[:-1])  # colour uses ESC; the record's text brings none


def test_data_formats_keep_the_text(cli, archive: Path) -> None:
    event_with(archive, HOSTILE)
    rows = cli.json("list", "--records", str(archive))
    assert HOSTILE in [r["title"]["ko"] for r in rows]


def test_sql_rows_are_escaped_in_tables(cli, archive: Path) -> None:
    out = cli("sql", "select char(27) || '[31m' || char(8238) as t", "--records", str(archive)).stdout
    assert "\\x1b[31m\\u202e" in out and "\x1b" not in out


def test_error_messages_are_escaped(cli, archive: Path) -> None:
    result = cli("show", "x\u202e\x1b", "--records", str(archive), code=1)
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert result.stderr.count("\n") == 1
