"""Name folding shared by registry look-ups, search and diff."""

from __future__ import annotations

import re
import unicodedata

_IGNORED = re.compile(r"[\s\x00-\x1f\x7f·・‧/,\-_.]+")  # control characters are never part of a name


def fold(text: str) -> str:
    """The form two names must share to be the same name: NFC, case-folded, with spacing and
    the separators people vary (`·`, `/`, `,`, `-`, `_`, `.`) and control characters removed."""
    return _IGNORED.sub("", unicodedata.normalize("NFC", text).casefold())


# Initial consonants (초성) of the 19 leading jamo, as the compatibility jamo users type.
CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_SYLLABLE_FIRST, _SYLLABLE_LAST, _PER_INITIAL = 0xAC00, 0xD7A3, 21 * 28
_CONJOINING_FIRST = 0x1100  # ᄀ..ᄒ: the same 19 consonants as conjoining jamo (NFD text)


def choseong(text: str) -> str:
    """`김현준` -> `ㄱㅎㅈ`: each precomposed syllable replaced by its initial consonant, by the
    Unicode Hangul syllable arithmetic (Unicode §3.12); conjoining initials become compatibility
    jamo; anything else is kept as it is."""
    out = []
    for ch in text:
        code = ord(ch)
        if _SYLLABLE_FIRST <= code <= _SYLLABLE_LAST:
            out.append(CHOSEONG[(code - _SYLLABLE_FIRST) // _PER_INITIAL])
        elif _CONJOINING_FIRST <= code < _CONJOINING_FIRST + len(CHOSEONG):
            out.append(CHOSEONG[code - _CONJOINING_FIRST])
        else:
            out.append(ch)
    return "".join(out)


def has_choseong(query: str) -> bool:
    """Whether a query uses bare initial consonants (`ㄱㅎㅈ`, `김ㅎㅈ`) that stand for syllables."""
    return any(ch in CHOSEONG for ch in choseong_of_jamo(query))


def choseong_of_jamo(query: str) -> str:
    return "".join(CHOSEONG[ord(c) - _CONJOINING_FIRST] if _CONJOINING_FIRST <= ord(c) < 0x1113 else c for c in query)


def matches_pattern(name: str, query: str) -> bool:
    """Whether `query` occurs in `name`, a bare initial consonant in the query matching any
    syllable that starts with it (`김ㅎㅈ` and `ㄱㅎㅈ` both occur in `김현준`)."""
    query = choseong_of_jamo(query)
    n = len(query)
    for start in range(len(name) - n + 1):
        window = name[start : start + n]
        if all(q == c or (q in CHOSEONG and choseong(c) == q) for q, c in zip(query, window, strict=True)):
            return True
    return False
