"""`forumctl diff` and `forumctl themes`: how the forum's themes moved across editions."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

from forumctl.questions.themes import shared_words
from forumctl.recordfiles.discovery import default_records_dir

SNAPSHOTS = Path(__file__).parent / "snapshots"
NAMESAKES = Path(__file__).parent / "fixtures" / "namesakes"


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "records"
    shutil.copytree(default_records_dir(), dest)
    return dest


def test_2020_to_2023_committees(cli) -> None:
    d = cli.json("diff", "1st", "3rd")
    assert d["committees"] == {
        "a": ["미래유망기술", "기업생태계", "사회 현안 이슈", "글로벌화"],
        "b": ["AI", "탄소중립", "바이오", "반도체", "글로벌 연계·정책"],
        "added": ["AI", "탄소중립", "바이오", "반도체", "글로벌 연계·정책"],
        "removed": ["미래유망기술", "기업생태계", "사회 현안 이슈", "글로벌화"],
        "kept": [],
    }
    assert d["not_recorded"] == {"a": [], "b": []}
    assert (d["a"]["id"], d["b"]["id"]) == ("inf-2020", "inf-2023")
    assert d["themes"] == {"a": {"ko": "스마트 대한민국 실현", "en": None},
                           "b": {"ko": "Next Challenge, 글로벌 딥테크 육성을 위한 스케일업 전략", "en": None},
                           "shared_words": []}  # fmt: skip
    # the speakers' organisations: 중기부 and 대통령비서실, 기정원, 뷰노, STEPI, KAIST (신성철's speech)
    assert d["sectors"]["a"] == {"government": 2, "agency": 1, "company": 1, "research-institute": 1, "university": 1}
    assert d["recurring_people"] == []


def test_diff_json_keys(cli) -> None:
    d = cli.json("diff", "2023", "2025")
    assert set(d) == {"a", "b", "not_recorded", "topics", "committees", "themes", "sectors", "recurring_people"}
    assert set(d["a"]) == {"id", "series", "edition", "kind", "title", "start", "end"}
    assert set(d["topics"]) == set(d["committees"]) == {"a", "b", "added", "removed", "kept"}
    assert set(d["themes"]) == {"a", "b", "shared_words"} and set(d["sectors"]) == {"a", "b"}
    assert d["themes"]["shared_words"] == ["글로벌", "딥테크"]
    assert d["topics"]["kept"] == ["딥테크", "글로벌 공동R&D"]


def test_one_key_diffs_against_previous_edition(cli) -> None:
    d = cli.json("diff", "2025")
    assert (d["a"]["id"], d["b"]["id"]) == ("inf-2024", "inf-2025")
    # a forum is compared with the forum before it, past the summer conference and the plenary meeting
    assert cli.json("diff", "3rd", "--stat")["a"]["id"] == "inf-2022"
    assert cli.json("diff", "2nd", "--stat")["a"]["id"] == "inf-2020"
    # an event with no earlier one of its kind is compared with the event before it
    assert cli.json("diff", "inf-2022-summer", "--stat")["a"]["id"] == "inf-2022"
    assert cli.json("diff", "inf-2020-12-plenary", "--stat")["a"]["id"] == "inf-2020"
    assert "first event" in cli("diff", "1st", code=1).stderr


def test_2025_committees_are_unknown_not_dropped(cli) -> None:
    """The 2025 forum's sources name no 분과: its committees are not recorded, so nothing was dropped."""
    d = cli.json("diff", "2025")
    assert d["not_recorded"] == {"a": [], "b": ["committees"]}
    assert d["committees"] == {"a": ["AI", "탄소중립", "바이오", "반도체", "글로벌 연계·정책"], "b": None,
                               "added": None, "removed": None, "kept": None}  # fmt: skip
    assert cli.json("diff", "2025", "--stat")["counts"]["committees"] == {"added": None, "removed": None, "kept": None}
    out = cli("diff", "2025").stdout
    assert "Committees: not recorded for B (inf-2025), so what changed is unknown" in out
    assert "committees  not recorded for B" in cli("diff", "2025", "--stat").stdout


def test_stat(cli) -> None:
    s = cli.json("diff", "1st", "3rd", "--stat")
    assert s["counts"]["committees"] == {"added": 5, "removed": 4, "kept": 0}
    assert (s["a"]["id"], s["b"]["id"]) == ("inf-2020", "inf-2023")
    out = cli("diff", "1st", "3rd", "--stat").stdout
    assert "committees  +5 -4 =0" in out


def test_diff_table_marks_shared_words(cli) -> None:
    out = cli("diff", "2023", "2025").stdout
    assert "[글로벌] [딥테크] 육성을" in out and "Spoke at both: none" in out
    assert "only in A (dropped)" in out


