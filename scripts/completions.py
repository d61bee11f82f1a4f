"""Regenerate completions/ from the app: `python scripts/completions.py` (`--check`: exit 1 if stale).

The scripts are typer's (`_FORUMCTL_COMPLETE=source_<shell> forumctl`; zsh's is ZSH_SCRIPT in
forumctl/completion.py); they call forumctl back on every TAB, so the candidates (event keys,
series, organisations) come from the archive. Each file starts with its script's first line.
"""

from __future__ import annotations

import os
import subprocess
import sys

from generated import ROOT, write_or_check

SHELLS = {"bash": "forumctl.bash", "zsh": "_forumctl", "fish": "forumctl.fish"}


def generate(shell: str) -> str:
    env = {**os.environ, "_FORUMCTL_COMPLETE": f"source_{shell}"}
    code = "from forumctl.cli import app; app(prog_name='forumctl')"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return result.stdout.strip() + "\n"  # line 1 is the script's own: `#compdef forumctl` for zsh


def main() -> int:
    return write_or_check((ROOT / "completions" / name, generate(shell)) for shell, name in SHELLS.items())


if __name__ == "__main__":
    sys.exit(main())
