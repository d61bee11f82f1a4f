"""`forumctl check`: every problem in the archive (or the given files) at once.

Uses the loader's own rules, in collecting mode (schema.collecting), plus checks across files:
duplicate ids, events in the wrong folder, names written other than the registries' canonical
form (warnings) and placeholder text left by `forumctl new` (warnings).
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import Any

from forumctl.errors import ArchiveError, RecordError
from forumctl.recordfiles.archive import REGISTRY_PARSERS
from forumctl.recordfiles.discovery import scan_tree
from forumctl.recordfiles.event import parse_event
from forumctl.recordfiles.registry import Registry
from forumctl.recordfiles.rules import attempt, collecting, report, warn
from forumctl.recordfiles.statfiles import REGISTRY_FILES
from forumctl.recordfiles.yamlsafe import Mark, load, read_text

_UNREADABLE = object()
_PLACEHOLDER = re.compile(r"^[^#]*\bTODO\b")


def find_root(path: Path) -> Path:
    """The records folder a file or folder belongs to: the nearest folder up with series.yaml."""
    path = path.resolve()
    for candidate in [path, *path.parents][:3]:
        if (candidate / "series.yaml").is_file():
            return candidate
    if not path.exists():
        raise ArchiveError(f"{display(path)}: no such file")
    raise ArchiveError(f"{display(path)}: not inside a records folder (no series.yaml beside it or above it)")


def display(path: Path | str) -> str:
    """A path as editors and people want it: relative to the current folder when inside it."""
    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


def _placeholders(path: Path) -> None:
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if _PLACEHOLDER.search(line):
            warn(RecordError(path, "placeholder text (TODO) is still here", number, line.index("TODO") + 1))


def _wanted(root: Path, files: list[Path], only: list[Path]) -> tuple[set[Path], list[RecordError]]:
    """The record files the named paths stand for (a folder: the records in it), and an error for
    each path that is no record file of this archive: missing, or some other file."""
    known = {f.resolve(): f for f in files}
    wanted: set[Path] = set()
    wrong: list[RecordError] = []
    for path in only:
        full = path.resolve()
        if full.is_dir():
            inside = {f for f in known if full == f.parent or full in f.parents}
            if not inside:
                wrong.append(RecordError(path, f"no record files here (the records folder is {display(root)})"))
            wanted |= inside
        elif full in known:
            wanted.add(full)
        elif not full.exists():
            wrong.append(RecordError(path, "no such file"))
        else:
            wrong.append(RecordError(path, f"not a record file of {display(root)} (records are <series>/<id>.yaml "
                                           f"files and {', '.join(REGISTRY_FILES)})"))  # fmt: skip
    return wanted, wrong


def _same_edition(seen: dict[tuple[str, int], tuple[Path, Mark]], event: dict[str, Any], path: Path,
                  value: Any) -> list[RecordError]:  # fmt: skip
    """Warnings for both files where two events of a series have one ordinal, so that checking
    either file alone shows it: `show 3` can name neither (often a number copied from another
    record and not changed)."""
    if not event["series"] or event["edition"] is None:
        return []
    mark: Mark = getattr(value, "key_marks", {}).get("edition", (1, 1))
    other, other_mark = seen.setdefault((event["series"], event["edition"]), (path, mark))
    if other == path:
        return []
    warnings = []
    for here, at, there in ((path, mark, other), (other, other_mark, path)):
        warning = RecordError(here, f"edition {event['edition']} of {event['series']} is also {display(there)}'s, "
                                    f"so `show {event['edition']}` names neither", *at)  # fmt: skip
        warning.severity = "warning"
        warnings.append(warning)
    return warnings


def check_records(root: Path, only: list[Path] | None = None) -> dict[str, Any]:
    """Every problem in the archive at `root`, or in the files `only` names (folders: the records in them)."""
    scan = scan_tree(root)  # what is read, and every file that looks like a record but is not (all reported)
    files = [root / rel for rel, _, _ in scan.files]
    wanted, wrong = _wanted(root, files, only) if only else (None, [])
    asked = {os.path.abspath(p) for p in only} if only else None

    def selected(path: Path) -> bool:
        return wanted is None or path.resolve() in wanted

    with collecting() as found:
        found.extend(wrong)
        for problem in scan.problems:
            if asked is None or os.path.abspath(problem.path) in asked:
                report(problem)
        reg = Registry()
        for name, parse in REGISTRY_PARSERS.items():
            path = root / name
            if path in files:
                attempt(lambda: parse(path, load(path), reg), None)  # noqa: B023  (called at once)
        if not (root / "series.yaml").is_file():
            report(RecordError(root / "series.yaml", "missing: every records folder needs series.yaml"))
        ids: dict[str, Path] = {}
        editions: dict[tuple[str, int], tuple[Path, Mark]] = {}
        same_edition: list[RecordError] = []  # each names two files: kept for whichever is checked
        checked = [p for p in files if selected(p)]
        for path in files:
            if path.parent == root:
                continue
            with collecting() as in_file:
                value = attempt(lambda: load(path), _UNREADABLE)  # noqa: B023
                event = None
                if value is not _UNREADABLE:
                    rel = path.relative_to(root).as_posix()
                    event = attempt(lambda: parse_event(path, value, reg, rel), None)  # noqa: B023
                if event and event["id"]:
                    if event["id"] in ids:
                        report(RecordError(path, f"id {event['id']!r} is also used by {display(ids[event['id']])}",
                                           1, 1))  # fmt: skip
                    ids.setdefault(event["id"], path)
                    same_edition += _same_edition(editions, event, path, value)
                    folder = unicodedata.normalize("NFC", path.parent.name)
                    if event["series"] and folder != event["series"]:
                        report(RecordError(path, f"event of series {event['series']!r} is in folder {folder!r}; "
                                                 f"move it to {event['series']}/", 1, 1))  # fmt: skip
                if selected(path) and value is not _UNREADABLE:
                    _placeholders(path)
            if selected(path):
                found.extend(in_file)
        found.extend(same_edition)
        if not any(p.parent != root for p in files):
            report(RecordError(root, "no event records found (expected <series-id>/<event-id>.yaml files)"))
    problems = [
        {"path": display(e.path), "line": e.line, "col": e.col, "severity": e.severity, "message": e.message}
        for e in found
        if wanted is None
        or e in scan.problems
        or e in wrong
        or Path(e.path).resolve() in wanted
        or Path(e.path).name in REGISTRY_FILES
    ]
    problems.sort(key=lambda p: (p["path"], p["line"] or 0, p["col"] or 0))
    errors = sum(p["severity"] == "error" for p in problems)
    return {"problems": problems, "errors": errors, "warnings": len(problems) - errors, "files": len(checked)}
