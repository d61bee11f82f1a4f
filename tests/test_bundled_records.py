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
