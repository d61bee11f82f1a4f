"""The one family of exceptions the core raises; cli.py maps them to exit codes."""

from __future__ import annotations

from pathlib import Path
from typing import Any


class ForumctlError(Exception):
    """Base of every error forumctl reports to the user. Its str() is the one-line message."""

    exit_code = 1


class RecordError(ForumctlError):
    """A record file is unreadable or breaks the record format."""

    def __init__(self, path: Path | str, message: str, line: int | None = None, col: int | None = None):
        self.path = str(path)
        self.line = line
        self.col = col
        self.message = message
        self.severity = "error"
        super().__init__(self.location() + ": " + message)

    def __reduce__(self) -> Any:  # so that errors raised in worker processes arrive whole
        return (_record_error, (self.path, self.message, self.line, self.col, self.severity))

    def location(self) -> str:
        loc = self.path
        if self.line is not None:
            loc += f":{self.line}"
            if self.col is not None:
                loc += f":{self.col}"
        return loc


def _record_error(path: str, message: str, line: int | None, col: int | None, severity: str) -> RecordError:
    error = RecordError(path, message, line, col)
    error.severity = severity
    return error


class ArchiveError(ForumctlError):
    """The records folder as a whole is unusable (missing, empty, no default series)."""


class StoreError(ForumctlError):
    """The SQLite cache could not be built or read."""


class WriteError(ForumctlError):
    """An output file could not be written (a missing folder, a folder named as the file, no permission)."""


class NotFoundError(ForumctlError):
    """A key or name matched nothing."""


class AmbiguousError(ForumctlError):
    """A key or name matched more than one thing; the user must say which."""

    exit_code = 2

    def __init__(self, message: str, candidates: list[dict[str, str]]):
        self.candidates = candidates
        super().__init__(message)


class UsageError(ForumctlError):
    """An option value that the command cannot use."""

    exit_code = 2


class TimeLimitError(ForumctlError):
    """A query ran for its time limit (`sql --timeout`) and was stopped."""

    exit_code = 124  # as timeout(1)
