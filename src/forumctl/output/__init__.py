"""Stage 4, output: one path that turns a command's plain data into a table, JSON, NDJSON, CSV, TSV
or YAML. Knows nothing of records or SQLite; uses only forumctl.text and forumctl.errors (rich only
when a table is drawn)."""
