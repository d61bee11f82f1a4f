"""Search tables precomputed at build time, so a query never folds or decomposes names itself.

`names` holds one row per name of a person, organisation or topic (canonical, alias, English)
with its folded form and its initial consonants (초성); `names_fts` is an FTS5 trigram index over
both for queries of three or more characters. Shorter queries use instr() on `names` itself:
trigrams cannot match them, and SQLite 3.40's LIKE on a trigram table misses short non-ASCII
patterns.
"""

from __future__ import annotations

from typing import Any

from .names import choseong, fold


def name_rows(rows: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()

    def add(entity: str, key: str, name: str | None, kind: str) -> None:
        if name and (entity, key, name) not in seen:
            seen.add((entity, key, name))
            out.append(
                {
                    "entity": entity,
                    "key": key,
                    "name": name,
                    "kind": kind,
                    "folded": fold(name),
                    "choseong": fold(choseong(name)),
                }
            )

    for entity, table, key_col, alias_table, alias_key in (
        ("person", "people", "id", "person_aliases", "person_id"),
        ("org", "orgs", "name", "org_aliases", "org"),
        ("topic", "topics", "name", "topic_aliases", "topic"),
    ):
        for row in rows[table]:
            add(entity, row[key_col], row["name"], "name")
        for row in rows[alias_table]:
            add(entity, row[alias_key], row["alias"], "alias")
        for row in rows[table]:
            add(entity, row[key_col], row["en"], "en")
    return out


def create_search_tables(db: Any, rows: list[dict[str, Any]]) -> None:
    db["names"].create(
        {"id": int, "entity": str, "key": str, "name": str, "kind": str, "folded": str, "choseong": str}, pk="id"
    )
    db["names"].create_index(["entity", "folded"])
    db["names"].create_index(["entity", "key"])
    if rows:
        db["names"].insert_all(rows, batch_size=1000)
    db["names"].enable_fts(["folded", "choseong"], tokenize="trigram", fts_version="FTS5", create_triggers=False)
