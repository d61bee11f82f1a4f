"""The command line: parses options, makes one core call, renders the result, and is the one
place where errors become messages on stderr and exit codes (see README, "Exit codes").

No `from __future__ import annotations` here: typer reads every command's annotations on each
run, and evaluating them from strings costs more start-up time than defining them does.
"""

import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, NoReturn, Optional

import typer

from forumctl import __version__, api
from forumctl.cli_usage import Command, Group, unexpected
from forumctl.completion import complete_event_key, complete_format, complete_org, complete_series
from forumctl.errors import AmbiguousError, ForumctlError, UsageError
from forumctl.output.files import write_output
from forumctl.output.render import FORMATS, render
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


def _fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"forumctl: error: {printable(message)}\n")
    raise typer.Exit(code)


def _run(
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
        fmt = "json" if as_json else fmt.strip().lower()
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
        _fail(str(exc), exc.exit_code)
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
        _fail(*unexpected(exc))


def _version(value: bool) -> None:
    if value:
        print(f"forumctl {__version__}")
        raise typer.Exit()


def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Archive of the SME Innovation Network Forum and the SME-innovation events around it."""


def list_(
    series: Series = None,
    every_series: Annotated[bool, typer.Option("--all", "-a", help="Events of every series.")] = False,
    year: Annotated[
        Optional[int], typer.Option("--year", "-y", metavar="YYYY", help="Only events held in this year.")
    ] = None,
    records: Records = None,
    db: Db = None,
    fmt: Format = "table",
    as_json: Json = False,
    fields: Fields = None,
    bom: Bom = False,
    color: Color = None,
) -> None:
    """List the editions of a series, oldest first."""
    _run(
        lambda: api.list_events(records, db, series=series, every_series=every_series, year=year),
        "event_list",
        fmt,
        as_json,
        fields,
        bom,
        color,
    )


def show(
    key: EventKey,
    series: Series = None,
    records: Records = None,
    db: Db = None,
    fmt: Format = "table",
    as_json: Json = False,
    fields: Fields = None,
    bom: Bom = False,
    color: Color = None,
) -> None:
    """Show the whole record of one event."""
    _run(lambda: api.show_event(key, records, db, series=series), "event", fmt, as_json, fields, bom, color)


def speakers(
    query: Annotated[Optional[str], typer.Argument(help="Name, alias, part of name, 초성 (ㄱㅎㅈ), org, talk.")] = None,
    role: Annotated[Optional[str], typer.Option("--role", "-r", help="speaker, chair, attendee or awardee.")] = None,
    org: Annotated[
        Optional[str],
        typer.Option("--org", "-o", autocompletion=complete_org, help="Organisation, by any of its names."),
    ] = None,
    series: Series = None,
    year: Annotated[
        Optional[str], typer.Option("--year", "-y", metavar="YYYY[..YYYY]", help="A year or a range: 2020..2023.")
    ] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", "-k", help="Agenda item kind: keynote, ...")] = None,
    min_events: Annotated[
        Optional[int], typer.Option("--min-events", metavar="N", help="Only people at N or more events.")
    ] = None,
    records: Records = None,
    db: Db = None,
    fmt: Format = "table",
    as_json: Json = False,
    fields: Fields = None,
    bom: Bom = False,
    color: Color = None,
) -> None:
    """Find people who appeared at the events, and where.

    Speakers, co-chairs, attendees named in a caption and awardees, each appearance with the role
    and organisation held then.
    """
    _run(
        lambda: api.speakers(
            query, records, db, role=role, org=org, series=series, year=year, kind=kind, min_events=min_events
        ),
        "people",
        fmt,
        as_json,
        fields,
        bom,
        color,
    )


def person(
    name: Annotated[str, typer.Argument(help="Name, alias, English name or id of one person.")],
    records: Records = None,
    db: Db = None,
    fmt: Format = "table",
    as_json: Json = False,
    fields: Fields = None,
    bom: Bom = False,
    color: Color = None,
) -> None:
    """One person's page: names, every appearance, and co-speakers."""
    _run(lambda: api.person(name, records, db), "person", fmt, as_json, fields, bom, color)


def org(
    name: Annotated[
        str, typer.Argument(autocompletion=complete_org, help="Name, alias or abbreviation (중기부, STEPI).")
    ],
    records: Records = None,
    db: Db = None,
    fmt: Format = "table",
    as_json: Json = False,
    fields: Fields = None,
    bom: Bom = False,
    color: Color = None,
) -> None:
    """One organisation's page: people, talks, events, outcomes."""
    _run(lambda: api.org(name, records, db), "org", fmt, as_json, fields, bom, color)


def diff(
    a: EventKey,
    b: Annotated[
        Optional[str],
        typer.Argument(
            autocompletion=complete_event_key,
            help="Second event key. Without it, A is compared with the latest earlier event of its series and kind "
            "(a forum with the previous forum), else of its series.",
        ),
    ] = None,
    stat: Annotated[bool, typer.Option("--stat", help="Only the counts.")] = False,
    series: Series = None,
    records: Records = None,
    db: Db = None,
    fmt: Format = "table",
    as_json: Json = False,
    fields: Fields = None,
    bom: Bom = False,
    color: Color = None,
) -> None:
    """Compare two events: topics, committees, themes, speakers.

    Topics and committees dropped, kept and added; the two theme statements with their shared
    words; the speakers' organisations by sector; and who spoke at both.

    A field that either record leaves out is reported as not recorded, never as all dropped or added.
    """
    _run(
        lambda: api.diff(a, b, records, db, series=series, stat=stat),
        "diff_stat" if stat else "diff",
        fmt,
        as_json,
        fields,
        bom,
        color,
    )


def themes(
    series: Series = None,
    since: Annotated[
        Optional[int], typer.Option("--since", metavar="YYYY", help="Only editions from this year on.")
    ] = None,
    records: Records = None,
    db: Db = None,
    fmt: Format = "table",
    as_json: Json = False,
    fields: Fields = None,
    bom: Bom = False,
    color: Color = None,
) -> None:
    """The series at a glance: topics and committees by event.

    ? marks an event whose record leaves the field out (not recorded, so unknown)."""
    _run(lambda: api.themes(records, db, series=series, since=since), "themes", fmt, as_json, fields, bom, color)


def coverage(
    series: Series = None,
    every_series: Annotated[bool, typer.Option("--all", "-a", help="Every series.")] = False,
    records: Records = None,
    db: Db = None,
    fmt: Format = "table",
    as_json: Json = False,
    fields: Fields = None,
    bom: Bom = False,
    color: Color = None,
) -> None:
    """What the archive does not know: missing editions and fields.

    Editions and years without a record, and the fields each record leaves out."""
    data = lambda: api.coverage(records, db, series=series, every_series=every_series)  # noqa: E731
    _run(data, "coverage", fmt, as_json, fields, bom, color)


def sql(
    query: Annotated[Optional[str], typer.Argument(help="One read-only SQL query (SELECT or WITH).")] = None,
    show_schema: Annotated[bool, typer.Option("--schema", help="List the tables and their columns.")] = False,
    param: Annotated[
        Optional[list[str]],
        typer.Option("--param", "-p", metavar="NAME=VALUE", help="A named parameter (:name) for the query."),
    ] = None,
    timeout: Annotated[
        Optional[float],
        typer.Option("--timeout", metavar="SECONDS", help="Stop after this much database time (default 10; 0: none)."),
    ] = None,
    records: Records = None,
    db: Db = None,
    fmt: Format = "table",
    as_json: Json = False,
    fields: Fields = None,
    bom: Bom = False,
    color: Color = None,
) -> None:
    """Run a read-only SQL query against the archive database."""
    if show_schema == (query is not None):
        _fail("give either a QUERY or --schema", 2)
    params = {name: value for name, _, value in (p.partition("=") for p in param or [])}
    _run(
        lambda: api.sql(query, records, db, schema=show_schema, params=params, timeout=timeout), "sql", fmt, as_json,
        fields, bom, color,
    )  # fmt: skip


def search(
    words: Annotated[
        list[str],
        typer.Argument(metavar="TEXT", help="Words to find, all of them: titles, themes, talks, outcomes, names."),
    ],
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", help="At most this many events.")] = None,
    records: Records = None, db: Db = None, fmt: Format = "table", as_json: Json = False, fields: Fields = None,
    bom: Bom = False, color: Color = None,
) -> None:  # fmt: skip
    """Search all the text of the archive, best matches first.

    Titles, themes, topics, talks, summaries, outcomes, notes and names; each hit says where it matched."""
    _run(lambda: api.search(" ".join(words), records, db, limit=limit), "search", fmt, as_json, fields, bom, color)


def export_ics(
    keys: Annotated[
        Optional[list[str]],
        typer.Argument(autocompletion=complete_event_key, help="Event keys (default: every event)."),
    ] = None,
    output: Annotated[
        Optional[str], typer.Option("--output", "-o", metavar="FILE", help="Write to this file (- for stdout).")
    ] = None,
    series: Series = None,
    records: Records = None,
    db: Db = None,
) -> None:
    """Write the events as an iCalendar (.ics) file: all-day events with stable UIDs."""

    _run(lambda: write_output(api.export_ics(keys or [], records, db, series=series), output), "none")


def serve(
    host: Annotated[str, typer.Option("--host", metavar="ADDR", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="PORT", min=0, max=65535, help="Port (0: any free).")] = 8001,
    records: Records = None, db: Db = None,
) -> None:  # fmt: skip
    """Serve the archive in Datasette, read-only, until Ctrl-C.

    Needs the web extra (pip install 'forumctl[web]')."""
    from forumctl.web.serve import serve as serve_web

    _run(lambda: serve_web(host, port, records, db), "none")


def export_web(
    folder: Annotated[str, typer.Argument(metavar="DIR", help="Folder to write (created if missing).")],
    records: Records = None, db: Db = None, fmt: Format = "table", as_json: Json = False,
) -> None:  # fmt: skip
    """Write the database, metadata.json and templates for Datasette, to host the archive elsewhere."""
    from forumctl.web.export import export_web as write_web

    _run(lambda: write_web(folder, records, db), "export_web", fmt, as_json)


def check(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Record files to check (default: the archive).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the check too.")] = False,
    records: Records = None, fmt: Format = "table", as_json: Json = False, color: Color = None,
) -> None:  # fmt: skip
    """Validate the records and report every problem at once.

    One line per problem, as path:line:col: severity: message, then the counts.
    """
    result = _run(lambda: api.check(paths or [], records), "check", fmt, as_json, None, False,
                  color)  # fmt: skip
    if result and (result["errors"] or (strict and result["warnings"])):
        raise typer.Exit(1)


def new(
    series: Annotated[str, typer.Option("--series", "-s", metavar="ID", autocompletion=complete_series,
                                        help="Series id.")],
    start: Annotated[str, typer.Option("--start", metavar="YYYY-MM-DD", help="First day.")],
    end: Annotated[Optional[str], typer.Option("--end", metavar="YYYY-MM-DD",
                                               help="Last day (default: the start).")] = None,
    edition: Annotated[Optional[int], typer.Option("--edition", "-e", metavar="N",
                                                   help="Ordinal, if a source gives it.")] = None,
    event_id: Annotated[Optional[str], typer.Option("--id", metavar="ID",
                                                    help="Event id (default: series prefix-year).")] = None,
    records: Records = None, fmt: Format = "table", as_json: Json = False,
) -> None:  # fmt: skip
    """Write a commented record skeleton for a new event.

    The file goes under the series folder; it is valid as written, and an existing file is never
    overwritten.
    """
    _run(lambda: api.new(series, start, end=end, edition=edition, event_id=event_id, records=records), "new", fmt,
         as_json)  # fmt: skip


def build(
    records: Records = None,
    db: Db = None,
    fmt: Format = "table",
    as_json: Json = False,
    color: Color = None,
) -> None:
    """Rebuild the archive database now (for sqlite3 or Datasette)."""
    _run(lambda: api.build(records, db), "build", fmt, as_json, None, False, color)


COMMANDS: dict[str, Callable[..., None]] = {
    "list": list_, "show": show, "speakers": speakers, "person": person, "org": org, "diff": diff, "themes": themes,
    "coverage": coverage, "sql": sql, "check": check, "new": new, "build": build, "search": search,
    "serve": serve,
}  # fmt: skip


def make_app(only: Optional[str] = None) -> typer.Typer:
    """The app with every command, or with just `only`: typer inspects each registered command's
    signature on every run, so a run that names its command registers that one alone."""
    forumctl = typer.Typer(
        name="forumctl",
        # the Korean name in a paragraph of its own: click wraps by characters, and Hangul takes two columns
        help="Archive of Korea's SME Innovation Network Forum and the events around it.\n\n"
        "중소기업 혁신 네트워크 포럼과 관련 행사의 기록.",
        no_args_is_help=True,
        cls=Group,
        add_completion=only is None,  # --install-completion goes with the full app, not a command's run
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    forumctl.callback()(_main)
    for name, command in COMMANDS.items():
        if only in (None, name):
            forumctl.command(name, cls=Command)(command)
    if only in (None, "export"):
        export = typer.Typer(
            help="Export events to other formats.", no_args_is_help=True, rich_markup_mode=None, cls=Group
        )
        export.command("ics", cls=Command)(export_ics)
        export.command("web", cls=Command)(export_web)
        forumctl.add_typer(export, name="export")
    return forumctl


app = make_app()


def main() -> None:
    # The first word that is not an option names the command (the app's own options take no value).
    wanted = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), None)
    lean = wanted in COMMANDS or wanted == "export"
    (make_app(wanted) if lean and "_FORUMCTL_COMPLETE" not in os.environ else app)(prog_name="forumctl")
