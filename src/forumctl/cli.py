"""The command line: the questions people ask of the archive, and the app that gathers every
command. Each command parses options and makes one core call; cli_options.run renders the result
and is the one place where errors become exit codes (see README, "Exit codes").

No `from __future__ import annotations` here: typer reads every command's annotations on each
run, and evaluating them from strings costs more start-up time than defining them does.
"""

import os
import sys
from collections.abc import Callable
from typing import Annotated, Optional

import typer

from forumctl import __version__, api
from forumctl.cli_archive import build, check, export_ics, export_web, new, serve
from forumctl.cli_options import (
    Bom,
    Color,
    Db,
    EventKey,
    Fields,
    Format,
    Json,
    Records,
    Series,
    fail,
    json_text_wanted,
    run,
)
from forumctl.cli_usage import Command, Group
from forumctl.completion import complete_event_key, complete_org
from forumctl.errors import UsageError


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
        Optional[str],
        typer.Option(
            "--year", "-y", metavar="YYYY[..YYYY]", help="Only events held in this year or range: 2020..2023."
        ),
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
    run(
        lambda: api.list_events(
            records,
            db,
            series=series,
            every_series=every_series,
            year=year,
            as_text=json_text_wanted(fmt, as_json, fields),
        ),
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
    run(lambda: api.show_event(key, records, db, series=series), "event", fmt, as_json, fields, bom, color)


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
    as_text = json_text_wanted(fmt, as_json, fields)
    run(
        lambda: api.speakers(
            query, records, db, role=role, org=org, series=series, year=year, kind=kind, min_events=min_events,
            as_text=as_text,
        ),
        "people", fmt, as_json, fields, bom, color,
    )  # fmt: skip


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
    as_text = json_text_wanted(fmt, as_json, fields)
    run(lambda: api.person(name, records, db, as_text=as_text), "person", fmt, as_json, fields, bom, color)


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
    as_text = json_text_wanted(fmt, as_json, fields)
    run(lambda: api.org(name, records, db, as_text=as_text), "org", fmt, as_json, fields, bom, color)


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
    run(
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
    as_text = json_text_wanted(fmt, as_json, fields)
    run(lambda: api.themes(records, db, series=series, since=since, as_text=as_text), "themes", fmt, as_json, fields,
        bom, color)  # fmt: skip


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
    run(data, "coverage", fmt, as_json, fields, bom, color)


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
        fail("give either a QUERY or --schema", 2)
    if query is not None and not query.strip():
        fail("the QUERY is empty: give an SQL query, or --schema for the tables", 2)
    params: dict[str, str] = {}
    for pair in param or []:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            fail(f"--param takes NAME=VALUE (for :NAME in the query), not {pair!r}", 2)
        params[name] = value
    run(
        lambda: api.sql(query, records, db, schema=show_schema, params=params, timeout=timeout), "sql", fmt, as_json,
        fields, bom, color,
    )  # fmt: skip


SEARCH_LIMIT = 30  # events a search shows unless told otherwise, as `gh search`


def search(
    words: Annotated[
        list[str],
        typer.Argument(metavar="TEXT", help="Words to find, all of them: titles, themes, talks, outcomes, names."),
    ],
    limit: Annotated[
        Optional[int], typer.Option("--limit", "-n", help=f"At most this many events (default {SEARCH_LIMIT}).")
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Every matching event, however many.")] = False,
    records: Records = None, db: Db = None, fmt: Format = "table", as_json: Json = False, fields: Fields = None,
    bom: Bom = False, color: Color = None,
) -> None:  # fmt: skip
    """Search all the text of the archive, best matches first.

    Titles, themes, topics, talks, summaries, outcomes, notes and names; each hit says where it matched.
    The best 30 unless --limit or --all says otherwise; stderr says when there are more."""
    matched = [0]

    def fetch() -> list[dict[str, object]]:
        if every and limit is not None:
            raise UsageError("search: give --limit or --all, not both")
        found = api.search(
            " ".join(words), records, db, limit=None if every else SEARCH_LIMIT if limit is None else limit
        )
        matched[0] = found.matched
        return found.hits

    shown = run(fetch, "search", fmt, as_json, fields, bom, color)
    if shown and matched[0] > len(shown):
        sys.stderr.write(f"forumctl: the best {len(shown)} of {matched[0]:,} matching events; "
                         "--limit N or --all for more\n")  # fmt: skip


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
