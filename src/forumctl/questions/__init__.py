"""Stage 3, the questions: list/show, speakers and people, organisations, themes and diff, sql, the calendar. Each
takes an open store connection and returns plain data (dicts, lists, strings). Uses forumctl.store
and the stages below; never typer or rich."""
