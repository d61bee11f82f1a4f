"""The registries (series, people, orgs, topics): parsing and name look-up."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import RecordError
from .names import fold
from .schema import SECTORS, Fields, read_list_file
from .yamlsafe import Mark


@dataclass
class Registry:
    series: dict[str, dict[str, Any]] = field(default_factory=dict)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    orgs: dict[str, dict[str, Any]] = field(default_factory=dict)
    topics: dict[str, dict[str, Any]] = field(default_factory=dict)
    person_index: dict[str, list[str]] = field(default_factory=dict)  # folded name -> person ids
    org_index: dict[str, str] = field(default_factory=dict)  # folded name -> canonical name
    topic_index: dict[str, str] = field(default_factory=dict)

    def default_series(self) -> str | None:
        return next((s["id"] for s in self.series.values() if s["default"]), None)

    def person(self, written: str, path: Path, mark: Mark) -> tuple[str, str]:
        """(person id, canonical name) for a name, alias or id written in an event."""
        if written in self.people:
            return written, self.people[written]["name"]
        ids = self.person_index.get(fold(written), [])
        if len(ids) > 1:
            raise RecordError(
                path, f"{written!r} names several people in people.yaml ({', '.join(ids)}); write the id", *mark
            )
        if ids:
            return ids[0], self.people[ids[0]]["name"]
        return written, written

    def org(self, written: str) -> str:
        return self.org_index.get(fold(written), written)

    def topic(self, written: str) -> str:
        return self.topic_index.get(fold(written), written)


def all_names(name: str, aliases: list[str], en: str | None) -> list[str]:
    return [name, *aliases, *([en] if en else [])]


def parse_series(path: Path, value: Any, reg: Registry) -> None:
    for entry, mark in read_list_file(path, value, "series.yaml"):
        f = Fields(path, entry, "a series", mark, ("id", "name", "aliases", "default", "notes"), ("id", "name"))
        sid = f.ident("id")
        if sid in reg.series:
            f.fail(f"series id {sid!r} is listed twice", f.mark("id"))
        default = f.boolean("default")
        if default and reg.default_series():
            f.fail(f"only one series may be default; {reg.default_series()!r} already is", f.mark("default"))
        name = f.localized("name", required=True)
        assert name is not None
        reg.series[sid] = {
            "id": sid,
            "name": name.get("ko") or name.get("en"),
            "name_en": name.get("en"),
            "aliases": f.texts("aliases"),
            "default": default,
            "notes": f.text("notes"),
        }
    if reg.series and not reg.default_series():
        raise RecordError(path, "no series is marked `default: true`; exactly one must be", 1, 1)


def parse_people(path: Path, value: Any, reg: Registry) -> None:
    keys = ("id", "name", "aliases", "en", "notes")
    for entry, mark in read_list_file(path, value, "people.yaml"):
        f = Fields(path, entry, "a person", mark, keys, ("id", "name"))
        pid = f.ident("id")
        if pid in reg.people:
            f.fail(f"person id {pid!r} is listed twice", f.mark("id"))
        name = f.text("name", required=True)
        assert name is not None
        aliases, en = f.texts("aliases"), f.text("en")
        reg.people[pid] = {"id": pid, "name": name, "aliases": aliases, "en": en, "notes": f.text("notes")}
        for written in dict.fromkeys(fold(n) for n in all_names(name, aliases, en)):
            reg.person_index.setdefault(written, []).append(pid)


def _named_entries(path: Path, value: Any, what: str, keys: tuple[str, ...]) -> list[tuple[Fields, str]]:
    out = []
    seen: dict[str, str] = {}
    for entry, mark in read_list_file(path, value, f"{what}.yaml"):
        f = Fields(path, entry, f"an entry of {what}.yaml", mark, keys, ("name",))
        name = f.text("name", required=True)
        assert name is not None
        for written in all_names(name, f.texts("aliases"), f.text("en")):
            key = fold(written)
            if seen.get(key, name) != name:
                f.fail(f"{written!r} is already a name of {seen[key]!r}", f.mark("name"))
            seen[key] = name
        out.append((f, name))
    return out


def parse_orgs(path: Path, value: Any, reg: Registry) -> None:
    for f, name in _named_entries(path, value, "orgs", ("name", "aliases", "en", "sector", "notes")):
        aliases, en = f.texts("aliases"), f.text("en")
        sector = f.choice("sector", SECTORS)
        reg.orgs[name] = {"name": name, "aliases": aliases, "en": en, "sector": sector, "notes": f.text("notes")}
        for written in all_names(name, aliases, en):
            reg.org_index[fold(written)] = name


def parse_topics(path: Path, value: Any, reg: Registry) -> None:
    for f, name in _named_entries(path, value, "topics", ("name", "aliases", "en", "notes")):
        aliases, en = f.texts("aliases"), f.text("en")
        reg.topics[name] = {"name": name, "aliases": aliases, "en": en, "notes": f.text("notes")}
        for written in all_names(name, aliases, en):
            reg.topic_index[fold(written)] = name
