"""The loader on fixture records: what it makes of valid files, and how it refuses broken ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from forumctl.errors import ArchiveError, RecordError
from forumctl.recordfiles.archive import load_archive


def events_by_id(root: Path) -> dict[str, dict]:
    return {e["id"]: e for e in load_archive(root).events}


def test_loads_fixture_archive(archive: Path) -> None:
    loaded = load_archive(archive)
    assert [e["id"] for e in loaded.events] == [
        "forum-2021",
        "forum-2022",
        "talk-2022",
        "forum-2024-spring",
        "forum-2024-autumn",
    ]
    assert loaded.registry.default_series() == "forum"


def test_registries_resolve_aliases(archive: Path) -> None:
    e = events_by_id(archive)["forum-2021"]
    chair = e["co_chairs"][0]
    assert (chair["person"], chair["person_id"], chair["person_as_written"]) == ("홍길동", "hong-gildong", "홍길순")
    assert chair["org"] == "중소벤처기업부" and chair["org_as_written"] == "중기부"
    assert e["organizers"] == ["중소벤처기업부"]
    assert e["topics"] == ["딥테크", "비대면"]  # "Deep tech" is an alias of 딥테크
    speaker = e["agenda"][0]["items"][0]["speakers"][0]
    assert (speaker["person"], speaker["person_id"], speaker["org"]) == ("김철수", "김철수", "과학기술정책연구원")


def test_plain_scalars_stay_text(archive: Path) -> None:
    e = events_by_id(archive)["forum-2021"]
    assert e["agenda"][0]["items"][0]["title"] == "no"  # not False
    assert e["sources"][0]["published"] == "2021-05"


def test_end_defaults_to_start(archive: Path) -> None:
    assert events_by_id(archive)["forum-2024-spring"]["end"] == "2024-04-01"


def write_event(archive: Path, body: str, name: str = "forum-2030.yaml") -> Path:
    path = archive / "forum" / name
    path.write_text(body, encoding="utf-8")
    return path


VALID = """\
id: forum-2030
series: forum
kind: forum
title: {ko: 시험}
start: 2030-01-01
sources:
  - url: https://example.org/x
"""


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (VALID.replace("kind: forum", "kind: forum\nspeakrs: []"), 4, "unknown key 'speakrs'"),
        (VALID.replace("start: 2030-01-01", "start: soon"), 5, "start must be a date as YYYY-MM-DD, not 'soon'"),
        (VALID.replace("start: 2030-01-01", "start: 2030-02-30"), 5, "is not a real date"),
        (VALID + "end: 2029-12-31\n", 8, "end 2029-12-31 is before start 2030-01-01"),
        (VALID + "edition: three\n", 8, "edition must be a positive whole number, not 'three'"),
        (VALID.replace("series: forum", "series: nope"), 2, "series 'nope' is not in series.yaml"),
        (VALID.replace("kind: forum", "kind: party"), 3, "kind 'party' is not one of"),
        (VALID + "agenda:\n  - date: 2030-01-02\n    items: [{kind: keynote}]\n", 9, "outside the event"),
        (VALID + "agenda:\n  - date: 2030-01-01\n    items: []\n", 10, "needs at least one item"),
        (VALID + "agenda:\n  - items: [{kind: keynote, speakers: [{role: x}]}]\n", 9, "needs a person or an org"),
        (VALID + "kind: fair\n", 8, "duplicate key 'kind' (first on line 3)"),
        (VALID.replace("sources:\n  - url: https://example.org/x\n", ""), 1, "needs at least one source"),
        (VALID + "notes: &a x\ntheme: *a\n", 8, "anchors and aliases (&name, *name) are not allowed"),
        (VALID + "notes: !!python/object:os.system x\n", 8, "tag 'tag:yaml.org,2002:python/object:os.system'"),
        (VALID + "title: [unclosed\n", 9, "YAML syntax error"),
        ("- just\n- a list\n", 1, "an event must be a mapping"),
    ],
)
def test_broken_event_names_file_and_line(archive: Path, body: str, line: int, message: str) -> None:
    path = write_event(archive, body)
    with pytest.raises(RecordError) as caught:
        load_archive(archive)
    assert caught.value.path == str(path)
    assert caught.value.line == line
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{path}:{line}:")


def test_unknown_key_suggests_the_right_one(archive: Path) -> None:
    write_event(archive, VALID.replace("title:", "titel:"))
    with pytest.raises(RecordError, match="did you mean 'title'"):
        load_archive(archive)


def test_file_name_must_match_id(archive: Path) -> None:
    write_event(archive, VALID, name="other.yaml")
    with pytest.raises(RecordError, match=r"does not match the file name .other\.yaml."):
        load_archive(archive)


def test_duplicate_id_across_files(archive: Path) -> None:
    write_event(archive, VALID.replace("forum-2030", "forum-2021"), name="forum-2021.yaml")
    (archive / "talks" / "forum-2021.yaml").write_text(
        VALID.replace("forum-2030", "forum-2021").replace("series: forum", "series: talks"), encoding="utf-8"
    )
    with pytest.raises(RecordError, match="also used by"):
        load_archive(archive)


def test_empty_event_file(archive: Path) -> None:
    write_event(archive, "")
    with pytest.raises(RecordError, match="must be a mapping"):
        load_archive(archive)


def test_cp949_file_is_named_not_garbled(archive: Path) -> None:
    path = archive / "forum" / "forum-2030.yaml"
    path.write_bytes(VALID.replace("시험", "한글 제목").encode("cp949"))
    with pytest.raises(RecordError, match="EUC-KR/CP949"):
        load_archive(archive)


def test_bom_and_nfd_are_accepted(archive: Path) -> None:
    import unicodedata

    path = write_event(archive, "")
    path.write_bytes(b"\xef\xbb\xbf" + unicodedata.normalize("NFD", VALID.replace("시험", "한글")).encode())
    title = events_by_id(archive)["forum-2030"]["title"]["ko"]
    assert title == unicodedata.normalize("NFC", "한글")


def test_missing_and_empty_folders(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="does not exist"):
        load_archive(tmp_path / "nowhere")
    (tmp_path / "series.yaml").write_text("- {id: s, name: S, default: true}\n", encoding="utf-8")
    with pytest.raises(ArchiveError, match="no event records"):
        load_archive(tmp_path)


def test_ambiguous_person_name_must_use_id(archive: Path) -> None:
    with (archive / "people.yaml").open("a", encoding="utf-8") as f:
        f.write("- {id: hong-2, name: 홍길동}\n")
    with pytest.raises(RecordError, match=r"names several people .*write the id"):
        load_archive(archive)
