"""The performance benchmark: `python benchmarks/run.py` (with forumctl installed).

Runs the installed `forumctl` as a subprocess, the median of --runs runs after a warm-up, on the
bundled archive and on a synthetic one (benchmarks/generate.py), next to floors measured in the
same run, and writes the table, the budgets and the machine to docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MINIMAL_TYPER = """\
import json
import typer

app = typer.Typer()


@app.command()
def main() -> None:
    print(json.dumps([{"id": 1}]))


app()
"""
PARSE_FLOOR = """\
import sys, yaml
from pathlib import Path
root = Path(sys.argv[1])
for path in sorted(root.rglob("*.yaml")):
    with open(path, "rb") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
"""


def forumctl() -> str:
    found = shutil.which("forumctl", path=str(Path(sys.executable).parent)) or shutil.which("forumctl")
    if not found:
        sys.exit("benchmarks/run.py: install forumctl first (pip install .)")
    return found


def rss_of_tree(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            with open(f"/proc/{current}/task/{current}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except OSError:
            continue
    return total


def timed(cmd: list[str], env: dict[str, str], before: object = None, memory: bool = False) -> tuple[float, int]:
    """Seconds of one run of cmd, and with `memory` its peak memory summed over the process tree.
    Memory is sampled only when asked: the sampling thread competes for the CPU it measures."""
    if callable(before):
        before()
    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def watch() -> None:
        nonlocal peak
        while proc.poll() is None:
            peak = max(peak, rss_of_tree(proc.pid))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    if memory:
        watcher.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    if memory:
        watcher.join()
    if proc.returncode != 0:
        sys.exit(f"benchmark command failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode()}")
    return elapsed, peak


def median(cmd: list[str], env: dict[str, str], runs: int, before: object = None,
           memory: bool = False) -> tuple[float, int]:  # fmt: skip
    timed(cmd, env, before)  # warm-up
    times = [timed(cmd, env, before)[0] for _ in range(runs)]
    peak = max(timed(cmd, env, before, memory=True)[1] for _ in range(2)) if memory else 0
    return statistics.median(times), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5, help="timed runs of a build (after one warm-up)")
    parser.add_argument("--read-runs", type=int, default=15, help="timed runs of a quick command (after one warm-up)")
    parser.add_argument("--workdir", type=Path, help="keep the synthetic archive here (default: a temporary folder)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args()
    exe = forumctl()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="forumctl-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    synthetic = work / f"synthetic-{args.events}"
    if not (synthetic / "series.yaml").is_file():
        print(f"generating {args.events} events in {synthetic} ...", file=sys.stderr)
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(synthetic), "--events", str(args.events)], check=True
        )
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    env.pop("FORUMCTL_RECORDS", None)
    env.pop("FORUMCTL_DB", None)
    (work / "minimal_typer.py").write_text(MINIMAL_TYPER)
    (work / "parse_floor.py").write_text(PARSE_FLOOR)
    syn_db = work / "synthetic.db"
    syn = ["--records", str(synthetic), "--db", str(syn_db)]
    py = sys.executable
    rows: list[tuple[str, float, int | None]] = []

    def measure(name: str, cmd: list[str], runs: int = 0, before: object = None, memory: bool = False) -> float:
        print(f"  {name} ...", file=sys.stderr)
        seconds, peak = median(cmd, env, runs or args.read_runs, before, memory)
        rows.append((name, seconds, peak))
        return seconds

    floors = {
        "python -c pass": measure("floor: python -c pass", [py, "-c", "pass"]),
        "import sqlite3, json": measure("floor: python -c 'import sqlite3, json'", [py, "-c", "import sqlite3, json"]),
        "typer": measure("floor: minimal typer app printing a JSON list", [py, str(work / "minimal_typer.py")]),
        "parse": measure(
            f"floor: parse {args.events} synthetic files with PyYAML's C loader",
            [py, str(work / "parse_floor.py"), str(synthetic)],
        ),
    }
    reads = {
        "list --json": ["list", "--json"],
        "show KEY --json": ["show", "{show}", "--json"],
        "speakers 현준 --json": ["speakers", "현준", "--json"],
        "speakers ㄱㅎㅈ --json": ["speakers", "ㄱㅎㅈ", "--json"],
        "diff A B --json": ["diff", "{a}", "{b}", "--json"],
        "themes --json": ["themes", "--json"],
    }
    keys = {
        "bundled": {"show": "2025", "a": "2020", "b": "2023"},
        "synthetic": {"show": "sf-00005", "a": "sf-00000", "b": "sf-00005"},
    }
    bundled: dict[str, float] = {}
    for name, words in reads.items():
        cmd = [exe, *(w.format(**keys["bundled"]) for w in words)]
        bundled[name] = measure(f"bundled: {name}", cmd)
    cold = measure(
        f"synthetic: cold build of {args.events} events", [exe, "build", *syn, "--json"], args.runs, memory=True
    )
    cold_peak = rows[-1][2] or 0
    measure("synthetic: warm run, nothing changed (list --json)", [exe, "list", *syn, "--json"])
    edited = synthetic / "synthetic-forum" / "sf-00005.yaml"
    original = edited.read_bytes()
    flip = [0]

    def edit_one() -> None:  # a real change each run: a comment line comes and goes
        flip[0] ^= 1
        edited.write_bytes(original + (b"# benchmark edit\n" if flip[0] else b""))

    after_edit = measure(
        "synthetic: first run after editing one file (list --json)", [exe, "list", *syn, "--json"], before=edit_one
    )
    edited.write_bytes(original)
    timed([exe, "list", *syn, "--json"], env)
    synthetic_reads: dict[str, float] = {}
    for name, words in reads.items():
        cmd = [exe, *(w.format(**keys["synthetic"]) for w in words), *syn]
        synthetic_reads[name] = measure(f"synthetic: {name}", cmd)

    typer_floor = floors["typer"]
    budgets = [
        (
            f"1. bundled reads within 1.25x the minimal typer app ({typer_floor:.3f}s)",
            {n: s / typer_floor for n, s in bundled.items()},
            1.25,
        ),
        (
            "2. synthetic reads within 1.5x the same read on the bundled archive",
            {n: synthetic_reads[n] / bundled[n] for n in reads},
            1.5,
        ),
        (
            f"3. cold build within 1.3x the parse floor ({floors['parse']:.2f}s)",
            {"cold build": cold / floors["parse"]},
            1.3,
        ),
        (
            f"4. run after editing one file within 0.10x the cold build ({cold:.2f}s)",
            {"after one edit": after_edit / cold},
            0.10,
        ),
    ]
    write_report(args, rows, budgets, cold_peak, floors)


def write_report(
    args: argparse.Namespace,
    rows: list[tuple[str, float, int | None]],
    budgets: list[tuple[str, dict[str, float], float]],
    cold_peak: int,
    floors: dict[str, float],
) -> None:
    import forumctl

    lines = [
        "# Performance",
        "",
        "Written by `python benchmarks/run.py` (do not edit by hand). Each time is the median of "
        f"{args.read_runs} runs ({args.runs} for builds and the parse floor) after a warm-up, of the installed "
        "`forumctl` run as a subprocess; memory is the peak resident size summed over the process and its "
        "workers, sampled in separate runs.",
        "",
        f"- date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- machine: {platform.system()} {platform.release()} {platform.machine()}, {os.cpu_count()} CPUs",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, forumctl {forumctl.__version__}",
        f"- synthetic archive: {args.events} events (`benchmarks/generate.py`)",
        "",
        "| measurement | seconds | × typer floor | peak memory |",
        "|---|---:|---:|---:|",
    ]
    for name, seconds, peak in rows:
        memory = f"{peak / 1e6:.0f} MB" if peak else ""
        lines.append(f"| {name} | {seconds:.3f} | {seconds / floors['typer']:.2f} | {memory} |")
    lines += ["", "## Budgets", "", "| budget | measured | limit | holds |", "|---|---|---:|:---:|"]
    for title, ratios, limit in budgets:
        worst = max(ratios.values())
        detail = ", ".join(f"{n}: {r:.2f}" for n, r in ratios.items())
        lines.append(f"| {title} | {detail} | {limit:.2f} | {'yes' if worst <= limit else '**no**'} |")
    holds = cold_peak <= 300e6
    lines.append(
        f"| 5. peak memory of the cold build at most 300 MB | {cold_peak / 1e6:.0f} MB | 300 MB | "
        f"{'yes' if holds else '**no**'} |"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