def test_renaming_a_topic_to_its_alias_changes_nothing(cli, bundled_copy: Path) -> None:
    before = cli.json("diff", "2023", "2025", "--records", str(bundled_copy))
    path = bundled_copy / "innovation-network-forum" / "inf-2023.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("topics: [딥테크, 스케일업, R&D 구조개편,", "topics: [Deep tech, Scale-up, R&D 구조개편 방안,")
    path.write_text(text, encoding="utf-8")
    assert cli.json("diff", "2023", "2025", "--records", str(bundled_copy)) == before


def test_spacing_separators_and_case_do_not_make_a_theme_new(cli, bundled_copy: Path) -> None:
    path = bundled_copy / "innovation-network-forum" / "inf-2025.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "linked_to:", "committees: [ai, 글로벌 연계 / 정책, 탄소 중립]\nlinked_to:"
    )
    path.write_text(text, encoding="utf-8")
    d = cli.json("diff", "2023", "2025", "--records", str(bundled_copy))
    # ai and 탄소 중립 are the topics.yaml names AI and 탄소중립; 글로벌 연계 / 정책 differs only in separators
    assert d["committees"]["kept"] == ["AI", "글로벌 연계 / 정책", "탄소중립"]
    assert d["committees"]["removed"] == ["바이오", "반도체"] and d["committees"]["added"] == []


def test_recurring_people(cli) -> None:
    d = cli.json("diff", "2021", "2022", "--records", str(NAMESAKES))
    assert d["recurring_people"] == [{"id": "kim-hyunjun-vuno", "name": "김현준"}]


def snapshot(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} changed; UPDATE_SNAPSHOTS=1 pytest to accept"


def test_themes_snapshot_table(cli) -> None:
    snapshot("themes.txt", cli("themes").stdout)


def test_themes_snapshot_json(cli) -> None:
    data = cli.json("themes")
    assert set(data) == {"series", "events", "topics", "committees"}
    snapshot("themes.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def test_themes_long_running_first_and_since(cli) -> None:
    data = cli.json("themes")
    assert [t["name"] for t in data["topics"][:2]] == ["4차 산업혁명", "글로벌 공동R&D"]  # in three editions each
    counts = [len(t["event_ids"]) for t in data["topics"]]
    assert counts == sorted(counts, reverse=True) and counts[2] == 2 and counts[-1] == 1
    assert [e["label"] for e in data["events"]] == [
        "2020-07",
        "2020-12",
        "2022-01",
        "2022-08",
        "2023",
        "2024",
        "2025",
    ]
    since = cli.json("themes", "--since", "2023")
    assert [e["id"] for e in since["events"]] == ["inf-2023", "inf-2024", "inf-2025"]
    assert all(set(t["event_ids"]) <= {"inf-2023", "inf-2024", "inf-2025"} for t in since["topics"])


def test_themes_same_year_editions_are_labelled_by_month(cli, archive: Path) -> None:
    data = cli.json("themes", "--records", str(archive))
    assert [e["label"] for e in data["events"]] == ["2021", "2022", "2024-04", "2024-10"]
    path = archive / "forum" / "forum-2024-autumn.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("2024-10-01", "2024-04-15"), encoding="utf-8")
    data = cli.json("themes", "--records", str(archive))  # in the same month: the dates
    assert [e["label"] for e in data["events"]] == ["2021", "2022", "2024-04-01", "2024-04-15"]


def test_themes_marks_committees_over_the_forum_with_unknowns(cli) -> None:
    data = cli.json("themes")
    unknown = [e["id"] for e in data["events"] if "committees" in e["not_recorded"]]
    assert unknown == ["inf-2020-12-plenary", "inf-2022-summer", "inf-2025"]
    rows = {c["name"]: c["event_ids"] for c in data["committees"]}
    assert rows["AI"] == rows["탄소중립"] == ["inf-2022", "inf-2023", "inf-2024"]
    assert rows["글로벌화"] == ["inf-2020"] and rows["메타버스"] == ["inf-2022"]
    assert rows["반도체"] == ["inf-2023", "inf-2024"]
    out = cli("themes").stdout
    assert "? committees not recorded for 2020-12, 2022-08, 2025" in out


def test_shared_words_ignore_punctuation() -> None:
    assert shared_words("Next Challenge, 글로벌 딥테크", "딥테크: 글로벌!") == ["글로벌", "딥테크"]


def test_themes_json_is_written_as_stored_and_matches_the_live_answer(cli, archive: Path) -> None:
    """`themes --json` writes the matrix the store keeps without encoding it again: the text must be
    exactly the compact encoding of the answer computed now (`--since 1`), also after an in-place edit."""

    def both() -> tuple[str, str]:
        stored = cli("themes", "--json", "--records", str(archive)).stdout
        live = cli.json("themes", "--since", "1", "--records", str(archive))
        return stored, json.dumps(live, ensure_ascii=False, separators=(",", ":")) + "\n"

    stored, live = both()
    assert stored == live
    path = archive / "forum" / "forum-2024-autumn.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("2024-10-01", "2024-04-15"), encoding="utf-8")
    stored, live = both()
    assert stored == live and "2024-04-15" in stored
    assert cli.json("themes", "--fields", "series", "--records", str(archive)) == {"series": json.loads(live)["series"]}


def test_stored_answers_are_written_as_they_are_and_read_the_same_every_other_way(cli) -> None:
    # `list` and `themes` without filters are kept ready as compact JSON (questions/stored.py): into
    # a pipe that text is written unparsed; every other output parses it; the answers agree.
    from forumctl import api
    from forumctl.questions.stored import JsonText

    for command, plain, text in (
        (["list", "--all"], api.list_events(every_series=True), api.list_events(every_series=True, as_text=True)),
        (["themes"], api.themes(), api.themes(as_text=True)),
    ):
        assert isinstance(text, JsonText) and not isinstance(plain, JsonText)
        assert text.load() == plain
        assert cli(*command, "--json").stdout == json.dumps(plain, ensure_ascii=False, separators=(",", ":")) + "\n"
        assert yaml.safe_load(cli(*command, "-f", "yaml").stdout) == plain
        first = next(iter(plain[0] if isinstance(plain, list) else plain))
        picked = json.loads(cli(*command, "--json", "--fields", first).stdout)
        assert picked == ([{first: e[first]} for e in plain] if isinstance(plain, list) else {first: plain[first]})
    assert not isinstance(api.list_events(year="2020..2025", as_text=True), JsonText)  # not kept ready: plain data
