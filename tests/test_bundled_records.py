"""The bundled archive says what the source articles say (shared/seeds), and nothing else."""

from __future__ import annotations

from typing import Any

import pytest

from forumctl import api


@pytest.fixture(scope="module")
def docs() -> dict[str, dict[str, Any]]:
    return {e["id"]: api.show_event(e["id"]) for e in api.list_events(every_series=True)}


def speakers(doc: dict[str, Any]) -> list[tuple[str | None, str, str | None, str | None, str | None]]:
    return [
        (day["date"], item["kind"], item["title"], a["person"], a["org"])
        for day in doc["agenda"]
        for item in day["items"]
        for a in item["speakers"]
    ]


def test_the_default_series_lists_the_forum_in_order() -> None:
    rows = api.list_events()
    assert [(r["id"], r["edition"], r["start"]) for r in rows] == [
        ("inf-2020", 1, "2020-07-02"),
        ("inf-2020-12-plenary", None, "2020-12-22"),  # the 총괄 회의, known from the ministry's timeline
        ("inf-2022", 2, "2022-01-26"),
        ("inf-2022-summer", None, "2022-08-30"),  # the summer conference was not numbered
        ("inf-2023", 3, "2023-08-24"),
        ("inf-2024", None, "2024-08-13"),  # branded by year, no ordinal
        ("inf-2025", None, "2025-09-03"),  # the 2025 release gives no ordinal
    ]


FORUM = ("inf-2020", "inf-2020-12-plenary", "inf-2022", "inf-2022-summer", "inf-2023", "inf-2024", "inf-2025")


def test_every_series_has_its_event(docs) -> None:
    assert {d["id"]: d["series"] for d in docs.values()} == {
        **{i: "innovation-network-forum" for i in FORUM},
        **{f"fair-{year}": "tech-management-innovation-fair" for year in range(2020, 2026)},
        **{i: "sme-rnd-roundtable" for i in ("rdrt-2024-01", "rdrt-2024-02", "rdrt-2024-04")},
        "stepi-459": "stepi-policy-forum",
        "rt-2025-05-13": "regional-innovation-roundtable",
    }
    assert all(d["sources"] for d in docs.values())


def test_2020_launch(docs) -> None:
    d = docs["inf-2020"]
    assert d["venues"][0]["name"] == "웨스틴조선호텔" and d["theme"]["ko"] == "스마트 대한민국 실현"
    assert [(c["person"], c["org"]) for c in d["co_chairs"]] == [
        ("박영선", "중소벤처기업부"),
        ("신성철", "한국과학기술원"),
    ]
    assert d["committees"] == ["미래유망기술", "기업생태계", "사회 현안 이슈", "글로벌화"]
    assert ("이정동", "대통령비서실") in [(s[3], s[4]) for s in speakers(d)]
    attendees = {a["person"]: (a["role"], a["org"]) for a in d["attendees"]}
    assert attendees["조황희"] == ("원장", "과학기술정책연구원")
    assert "김현준" not in attendees  # a speaker, not only someone in the photo
    assert "이정원" not in attendees  # on the panel (산학신문), so a speaker now
    assert ("2020-07-02", "discussion", "스마트 대한민국 실현", "이정원", "과학기술정책연구원") in speakers(d)


def test_2023_keynote_and_special_lecture(docs) -> None:
    d = docs["inf-2023"]
    assert ("2023-08-24", "keynote", None, "김정빈", "수퍼빈") in speakers(d)
    keynote = d["agenda"][0]["items"][0]["speakers"][0]
    assert keynote["role"] == "대표"
    assert (
        "2023-08-25",
        "special-lecture",
        "개인사업자 맞춤형 서비스로 DX를 리드한다",
        "김동호",
        "한국신용데이터",
    ) in speakers(d)
    assert d["committees"] == ["AI", "탄소중립", "바이오", "반도체", "글로벌 연계·정책"]
    assert d["outcomes"][0]["text"] == "중소기업 R&D 구조개편 방안 발표"


def test_2025_forum(docs) -> None:
    d = docs["inf-2025"]
    assert d["edition"] is None and d["linked_to"] == ["APEC 중소기업 장관회의"]
    case_orgs = [s[4] for s in speakers(d) if s[1] == "case-study"]
    assert case_orgs == ["프라운호퍼", "퍼듀대학교", "슈타인바이스 재단"]
    mou = next(o for o in d["outcomes"] if o["kind"] == "mou")
    assert mou["parties"] == ["중소기업기술정보진흥원", "프라운호퍼"]
    budget = next(o for o in d["outcomes"] if o["kind"] == "budget")
    assert budget["amount"] == {"value": 2_195_500_000_000, "unit": "KRW"}


def test_2025_show_table_names_apec_case_studies_and_mou(cli) -> None:
    out = cli("show", "2025").stdout
    for expected in (
        "APEC 중소기업 장관회의",
        "프라운호퍼",
        "퍼듀대학교",
        "슈타인바이스 재단",
        "case study",
        "[mou]",
        "중소기업기술정보진흥원, 프라운호퍼",
    ):
        assert expected in out, expected


