"""Name folding shared by registry look-ups, search and diff."""

from __future__ import annotations

import re
import unicodedata

_IGNORED = re.compile(r"[\s·・‧/,\-_.]+")


def fold(text: str) -> str:
    """The form two names must share to be the same name: NFC, case-folded, with spacing and
    the separators people vary (`·`, `/`, `,`, `-`, `_`, `.`) removed."""
    return _IGNORED.sub("", unicodedata.normalize("NFC", text).casefold())
