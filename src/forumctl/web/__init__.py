"""The web face: the archive database published with Datasette (`forumctl serve`, `forumctl export web`).

A face beside cli.py: it uses forumctl.api and the stages below, never typer. Only serve.py imports
Datasette, and only when it runs, so the core install (without the `web` extra) stays lean and
`export web` works without it. The metadata, canned queries and templates are generated here from
the code (the store's layout, the search engine's SQL), so they never drift from the database.
"""

DB_NAME = "forum"  # the database's name in Datasette's URLs (/forum/events) and in the template names
