"""The freshness scan of a named records folder, started at the very beginning of a run in a forked
child, so that its stats (one per record file: ~35-45 ms at 10,000 files, mostly in the kernel)
happen while this process imports typer and parses the command line (most of a warm run's time).

Only a hint, never the answer's source of truth: the folder is guessed from `--records DIR`,
`--records=DIR` or FORUMCTL_RECORDS before typer parses anything, and the listing's digest
(statfiles.listing_digest) is used only by the first freshness check of that very folder
(store/freshness.py), only if the child finished cleanly and found no problem. Anything else
(another folder, a failed or killed child, a problem to report) and the scan is done in-process as
it always was. A listing taken at the start of the run is as good as one taken a moment later:
either may miss an edit made while the command runs. The child sends the digest alone: a fresh
database needs nothing more, and sending the listing itself (~600 KB at 10,000 files, through a
64 KB pipe) cost the parent ~4 ms; when the records have changed, the parent scans again for the
listing it must read them by.

Only for the commands that open the database as soon as the command line is parsed (QUERIES):
not `serve` (its snapshot would date from before its second of imports), `check` or `new` (they
never open it), nor help. The bundled archive (no folder named) is small and is never prefetched.
Linux only (fork), and never while SIGCHLD is ignored (forked.may_fork).
"""

from __future__ import annotations

import os

from forumctl.recordfiles.forked import Child, fork_call, may_fork

QUERIES = frozenset({"list", "show", "speakers", "person", "org", "diff", "themes", "coverage", "search", "sql",
                     "build", "export"})  # fmt: skip

# The child, while pending, and the folder's path as the freshness check will spell it.
_pending: tuple[str, Child] | None = None


def start(argv: list[str]) -> None:
    """Fork the child that scans the folder the command line seems to name; nothing if none is named."""
    global _pending
    # As cli.main: the first word that is not an option names the command (the app's options take no value).
    if _pending is not None or next((a for a in argv if not a.startswith("-")), None) not in QUERIES:
        return
    named = _records_named(argv)
    if named is None:
        named = os.environ.get("FORUMCTL_RECORDS", "")
    if not named.strip() or not may_fork():
        return  # the bundled archive, or a blank path that the real parse turns into an error
    from pathlib import Path

    try:
        folder = os.fspath(Path(named).expanduser())  # as discovery.records_dir spells it
    except RuntimeError:  # `~nobody/x`: a guess this bad is not worth a child
        return
    child = fork_call(lambda: _scan(folder))
    if child is None:
        return
    _pending = (folder, child)
    import atexit  # only when a child was started

    atexit.register(_discard)


def _records_named(argv: list[str]) -> str | None:
    named = None
    for i, word in enumerate(argv):
        if word == "--":
            break
        if word == "--records" and i + 1 < len(argv):
            named = argv[i + 1]  # click keeps the last of a repeated option
        elif word.startswith("--records="):
            named = word[len("--records=") :]
    return named


def _scan(folder: str) -> str | None:
    """In the child: the listing's digest, or None for a folder with anything unusual in it (the
    parent scans it with discovery.py, which finds and words any problem)."""
    from forumctl.recordfiles.statfiles import listing_digest, plain_listing

    # In one process: this one already runs beside the parent (a second fork measured no faster).
    lines = plain_listing(folder)
    return None if lines is None else listing_digest(lines)


def taken(root: os.PathLike[str]) -> str | None:
    """The digest of the prefetched listing of `root` (statfiles.listing_digest), once; None when
    there is none to use."""
    global _pending
    if _pending is None:
        return None
    folder, child = _pending
    if folder != os.fspath(root):
        return None  # another folder: the child is left to the exit handler
    _pending = None
    digest = child.result()
    return digest if isinstance(digest, str) else None


def _discard() -> None:
    """At exit, a child whose listing was not used: stopped and reaped, never left behind."""
    global _pending
    if _pending is not None:
        _pending[1].stop()
        _pending = None
