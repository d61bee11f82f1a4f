"""Did you mean: the closest known values to a mistyped one, for error messages.

Compared in folded form (fold: case, spacing and separators ignored), so `Inf-2020`, `inf 2020`
and `inf-202` all find `inf-2020`; Korean compares syllable by syllable.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from forumctl.text.names import fold


def close_matches(wanted: str, known: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Up to n known values closest to `wanted`, best first (none when nothing is close)."""
    by_folded: dict[str, str] = {}
    for value in known:
        by_folded.setdefault(fold(value), value)
    key = fold(wanted)
    if not key:
        return []
    found = difflib.get_close_matches(key, list(by_folded), n=n, cutoff=cutoff)
    if len(key) >= 3:  # a value that holds what was typed (a cut-off id, one word of a name) is a guess too
        found += [f for f in by_folded if f.startswith(key) and f not in found]
        found += [f for f in by_folded if key in f and f not in found]
    return [by_folded[f] for f in found[:n]]


def did_you_mean(wanted: str, known: Iterable[str], n: int = 3) -> str:
    """`; did you mean 'x'?` (or `'x' or 'y'`), or the empty string when nothing is close."""
    found = close_matches(wanted, known, n)
    if not found:
        return ""
    return "; did you mean " + " or ".join(repr(f) for f in found) + "?"
