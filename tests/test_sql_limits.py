"""`forumctl sql` under load: a time limit, prompt Ctrl-C, rows streamed as they come, a closed
pipe ends the query, an allow-list of functions and the documented PRAGMAs."""

from __future__ import annotations

import io
import json
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import forumctl.questions.sql as sql_module
from forumctl import api
from forumctl.output.render import render

ENDLESS = "with recursive c(x) as (select 1 union all select x + 1 from c) select x from c"
ENDLESS_COUNT = "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c"


def start(archive: Path, isolated_env: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "XDG_CACHE_HOME": str(isolated_env)}
    return subprocess.Popen([sys.executable, "-m", "forumctl", "sql", *args, "--records", str(archive)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)  # fmt: skip


def first_line(proc: subprocess.Popen[bytes], within: float = 60) -> bytes:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], within)
    assert ready, "no row came out"
    return os.read(proc.stdout.fileno(), 4096).split(b"\n")[0]  # compact JSON has no line break until its end


def test_time_limit(cli, archive: Path) -> None:
    result = cli("sql", ENDLESS_COUNT, "--timeout", "0.5", "--records", str(archive), code=124)
    assert result.stderr == ("forumctl: error: sql: the query ran for its time limit of 0.5 s and was stopped; "
                             "give --timeout SECONDS for more (0 for no limit)\n")  # fmt: skip
    assert result.stdout == ""


def test_default_time_limit(cli, archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert sql_module.DEFAULT_TIMEOUT == 10
    monkeypatch.setattr(sql_module, "DEFAULT_TIMEOUT", 0.3)
    assert "time limit of 0.3 s" in cli("sql", ENDLESS_COUNT, "--records", str(archive), code=124).stderr


def test_time_limit_counts_database_time_only(cli, archive: Path) -> None:
    rows = cli.json("sql", "select x from (" + ENDLESS + ") limit 3000", "--timeout", "30", "--records", str(archive))
    assert [r["x"] for r in rows] == list(range(1, 3001))


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
@pytest.mark.skipif(sys.platform == "win32", reason="select on pipes")
def test_ctrl_c_stops_a_running_query(archive: Path, isolated_env: Path) -> None:
    # Two rows come out at once, then the scan runs on without end and without output: the first
    # row says the query is running (not the start-up or the cache build), however loaded the
    # machine. (Python's sqlite3 hands a row over once the next is fetched, hence two.)
    busy = ENDLESS.replace("select x from c", "select x from c where x <= 2")
    proc = start(archive, isolated_env, busy, "--timeout", "0", "--format", "ndjson")
    try:
        assert first_line(proc) == b'{"x":1}'
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=5)  # the issue asks for "within a second"; bounded, not timed
    finally:
        proc.kill()
    assert proc.returncode == 130, stderr
    assert b"Traceback" not in stderr


@pytest.mark.skipif(sys.platform == "win32", reason="select on pipes")
@pytest.mark.parametrize("fmt", ["ndjson", "csv", "table", "json"])
def test_rows_stream_and_a_closed_pipe_ends_the_query(archive: Path, isolated_env: Path, fmt: str) -> None:
    proc = start(archive, isolated_env, ENDLESS, "--timeout", "0", "--format", fmt)
    try:
        line = first_line(proc)
        assert line.replace(b" ", b"").startswith((b"x", b'{"x":1}', b'[{"x":1}', b"[")), line
        assert proc.stdout is not None
        proc.stdout.close()  # as `| head` does
        _, stderr = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, stderr
    assert stderr == b""


