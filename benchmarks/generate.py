"""A deterministic synthetic archive for the benchmark: `python benchmarks/generate.py OUT [--events N]`.

N events (default 10,000) across five series, 1-3 days each with 5-30 agenda items, about 20,000
people with Korean names (namesakes included, so events name them by id), aliases, organisations
with sectors and abbreviations, and a topic vocabulary. The same N and seed always give the same
files, and the result passes `forumctl check`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

SURNAMES = (
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진지엄채원천방공현함"
    "변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두감음빈동온호범"
    "좌"
)
GIVEN = "민준서연지우현수하윤도영재원예은채진호성주희혜경태석철동혁훈상우정미선아나유라인규환기용준빈율찬솔슬결온늘별담"
SERIES = [
    ("synthetic-forum", "합성 포럼", "sf", "forum"),
    ("synthetic-fair", "합성 박람회", "sfair", "fair"),
    ("synthetic-roundtable", "합성 라운드테이블", "srt", "roundtable"),
    ("synthetic-conference", "합성 학술대회", "sconf", "conference"),
    ("synthetic-seminar", "합성 세미나", "ssem", "other"),
]
SECTORS = ["government", "agency", "research-institute", "university", "company", "association", "foundation"]
ORG_STEMS = ["기술", "혁신", "미래", "산업", "벤처", "디지털", "바이오", "에너지", "소재", "데이터", "로봇", "반도체"]
ORG_KINDS = {
    "government": "부",
    "agency": "진흥원",
    "research-institute": "연구원",
    "university": "대학교",
    "company": "주식회사",
    "association": "협회",
    "foundation": "재단",
}
TOPIC_WORDS = [
    "AI",
    "탄소중립",
    "딥테크",
    "스케일업",
    "바이오",
    "반도체",
    "글로벌화",
    "디지털 전환",
    "스마트공장",
    "R&D 혁신",
    "규제 혁신",
    "지역혁신",
    "인재양성",
    "수출",
    "공급망",
    "데이터 경제",
    "로봇",
    "모빌리티",
    "우주항공",
    "양자기술",
    "에너지 전환",
    "ESG",
    "플랫폼",
    "벤처투자",
    "창업",
    "기술이전",
    "표준화",
    "사이버보안",
    "헬스케어",
    "농식품",
    "문화콘텐츠",
    "소재부품",
    "클라우드",
    "메타버스",
    "핀테크",
]
ITEM_KINDS = ["keynote", "presentation", "panel", "discussion", "special-lecture", "case-study", "remarks"]
ROLES = ["대표", "원장", "교수", "박사", "이사장", "장관", "차관", "실장", "팀장", "회장", "연구위원"]


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def people(rng: random.Random, count: int) -> list[dict[str, object]]:
    out, aliases_used, names = [], set(), set()
    for n in range(count):
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2))
        names.add(name)
        out.append({"id": f"p{n:05d}", "name": name, "aliases": []})
    for person in out:
        if rng.random() < 0.1:  # a misspelling a source might use; never another person's name
            alias = str(person["name"])[:-1] + rng.choice(GIVEN)
            if alias not in names and alias not in aliases_used:
                aliases_used.add(alias)
                person["aliases"] = [alias]
    return out


def orgs(rng: random.Random, count: int) -> list[dict[str, str]]:
    out = []
    for n in range(count):
        sector = SECTORS[n % len(SECTORS)]
        name = f"{rng.choice(ORG_STEMS)}{rng.choice(ORG_STEMS)}{ORG_KINDS[sector]} {n}"
        out.append({"name": name, "alias": f"ORG{n:03d}", "sector": sector})
    return out


def write_registries(
    out: Path, rng: random.Random, persons: list[dict[str, object]], organisations: list[dict[str, str]]
) -> None:
    lines = []
    for sid, name, _, _ in SERIES:
        lines.append(f"- id: {sid}\n  name: {{ko: {name}}}\n" + ("  default: true\n" if sid == SERIES[0][0] else ""))
    (out / "series.yaml").write_text("".join(lines), encoding="utf-8")
    lines = []
    for p in persons:
        aliases = f"\n  aliases: [{', '.join(map(str, p['aliases']))}]" if p["aliases"] else ""
        lines.append(f"- id: {p['id']}\n  name: {p['name']}{aliases}\n")
    (out / "people.yaml").write_text("".join(lines), encoding="utf-8")
    lines = [f"- name: {quote(o['name'])}\n  aliases: [{o['alias']}]\n  sector: {o['sector']}\n" for o in organisations]
    (out / "orgs.yaml").write_text("".join(lines), encoding="utf-8")
    lines = [f"- name: {quote(t)}\n  aliases: [{quote(t + ' 정책')}]\n" for t in TOPIC_WORDS]
    (out / "topics.yaml").write_text("".join(lines), encoding="utf-8")


def appearance(rng: random.Random, persons: list[dict[str, object]], organisations: list[dict[str, str]]) -> str:
    p = rng.choice(persons)
    o = rng.choice(organisations)
    org = o["name"] if rng.random() < 0.9 else o["alias"]
    return f"{{person: {p['id']}, role: {rng.choice(ROLES)}, org: {quote(org)}}}"


def event(
    rng: random.Random, n: int, persons: list[dict[str, object]], organisations: list[dict[str, str]]
) -> tuple[str, str, str]:
    sid, series_name, prefix, kind = SERIES[n % len(SERIES)]
    start = dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(365 * 36))
    days = rng.randint(1, 3)
    end = start + dt.timedelta(days=days - 1)
    event_id = f"{prefix}-{n:05d}"
    topics = rng.sample(TOPIC_WORDS, rng.randint(3, 8))
    lines = [
        f"id: {event_id}",
        f"series: {sid}",
        f"edition: {n // len(SERIES) + 1}",
        f"kind: {kind}",
        f"title: {{ko: {quote(f'제{n // len(SERIES) + 1}회 {series_name}')}}}",
        f"theme: {{ko: {quote(' '.join(rng.sample(TOPIC_WORDS, 3)) + ' 전략')}}}",
        f"start: {start.isoformat()}",
        f"end: {end.isoformat()}",
        f"venue: {{name: {quote(f'컨벤션센터 {rng.randrange(200)}')}, "
        f"city: {rng.choice(['서울', '부산', '대전', '제주', '광주'])}}}",
        f"organizers: [{quote(rng.choice(organisations)['name'])}]",
        f"co_chairs: [{appearance(rng, persons, organisations)}]",
        f"topics: [{', '.join(quote(t) for t in topics)}]",
        f"committees: [{', '.join(quote(t) for t in rng.sample(TOPIC_WORDS, rng.randint(0, 5)))}]",
        "agenda:",
    ]
    items = rng.randint(5, 30)
    per_day = [items // days + (1 if d < items % days else 0) for d in range(days)]
    for d, count in enumerate(per_day):
        lines += [f"  - date: {(start + dt.timedelta(days=d)).isoformat()}", "    items:"]
        for _ in range(max(count, 1)):
            lines.append(f"      - kind: {rng.choice(ITEM_KINDS)}")
            if rng.random() < 0.7:
                lines.append(f"        title: {quote(rng.choice(TOPIC_WORDS) + ' 시대의 ' + rng.choice(TOPIC_WORDS))}")
            speakers = ", ".join(appearance(rng, persons, organisations) for _ in range(rng.randint(1, 3)))
            lines.append(f"        speakers: [{speakers}]")
    attendees = [appearance(rng, persons, organisations) for _ in range(rng.randint(0, 6))]
    if attendees:
        lines.append(f"attendees: [{', '.join(attendees)}]")
    if rng.random() < 0.5:
        lines += ["outcomes:", f"  - {{kind: announcement, text: {quote(rng.choice(TOPIC_WORDS) + ' 방안 발표')}}}"]
    lines += [
        "sources:",
        f"  - {{url: {quote(f'https://example.org/news/{n}')}, publisher: 합성일보, published: {start.isoformat()}}}",
    ]
    return sid, event_id, "\n".join(lines) + "\n"


def generate(out: Path, events: int = 10_000, people_count: int = 20_000, seed: int = 2020) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    persons = people(rng, people_count)
    organisations = orgs(rng, max(20, min(400, events // 25)))
    write_registries(out, rng, persons, organisations)
    for sid, *_ in SERIES:
        (out / sid).mkdir()
    for n in range(events):
        sid, event_id, text = event(rng, n, persons, organisations)
        (out / sid / f"{event_id}.yaml").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args()
    generate(args.out, args.events, args.people, args.seed)


if __name__ == "__main__":
    main()
