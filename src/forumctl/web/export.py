"""The database as the web gets it, and `forumctl export web DIR` for hosting it elsewhere.

A web copy is a consistent snapshot of the archive database (SQLite's backup API, so an update
running in another forumctl cannot tear it), minus what is no business of a visitor: the
absolute path of the records folder on this machine, and the trigram full-text indexes, whose
search box in Datasette would find nothing for a two-syllable word (the `search` canned query
is the archive's search). Being a private copy, it can be served immutable.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from forumctl import api
from forumctl.errors import ForumctlError
from forumctl.store.cache import connect_readonly
from forumctl.web import DB_NAME
from forumctl.web.metadata import SETTINGS, build_metadata

TEMPLATES = Path(__file__).parent / "templates"


def snapshot(conn: sqlite3.Connection, dest: Path) -> None:
    """Write the web copy of the database open on `conn` to `dest` (replacing it whole)."""
    tmp = dest.with_name(f".{dest.name}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        out = sqlite3.connect(tmp)
        try:
            conn.backup(out)
            out.execute("delete from meta where key = 'records'")
            virtual = "select name from sqlite_master where type = 'table' and sql like 'CREATE VIRTUAL TABLE%'"
            for (name,) in out.execute(virtual).fetchall():
                out.execute(f"drop table [{name}]")
            out.commit()
            out.execute("vacuum")
        finally:
            out.close()
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def metadata_of(db_file: Path) -> dict[str, Any]:
    conn = connect_readonly(db_file)
    try:
        return build_metadata(conn)
    finally:
        conn.close()


def export_web(folder: str, records: str | None = None, db: str | None = None) -> dict[str, Any]:
    """Write DIR/forum.db, DIR/metadata.json, DIR/settings.json and DIR/templates/: a Datasette
    configuration folder (`datasette DIR`), or the pieces for `datasette publish`."""
    out = Path(folder).expanduser()
    try:
        out.mkdir(parents=True, exist_ok=True)
        store = api.connect(records, db)
        db_file = out / f"{DB_NAME}.db"
        snapshot(store.conn, db_file)
        written = [db_file]
        for name, data in (("metadata.json", metadata_of(db_file)), ("settings.json", SETTINGS)):
            (out / name).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            written.append(out / name)
        (out / "templates").mkdir(exist_ok=True)
        for template in sorted(TEMPLATES.glob("*.html")):
            shutil.copyfile(template, out / "templates" / template.name)
            written.append(out / "templates" / template.name)
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ForumctlError(f"{out}: cannot write the web export: {reason}") from None
    return {"dir": str(out), "files": [str(p) for p in written]}
