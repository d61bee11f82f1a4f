"""Where the records are and which files they are made of. Standard library only: this runs on
every command, before anything decides whether the records need loading at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from forumctl.errors import ArchiveError

REGISTRY_FILES = ("series.yaml", "people.yaml", "orgs.yaml", "topics.yaml")


def default_records_dir() -> Path:
    """The bundled archive: inside the installed package, or the repository's records/."""
    here = Path(__file__).resolve().parent.parent  # the forumctl package folder
    for candidate in (here / "records", here.parent.parent / "records"):
        if (candidate / "series.yaml").is_file():
            return candidate
    return here / "records"


def records_dir(explicit: str | os.PathLike[str] | None) -> Path:
    chosen = explicit or os.environ.get("FORUMCTL_RECORDS")
    return Path(chosen).expanduser() if chosen else default_records_dir()


FileStat = tuple[str, int, int]  # a file's path inside the records folder, its size and mtime in ns


def scan_records(root: Path) -> list[FileStat]:
    """Every file the archive is made of, in a stable order (registries, then event files by
    folder and name), with the size and modification time that tell whether it changed. This
    runs on every command, so it works on strings and DirEntry stats, one pass, no Path objects."""
    if not root.is_dir():
        raise ArchiveError(f"{root}: records folder does not exist (use --records DIR or FORUMCTL_RECORDS)")
    top = os.fspath(root)
    out: list[FileStat] = []
    for name in REGISTRY_FILES:
        try:
            st = os.stat(os.path.join(top, name))
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            out.append((name, st.st_size, st.st_mtime_ns))
    with os.scandir(top) as entries:
        folders = sorted(e.name for e in entries if not e.name.startswith(".") and e.is_dir())
    for folder in folders:
        with os.scandir(os.path.join(top, folder)) as entries:
            found = [(e.name, e.stat()) for e in entries if e.name.endswith(".yaml") and not e.name.startswith(".")]
        found.sort(key=lambda entry: entry[0])
        out.extend((f"{folder}/{name}", st.st_size, st.st_mtime_ns) for name, st in found)
    return out


def record_files(root: Path, scanned: list[FileStat] | None = None) -> list[Path]:
    """The files of scan_records as paths, for the code that reads them."""
    return [root / rel for rel, _, _ in (scan_records(root) if scanned is None else scanned)]
