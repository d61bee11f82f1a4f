"""The records folder: where it is, which files it holds, and loading all of it."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ArchiveError, RecordError
from .event import parse_event
from .registry import Registry, parse_orgs, parse_people, parse_series, parse_topics
from .yamlsafe import load

REGISTRY_FILES = ("series.yaml", "people.yaml", "orgs.yaml", "topics.yaml")


def default_records_dir() -> Path:
    """The bundled archive: inside the installed package, or the repository's records/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "records", here.parent.parent / "records"):
        if (candidate / "series.yaml").is_file():
            return candidate
    return here / "records"


def records_dir(explicit: str | os.PathLike[str] | None) -> Path:
    chosen = explicit or os.environ.get("FORUMCTL_RECORDS")
    return Path(chosen).expanduser() if chosen else default_records_dir()


def record_files(root: Path) -> list[Path]:
    """Every file the archive is made of, in a stable order: registries, then event files."""
    if not root.is_dir():
        raise ArchiveError(f"{root}: records folder does not exist (use --records DIR or FORUMCTL_RECORDS)")
    files = [root / name for name in REGISTRY_FILES if (root / name).is_file()]
    with os.scandir(root) as entries:
        folders = sorted(e.path for e in entries if e.is_dir() and not e.name.startswith("."))
    for folder in folders:
        with os.scandir(folder) as entries:
            files.extend(
                sorted(Path(e.path) for e in entries if e.name.endswith(".yaml") and not e.name.startswith("."))
            )
    return files


@dataclass
class Archive:
    root: Path
    registry: Registry
    events: list[dict[str, Any]]


def load_archive(root: Path, files: list[Path] | None = None) -> Archive:
    files = record_files(root) if files is None else files
    series_file = root / "series.yaml"
    if series_file not in files:
        raise ArchiveError(f"{root}: no series.yaml, so this is not a records folder")
    reg = Registry()
    parsers = {
        "series.yaml": parse_series,
        "people.yaml": parse_people,
        "orgs.yaml": parse_orgs,
        "topics.yaml": parse_topics,
    }
    for name, parse in parsers.items():
        path = root / name
        if path in files:
            parse(path, load(path), reg)
    events: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for path in files:
        if path.parent == root:
            continue
        rel = path.relative_to(root).as_posix()
        event = parse_event(path, load(path), reg, rel)
        folder = unicodedata.normalize("NFC", path.parent.name)
        if folder != event["series"]:
            raise RecordError(
                path,
                f"event of series {event['series']!r} is in folder {folder!r}; move it to {event['series']}/",
                1,
                1,
            )
        if event["id"] in seen:
            raise RecordError(path, f"id {event['id']!r} is also used by {seen[event['id']]}", 1, 1)
        seen[event["id"]] = rel
        events.append(event)
    if not events:
        raise ArchiveError(f"{root}: no event records found (expected <series-id>/<event-id>.yaml files)")
    events.sort(key=lambda e: (e["start"], e["id"]))
    return Archive(root, reg, events)
