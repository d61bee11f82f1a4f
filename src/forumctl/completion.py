"""Dynamic shell completion: event keys, series and organisations from the current archive.

Completion runs on every TAB, so it must never fail loudly: any error offers nothing.

The zsh script is ours (ZSH_SCRIPT), given to typer for `--install-completion`, `--show-completion`
and scripts/completions.py alike: typer's own starts with a blank line, so `#compdef` is not on
line 1 and compinit ignores the file on $fpath, and installed there its first TAB offers nothing.
"""

from __future__ import annotations

from typing import Any

import typer
from typer import _completion_classes, _completion_shared  # typer is pinned below 0.29 (pyproject.toml)

from forumctl import api
from forumctl.output.render import FORMATS

# `#compdef` on line 1 (compinit reads only that line). Autoloaded from $fpath, the file's body runs
# on the first TAB: it registers the completer for later TABs and answers this one too. Sourced, it
# only registers. %(...)s are typer's names (the function, the environment variable, the program).
ZSH_SCRIPT = """#compdef %(prog_name)s

%(complete_func)s() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" %(autocomplete_var)s=complete_zsh %(prog_name)s)
}

compdef %(complete_func)s %(prog_name)s
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  %(complete_func)s "$@"
fi
"""
_completion_shared._completion_scripts["zsh"] = ZSH_SCRIPT
_completion_classes.ZshComplete.source_template = ZSH_SCRIPT


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