def test_fair_awards_and_kaist_alias(docs) -> None:
    awards = [
        (o["text"].split(" —")[0], o["recipients"][0]["person"])
        for o in docs["fair-2025"]["outcomes"]
        if o["kind"] == "award"
    ]
    assert awards == [("은탑산업훈장", "김근호"), ("은탑산업훈장", "박찬화"), ("동탑산업훈장", "함일한")]
    assert docs["fair-2025"]["edition"] == 26


def outcome(doc: dict[str, Any], text_start: str) -> dict[str, Any]:
    return next(o for o in doc["outcomes"] if o["text"].startswith(text_start))


def award_total(doc: dict[str, Any]) -> int:
    """The amount of the award outcome that counts every decoration (총 N점)."""
    return next(o["amount"]["value"] for o in doc["outcomes"] if o["kind"] == "award" and o["amount"])


def test_2020_plenary_meeting_is_known_only_from_a_timeline(docs) -> None:
    d = docs["inf-2020-12-plenary"]
    assert (d["kind"], d["start"], d["end"], d["edition"]) == ("meeting", "2020-12-22", "2020-12-22", None)
    assert d["not_recorded"] == ["edition", "theme", "venue", "attendance", "topics", "committees", "agenda"]
    assert d["sources"][0]["url"] == "http://ktcb.ktab.kr/home/customer/faq/1356&page=55"


def test_2nd_forum(docs, cli) -> None:
    d = docs["inf-2022"]
    assert (d["edition"], d["start"], d["venues"][0]["name"]) == (2, "2022-01-26", "글래드 호텔")
    assert [c["person"] for c in d["co_chairs"]] == ["권칠승", "이광형"]
    assert ("2022-01-26", "keynote", "문제가 문제다", "류중희", "퓨처플레이") in speakers(d)
    assert d["committees"] == ["AI", "탄소중립", "메타버스", "글로벌 협력", "R&D 평가체계 개선"]
    assert outcome(d, "「2022~2024년 중소기업 기술로드맵」")["amount"] == {"value": 87_900_000_000, "unit": "KRW"}
    assert cli.json("show", "2")["id"] == cli.json("show", "제2회")["id"] == "inf-2022"


def test_2022_summer_conference(docs) -> None:
    d = docs["inf-2022-summer"]
    assert (d["kind"], d["edition"], d["start"], d["end"]) == ("conference", None, "2022-08-30", "2022-08-31")
    assert (
        "2022-08-30",
        "keynote",
        "테크기반 중소벤처 기술사업화 스케일업 전략",
        "박성진",
        "포스코홀딩스",
    ) in speakers(d)
    assert ("2022-08-31", "keynote", None, "배현민", "한국과학기술원") in speakers(d)
    assert d["attendance"] == {"count": 50, "approximate": True, "note": d["attendance"]["note"]}
    assert {"theme", "committees"} <= set(d["not_recorded"])  # no release found: theme and 분과 unknown


def test_2024_forum_and_its_four_foreign_partners(docs, cli) -> None:
    d = cli.json("show", "2024")
    assert (d["id"], d["edition"], d["start"], d["end"]) == ("inf-2024", None, "2024-08-13", "2024-08-14")
    assert outcome(d, "Global R&D cooperation")["parties"] == ["MIT", "퍼듀대학교", "Institut Pasteur", "프라운호퍼"]
    assert ("2024-08-13", "keynote", None, "박진호", "포인투테크놀로지") in speakers(d)
    assert d["co_chairs"][0]["person"] == "오영주" and d["co_chairs"][1]["person"] is None  # KAIST president unnamed
    assert d["committees"] == docs["inf-2023"]["committees"]  # the same five 분과 as in 2023
    out = cli("show", "2024").stdout
    assert "Institut Pasteur" in out and "attendance  not recorded" in out


def test_2022_names_two_forum_events(cli) -> None:
    result = cli("show", "2022", code=2)
    assert "'2022' matches 2 events of innovation-network-forum" in result.stderr
    assert "inf-2022 (2nd, 2022-01-26)" in result.stderr and "inf-2022-summer (2022-08-30..2022-08-31)" in result.stderr


@pytest.mark.parametrize(
    ("event_id", "edition", "start", "end", "total", "top"),
    [
        ("fair-2020", 21, "2020-12-09", "2021-01-31", 178, ("금탑산업훈장", "문제희", "㈜거상")),
        ("fair-2021", 22, "2021-10-26", "2021-10-28", 187, ("금탑산업훈장", "이헌국", "㈜삼녹")),
        ("fair-2022", 23, "2022-10-19", "2022-10-20", 178, ("은탑산업훈장", "성명기", "여의시스템")),
        ("fair-2023", 24, "2023-10-17", "2023-10-18", 228, ("은탑산업훈장", "최명화", "에프에스")),
        ("fair-2024", 25, "2024-11-14", "2024-11-15", 230, ("은탑산업훈장", "김태완", "우원기술")),
    ],
)
def test_fairs_2020_to_2024(docs, event_id: str, edition: int, start: str, end: str, total: int,
                            top: tuple[str, str, str]) -> None:  # fmt: skip
    d = docs[event_id]
    assert (d["series"], d["edition"], d["start"], d["end"]) == ("tech-management-innovation-fair", edition, start, end)
    assert award_total(d) == total
    first = next(o for o in d["outcomes"] if o["kind"] == "award" and o["recipients"])
    assert (first["text"].split(" —")[0], first["recipients"][0]["person"], first["recipients"][0]["org"]) == top


