"""Questions across events without SQL: `forumctl org NAME` and `forumctl speakers --min-events N`,
on the bundled records, in the table and in every data format."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

import pytest
import yaml


def test_org_page_of_the_ministry(cli) -> None:
    page = cli.json("org", "중소벤처기업부")
    assert (page["name"], page["en"], page["aliases"], page["sector"]) == (
        "중소벤처기업부", "Ministry of SMEs and Startups", ["중기부"], "government"
    )  # fmt: skip
    assert set(page) == {"name", "en", "aliases", "sector", "registered", "notes", "match", "people", "talks",
                         "events", "outcomes"}  # fmt: skip
    people = {p["name"]: p for p in page["people"]}
    # people over time, with the roles they held: ministers and vice-ministers in order of first appearance
    assert [r["role"] for r in people["박영선"]["roles"]] == ["장관"]
    assert people["박영선"]["roles"][0]["event_ids"][0] == "inf-2020"
    assert people["오기웅"]["roles"][0]["role"] == "차관"
    firsts = [p["first"] for p in page["people"]]
    assert firsts == sorted(firsts)
    # events it took part in, and how
    events = {e["id"]: e["as"] for e in page["events"]}
    assert {"organizer", "speaker", "chair"} <= set(events["inf-2020"])
    assert all(set(parts) <= {"organizer", "host", "speaker", "chair", "attendee", "awardee", "party"}
               for parts in events.values())  # fmt: skip
    assert any(t["person"] == "한성숙" and t["event"]["id"] == "inf-2025" for t in page["talks"])


def test_org_by_alias_abbreviation_and_nfd(cli) -> None:
    assert cli.json("org", "중기부")["name"] == "중소벤처기업부"
    assert cli.json("org", unicodedata.normalize("NFD", "중기부"))["name"] == "중소벤처기업부"
    stepi = cli.json("org", "stepi")
    assert (stepi["name"], stepi["match"]) == ("과학기술정책연구원", "alias")


def test_outcomes_the_org_was_party_to(cli) -> None:
    page = cli.json("org", "프라운호퍼")
    assert any("MOU" in o["text"] and "중소기업기술정보진흥원" in o["parties"] for o in page["outcomes"])
    assert "party" in {part for e in page["events"] for part in e["as"]}


def test_org_table(cli) -> None:
    out = cli("org", "중소벤처기업부").stdout
    assert out.startswith("중소벤처기업부\n")
    for heading in ("People, by first appearance", "Talks", "Events"):
        assert heading in out
    assert "박영선" in out and "inf-2020" in out


@pytest.mark.parametrize("fmt", ["ndjson", "csv", "tsv", "yaml"])
def test_org_every_format(cli, fmt: str) -> None:
    out = cli("org", "STEPI", "-f", fmt).stdout
    if fmt == "ndjson":
        assert json.loads(out)["name"] == "과학기술정책연구원"
    elif fmt == "yaml":
        assert yaml.safe_load(out)["aliases"] == ["STEPI"]
    else:
        rows = list(csv.DictReader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
        assert {r["section"] for r in rows} >= {"person", "talk", "event"}
        assert all(r["org"] == "과학기술정책연구원" for r in rows)


def test_org_not_found_and_ambiguous(cli) -> None:
    assert "did you mean '중소벤처기업부'" in cli("org", "중기뷰", code=1).stderr
    stderr = cli("org", "연구원", code=2).stderr
    assert "과학기술정책연구원" in stderr and stderr.splitlines()[1].startswith("  ")


def test_speakers_at_two_or_more_events(cli) -> None:
    people = cli.json("speakers", "--min-events", "2")
    assert people and all(p["event_count"] >= 2 for p in people)
    assert all(len({a["event"]["id"] for a in p["appearances"]}) == p["event_count"] for p in people)
    counts = [p["event_count"] for p in people]
    assert counts == sorted(counts, reverse=True)
    everyone = cli.json("speakers")
    assert {p["name"] for p in people} == {p["name"] for p in everyone if p["event_count"] >= 2}
    table = cli("speakers", "--min-events", "2").stdout
    assert people[0]["name"] in table


def test_min_events_counts_after_the_filters(cli) -> None:
    ministry = cli.json("speakers", "--min-events", "2", "--org", "중기부")
    assert ministry and all(a["org"] == "중소벤처기업부" for p in ministry for a in p["appearances"])
    assert cli("speakers", "--min-events", "999").stderr == "forumctl: nothing matched\n"


def test_org_option_names_one_organisation_as_org_does(cli) -> None:
    """`--org 중소벤처` quietly took three organisations together while `org 중소벤처` said it names
    three; now both ask which (exit 2, the candidates listed), and a part that fits one still works."""
    for command in (["org", "중소벤처"], ["speakers", "--org", "중소벤처"]):
        result = cli(*command, code=2)
        assert "'중소벤처' names 3 organisations" in result.stderr and result.stdout == ""
        assert "중소벤처기업진흥공단" in result.stderr
    people = cli.json("speakers", "--org", "진흥공단")
    assert people and {a["org"] for p in people for a in p["appearances"]} == {"중소벤처기업진흥공단"}
