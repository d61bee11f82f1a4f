"""Dynamic shell completion: event keys, series and organisations from the current archive.

Completion runs on every TAB, so it must never fail loudly: any error offers nothing.
"""

from __future__ import annotations

from typing import Any

import typer

from forumctl import api
from forumctl.output.render import FORMATS


def _store(ctx: typer.Context) -> Any:
    params = ctx.params if ctx is not None else {}
    return api.connect(params.get("records"), params.get("db")).conn


def _matching(candidates: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    return [(value, help_) for value, help_ in candidates if value.startswith(incomplete)]


def complete_event_key(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from forumctl.questions.events import event_keys

    try:
        return _matching(event_keys(_store(ctx), (ctx.params or {}).get("series")), incomplete)
    except Exception:
        return []


def complete_series(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from forumctl.questions.events import series_names

    try:
        return _matching(series_names(_store(ctx)), incomplete)
    except Exception:
        return []


def complete_org(ctx: typer.Context, incomplete: str) -> list[str]:
    from forumctl.questions.events import org_names

    try:
        return [name for name in org_names(_store(ctx)) if name.casefold().startswith(incomplete.casefold())]
    except Exception:
        return []


def complete_format(incomplete: str) -> list[str]:
    return [f for f in FORMATS if f.startswith(incomplete)]
