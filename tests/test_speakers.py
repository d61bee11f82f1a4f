"""`forumctl speakers` and `forumctl person`: Korean name search against the bundled records."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from forumctl.questions.people import parse_years
from forumctl.text.names import choseong, matches_pattern

NAMESAKES = Path(__file__).parent / "fixtures" / "namesakes"


def names(cli, *args: str) -> list[str]:
    return [p["name"] for p in cli.json("speakers", *args)]


@pytest.mark.parametrize(
    ("query", "expected", "how"),
    [
        ("신성철", "신성철", "name"),
        ("신상철", "신성철", "alias"),  # the misspelling in the 2020 source
        ("Shin Sung-chul", "신성철", "en"),
        ("shin sungchul", "신성철", "en"),
        ("SHIN-SUNG-CHUL", "신성철", "en"),
        ("현준", "김현준", "part of name"),
        ("성숙", "한성숙", "part of name"),
        ("ㄱㅎㅈ", "김현준", "initials"),
        ("ㅎㅅㅅ", "한성숙", "initials"),
        ("김ㅎㅈ", "김현준", "initials"),
        ("뷰노", "김현준", "organisation"),
        ("탄소중립", "박찬수", "talk"),
        ("DX를 리드", "김동호", "talk"),
    ],
)
def test_queries_find_people(cli, query: str, expected: str, how: str) -> None:
    found = cli.json("speakers", query)
    assert found, query
    assert found[0]["name"] == expected and found[0]["match"] == how


def test_nfd_query_finds_composed_data(cli) -> None:
    assert names(cli, unicodedata.normalize("NFD", "한성숙")) == ["한성숙"]
    assert names(cli, unicodedata.normalize("NFD", "성숙")) == ["한성숙"]


def test_conjoining_jamo_query_is_initials(cli) -> None:
    assert names(cli, "\u1100\u1112\u110c") == ["김현준"]  # ᄀᄒᄌ as conjoining jamo


def test_exact_ranks_before_substring_before_count(cli, archive: Path) -> None:
    path = archive / "forum" / "forum-2021.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("person: 김철수", "person: 홍길"), encoding="utf-8")
    found = cli.json("speakers", "홍길", "--records", str(archive))
    assert [(p["name"], p["match"], p["appearance_count"]) for p in found] == [
        ("홍길", "name", 1),  # the whole name, though it has fewer appearances
        ("홍길동", "part of name", 2),
    ]


def test_org_filter_by_alias(cli) -> None:
    stepi = cli.json("speakers", "--org", "STEPI")
    assert [p["name"] for p in stepi] == ["박찬수", "이정원", "김선우", "윤지웅", "조황희"]
    assert {a["org"] for p in stepi for a in p["appearances"]} == {"과학기술정책연구원"}
    assert names(cli, "--org", "STEPI", "--role", "speaker") == ["박찬수", "이정원", "김선우", "윤지웅"]
    assert names(cli, "--org", "STEPI", "--role", "attendee") == ["조황희"]


def test_ministry_people_with_titles_they_held(cli) -> None:
    people = {p["name"]: p for p in cli.json("speakers", "--org", "중소벤처기업부")}
    assert set(people) == {"박영선", "한성숙", "오기웅", "노용석", "차정훈", "권칠승", "조주현", "오영주", "윤세명",
                           "이영", "이창연"}  # fmt: skip
    held = {(name, a["role"], a["event"]["id"]) for name, p in people.items() for a in p["appearances"]}
    assert {
        ("박영선", "장관", "inf-2020"),
        ("오기웅", "차관", "inf-2023"),
        ("한성숙", "장관", "inf-2025"),
        ("노용석", "중소기업정책실장", "rt-2025-05-13"),
        ("차정훈", "창업벤처혁신실장", "inf-2020"),
        ("권칠승", "장관", "inf-2022"),
        ("조주현", "차관", "inf-2022-summer"),
        ("오영주", "장관", "inf-2024"),
        ("이영", "장관", "fair-2022"),
    } <= held
    # 차정훈 spoke at the summer conference as a former NVIDIA executive: not a ministry appearance
    assert ("차정훈", "전 상무", "inf-2022-summer") not in held
    out = cli("speakers", "--org", "중기부").stdout
    assert "오기웅" in out and "차관, 중소벤처기업부" in out


def test_filters(cli) -> None:
    assert set(names(cli, "--kind", "keynote")) == {"김정빈", "류중희", "박성진", "박진호", "배현민"}
    assert set(names(cli, "--role", "chair")) == {"박영선", "신성철", "권칠승", "이광형", "오영주"}
    assert "김근호" in names(cli, "--role", "awardee")
    assert set(names(cli, "--year", "2023", "--series", "innovation-network-forum")) == {
        "김정빈", "박찬수", "전하진", "오기웅", "김동호", "고종성",
    }  # fmt: skip
    assert {"임병훈", "최명화", "김좌진"} <= set(names(cli, "--year", "2023"))  # the 2023 fair too
    assert "신성철" in names(cli, "--year", "2020..2023") and "한성숙" not in names(cli, "--year", "2020..2023")
    assert names(cli, "--series", "regional-innovation-roundtable", "--role", "speaker") == [
        "김상신",
        "노용석",
        "정종석",
    ]


def test_no_query_lists_everyone_most_appearances_first(cli) -> None:
    people = cli.json("speakers")
    counts = [p["appearance_count"] for p in people]
    assert counts == sorted(counts, reverse=True) and len(people) == 85


def test_no_match_is_empty_success(cli) -> None:
    result = cli("speakers", "없는사람")
    assert result.stdout == "" and "nothing matched" in result.stderr
    assert cli.json("speakers", "없는사람") == []
    # an organisation the archive does not know is a mistyped option value, not an empty search
    assert "did you mean '중소벤처기업부'" in cli("speakers", "--org", "중소벤처기업뷰", code=2).stderr


def test_json_keys(cli) -> None:
    person = cli.json("speakers", "김정빈")[0]
    assert set(person) == {"id", "name", "en", "aliases", "registered", "match", "appearance_count", "event_count",
                           "appearances"}  # fmt: skip
    appearance = person["appearances"][0]
    assert set(appearance) == {"person_id", "person", "person_as_written", "role", "org", "org_as_written",
                               "role_kind", "date", "event", "item"}  # fmt: skip
    assert set(appearance["event"]) == {"id", "series", "edition", "kind", "title", "start", "end"}
    assert set(appearance["item"]) == {"kind", "title", "time", "summary"}


def test_two_people_sharing_a_name(cli) -> None:
    found = cli.json("speakers", "김현준", "--records", str(NAMESAKES))
    assert sorted(p["id"] for p in found) == ["kim-hyunjun-kist", "kim-hyunjun-vuno"]
    assert found[0]["id"] == "kim-hyunjun-vuno"  # more appearances first
    result = cli("person", "김현준", "--records", str(NAMESAKES), code=2)
    assert "names 2 people" in result.stderr
    assert "kim-hyunjun-kist" in result.stderr and "kim-hyunjun-vuno" in result.stderr
    page = cli.json("person", "kim-hyunjun-vuno", "--records", str(NAMESAKES))
    assert [a["event"]["id"] for a in page["appearances"]] == ["forum-2021", "forum-2022"]
    assert page["co_speakers"] == [
        {"id": "kim-hyunjun-kist", "name": "김현준", "event_ids": ["forum-2021"]},
        {"id": "박민수", "name": "박민수", "event_ids": ["forum-2022"]},
    ]
    assert cli.json("person", "Kim Hyun-jun", "--records", str(NAMESAKES))["id"] == "kim-hyunjun-vuno"


def test_person_page(cli) -> None:
    page = cli.json("person", "신상철")
    assert (page["id"], page["name"], page["en"], page["aliases"]) == (
        "shin-sung-chul",
        "신성철",
        "Shin Sung-chul",
        ["신상철"],
    )
    assert [(a["event"]["id"], a["role_kind"], a["role"], a["org"]) for a in page["appearances"]] == [
        ("inf-2020", "chair", "총장", "한국과학기술원"),
        ("inf-2020", "speaker", "총장", "한국과학기술원"),  # co-chair, and a speech (the KAIST pages)
    ]
    assert {c["name"] for c in page["co_speakers"]} == {"이재홍", "이정동", "김현준", "박영선", "이정원"}
    out = cli("person", "ㅎㅅㅅ").stdout
    assert "한성숙" in out and "han-seong-sook" in out and "fair-2025" in out


def test_person_not_found_and_ambiguous_substring(cli) -> None:
    assert "no person named" in cli("person", "없는사람", code=1).stderr
    assert "names 2 people" in cli("person", "김상", code=2).stderr  # 김상선 and 김상신


def test_bad_options_are_usage_errors(cli) -> None:
    assert "role 'boss'" in cli("speakers", "--role", "boss", code=2).stderr
    assert "must be YYYY" in cli("speakers", "--year", "20x0", code=2).stderr


def test_choseong_helpers() -> None:
    assert choseong("김현준") == "ㄱㅎㅈ" and choseong("AI 김") == "AI ㄱ"
    assert (
        matches_pattern("김현준", "ㅎㅈ")
        and matches_pattern("김현준", "김ㅎ")
        and not matches_pattern("김현준", "ㅈㅎ")
    )
    assert parse_years("2020..2023") == ("2020-01-01", "2023-12-31")
    assert parse_years("2021") == ("2021-01-01", "2021-12-31")
    assert parse_years("..2021") == ("0001-01-01", "2021-12-31")
