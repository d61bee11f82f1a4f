"""Property: whatever record-shaped YAML arrives, the loader loads it or raises ForumctlError."""

from __future__ import annotations

import contextlib
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forumctl.errors import ForumctlError
from forumctl.recordfiles.event import EVENT_KEYS, ITEM_KEYS
from forumctl.recordfiles.registry import Registry, parse_series
from forumctl.recordfiles.rules import collecting
from forumctl.recordfiles.yamlsafe import load

TRAPS = ["no", "on", "off", "yes", "~", "null", "010", "1e3", "0x1F", ".inf", "2020-02-30", "2020-07-02", "soon"]
TRAPS += ["[bold]x[/]", "\x1b[31m", "\u200b", "가\u0301", "-", "*a", "&a", "!!python/object:os.system", "'", '"']
KEYS = st.sampled_from([*EVENT_KEYS, *ITEM_KEYS, "speakers", "date", "items", "person", "org", "url", "speakrs"])
SCALARS = st.one_of(st.sampled_from(TRAPS), st.text(max_size=12), st.integers(), st.booleans(), st.none(),
                    st.floats(allow_nan=True))  # fmt: skip


def nested(inner: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5))


VALUES = st.recursive(SCALARS, nested, max_leaves=20)
RECORDS = st.dictionaries(KEYS, VALUES, max_size=12)


def registry(tmp: Path) -> Registry:
    series = tmp / "series.yaml"
    series.write_text("- {id: forum, name: F, default: true}\n", encoding="utf-8")
    reg = Registry()
    parse_series(series, load(series), reg)
    return reg


def load_event(path: Path, reg: Registry) -> None:
    from forumctl.recordfiles.event import parse_event

    with contextlib.suppress(ForumctlError):
        parse_event(path, load(path), reg, path.name)
    with collecting(), contextlib.suppress(ForumctlError):  # what `forumctl check` does must hold up as well
        parse_event(path, load(path), reg, path.name)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=RECORDS)
def test_random_record_shapes(record: dict, tmp_path: Path) -> None:
    path = tmp_path / "forum-2030.yaml"
    path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    load_event(path, registry(tmp_path))


HOSTILE_CHARS = list("abc: -[]{}&*!|>'\"#\n\t가\x1b\x00\ufeff%@`,?")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(HOSTILE_CHARS), max_size=80))
def test_random_text(text: str, tmp_path: Path) -> None:
    path = tmp_path / "forum-2030.yaml"
    path.write_text(text, encoding="utf-8")
    load_event(path, registry(tmp_path))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=64))
def test_random_bytes(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "forum-2030.yaml"
    path.write_bytes(data)
    load_event(path, registry(tmp_path))
