"""`forumctl export ics`: the same records give byte-identical files, whenever they are exported;
each event's description holds its agenda and speakers; the calendar says what it holds."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import icalendar


def export(cli, *args: str) -> bytes:
    result = cli.runner.invoke(__import__("forumctl.cli").cli.app, ["export", "ics", *args])
    assert result.exit_code == 0, result.output
    return bytes(result.stdout_bytes)


def test_same_records_same_bytes_at_different_times(cli, archive: Path, tmp_path: Path) -> None:
    first = export(cli, "--records", str(archive))
    time.sleep(1.1)  # DTSTAMP had second resolution when it came from the clock
    record = archive / "forum" / "forum-2022.yaml"
    os.utime(record, (record.stat().st_atime, record.stat().st_mtime + 5))  # a rebuilt database, same data
    second = export(cli, "--records", str(archive))
    assert first == second
    out = tmp_path / "x.ics"
    cli("export", "ics", "--records", str(archive), "-o", str(out))
    assert out.read_bytes() == first


def test_dtstamp_comes_from_the_sources_not_the_clock(cli) -> None:
    cal = icalendar.Calendar.from_ical(export(cli, "inf-2025"))
    (event,) = cal.walk("VEVENT")
    assert event.decoded("dtstamp") == dt.datetime(2025, 9, 5, tzinfo=dt.timezone.utc)  # the press release's date
    today = dt.datetime.now(dt.timezone.utc).date()
    assert all(e.decoded("dtstamp").date() != today for e in icalendar.Calendar.from_ical(export(cli)).walk("VEVENT"))


def test_description_has_agenda_and_speakers(cli) -> None:
    (event,) = icalendar.Calendar.from_ical(export(cli, "inf-2023")).walk("VEVENT")
    description = str(event["description"])
    assert "Day 1 · 2023-08-24" in description and "Day 2 · 2023-08-25" in description
    assert "김정빈 대표, 수퍼빈" in description
    assert "special lecture: 개인사업자 맞춤형 서비스로 DX를 리드한다" in description
    assert "Co-chairs:" in description and "Source:" in description


def test_calendar_name_says_what_it_holds(cli) -> None:
    one = icalendar.Calendar.from_ical(export(cli, "inf-2023"))
    assert str(one["x-wr-calname"]) == str(one["name"]) == "제3회 중소기업 혁신 네트워크 포럼"
    every = icalendar.Calendar.from_ical(export(cli))
    name = str(every["x-wr-calname"])
    assert "중소기업 혁신 네트워크 포럼" in name and f"{len(every.walk('VEVENT'))}건" in name
    fairs = icalendar.Calendar.from_ical(export(cli, "2024", "2025", "--series", "tech-management-innovation-fair"))
    assert str(fairs["name"]).startswith("중소기업 기술·경영 혁신대전 (2건")