def test_fair_slogans_venues_and_hosts(docs) -> None:
    assert "theme" in docs["fair-2020"]["not_recorded"]  # no slogan found, only the brand "ITS 2020"
    assert docs["fair-2021"]["theme"] == {"ko": "케이(K)-혁신기업, 대변혁의 시작"}
    assert docs["fair-2022"]["theme"] == {"ko": "기술혁신, 미래를 말하다"}
    assert docs["fair-2022"]["venues"][0]["name"] == "코엑스"
    assert outcome(docs["fair-2022"], "K-혁신기업 10개사")["amount"]["value"] == 10
    assert docs["fair-2023"]["hosts"] == ["이노비즈협회", "메인비즈협회"]
    assert ("2023-10-18", "special-lecture", "미래 중소벤처기업 정책방향", "이영", "중소벤처기업부") in speakers(
        docs["fair-2023"]
    )
    assert docs["fair-2024"]["attendance"]["count"] == 6500 and docs["fair-2024"]["venues"][0]["city"] == "울산"


def test_rnd_roundtable_series(docs) -> None:
    launch, seminar, results = docs["rdrt-2024-01"], docs["rdrt-2024-02"], docs["rdrt-2024-04"]
    assert [(d["kind"], d["start"]) for d in (launch, seminar, results)] == [
        ("roundtable", "2024-01-31"), ("seminar", "2024-02-29"), ("forum", "2024-04-26"),
    ]  # fmt: skip
    assert launch["venues"][0]["name"] == "켄싱턴호텔" and len(launch["committees"]) == 3
    assert ("2024-01-31", "greeting", None, "오영주", "중소벤처기업부") in speakers(launch)
    assert ("2024-02-29", "presentation", "중소벤처 R&D 전략성 강화방안", "박찬수", "과학기술정책연구원") in speakers(
        seminar
    )
    assert outcome(seminar, "7 more advisers")["kind"] == "other"
    assert outcome(results, "중소벤처 R&D 미래전략 방향(안)")["kind"] == "announcement"


def test_stepi_forum_links_to_the_fair(docs, cli) -> None:
    d = cli.json("show", "stepi-459")
    assert (d["edition"], d["start"], d["venues"][0]["room"]) == (459, "2024-11-14", "203호")
    assert (
        "2024-11-14",
        "presentation",
        "중소기업 R&D 지원의 재설계 방향",
        "김선우",
        "과학기술정책연구원",
    ) in speakers(d)
    assert d["linked_to"] == ["fair-2024"]
    assert d["linked_events"] == [{"id": "fair-2024", "title": "2024 중소기업 기술·경영 혁신대전",
                                   "start": "2024-11-14", "end": "2024-11-15"}]  # fmt: skip
    assert "linked to   2024 중소기업 기술·경영 혁신대전 (fair-2024)" in cli("show", "stepi-459").stdout


def test_every_forum_edition_cites_a_url(docs) -> None:
    for event_id in FORUM:
        assert any(s["url"] for s in docs[event_id]["sources"]), event_id


def test_list_all_has_the_fairs_and_roundtables_in_order(cli) -> None:
    rows = cli.json("list", "--all")
    starts = [r["start"] for r in rows]
    assert starts == sorted(starts)
    assert [r["id"] for r in rows if r["series"] == "tech-management-innovation-fair"] == [
        f"fair-{year}" for year in range(2020, 2026)
    ]
    assert [r["id"] for r in rows if r["series"] == "sme-rnd-roundtable"] == ["rdrt-2024-01", "rdrt-2024-02",
                                                                              "rdrt-2024-04"]  # fmt: skip


def test_coverage_says_what_the_forum_records_do_not_know(cli) -> None:
    (forum,) = cli.json("coverage")
    missing = {e["id"]: e["not_recorded"] for e in forum["events"]}
    assert "theme" in missing["inf-2022-summer"] and "committees" in missing["inf-2025"]
    assert forum["ordinals"] == [1, 2, 3] and forum["missing_ordinals"] == []
    assert forum["years_without_record"] == [2021]  # the 2021 분과 meetings are known only as a count
    out = cli("coverage").stdout
    assert "no record for 2021" in out
    line = next(row for row in out.splitlines() if row.startswith("inf-2022-summer"))
    assert "theme" in line
    fair = next(s for s in cli.json("coverage", "--all") if s["series"] == "tech-management-innovation-fair")
    assert fair["missing_ordinals"] == [[1, 20]] and fair["years_without_record"] == []
