"""The commands that keep and publish the archive rather than ask it questions: check, new, build,
serve and the exports. Each parses its options and makes one core call through `run`.
"""

from typing import Annotated, Optional

import typer

from forumctl import api
from forumctl.cli_options import Color, Db, Format, Json, Records, Series, run
from forumctl.completion import complete_event_key, complete_series
from forumctl.output.files import write_output


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

    run(lambda: write_output(api.export_ics(keys or [], records, db, series=series), output), "none")


def serve(
    host: Annotated[str, typer.Option("--host", metavar="ADDR", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="PORT", min=0, max=65535, help="Port (0: any free).")] = 8001,
    records: Records = None, db: Db = None,
) -> None:  # fmt: skip
    """Serve the archive in Datasette, read-only, until Ctrl-C.

    Needs the web extra (pip install 'forumctl[web]')."""
    from forumctl.web.serve import serve as serve_web

    run(lambda: serve_web(host, port, records, db), "none")


def export_web(
    folder: Annotated[str, typer.Argument(metavar="DIR", help="Folder to write (created if missing).")],
    records: Records = None, db: Db = None, fmt: Format = "table", as_json: Json = False,
) -> None:  # fmt: skip
    """Write the database, metadata.json and templates for Datasette, to host the archive elsewhere."""
    from forumctl.web.export import export_web as write_web

    run(lambda: write_web(folder, records, db), "export_web", fmt, as_json)


def check(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Record files to check (default: the archive).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the check too.")] = False,
    records: Records = None, fmt: Format = "table", as_json: Json = False, color: Color = None,
) -> None:  # fmt: skip
    """Validate the records and report every problem at once.

    One line per problem, as path:line:col: severity: message, then the counts.
    """
    result = run(lambda: api.check(paths or [], records), "check", fmt, as_json, None, False,
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
    run(lambda: api.new(series, start, end=end, edition=edition, event_id=event_id, records=records), "new", fmt,
         as_json)  # fmt: skip


def build(
    records: Records = None,
    db: Db = None,
    fmt: Format = "table",
    as_json: Json = False,
    color: Color = None,
) -> None:
    """Rebuild the archive database now (for sqlite3 or Datasette)."""
    run(lambda: api.build(records, db), "build", fmt, as_json, None, False, color)
