"""The command line: parses options, makes one core call, renders the result, and is the one
place where errors become messages on stderr and exit codes (see README, "Exit codes")."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated, Any, Optional

import typer

from . import __version__, api
from .errors import AmbiguousError, ForumctlError
from .render import FORMATS, render

app = typer.Typer(
    name="forumctl",
    help="A command-line archive of Korea's SME Innovation Network Forum (중소기업 혁신 네트워크 포럼).",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

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
    typer.Option("--series", "-s", metavar="ID", help="Series id or name (default: the archive's default series)."),
]
Format = Annotated[str, typer.Option("--format", "-f", metavar="|".join(FORMATS), help="Output format.")]
Json = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]


def _fail(message: str, code: int) -> None:
    sys.stderr.write(f"forumctl: error: {message}\n")
    raise typer.Exit(code)


def _output(fmt: str, as_json: bool) -> str:
    fmt = "json" if as_json else fmt
    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}", 2)
    return fmt


def _run(fetch: Callable[[], Any], view: str, fmt: str) -> None:
    """Run one core call and render its result, converting core errors to exit codes."""
    try:
        data = fetch()
        if data == [] and fmt == "table":
            sys.stderr.write("forumctl: nothing matched\n")  # an empty result is success, not an error
            return
        render(data, view, fmt)
    except AmbiguousError as exc:
        lines = [f"forumctl: error: {exc}"] + [f"  {c['label']}  {c.get('title', '')}".rstrip() for c in exc.candidates]
        sys.stderr.write("\n".join(lines) + "\n")
        raise typer.Exit(exc.exit_code) from None
    except ForumctlError as exc:
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (`| head`); nothing more to say
        raise typer.Exit(0) from None


def _version(value: bool) -> None:
    if value:
        print(f"forumctl {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Archive of the SME Innovation Network Forum and the SME-innovation events around it."""


@app.command("list")
def list_(
    series: Series = None,
    every_series: Annotated[bool, typer.Option("--all", "-a", help="Events of every series.")] = False,
    year: Annotated[Optional[int], typer.Option("--year", "-y", help="Only events held in this year.")] = None,
    records: Records = None,
    db: Db = None,
    fmt: Format = "table",
    as_json: Json = False,
) -> None:
    """List the editions of a series, oldest first."""
    out = _output(fmt, as_json)
    _run(lambda: api.list_events(records, db, series=series, every_series=every_series, year=year), "event_list", out)


@app.command()
def show(
    key: Annotated[str, typer.Argument(help="Year (2025), ordinal (3, 3rd, 제3회), event id, or a date in the event.")],
    series: Series = None,
    records: Records = None,
    db: Db = None,
    fmt: Format = "table",
    as_json: Json = False,
) -> None:
    """Show the whole record of one event."""
    out = _output(fmt, as_json)
    _run(lambda: api.show_event(key, records, db, series=series), "event", out)


@app.command()
def speakers(
    query: Annotated[
        Optional[str], typer.Argument(help="Name, alias, part of a name, 초성 (ㄱㅎㅈ), org or talk.")
    ] = None,
    role: Annotated[Optional[str], typer.Option("--role", "-r", help="speaker, chair, attendee or awardee.")] = None,
    org: Annotated[Optional[str], typer.Option("--org", "-o", help="Organisation, by any of its names.")] = None,
    series: Series = None,
    year: Annotated[Optional[str], typer.Option("--year", "-y", help="A year or a range: 2020..2023.")] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", "-k", help="Agenda item kind: keynote, ...")] = None,
    records: Records = None,
    db: Db = None,
    fmt: Format = "table",
    as_json: Json = False,
) -> None:
    """Find people who appeared (spoke, co-chaired, attended, were awarded) and where."""
    out = _output(fmt, as_json)
    _run(
        lambda: api.speakers(query, records, db, role=role, org=org, series=series, year=year, kind=kind), "people", out
    )


@app.command()
def person(
    name: Annotated[str, typer.Argument(help="Name, alias, English name or id of one person.")],
    records: Records = None,
    db: Db = None,
    fmt: Format = "table",
    as_json: Json = False,
) -> None:
    """One person's page: names, every appearance, and co-speakers."""
    out = _output(fmt, as_json)
    _run(lambda: api.person(name, records, db), "person", out)


@app.command()
def diff(
    a: Annotated[
        str, typer.Argument(help="Event key (as `show` takes); with only this one, diff against the previous edition.")
    ],
    b: Annotated[Optional[str], typer.Argument(help="Second event key.")] = None,
    stat: Annotated[bool, typer.Option("--stat", help="Only the counts.")] = False,
    series: Series = None,
    records: Records = None,
    db: Db = None,
    fmt: Format = "table",
    as_json: Json = False,
) -> None:
    """Compare two events: topics, committees, theme statements, speakers' sectors, recurring people."""
    out = _output(fmt, as_json)
    _run(lambda: api.diff(a, b, records, db, series=series, stat=stat), "diff_stat" if stat else "diff", out)


@app.command()
def themes(
    series: Series = None,
    since: Annotated[Optional[int], typer.Option("--since", help="Only editions from this year on.")] = None,
    records: Records = None,
    db: Db = None,
    fmt: Format = "table",
    as_json: Json = False,
) -> None:
    """The series at a glance: which topics and committees appear in which edition."""
    out = _output(fmt, as_json)
    _run(lambda: api.themes(records, db, series=series, since=since), "themes", out)


@app.command()
def build(records: Records = None, db: Db = None, fmt: Format = "table", as_json: Json = False) -> None:
    """Rebuild the archive database now (for sqlite3 or Datasette)."""
    out = _output(fmt, as_json)
    _run(lambda: api.build(records, db), "build", out)


def main() -> None:
    app()
