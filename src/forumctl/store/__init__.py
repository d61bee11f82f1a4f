"""Stage 2, the SQLite store: the table layout, rows from parsed records, full builds, in-place
updates, the cache location and the freshness check. Uses forumctl.recordfiles and the stages below;
never typer or rich."""
