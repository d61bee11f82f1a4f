"""Loading a records folder: registries first, then every event, checked across files.

Event files are parsed in worker processes when there are many of them (parsing is the bulk
of a build, and each file is independent); small archives are parsed in this process, where
starting workers would cost more than it saves. Large registries are parsed in a child process
too, for memory: see load_registries_apart.
"""

from __future__ import annotations

import os
import unicodedata
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forumctl.errors import ArchiveError, RecordError
from forumctl.recordfiles.discovery import record_files
from forumctl.recordfiles.event import parse_event
from forumctl.recordfiles.registry import Registry, parse_orgs, parse_people, parse_series, parse_topics
from forumctl.recordfiles.yamlsafe import load

PARALLEL_FROM = 400  # event files; below this one process is faster
CHUNK, IN_FLIGHT = 16, 2  # event files per task; tasks queued per worker (their results wait in memory)
APART_FROM = 256 * 1024  # bytes of registry files; from this size they are parsed in a child process
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


def load_registries_apart(root: Path, files: list[Path], size: int) -> Registry:
    """load_registries, in a short-lived child process when the registry files are `size` bytes or
    more. Parsing 20,000 people peaks at ~70 MB of YAML nodes for a 12 MB registry, and the freed
    memory stays with the process (a fragmented heap held 45 MB); in a child it all goes back to
    the system when the child exits, and the workers forked later share a smaller parent."""
    context = _fork_context()
    if size < APART_FROM or context is None:
        return load_registries(root, files)
    with context.Pool(1) as pool:
        reg: Registry = pool.apply(load_registries, (root, files))  # a RecordError arrives whole (errors.py)
    return reg


def _fork_context() -> Any:
    import multiprocessing

    return multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def parse_event_file(root: Path, path: Path, reg: Registry) -> dict[str, Any]:
    event = parse_event(path, load(path), reg, path.relative_to(root).as_posix())
    folder = unicodedata.normalize("NFC", path.parent.name)
    if folder != event["series"]:
        raise RecordError(path, f"event of series {event['series']!r} is in folder {folder!r}; move it to "
                          f"{event['series']}/", 1, 1)  # fmt: skip
    return event


def _init_worker(root: Path, reg: Registry, encode: Callable[[dict[str, Any]], Any] | None) -> None:
    _worker["root"], _worker["reg"], _worker["encode"] = root, reg, encode


def _parse_in_worker(paths: list[Path]) -> list[Any]:
    events = [parse_event_file(_worker["root"], path, _worker["reg"]) for path in paths]
    encode = _worker["encode"]
    return events if encode is None else [encode(event) for event in events]


@contextmanager
def event_stream(root: Path, paths: list[Path], reg: Registry, jobs: int | None = None, *,
                 encode: Callable[[dict[str, Any]], Any] | None = None) -> Iterator[Iterator[Any]]:  # fmt: skip
    """Every event of `paths`, parsed, in the order of `paths`; each as `encode` makes it of the
    event, where given (in the workers: work taken off the reader). For many files the workers
    start on entering (so the caller can prepare while they parse) and stop on leaving, and at
    most IN_FLIGHT chunks per worker wait to be taken: a reader slower than the workers does not
    make parsed events pile up in memory."""
    jobs = jobs or min(os.cpu_count() or 1, 8)
    if jobs < 2 or len(paths) < PARALLEL_FROM:
        parsed = (parse_event_file(root, path, reg) for path in paths)
        yield parsed if encode is None else (encode(event) for event in parsed)
        return
    import gc
    import multiprocessing

    context = _fork_context() or multiprocessing.get_context()
    gc.freeze()  # forked workers share this process's objects; a collection there would copy them all
    try:
        with context.Pool(jobs, initializer=_init_worker, initargs=(root, reg, encode)) as pool:
            chunks = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
            waiting = deque(pool.apply_async(_parse_in_worker, (chunk,)) for chunk in chunks[: jobs * IN_FLIGHT])
            yield _in_order(pool, waiting, iter(chunks[jobs * IN_FLIGHT :]))
    finally:
        gc.unfreeze()


def _in_order(pool: Any, waiting: deque[Any], rest: Iterator[list[Path]]) -> Iterator[Any]:
    while waiting:
        done = waiting.popleft().get()  # a worker's RecordError is raised here, in file order
        chunk = next(rest, None)
        if chunk is not None:
            waiting.append(pool.apply_async(_parse_in_worker, (chunk,)))
        yield from done


def iter_events(root: Path, paths: list[Path], reg: Registry, jobs: int | None = None) -> Iterator[dict[str, Any]]:
    """Every event of `paths`, parsed (in parallel for many files), in the order of `paths`."""
    with event_stream(root, paths, reg, jobs) as events:
        yield from events


def event_paths(root: Path, files: list[Path]) -> list[Path]:
    return [p for p in files if p.parent != root]


def unique_ids(root: Path, events: Iterator[dict[str, Any]], seen: dict[str, str] | None = None,
               ) -> Iterator[dict[str, Any]]:  # fmt: skip
    """The events, refusing an id that an earlier file (or `seen`: id -> file) already uses."""
    seen = {} if seen is None else seen
    for event in events:
        claim_id(root, event, seen)
        yield event


def claim_id(root: Path, event: dict[str, Any], seen: dict[str, str]) -> None:
    """Note the event's id in `seen` (id -> file), refusing one that an earlier file already uses."""
    if event["id"] in seen:
        raise RecordError(root / event["file"], f"id {event['id']!r} is also used by {seen[event['id']]}", 1, 1)
    seen[event["id"]] = event["file"]


def load_archive(root: Path, files: list[Path] | None = None) -> Archive:
    files = record_files(root) if files is None else files
    reg = load_registries(root, files)
    paths = event_paths(root, files)
    if not paths:
        raise ArchiveError(f"{root}: no event records found (expected <series-id>/<event-id>.yaml files)")
    events = list(unique_ids(root, iter_events(root, paths, reg)))
    events.sort(key=lambda e: (e["start"], e["id"]))
    return Archive(root, reg, events)
