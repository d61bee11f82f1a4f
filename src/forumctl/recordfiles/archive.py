"""Loading a records folder: registries first, then every event, checked across files.

Event files are parsed in worker processes when there are many of them (parsing is the bulk
of a build, and each file is independent); small archives are parsed in this process, where
starting workers would cost more than it saves.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forumctl.errors import ArchiveError, RecordError
from forumctl.recordfiles.discovery import record_files
from forumctl.recordfiles.event import parse_event
from forumctl.recordfiles.registry import Registry, parse_orgs, parse_people, parse_series, parse_topics
from forumctl.recordfiles.yamlsafe import load

PARALLEL_FROM = 400  # event files; below this one process is faster
REGISTRY_PARSERS = {"series.yaml": parse_series, "people.yaml": parse_people, "orgs.yaml": parse_orgs,
                    "topics.yaml": parse_topics}  # fmt: skip
_worker: dict[str, Any] = {}


@dataclass
class Archive:
    root: Path
    registry: Registry
    events: list[dict[str, Any]]


def load_registries(root: Path, files: list[Path]) -> Registry:
    if root / "series.yaml" not in files:
        raise ArchiveError(f"{root}: no series.yaml, so this is not a records folder")
    reg = Registry()
    for name, parse in REGISTRY_PARSERS.items():
        path = root / name
        if path in files:
            parse(path, load(path), reg)
    return reg


def parse_event_file(root: Path, path: Path, reg: Registry) -> dict[str, Any]:
    event = parse_event(path, load(path), reg, path.relative_to(root).as_posix())
    folder = unicodedata.normalize("NFC", path.parent.name)
    if folder != event["series"]:
        raise RecordError(path, f"event of series {event['series']!r} is in folder {folder!r}; move it to "
                          f"{event['series']}/", 1, 1)  # fmt: skip
    return event


def _init_worker(root: Path, reg: Registry) -> None:
    _worker["root"], _worker["reg"] = root, reg


def _parse_in_worker(path: Path) -> dict[str, Any]:
    return parse_event_file(_worker["root"], path, _worker["reg"])


def iter_events(root: Path, paths: list[Path], reg: Registry, jobs: int | None = None) -> Iterator[dict[str, Any]]:
    """Every event of `paths`, parsed (in parallel for many files), in the order of `paths`."""
    jobs = jobs or min(os.cpu_count() or 1, 8)
    if jobs < 2 or len(paths) < PARALLEL_FROM:
        for path in paths:
            yield parse_event_file(root, path, reg)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with context.Pool(jobs, initializer=_init_worker, initargs=(root, reg)) as pool:
        yield from pool.imap(_parse_in_worker, paths, chunksize=32)


def event_paths(root: Path, files: list[Path]) -> list[Path]:
    return [p for p in files if p.parent != root]


def unique_ids(root: Path, events: Iterator[dict[str, Any]], seen: dict[str, str] | None = None,
               ) -> Iterator[dict[str, Any]]:  # fmt: skip
    """The events, refusing an id that an earlier file (or `seen`: id -> file) already uses."""
    seen = {} if seen is None else seen
    for event in events:
        if event["id"] in seen:
            raise RecordError(root / event["file"], f"id {event['id']!r} is also used by {seen[event['id']]}", 1, 1)
        seen[event["id"]] = event["file"]
        yield event


def load_archive(root: Path, files: list[Path] | None = None) -> Archive:
    files = record_files(root) if files is None else files
    reg = load_registries(root, files)
    paths = event_paths(root, files)
    if not paths:
        raise ArchiveError(f"{root}: no event records found (expected <series-id>/<event-id>.yaml files)")
    events = list(unique_ids(root, iter_events(root, paths, reg)))
    events.sort(key=lambda e: (e["start"], e["id"]))
    return Archive(root, reg, events)
