"""The `forumctl` command and `python -m forumctl`.

`forumctl --version` alone is answered here, before typer is imported (importing typer is most of
any run's start-up); every other command line, `--version` among other words included, is parsed
by typer in cli.py. Before that, a named records folder starts being scanned (recordfiles/prefetch.py).
"""

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from forumctl import __version__

        print(f"forumctl {__version__}")
        return
    try:
        from forumctl.recordfiles.prefetch import start

        start(sys.argv[1:])  # a named records folder is scanned while typer is imported
        from forumctl.cli import main as run
    except KeyboardInterrupt:  # Ctrl-C while starting up: as quiet as Ctrl-C later (cli.py's exit code)
        raise SystemExit(130) from None
    run()


if __name__ == "__main__":
    main()
