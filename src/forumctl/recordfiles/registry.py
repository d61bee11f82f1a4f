"""The registries (series, people, orgs, topics): parsing and name look-up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forumctl.errors import RecordError
from forumctl.recordfiles.rules import SECTORS, Fields, attempt, read_list_file, report
from forumctl.recordfiles.yamlsafe import Mark
from forumctl.text.names import fold


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


def _entries(path: Path, value: Any, what: str, parse_entry: Callable[[Any, Mark], None]) -> None:
    """parse_entry() of each entry of a registry file; when checking, a bad entry does not hide the rest."""
    for entry, mark in read_list_file(path, value, what):
        attempt(lambda: parse_entry(entry, mark), None)  # noqa: B023  (called at once)


def parse_series(path: Path, value: Any, reg: Registry) -> None:
    def entry(value: Any, mark: Mark) -> None:
        f = Fields(path, value, "a series", mark, ("id", "name", "aliases", "default", "notes"), ("id", "name"))
        sid = f.ident("id")
        if sid in reg.series:
            f.fail(f"series id {sid!r} is listed twice", f.mark("id"))
        default = f.boolean("default")
        if default and reg.default_series():
            f.fail(f"only one series may be default; {reg.default_series()!r} already is", f.mark("default"))
        name = f.localized("name", required=True) or {}
        reg.series[sid] = {
            "id": sid,
            "name": name.get("ko") or name.get("en"),
            "name_en": name.get("en"),
            "aliases": f.texts("aliases"),
            "default": default,
            "notes": f.text("notes"),
        }

    _entries(path, value, "series.yaml", entry)
    if reg.series and not reg.default_series():
        report(RecordError(path, "no series is marked `default: true`; exactly one must be", 1, 1))


def parse_people(path: Path, value: Any, reg: Registry) -> None:
    kinds: dict[str, list[tuple[str, str]]] = {}  # folded name -> (person id, "name" or "alias")

    def entry(value: Any, mark: Mark) -> None:
        f = Fields(path, value, "a person", mark, ("id", "name", "aliases", "en", "notes"), ("id", "name"))
        pid = f.ident("id")
        if pid in reg.people:
            f.fail(f"person id {pid!r} is listed twice", f.mark("id"))
        name = f.text("name", required=True) or pid
        aliases, en = f.texts("aliases"), f.text("en")
        names = {
            fold(name): "name",
            **{fold(n): "alias" for n in [*aliases, *([en] if en else [])] if fold(n) != fold(name)},
        }
        for folded, kind in names.items():
            others = [(other, k) for other, k in kinds.get(folded, []) if other != pid]
            # two people may share a name; an alias must point at one person only
            if others and (kind == "alias" or any(k == "alias" for _, k in others)):
                f.fail(f"{folded!r} is a name or alias of both {others[0][0]!r} and {pid!r}; an alias must name "
                       f"one person", f.mark("aliases") if kind == "alias" else f.mark("name"))  # fmt: skip
        reg.people[pid] = {"id": pid, "name": name, "aliases": aliases, "en": en, "notes": f.text("notes")}
        for folded, kind in names.items():
            kinds.setdefault(folded, []).append((pid, kind))
            reg.person_index.setdefault(folded, []).append(pid)

    _entries(path, value, "people.yaml", entry)


def _named_entries(path: Path, value: Any, what: str, keys: tuple[str, ...],
                   add: Callable[[Fields, str], None]) -> None:  # fmt: skip
    seen: dict[str, str] = {}

    def entry(value: Any, mark: Mark) -> None:
        f = Fields(path, value, f"an entry of {what}.yaml", mark, keys, ("name",))
        name = f.text("name", required=True)
        assert name is not None
        for written in all_names(name, f.texts("aliases"), f.text("en")):
            key = fold(written)
            if seen.get(key, name) != name:
                f.fail(f"{written!r} is already a name of {seen[key]!r}", f.mark("name"))
            seen[key] = name
        add(f, name)

    _entries(path, value, f"{what}.yaml", entry)


def parse_orgs(path: Path, value: Any, reg: Registry) -> None:
    def add(f: Fields, name: str) -> None:
        aliases, en = f.texts("aliases"), f.text("en")
        sector = f.choice("sector", SECTORS)
        reg.orgs[name] = {"name": name, "aliases": aliases, "en": en, "sector": sector, "notes": f.text("notes")}
        for written in all_names(name, aliases, en):
            reg.org_index[fold(written)] = name

    _named_entries(path, value, "orgs", ("name", "aliases", "en", "sector", "notes"), add)


def parse_topics(path: Path, value: Any, reg: Registry) -> None:
    def add(f: Fields, name: str) -> None:
        aliases, en = f.texts("aliases"), f.text("en")
        reg.topics[name] = {"name": name, "aliases": aliases, "en": en, "notes": f.text("notes")}
        for written in all_names(name, aliases, en):
            reg.topic_index[fold(written)] = name

    _named_entries(path, value, "topics", ("name", "aliases", "en", "notes"), add)
