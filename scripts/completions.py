"""Regenerate completions/ from the app: `python scripts/completions.py` (`--check`: exit 1 if stale).

The scripts are typer's own (`_FORUMCTL_COMPLETE=source_<shell> forumctl`); they call forumctl
back on every TAB, so the candidates (event keys, series, organisations) come from the archive.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHELLS = {"bash": "forumctl.bash", "zsh": "_forumctl", "fish": "forumctl.fish"}


def generate(shell: str) -> str:
    env = {**os.environ, "_FORUMCTL_COMPLETE": f"source_{shell}"}
    code = "from forumctl.cli import app; app(prog_name='forumctl')"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return result.stdout.rstrip("\n") + "\n"


def main() -> int:
    check = "--check" in sys.argv[1:]
    stale = []
    for shell, name in SHELLS.items():
        path = ROOT / "completions" / name
        text = generate(shell)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(path.relative_to(ROOT))
            if not check:
                path.parent.mkdir(exist_ok=True)
                path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{path}: {'is out of date' if check else 'updated'}", file=sys.stderr)
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
