"""Characters that steer a terminal or hide and reorder text, and how text is made safe to print.

The one place that decides it, for tables (on a terminal and plain into pipes), error messages
and file names. A character is a control if its Unicode category is
- Cc: C0 (ESC starts terminal escape sequences, CR overwrites a line, BS erases), DEL, and C1
  (U+009B is CSI, an escape sequence on its own in many terminals);
- Cf: format characters, among them the bidirectional embeddings, overrides and isolates
  (U+202A-202E, U+2066-2069) and marks (U+200E, U+200F, U+061C) that reorder a line
  ("Trojan source"), zero-width characters, the soft hyphen, the BOM, interlinear annotations
  and the tag characters (U+E0000-E007F) that hide text;
- Zl, Zp: the line and paragraph separators, which break a line where none is seen;
- Cs: lone surrogates, which is how Python holds file-name bytes that are not UTF-8.
Line feeds and tabs are layout, not controls, and a zero width joiner between two pictographs
(an emoji sequence: 👩\u200d💻) is part of the text. Each control is written as a visible escape
(`\\x1b`, `\\u202e`; a file-name byte that is not UTF-8 as `\\xff`), so nothing is hidden and
nothing is lost. JSON, NDJSON, CSV, TSV and YAML are data and keep text as it is.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

CATEGORIES = frozenset(("Cc", "Cf", "Zl", "Zp", "Cs"))
LAYOUT = frozenset("\n\t")


def is_control(char: str) -> bool:
    return char not in LAYOUT and unicodedata.category(char) in CATEGORIES


ZWJ = "\u200d"
_EMOJI_BEFORE = frozenset(("So", "Sk"))  # a pictograph, or a skin-tone modifier (U+1F3FB..1F3FF)


def _joins_emoji(text: str, index: int) -> bool:
    """Whether the ZWJ at `index` joins two pictographs (👩‍💻 is 👩, ZWJ, 💻): part of the text,
    not a hidden character. A variation selector may stand between the first and the joiner."""
    before = text[index - 2] if index >= 2 and text[index - 1] == "\ufe0f" else text[index - 1] if index else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    return (
        bool(before and after)
        and unicodedata.category(before) in _EMOJI_BEFORE
        and (unicodedata.category(after) == "So")
    )


def _controls(text: str) -> Iterator[int]:
    """Where the controls of `text` stand, in order (a ZWJ inside an emoji sequence is not one)."""
    return (i for i, c in enumerate(text) if is_control(c) and not (c == ZWJ and _joins_emoji(text, i)))


def escape(char: str) -> str:
    """A visible stand-in for one control character."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def has_controls(text: str) -> bool:
    return first_control(text) is not None


def first_control(text: str) -> str | None:
    if text.isprintable():  # the common case, at C speed (isprintable is stricter)
        return None
    at = next(_controls(text), None)  # the first is enough
    return None if at is None else text[at]


def printable(text: str) -> str:
    """`text` with every control character replaced by its escape; other text unchanged."""
    if text.isprintable():  # printable text has no control (isprintable is stricter)
        return text
    at = set(_controls(text))
    return "".join(escape(c) if i in at else c for i, c in enumerate(text)) if at else text


def printable_data(data: Any) -> Any:
    """`data` (dicts, lists, scalars) with every string, keys included, made printable."""
    if isinstance(data, str):
        return printable(data)
    if isinstance(data, dict):
        return {printable(k) if isinstance(k, str) else k: printable_data(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [printable_data(v) for v in data]
    return data
