"""Safe YAML reading that keeps line numbers and never guesses types.

Records are read from regular files only, at most MAX_FILE_BYTES, and parsed event by event (the
parser's stream, not its composer): each value keeps the line it came from, plain scalars stay
text (`no`, `on`, `010` are not booleans or numbers: the schema decides what a field's type is),
anchors, aliases and non-standard tags are refused (no "billion laughs", no Python objects),
duplicate keys are an error instead of the last one silently winning, and nesting depth and the
number of values are counted as the events arrive, so that a hostile file is stopped at level
MAX_DEPTH or value MAX_NODES. The tree is built with an explicit stack, never by recursion:
PyYAML's composer recurses (its C version crashes near 50,000 levels), and libyaml's scanner
does work proportional to the depth for every token (100,000 levels of `[` take half a minute),
so the parser is never allowed past the limit.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from forumctl.errors import RecordError
from forumctl.recordfiles.discovery import file_kind

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64  # a record nests about 8 levels (event > agenda > day > items > item > speakers > person)
DEEP = f"values nest deeper than {MAX_DEPTH} levels; records need about 8"
MAX_NODES = 500_000  # values in one file; 2 MiB of a 20,000-person people.yaml holds about 350,000

_Parser: Any = yaml.SafeLoader  # the pure-Python parser, where PyYAML was built without libyaml
if yaml.__with_libyaml__:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]  # libyaml's, not re-exported
_STANDARD_TAGS = {None, "!"} | {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_NULLS = {"", "~", "null", "Null", "NULL"}
_MERGE = "tag:yaml.org,2002:merge"
_NO_KEY = object()

Mark = tuple[int, int]  # 1-based line and column


class YamlMap(dict[str, Any]):
    """A mapping that remembers where it, its keys and its values stand in the file."""

    mark: Mark = (1, 1)
    key_marks: dict[str, Mark]
    value_marks: dict[str, Mark]


class YamlSeq(list[Any]):
    """A sequence that remembers where it and each item stand in the file."""

    mark: Mark = (1, 1)
    item_marks: list[Mark]


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def read_bytes(path: Path) -> bytes:
    """A regular file's bytes, at most MAX_FILE_BYTES. The file is opened without blocking and
    checked after opening, so a FIFO, a device or a folder put there after the scan is refused
    rather than waited on or read without end; a file that grows while read is cut off."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise RecordError(path, f"cannot read file: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise RecordError(path, f"is {file_kind(st.st_mode)}, not a regular file; records are plain files")
        if st.st_size > MAX_FILE_BYTES:
            raise RecordError(path, f"file is {st.st_size:,} bytes; records are at most {MAX_FILE_BYTES:,}")
        chunks, total = [], 0
        while total <= MAX_FILE_BYTES:
            chunk = os.read(fd, MAX_FILE_BYTES + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise RecordError(path, f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if total > MAX_FILE_BYTES:
        raise RecordError(path, f"file is over {MAX_FILE_BYTES:,} bytes; records are at most {MAX_FILE_BYTES:,}")
    return b"".join(chunks)


def read_text(path: Path) -> str:
    """Read a record file as NFC text, with a clear error for other encodings."""
    data = read_bytes(path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = "is not UTF-8"
        try:
            data.decode("cp949")
            hint = "looks like EUC-KR/CP949, not UTF-8; save it as UTF-8"
        except UnicodeDecodeError:
            pass
        raise RecordError(path, f"file {hint}", line) from None
    if (nul := text.find("\x00")) >= 0:
        line = text.count("\n", 0, nul) + 1
        raise RecordError(path, "file contains NUL bytes; is it a binary file?", line, nul - text.rfind("\n", 0, nul))
    return unicodedata.normalize("NFC", text)


def load(path: Path) -> Any:
    """Parse one YAML file into YamlMap / YamlSeq / str / None."""
    text = read_text(path)
    parser = _Parser(text)
    try:
        return _build(parser, path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        # PyYAML 6.0.4 (its libyaml) stops deep flow nesting while scanning ahead, before MAX_DEPTH is reached
        if "nesting depth" in problem:
            raise RecordError(path, DEEP, line, col) from None
        raise RecordError(path, f"YAML syntax error: {problem}", line, col) from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise RecordError(path, f"YAML syntax error: character U+{char:04X} is not allowed ({exc.reason})", line,
                          col) from None  # fmt: skip
    except yaml.YAMLError as exc:
        raise RecordError(path, " ".join(f"YAML error: {exc}".split())) from None
    finally:
        parser.dispose()


def _mark(event: Any) -> Mark:
    return (event.start_mark.line + 1, event.start_mark.column + 1)


def _build(parser: Any, path: Path) -> Any:
    """The one document of the stream as YamlMap / YamlSeq / str / None, built with an explicit
    stack; every check that needs the whole tree is done here, as the events arrive."""
    get = parser.get_event
    get()  # StreamStartEvent
    event = get()
    if isinstance(event, yaml.StreamEndEvent):
        return None
    first = event  # DocumentStartEvent
    stack: list[Any] = []  # the open collections, innermost last
    keys: list[Any] = []  # for each open mapping, the key waiting for its value (or _NO_KEY)
    root: Any = None
    nodes = 0
    duplicates: list[RecordError] = []  # raised once the document has parsed: a syntax error comes first
    while True:
        event = get()
        cls = type(event)
        if cls is yaml.DocumentEndEvent:
            break
        if cls is yaml.SequenceEndEvent or cls is yaml.MappingEndEvent:
            done = stack.pop()
            keys.pop()
            if not stack:
                root = done
            else:
                _place(stack[-1], keys, done, done.mark, path)
            continue
        if cls is yaml.AliasEvent:
            raise RecordError(path, "YAML anchors and aliases (&name, *name) are not allowed in records", *_mark(event))
        if event.anchor is not None:
            raise RecordError(path, "YAML anchors and aliases (&name, *name) are not allowed in records", *_mark(event))
        if event.tag not in _STANDARD_TAGS:
            raise RecordError(path, f"YAML tag {event.tag!r} is not allowed in records", *_mark(event))
        nodes += 1
        if nodes > MAX_NODES:
            raise RecordError(path, f"more than {MAX_NODES:,} values in one file; split it or shorten it",
                              *_mark(event))  # fmt: skip
        mark = _mark(event)
        if cls is yaml.ScalarEvent:
            value = None if not event.style and event.value in _NULLS else event.value  # plain: None or ""
            if not stack:
                root = value
            elif keys[-1] is _NO_KEY and type(stack[-1]) is YamlMap:
                if event.tag == _MERGE:
                    raise RecordError(path, "mapping keys must be plain names", *mark)
                _key(stack[-1], keys, event.value, mark, path, duplicates)
            else:
                _place(stack[-1], keys, value, mark, path)
            continue
        # a sequence or a mapping starts
        if stack and keys[-1] is _NO_KEY and type(stack[-1]) is YamlMap:
            raise RecordError(path, "mapping keys must be plain names", *mark)
        if len(stack) >= MAX_DEPTH:
            raise RecordError(path, DEEP, *mark)
        collection: YamlMap | YamlSeq
        if cls is yaml.SequenceStartEvent:
            collection = YamlSeq()
            collection.item_marks = []
        else:
            collection = YamlMap()
            collection.key_marks = {}
            collection.value_marks = {}
        collection.mark = mark
        stack.append(collection)
        keys.append(_NO_KEY)
    event = get()
    if not isinstance(event, yaml.StreamEndEvent):
        raise RecordError(path, "YAML syntax error: expected a single document in the stream, but found another "
                          f"document (the first starts on line {_mark(first)[0]})", *_mark(event))  # fmt: skip
    if duplicates:
        raise duplicates[0]
    return root


def _key(mapping: YamlMap, keys: list[Any], key: str, mark: Mark, path: Path, duplicates: list[RecordError]) -> None:
    if key in mapping.key_marks:
        first = mapping.key_marks[key][0]
        duplicates.append(RecordError(path, f"duplicate key {key!r} (first on line {first})", *mark))
    else:
        mapping.key_marks[key] = mark
    keys[-1] = key


def _place(parent: YamlMap | YamlSeq, keys: list[Any], value: Any, mark: Mark, path: Path) -> None:
    if type(parent) is YamlSeq:
        parent.append(value)
        parent.item_marks.append(mark)
        return
    key = keys[-1]
    parent[key] = value
    parent.value_marks[key] = mark  # type: ignore[union-attr]
    keys[-1] = _NO_KEY
