"""`forumctl new`: a commented skeleton for a new event, valid as written, never overwriting."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from forumctl.errors import ArchiveError, UsageError
from forumctl.recordfiles.registry import Registry, parse_series
from forumctl.recordfiles.rules import EVENT_KINDS
from forumctl.recordfiles.yamlsafe import load
from forumctl.text.suggest import did_you_mean

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
MAX_ID_LENGTH = 100  # with '.yaml' and a temporary file's affixes, far below any file system's 255-byte name limit
_PREFIX = re.compile(r"^(.*?)-\d{4}")

SKELETON = """\
{modeline}# {title_hint} — written by `forumctl new`. Fill in what a source says and
# delete what none does; every fact needs a source under `sources:`. Replace each TODO
# (`forumctl check` warns while one is left). The format: docs/records.md.
id: {id}
series: {series}
{edition}kind: {kind}                       # forum | conference | roundtable | fair | meeting | seminar | other
title: {{ko: "TODO 행사 이름"}}            # add en: "..." where a source gives an English name
# theme: {{ko: "..."}}
start: {start}
end: {end}
# venue: {{name: ..., city: ...}}
# organizers: [중소벤처기업부]
# co_chairs:
#   - {{person: ..., role: ..., org: ...}}
# topics: [...]
# committees: [...]
# agenda:
#   - date: {start}
#     items:
#       - kind: keynote           # opening, greeting, keynote, presentation, panel, discussion, ...
#         title: ...              # leave out when no source names the talk
#         speakers:
#           - {{person: ..., role: ..., org: ...}}
# outcomes:
#   - {{kind: announcement, text: ...}}
sources:
  - title: "TODO 출처 기사 제목"
    # url: https://...
    # publisher: ...
    # published: YYYY-MM-DD
"""


def _date(text: str, what: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat() if re.match(r"^\d{4}-\d{2}-\d{2}$", text) else _bad(text, what)
    except ValueError:
        return _bad(text, what)


def _bad(text: str, what: str) -> str:
    raise UsageError(f"{what} {text!r} must be a date as YYYY-MM-DD")


def installed(root: Path) -> bool:
    """Whether a records folder lies inside an installed package, where pip puts the bundled archive."""
    return any(part in ("site-packages", "dist-packages") for part in root.resolve().parts)


def new_record(root: Path, series: str, start: str, *, end: str | None = None, edition: int | None = None,
               event_id: str | None = None) -> dict[str, Any]:  # fmt: skip
    if installed(root):
        raise UsageError(
            f"{root} is the archive inside the installed package: a record written there is lost on the next "
            "install and is in no clone; in a clone run `pip install -e .` and `forumctl new` there, or name a "
            "records folder with --records DIR"
        )
    series_file = root / "series.yaml"
    if not series_file.is_file():
        raise ArchiveError(f"{root}: no series.yaml, so this is not a records folder")
    reg = Registry()
    parse_series(series_file, load(series_file), reg)
    if series not in reg.series:
        raise UsageError(f"unknown series {series!r}{did_you_mean(series, reg.series)} (the archive has: "
                         f"{', '.join(reg.series)})")  # fmt: skip
    start = _date(start, "start")
    end = _date(end, "end") if end else start
    if end < start:
        raise UsageError(f"end {end} is before start {start}")
    if edition is not None and not 1 <= edition < 10**15:
        raise UsageError(f"--edition must be a positive whole number of at most 15 digits, not {edition}")
    folder = root / series
    existing = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
    prefixes = Counter(m.group(1) for stem in existing if (m := _PREFIX.match(stem)))
    prefix = prefixes.most_common(1)[0][0] if prefixes else series
    if event_id is None:
        event_id = f"{prefix}-{start[:4]}"
        if event_id in existing:
            raise UsageError(f"{event_id} exists already; name the new event with --id (say, {prefix}-{start})")
    if len(event_id) > MAX_ID_LENGTH:
        raise UsageError(f"id {event_id[:20]!r}... is {len(event_id)} characters long; ids are at most {MAX_ID_LENGTH}")
    if not _ID.match(event_id):
        raise UsageError(f"id {event_id!r} must be lower-case letters, digits, '.', '_' or '-'")
    path = folder / f"{event_id}.yaml"
    kinds = Counter(_kind_of(folder / f"{stem}.yaml") for stem in existing[:50])
    kind = next((k for k, _ in kinds.most_common() if k in EVENT_KINDS), "other")
    schema = root.parent / "schema" / "event.schema.json"
    modeline = ""
    if schema.is_file():
        modeline = f"# yaml-language-server: $schema={os.path.relpath(schema, folder)}\n"
    text = SKELETON.format(
        modeline=modeline, title_hint=reg.series[series]["name"], id=event_id, series=series, kind=kind,
        edition=f"edition: {edition}\n" if edition else "", start=start, end=end,
    )  # fmt: skip
    _write_new(path, text)
    return {"path": str(path), "id": event_id, "series": series}


def _kind_of(path: Path) -> str | None:
    try:
        value = load(path)
    except Exception:
        return None
    kind = value.get("kind") if isinstance(value, dict) else None
    return kind if isinstance(kind, str) else None


def _write_new(path: Path, text: str) -> None:
    """Write the file whole or not at all, and never over an existing one."""
    try:
        if path.exists():
            raise UsageError(f"{path} already exists; forumctl new never overwrites (use --id for another id)")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        try:
            os.link(tmp, path)  # fails if the file appeared meanwhile: no overwrite, ever
        except FileExistsError:
            raise UsageError(f"{path} already exists; forumctl new never overwrites") from None
        finally:
            os.unlink(tmp)
    except OSError as exc:
        raise ArchiveError(f"{path}: cannot write the record: {exc.strerror or exc}") from None
