"""Regenerate the command output shown in README.md (and docs/*.md) by running the commands.

Each example is a block like

    <!-- run: forumctl list -->
    ```console
    ...replaced with `$ forumctl list` and its real output...
    ```

The command runs through bash in a pseudo-terminal 80 columns wide with NO_COLOR set, so the
README shows what a person sees in a terminal. `--check` exits 1 if any block is out of date.
Run it with the forumctl you want to document installed (`pip install -e .`).
"""

from __future__ import annotations

import fcntl
import os
import re
import struct
import subprocess
import sys
import tempfile
import termios
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")  # jq and friends colour a terminal; the README is plain
BLOCK = re.compile(r"(<!-- run: (?P<cmd>.+?) -->\n```console\n)(?P<body>.*?)(```)", re.DOTALL)


def run_in_terminal(command: str, env: dict[str, str]) -> str:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 80, 0, 0))
    proc = subprocess.Popen(
        ["bash", "-o", "pipefail", "-c", command], stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the terminal closes when the command has exited
            break
        if not data:
            break
        chunks.append(data)
    proc.wait()
    os.close(master)
    text = ANSI.sub("", b"".join(chunks).decode("utf-8").replace("\r\n", "\n"))
    lines = [line.rstrip() for line in text.splitlines()]
    if proc.returncode:
        lines.append(f"[exit {proc.returncode}]")
    return "\n".join(lines).rstrip("\n") + "\n"


def render(text: str, env: dict[str, str]) -> str:
    def replace(m: re.Match[str]) -> str:
        return m.group(1) + f"$ {m.group('cmd')}\n" + run_in_terminal(m.group("cmd"), env) + m.group(4)

    return BLOCK.sub(replace, text)


def main() -> int:
    check = "--check" in sys.argv[1:]
    with tempfile.TemporaryDirectory() as cache:
        path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
        env = {**os.environ, "PATH": path, "NO_COLOR": "1", "XDG_CACHE_HOME": cache, "TERM": "xterm"}
        for name in ("FORUMCTL_RECORDS", "FORUMCTL_DB", "COLUMNS", "LINES"):
            env.pop(name, None)
        stale = []
        for path in FILES:
            old = path.read_text(encoding="utf-8")
            new = render(old, env)
            if new != old:
                stale.append(path.relative_to(ROOT))
                if not check:
                    path.write_text(new, encoding="utf-8")
    if stale:
        verb = "is out of date" if check else "updated"
        print("\n".join(f"{p}: {verb}" for p in stale), file=sys.stderr)
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
