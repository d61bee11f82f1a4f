"""Shared by the scripts that write generated files (completions, schemas): write them, or with
`--check` only say which are out of date."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_or_check(files: Iterable[tuple[Path, str]]) -> int:
    """Exit status: 1 under --check when any file differs from what it should be, else 0."""
    check = "--check" in sys.argv[1:]
    stale = []
    for path, text in files:
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(path.relative_to(ROOT))
            if not check:
                path.parent.mkdir(exist_ok=True)
                path.write_text(text, encoding="utf-8")
    for rel in stale:
        print(f"{rel}: {'is out of date' if check else 'updated'}", file=sys.stderr)
    return 1 if check and stale else 0
