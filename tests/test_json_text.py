"""The pages put together from JSON texts that SQLite writes (`org`, `person`, `speakers`:
questions/appearances.py and stored.py) are the very bytes compact_json writes for the same data,
so `--json` into a pipe is the same whichever way an answer is made: on the fixture and bundled
archives, and with text no record may hold (every control character, quotes, backslashes, line and
paragraph separators, characters beyond the BMP) written into a database directly."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from forumctl import api
from forumctl.questions.orgs import org_page
from forumctl.questions.people import person_page, search_speakers
from forumctl.questions.stored import JsonText, json_array_text, json_object_text
from forumctl.recordfiles.discovery import default_records_dir
from forumctl.text.compact import compact_json

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = "".join(map(chr, range(32))) + '"\\/\x7f\x9b\u2028\u2029\u202e\ufeff\U0001f600 한글 é'


def _texts(conn: sqlite3.Connection) -> list[JsonText]:
    """Every organisation's and person's page, and several speaker searches, as JSON text."""
    orgs = [name for (name,) in conn.execute("select name from orgs")]
    people = [pid for (pid,) in conn.execute("select id from people")]
    texts = [org_page(conn, name, as_text=True) for name in orgs]
    texts += [person_page(conn, pid, as_text=True) for pid in people]
    texts += [search_speakers(conn, query, as_text=True) for query in (None, "ㄱ", "김", "zz-nobody")]
    texts.append(search_speakers(conn, None, role="speaker", min_events=1, as_text=True))
    return texts


def _check(conn: sqlite3.Connection) -> list[Any]:
    texts = _texts(conn)
    for text in texts:
        assert isinstance(text, JsonText)
        assert compact_json(text.load()) == str(text)
    return [text.load() for text in texts]


@pytest.mark.parametrize("records", [FIXTURES / "basic", FIXTURES / "namesakes", FIXTURES / "unknown", None])
def test_pages_made_of_sqlite_json_are_compact_json(records: Path | None, tmp_path: Path) -> None:
    store = api.connect(str(records or default_records_dir()), str(tmp_path / "forum.db"))
    loaded = _check(store.conn)
    assert sum(len(page.get("talks", ())) for page in loaded if isinstance(page, dict)) > 0


def test_text_no_record_may_hold_is_encoded_as_compact_json(tmp_path: Path) -> None:
    db = tmp_path / "forum.db"
    api.connect(str(FIXTURES / "basic"), str(db)).conn.close()
    with sqlite3.connect(db) as conn:  # as a database from elsewhere could hold it
        conn.execute("update appearances set person_as_written = ?, org_as_written = ?, role = ?", [HOSTILE] * 3)
        conn.execute("update agenda_items set title = ?, time = ?, summary = ?", [HOSTILE] * 3)
        conn.execute("update events set title = ? || id, title_en = null, series = ?", [HOSTILE, HOSTILE])
        conn.execute("update people set name = ? || id", [HOSTILE])
        conn.execute("update events set title_en = title where rowid = 1")  # its Korean title from its document
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    loaded = _check(conn)
    talks = [talk for page in loaded if isinstance(page, dict) for talk in page.get("talks", ())]
    assert talks and all(t["org_as_written"] == HOSTILE and t["event"]["series"] == HOSTILE for t in talks)
    assert any(t["item"] and t["item"]["summary"] == HOSTILE for t in talks)


def test_pages_as_data_are_the_texts_loaded(tmp_path: Path) -> None:
    conn = api.connect(str(FIXTURES / "basic"), str(tmp_path / "forum.db")).conn
    name = conn.execute("select org from appearances where org is not null limit 1").fetchone()[0]
    assert org_page(conn, name) == org_page(conn, name, as_text=True).load()
    assert search_speakers(conn, None) == search_speakers(conn, None, as_text=True).load()
    assert search_speakers(conn, "zz-nobody") == [] and str(search_speakers(conn, "zz-nobody", as_text=True)) == "[]"


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"a": 1},
        {"a": "x", "b": [1, {"c": None}]},
        {"t": "TEXT"},
        {"t": "TEXT", "u": "TEXT"},
        {"a": 1, "t": "TEXT"},
        {"t": "TEXT", "a": 1},
        {"a": 1, "t": "TEXT", "b": True, "c": "é", "u": "TEXT", "d": None},
    ],
)
def test_objects_and_arrays_of_texts_are_compact_json(fields: dict[str, Any]) -> None:
    inner = json_array_text([compact_json({"k": "한글"}), json_object_text({"n": 2, "s": JsonText("[]")})])
    made = json_object_text({k: inner if v == "TEXT" else v for k, v in fields.items()})
    data = {k: [{"k": "한글"}, {"n": 2, "s": []}] if v == "TEXT" else v for k, v in fields.items()}
    assert str(made) == compact_json(data) and made.load() == data
    assert str(json_array_text([])) == "[]" and str(json_array_text([made, made])) == compact_json([data, data])


# Pages of the bundled archive whose bytes were written by the implementation before the pages
# were made of SQLite's JSON (46caa6e): key order, sorting and values stay as they were.
# (The bundled records change as the archive grows: UPDATE_SNAPSHOTS=1 pytest accepts the new pages.)
PAGES = [
    ["org", "중소벤처기업부"], ["org", "이노비즈협회"], ["org", "중소기업기술정보진흥원"],
    ["org", "STEPI"], ["org", "KAIST"],
    ["person", "오영주"], ["person", "신성철"],
    ["speakers", "ㄱㅎㅈ"], ["speakers", "장관"], ["speakers", "--min-events", "2"], ["speakers", "--role", "chair"],
    ["speakers", "STEPI"],
]  # fmt: skip


def test_bundled_pages_are_as_they_were(cli) -> None:
    from test_themes import snapshot

    pages = {}
    for words in PAGES:
        result = cli(*words, "--json")
        pages[" ".join(words)] = {"exit": result.exit_code, "stdout": result.stdout}
    snapshot("pages.json", json.dumps(pages, ensure_ascii=False, indent=1) + "\n")