def test_streamed_output_matches_whole_output(cli, archive: Path) -> None:
    query = "select x, x * 2 as y, 'a\"b' as z from (" + ENDLESS + ") limit 2500"
    rows = [{"x": x, "y": 2 * x, "z": 'a"b'} for x in range(1, 2501)]
    assert cli.json("sql", query, "--records", str(archive)) == rows
    ndjson = cli("sql", query, "--format", "ndjson", "--records", str(archive)).stdout
    assert [json.loads(line) for line in ndjson.splitlines()] == rows
    table = cli("sql", query, "--records", str(archive)).stdout
    assert table.count("\n") >= 2500 and "2500" in table
    assert cli("sql", "select 1 where 0", "--json", "--records", str(archive)).stdout == "[]\n"


@pytest.mark.parametrize(
    "query",
    [
        "select fts3_tokenizer('simple', x'0000000000000000')",
        "select load_extension('/tmp/x')",
        "select sqlite_offset(id) from events",
        "pragma writable_schema = 1",
        "pragma user_version = 3",
        "pragma journal_mode = delete",
        "delete from events",
        "attach database ':memory:' as other",
    ],
)
def test_refused(cli, archive: Path, query: str) -> None:
    result = cli("sql", query, "--records", str(archive), code=2)
    assert result.stderr.startswith("forumctl: error: sql: ") and result.stderr.count("\n") == 1
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pragma table_info(events)", "start"),
        ("select name from pragma_table_info('events')", "start"),
        ("pragma index_list(events)", "idx_events_start"),
        ("pragma user_version", "user_version"),
        ("select abs(-2) as a, upper('x') as u, json_extract('{\"k\": 1}', '$.k') as j", '"j":1'),
        ("select count(*) as n from json_each('[1,2]')", '"n":2'),
    ],
)
def test_allowed(cli, archive: Path, query: str, expected: str) -> None:
    out = cli("sql", query, "--format", "ndjson", "--records", str(archive)).stdout
    assert expected in out.replace(": ", ":"), out


@pytest.mark.parametrize("fmt", ["json", "ndjson", "csv", "tsv", "yaml", "table"])
def test_streamed_rows_render_the_same_bytes_as_a_list(archive: Path, fmt: str) -> None:
    query = "select id, start, edition, title from events order by id"
    whole, streamed = io.StringIO(), io.StringIO()
    render(list(api.sql(query, str(archive))), "sql", fmt, whole)
    render(api.sql(query, str(archive)), "sql", fmt, streamed)
    assert streamed.getvalue() == whole.getvalue() and "forum-2021" in whole.getvalue()


def test_two_columns_of_one_name_are_refused_not_merged(cli, archive: Path) -> None:
    """A row is a mapping of column names: the second `id` used to replace the first, in every format."""
    query = "select e.id, e.start, e.id from events e"
    for fmt in ("json", "csv", "table"):
        result = cli("sql", query, "--format", fmt, "--records", str(archive), code=2)
        assert "more than one column is named 'id'" in result.stderr and result.stdout == ""
    assert cli.json("sql", "select e.id as a, e.id as b from events e limit 1", "--records", str(archive))[0].keys() \
        == {"a", "b"}  # fmt: skip


def test_infinite_values_are_valid_json(cli, archive: Path) -> None:
    out = cli("sql", "select 1e308 * 10 as up, -1e308 * 10 as down", "--json", "--records", str(archive)).stdout
    assert json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} is not JSON")) == [
        {"up": "Infinity", "down": "-Infinity"}
    ]


@pytest.mark.parametrize(("args", "message"), [
    (["", "--json"], "the QUERY is empty"), (["   "], "the QUERY is empty"),
    ([";"], "holds no statement"), (["/* only a comment */"], "holds no statement"),
    (["select :a", "-p", "a"], "--param takes NAME=VALUE"), (["select :a", "-p", "=x"], "--param takes NAME=VALUE"),
])  # fmt: skip
def test_an_empty_query_or_a_param_without_a_name_is_a_usage_error(cli, archive: Path, args: list[str],
                                                                    message: str) -> None:  # fmt: skip
    result = cli("sql", *args, "--records", str(archive), code=2)
    assert message in result.stderr and result.stderr.count("\n") == 1 and result.stdout == ""
