"""English ordinals for edition numbers: 1st, 2nd, 23rd, 111th."""

from __future__ import annotations


def ordinal(edition: int | None) -> str:
    if edition is None:
        return ""
    suffix = "th" if 10 <= edition % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(edition % 10, "th")
    return f"{edition}{suffix}"
