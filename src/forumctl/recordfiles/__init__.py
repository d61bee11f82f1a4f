"""Stage 1, records in: finding, reading and checking the YAML record files and registries
(safe YAML reading, field rules, registries, events, `check`, `new`). Uses only forumctl.text and
forumctl.errors; never typer or rich."""
