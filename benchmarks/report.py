"""docs/performance.md from the measurements of benchmarks/run.py: the goals of issue #14 first,
whether each holds, then every figure they come from, and the machine."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sqlite3
from importlib.metadata import version
from pathlib import Path

from measure import Spec

GOAL_FLOOR, STRETCH_FLOOR = 4.0, 3.0  # goal 1: a warm read against `python -c "import sqlite3, json"`
GOAL_SCALE = 1.5  # goal 3: the synthetic archive against the bundled one
GOAL_BUILD = 1.3  # goal 4: the cold build against the one-process (stretch: two-process) parse floor
GOAL_MEMORY = 200e6  # goal 4: peak memory of the cold build's process tree


def yes(holds: bool) -> str:
    return "yes" if holds else "**no**"


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            return next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    except OSError:
        return ""


class Report:
    def __init__(self, args: argparse.Namespace, load_before: tuple[float, float, float]):
        self.args, self.load_before = args, load_before
        self.quick: dict[str, Spec] = {}
        self.reads: list[str] = []
        self.skipped: list[str] = []
        self.imports: dict[str, list[str]] = {}
        self.in_process: dict[str, dict[str, float]] = {}
        self.builds: dict[str, Spec] = {}
        self.memory = (0, 0)

    def goals(self) -> list[str]:
        floor = self.quick["floor: python -c 'import sqlite3, json'"].median
        to_floor = {n: self.quick[f"bundled: {n}"].median / floor for n in self.reads}
        scale = {n: self.quick[f"synthetic: {n}"].median / self.quick[f"bundled: {n}"].median for n in self.reads}
        seq, two, cold = (spec.median for spec in list(self.builds.values())[:3])
        worst = max(to_floor.values())
        heavy = "; ".join(f"{n}: {', '.join(m)}" for n, m in self.imports.items() if m)
        rss, pss = self.memory

        def listed(ratios: dict[str, float]) -> str:
            return ", ".join(f"{n} {r:.2f}" for n, r in ratios.items())

        return [
            "| goal | measured | limit | holds |",
            "|---|---|---:|:---:|",
            f"| 1. every warm read (`--json`, bundled archive) within {GOAL_FLOOR:.0f}× the floor "
            f'`python -c "import sqlite3, json"` ({floor * 1000:.1f} ms) | {listed(to_floor)} | '
            f"{GOAL_FLOOR:.1f} | {yes(worst <= GOAL_FLOOR)} |",
            f"| 1. stretch: within {STRETCH_FLOOR:.0f}× | worst {worst:.2f} | {STRETCH_FLOOR:.1f} | "
            f"{yes(worst <= STRETCH_FLOOR)} |",
            f"| 2. a warm JSON read imports none of pydantic, yaml, sqlite_utils, rich | "
            f"{heavy or 'none, by any read'} | | "
            f"{yes(not heavy)} |",
            f"| 3. every read on {self.args.events:,} synthetic events within {GOAL_SCALE}× the same read on the "
            f"bundled archive | {listed(scale)} | {GOAL_SCALE:.1f} | {yes(max(scale.values()) <= GOAL_SCALE)} |",
            f"| 4. cold build within {GOAL_BUILD}× the one-process parse floor ({seq:.1f} s) | {cold / seq:.2f} | "
            f"{GOAL_BUILD:.1f} | {yes(cold / seq <= GOAL_BUILD)} |",
            f"| 4. stretch: within {GOAL_BUILD}× the two-process parse floor ({two:.1f} s) | {cold / two:.2f} | "
            f"{GOAL_BUILD:.1f} | {yes(cold / two <= GOAL_BUILD)} |",
            f"| 4. peak memory of the cold build's whole process tree | {rss / 1e6:.0f} MB resident, summed "
            f"({pss / 1e6:.0f} MB proportional) | {GOAL_MEMORY / 1e6:.0f} MB | {yes(0 < rss <= GOAL_MEMORY)} |",
        ]

    def tables(self) -> list[str]:
        floor = self.quick["floor: python -c 'import sqlite3, json'"].median
        lines = ["## Quick commands", "", "| measurement | ms (median) | × floor | fastest–slowest ms |",
                 "|---|---:|---:|---:|"]  # fmt: skip
        for name, spec in self.quick.items():
            low, high = min(spec.times) * 1000, max(spec.times) * 1000
            lines.append(f"| {name} | {spec.median * 1000:.1f} | {spec.median / floor:.2f} | {low:.0f}–{high:.0f} |")
        lines += ["", "## Where a warm read's time goes, in one process (imports excluded)", "",
                  "Median ms of in-process runs: the freshness check (`api.connect`: scan the records folder, "
                  "compare with the database, open it), a Python floor for the scan (one `scandir` per folder "
                  "and one `stat` per file), and each command's whole run after its imports. These runs scan "
                  "in-process; the installed command scans a folder named by `--records` in a child started "
                  "before typer is imported (recordfiles/prefetch.py), so in the timings above the scan "
                  "overlaps start-up.", "",
                  "| step | bundled ms | synthetic ms |", "|---|---:|---:|"]  # fmt: skip
        bundled, synthetic = self.in_process.get("bundled", {}), self.in_process.get("synthetic", {})
        for step in bundled:
            lines.append(f"| {step} | {bundled[step]:.1f} | {synthetic.get(step, float('nan')):.1f} |")
        seq = next(iter(self.builds.values())).median
        lines += ["", "## Builds", "", "| measurement | s (median) | × one-process floor | fastest–slowest s |",
                  "|---|---:|---:|---:|"]  # fmt: skip
        for name, spec in self.builds.items():
            lines.append(f"| {name} | {spec.median:.2f} | {spec.median / seq:.2f} | "
                         f"{min(spec.times):.2f}–{max(spec.times):.2f} |")  # fmt: skip
        return lines

    def write(self, out: Path) -> None:
        import forumctl

        load_after = os.getloadavg()
        args = self.args
        lines = [
            "# Performance",
            "",
            "Written by `pip install . && python benchmarks/run.py` (do not edit by hand): the installed `forumctl` "
            "run as a subprocess, in alternation with floors measured in the same run (each round runs every "
            "command once, so a burst of load falls on all of them alike), median of the rounds after a warm-up: "
            f"{args.read_runs} rounds of the quick commands, {args.runs} of the builds. Memory is sampled every "
            "50 ms in a separate build.",
            "",
            f"- date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
            f"- machine: {platform.system()} {platform.release()} {platform.machine()}, {os.cpu_count()} CPUs "
            f"({cpu_model() or 'unknown model'})",
            "- load average (1, 5, 15 min) at the start: "
            + ", ".join(f"{x:.2f}" for x in self.load_before)
            + "; at the end: "
            + ", ".join(f"{x:.2f}" for x in load_after)
            + " (a shared machine: other people's work runs alongside)",
            f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, forumctl {forumctl.__version__}, "
            f"typer {version('typer')}",
            f"- synthetic archive: {args.events:,} events (`benchmarks/generate.py`)",
            "",
            "## Goals (issue #14)",
            "",
            *self.goals(),
            "",
        ]
        if self.skipped:
            lines += [f"Not measured, since this forumctl has no such command: {', '.join(self.skipped)}.", ""]
        lines += self.tables()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print("\n".join(lines))
