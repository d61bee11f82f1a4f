"""What the commands share: their common options, and the one place where errors become messages
on stderr and exit codes (see README, "Exit codes").

No `from __future__ import annotations` here: typer reads every command's annotations on each
run, and evaluating them from strings costs more start-up time than defining them does.
"""

import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, NoReturn, Optional

import typer

from forumctl.cli_usage import unexpected
from forumctl.completion import complete_event_key, complete_format, complete_series
from forumctl.errors import AmbiguousError, ForumctlError, UsageError
from forumctl.output.render import FORMATS, render, writes_json_text
from forumctl.text.controls import printable
from forumctl.text.suggest import did_you_mean

Records = Annotated[
    Optional[str],
    typer.Option(
        "--records",
        metavar="DIR",
        envvar="FORUMCTL_RECORDS",
        help="Records folder to use instead of the bundled archive.",
    ),
]
Db = Annotated[
    Optional[str],
    typer.Option(
        "--db", metavar="PATH", envvar="FORUMCTL_DB", help="Database file to use instead of the per-user cache."
    ),
]
Series = Annotated[
    Optional[str],
    typer.Option(
        "--series",
        "-s",
        metavar="ID",
        autocompletion=complete_series,
        help="Series id or name (default: the archive's default series).",
    ),
]
EventKey = Annotated[
    str,
    typer.Argument(
        autocompletion=complete_event_key,
        help="Year (2025), ordinal (3, 3rd, 제3회), event id, or a date in the event.",
    ),
]
Format = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        metavar="|".join(FORMATS),
        autocompletion=complete_format,
        help="Output format.",
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
Fields = Annotated[
    Optional[str],
    typer.Option("--fields", metavar="A,B,C", help="Only these top-level fields (of each item, for lists)."),
]
Bom = Annotated[bool, typer.Option("--bom", help="Start CSV/TSV with a UTF-8 BOM (for Excel).")]
Color = Annotated[
    Optional[bool],
    typer.Option(
        "--color/--no-color", help="Colour in tables (default: on for a terminal, off for pipes and NO_COLOR)."
    ),
]


def fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"forumctl: error: {printable(message)}\n")
    raise typer.Exit(code)


def chosen_format(fmt: str, as_json: bool) -> str:
    return "json" if as_json else fmt.strip().lower()


def json_text_wanted(fmt: str, as_json: bool, fields: str | None) -> bool:
    """Whether render will write the answer as compact JSON text, so that an answer the store keeps
    ready may come as its text, unparsed."""
    return writes_json_text(chosen_format(fmt, as_json), fields, sys.stdout)


def run(
    fetch: Callable[[], Any],
    view: str,
    fmt: str = "table",
    as_json: bool = False,
    fields: str | None = None,
    bom: bool = False,
    color: bool | None = None,
) -> Any:
    """Run one core call and render its result (which it returns), converting core errors to exit codes."""
    try:
        fmt = chosen_format(fmt, as_json)
        if fmt not in FORMATS:
            choose = f" (choose one of: {', '.join(FORMATS)})"
            raise UsageError(f"unknown format {fmt!r}{did_you_mean(fmt, FORMATS)}{choose}")
        picked = [f.strip() for f in fields.split(",") if f.strip()] if fields else None
        data = fetch()
        if data is None:  # the command wrote its own output
            return
        if data == [] and fmt == "table":
            sys.stderr.write("forumctl: nothing matched\n")  # an empty result is success, not an error
            return
        render(data, view, fmt, color=color, fields=picked, bom=bom)
        return data
    except AmbiguousError as exc:
        lines = [f"forumctl: error: {exc}"] + [f"  {c['label']}  {c.get('title', '')}".rstrip() for c in exc.candidates]
        sys.stderr.write(printable("\n".join(lines)) + "\n")
        raise typer.Exit(exc.exit_code) from None
    except ForumctlError as exc:
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    except BrokenPipeError:
        # The reader went away (`| head`): nothing more to say, and nothing left to flush at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.stderr.close()
        raise typer.Exit(0) from None
    except typer.Exit:
        raise
    except Exception as exc:  # what the system refuses, and bugs: still one line (FORUMCTL_DEBUG=1 re-raises)
        fail(*unexpected(exc))
