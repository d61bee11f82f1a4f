"""Safe YAML reading that keeps line numbers and never guesses types.

Records are parsed to a node graph with PyYAML's safe composer and converted here, so that
every value keeps the line it came from, plain scalars stay text (`no`, `on`, `010` are not
booleans or numbers: the schema decides what a field's type is), aliases and non-standard tags
are refused (no "billion laughs", no Python objects), and duplicate keys are an error instead of
the last one silently winning.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import yaml

from forumctl.errors import RecordError

MAX_FILE_BYTES = 2 * 1024 * 1024

_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's safe composer (the C one where built) with type resolution switched off: the
    schema decides every field's type, so guessing bools and numbers per scalar is wasted work."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return _STR if kind is yaml.ScalarNode else _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_NULLS = {"", "~", "null", "Null", "NULL"}

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


def _mark(node: yaml.Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def read_text(path: Path) -> str:
    """Read a record file as NFC text, with a clear error for other encodings."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise RecordError(path, f"file is {size:,} bytes; records are at most {MAX_FILE_BYTES:,}")
        data = path.read_bytes()
    except OSError as exc:
        raise RecordError(path, f"cannot read file: {exc.strerror or exc}") from None
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
    if "\x00" in text:
        raise RecordError(path, "file contains NUL bytes; is it a binary file?")
    return unicodedata.normalize("NFC", text)


def load(path: Path) -> Any:
    """Parse one YAML file into YamlMap / YamlSeq / str / None."""
    text = read_text(path)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
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
        loader.dispose()
    if node is None:
        return None
    # Without '&' there can be no anchor, so no alias: skip tracking every node.
    return _convert(node, path, set() if "&" in text else None)


def _convert(node: yaml.Node, path: Path, seen: set[int] | None) -> Any:
    if seen is not None:
        if id(node) in seen:
            raise RecordError(path, "YAML anchors and aliases (&name, *name) are not allowed in records", *_mark(node))
        seen.add(id(node))
    if node.tag not in _STANDARD_TAGS:
        raise RecordError(path, f"YAML tag {node.tag!r} is not allowed in records", *_mark(node))
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.value in _NULLS:  # plain style is None in PyYAML, "" in its C loader
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        seq = YamlSeq()
        seq.mark = _mark(node)
        seq.item_marks = []
        for item in node.value:
            seq.append(_convert(item, path, seen))
            seq.item_marks.append(_mark(item))
        return seq
    if isinstance(node, yaml.MappingNode):
        mapping = YamlMap()
        mapping.mark = _mark(node)
        mapping.key_marks = {}
        mapping.value_marks = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise RecordError(path, "mapping keys must be plain names", *_mark(key_node))
            key = key_node.value
            if key in mapping:
                first = mapping.key_marks[key][0]
                raise RecordError(path, f"duplicate key {key!r} (first on line {first})", *_mark(key_node))
            mapping[key] = _convert(value_node, path, seen)
            mapping.key_marks[key] = _mark(key_node)
            mapping.value_marks[key] = _mark(value_node)
        return mapping
    raise RecordError(path, "unsupported YAML node", *_mark(node))  # pragma: no cover
