"""Timing and memory of subprocesses, for benchmarks/run.py.

Commands are timed in alternation: each round runs every command once, so that a burst of load
from other users of a shared machine falls on all of them alike, and the median of the rounds is
compared. Memory is sampled in separate runs, since the sampling competes for the CPU it measures.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Spec:
    """One measurement: commands started together (timed until the last one ends), an optional
    step before each run (not timed), and its environment."""

    commands: list[list[str]]
    env: dict[str, str]
    before: Callable[[], None] | None = None
    times: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def run_once(spec: Spec) -> float:
    if spec.before:
        spec.before()
    start = time.perf_counter()
    procs = [
        subprocess.Popen(cmd, env=spec.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for cmd in spec.commands
    ]
    errors = [(proc, proc.communicate()[1]) for proc in procs]
    elapsed = time.perf_counter() - start
    for proc, err in errors:
        if proc.returncode != 0:
            sys.exit(f"benchmark command failed ({proc.returncode}): {' '.join(proc.args)}\n{err.decode()}")
    return elapsed


def alternate(specs: dict[str, Spec], rounds: int, label: str = "") -> None:
    """One warm-up run of each, then `rounds` rounds that run each once; times go into the specs."""
    for spec in specs.values():
        run_once(spec)
    for n in range(rounds):
        print(f"  {label} round {n + 1}/{rounds}", file=sys.stderr)
        for spec in specs.values():
            spec.times.append(run_once(spec))


def _tree(pid: int) -> list[int]:
    pids, i = [pid], 0
    while i < len(pids):
        try:
            with open(f"/proc/{pids[i]}/task/{pids[i]}/children") as f:
                pids += [int(c) for c in f.read().split()]
        except OSError:
            pass
        i += 1
    return pids


def _kib(path: str, key: str) -> int:
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def peak_memory(spec: Spec, interval: float = 0.05) -> tuple[int, int]:
    """Peak memory of one run's whole process tree (the process and every child), in bytes, twice:
    resident sizes summed (counts pages the processes share once per process: an upper bound),
    and proportional set sizes summed (each shared page split among its sharers: the tree's real
    footprint). Linux only; (0, 0) elsewhere."""
    if spec.before:
        spec.before()
    proc = subprocess.Popen(spec.commands[0], env=spec.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks = [0, 0]

    def watch() -> None:
        while proc.poll() is None:
            pids = _tree(proc.pid)
            rss = sum(_kib(f"/proc/{p}/status", "VmRSS:") for p in pids)
            pss = sum(_kib(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids)
            peaks[0], peaks[1] = max(peaks[0], rss), max(peaks[1], pss)
            time.sleep(interval)

    watcher = threading.Thread(target=watch)
    watcher.start()
    _, err = proc.communicate()
    watcher.join()
    if proc.returncode != 0:
        sys.exit(f"benchmark command failed ({proc.returncode}): {' '.join(proc.args)}\n{err.decode()}")
    return peaks[0], peaks[1]
