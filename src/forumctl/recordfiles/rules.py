"""The record format: validates parsed YAML into plain, normalised dicts.

Every rule of docs/records.md that concerns a single file lives here; rules across files (unique
ids, known series, registry look-ups) live in archive.py. Each error names the file and line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from forumctl.errors import RecordError
from forumctl.recordfiles.yamlsafe import Mark, YamlMap, YamlSeq
from forumctl.text.controls import first_control

EVENT_KINDS = ("forum", "conference", "roundtable", "fair", "meeting", "seminar", "other")
ITEM_KINDS = (
    "opening",
    "greeting",
    "keynote",
    "special-lecture",
    "presentation",
    "panel",
    "discussion",
    "talk-concert",
    "case-study",
    "policy-briefing",
    "signing",
    "exhibition",
    "award",
    "remarks",
    "other",
)
OUTCOME_KINDS = ("announcement", "mou", "budget", "award", "exhibition", "other")
SECTORS = (
    "government",
    "agency",
    "research-institute",
    "university",
    "company",
    "association",
    "foundation",
    "political-party",
)

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_INT = re.compile(r"^[0-9]{1,15}$")


T = TypeVar("T")

# When set (by `forumctl check`), problems are collected here and parsing goes on past them;
# otherwise the first problem is raised, which is all loading needs.
_collected: ContextVar[list[RecordError] | None] = ContextVar("collected", default=None)


@contextmanager
def collecting() -> Iterator[list[RecordError]]:
    """Collect every problem found inside the block instead of stopping at the first."""
    errors: list[RecordError] = []
    token = _collected.set(errors)
    try:
        yield errors
    finally:
        _collected.reset(token)


def report(error: RecordError) -> None:
    """A problem that need not stop parsing: collected when checking, raised when loading."""
    errors = _collected.get()
    if errors is None:
        raise error
    errors.append(error)


def warn(warning: RecordError) -> None:
    """Something worth fixing that loading accepts: collected when checking, else ignored."""
    errors = _collected.get()
    if errors is not None:
        warning.severity = "warning"
        errors.append(warning)


class AlreadyReported(RecordError):
    """Raised for a missing required key that Fields has already reported once."""


def attempt(parse: Callable[[], T], default: Any) -> T:
    """parse(), or (when checking) default after recording why it failed. The default is only
    ever seen by `check`, which reports the problem and discards the parsed value."""
    try:
        return parse()
    except RecordError as error:
        if not isinstance(error, AlreadyReported):
            report(error)
        placeholder: T = default
        return placeholder


class Fields:
    """Reads the keys of one YAML mapping, checking each and remembering where it stood."""

    def __init__(
        self, path: Path, value: Any, what: str, mark: Mark, keys: tuple[str, ...], required: tuple[str, ...] = ()
    ):
        self.path = path
        if not isinstance(value, YamlMap):
            self.fail(f"{what} must be a mapping (key: value), not {describe(value)}", mark)
        self.map = value
        for key in value:
            if key not in keys:
                hint = difflib.get_close_matches(key, keys, n=1)
                suggestion = f"; did you mean {hint[0]!r}?" if hint else f"; expected one of: {', '.join(keys)}"
                report(RecordError(path, f"unknown key {key!r} in {what}{suggestion}", *value.key_marks[key]))
        self.missing = {key for key in required if value.get(key) is None}
        for key in required:
            if key in self.missing:
                report(RecordError(path, f"{what} needs {key!r}", *value.mark))

    def fail(self, message: str, mark: Mark | None = None) -> NoReturn:
        line, col = mark if mark else (None, None)
        raise RecordError(self.path, message, line, col)

    def fail_missing(self, key: str) -> NoReturn:
        if key in getattr(self, "missing", ()):
            raise AlreadyReported(self.path, f"{key!r} is required", *self.map.mark)
        self.fail(f"{key!r} is required", self.map.mark)

    def mark(self, key: str) -> Mark:
        mark: Mark = self.map.value_marks.get(key, self.map.mark)
        return mark

    def has(self, key: str) -> bool:
        return self.map.get(key) is not None

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.map.get(key)
        if value is None:
            if required:
                self.fail_missing(key)
            return None
        return check_text(self.path, value, key, self.mark(key))

    def ident(self, key: str) -> str:
        value = self.text(key, required=True)
        assert value is not None
        if not _ID.match(value):
            self.fail(f"{key} {value!r} must be lower-case letters, digits, '.', '_' or '-'", self.mark(key))
        return value

    def integer(self, key: str) -> int | None:
        value = self.map.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not _INT.match(value) or int(value) == 0:
            self.fail(f"{key} must be a positive whole number, not {describe(value)}", self.mark(key))
        return int(value)

    def boolean(self, key: str) -> bool:
        value = self.map.get(key)
        if value is None:
            return False
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        self.fail(f"{key} must be true or false, not {describe(value)}", self.mark(key))

    def date(self, key: str, *, required: bool = False) -> str | None:
        value = self.text(key, required=required)
        if value is None:
            return None
        if not _DATE.match(value):
            self.fail(f"{key} must be a date as YYYY-MM-DD, not {value!r}", self.mark(key))
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"{key} {value!r} is not a real date", self.mark(key))
        return value

    def partial_date(self, key: str) -> str | None:
        value = self.text(key)
        if value is not None and not _PARTIAL_DATE.match(value):
            self.fail(f"{key} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}", self.mark(key))
        return value

    def choice(self, key: str, choices: tuple[str, ...], *, required: bool = False) -> str | None:
        value = self.text(key, required=required)
        if value is not None and value not in choices:
            self.fail(f"{key} {value!r} is not one of: {', '.join(choices)}", self.mark(key))
        return value

    def seq(self, key: str) -> list[tuple[Any, Mark]]:
        """The items of a list-valued key with their marks; a missing key is an empty list."""
        value = self.map.get(key)
        if value is None:
            return []
        if not isinstance(value, YamlSeq):
            self.fail(f"{key} must be a list, not {describe(value)}", self.mark(key))
        return list(zip(value, value.item_marks, strict=True))

    def texts(self, key: str) -> list[str]:
        return self.each(key, lambda item, mark: check_text(self.path, item, f"an item of {key}", mark))

    def each(self, key: str, parse: Callable[[Any, Mark], T]) -> list[T]:
        """parse() of every item of a list-valued key; when checking, failed items are left out."""
        out = []
        for item, mark in attempt(lambda: self.seq(key), []):
            try:
                out.append(parse(item, mark))
            except RecordError as error:
                report(error)
        return out

    def localized(self, key: str, *, required: bool = False) -> dict[str, str | None] | None:
        """`{ko: ..., en: ...}`, both keys always there (null for a missing language); a bare
        string is taken as the Korean text."""
        value = self.map.get(key)
        if value is None:
            if required:
                self.fail_missing(key)
            return None
        if isinstance(value, str):
            return {"ko": check_text(self.path, value, key, self.mark(key)), "en": None}
        sub = Fields(self.path, value, key, self.mark(key), ("ko", "en"))
        out = {lang: sub.text(lang) for lang in ("ko", "en")}
        if not any(out.values()):
            self.fail(f"{key} needs ko or en", self.mark(key))
        return {lang: text or None for lang, text in out.items()}


def describe(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, YamlMap):
        return "a mapping"
    if isinstance(value, YamlSeq):
        return "a list"
    return repr(value)


def check_text(path: Path, value: Any, what: str, mark: Mark) -> str:
    if not isinstance(value, str):
        raise RecordError(path, f"{what} must be text, not {describe(value)}", *mark)
    text = value.strip()
    if not text:
        raise RecordError(path, f"{what} is empty", *mark)
    # Any character that tables would have to escape (text/controls.py): C1 controls such as CSI,
    # zero-width and bidirectional format characters, line separators. Left in, they make two
    # names that look the same differ (박찬\u200b수 is not 박찬수) and steer terminals through JSON.
    bad = first_control(text)
    if bad is not None:
        raise RecordError(path, f"{what} contains control character U+{ord(bad):04X}", *mark)
    return text


def read_list_file(path: Path, value: Any, what: str) -> list[tuple[Any, Mark]]:
    """The entries of a registry file (a YAML list); an empty file is an empty registry."""
    if value is None:
        return []
    if not isinstance(value, YamlSeq):
        raise RecordError(path, f"{what} must be a list of entries, not {describe(value)}", 1, 1)
    return list(zip(value, value.item_marks, strict=True))
