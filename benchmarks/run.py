"""The performance benchmark: `pip install . && python benchmarks/run.py` (a regular install: an
editable one adds an import hook that costs ~50 ms a run).

Runs the installed `forumctl` as a subprocess on the bundled archive and on a synthetic one
(benchmarks/generate.py), in alternation with floors measured in the same run, checks the goals of
issue #14 and writes the figures, the goals and the machine to docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import Spec, alternate, peak_memory
from report import Report

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# The read commands: name, words on the bundled archive, words on the synthetic one (`--json` is
# added). One line per command; a command this forumctl does not have is left out of the run.
READS = [
    ("list", "list", "list"),
    ("show", "show 2025", "show sf-00005"),
    ("speakers", "speakers 현준", "speakers 현준"),
    ("speakers 초성", "speakers ㄱㅎㅈ", "speakers ㄱㅎㅈ"),
    ("person", "person 오영주", "person p00005"),
    ("org", "org 중소벤처기업부", "org ORG005"),
    ("diff", "diff inf-2020 inf-2023", "diff sf-00000 sf-00005"),
    ("themes", "themes", "themes"),
    ("search", "search 딥테크", "search 딥테크"),
]

MINIMAL_TYPER = """\
import json
import typer

app = typer.Typer()


@app.command()
def main() -> None:
    print(json.dumps([{"id": 1}]))


app()
"""
# Every YAML file under a folder, parsed with PyYAML's C loader; `PART N` takes every Nth file
# from the PART-th on, so that N of these side by side are the N-process floor.
PARSE_FLOOR = """\
import sys, yaml
from pathlib import Path
part, parts = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) > 3 else (0, 1)
for path in sorted(Path(sys.argv[1]).rglob("*.yaml"))[part::parts]:
    with open(path, "rb") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
"""
# Where a warm read's time goes, in one process (imports excluded): the freshness check alone
# (api.connect: scan the records folder, compare, open the database), a Python floor for the scan
# (one scandir per folder and one stat per file), and each command run in-process.
IN_PROCESS = """\
import io, json, os, statistics, sys, time
from forumctl import api, cli
records, db, commands = sys.argv[1], sys.argv[2] or None, json.loads(sys.argv[3])

def ms(fn, n=11):
    fn()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 1)

def scan_floor():
    for entry in os.scandir(records):
        if entry.is_dir():
            for file in os.scandir(entry.path):
                file.stat()

def command(words):
    def run():
        sys.argv, stdout = ["forumctl", *words, "--records", records, *(["--db", db] if db else [])], sys.stdout
        sys.stdout = io.StringIO()
        try:
            cli.main()
        except SystemExit:
            pass
        finally:
            sys.stdout = stdout
    return run

out = {"scan floor": ms(scan_floor), "freshness check": ms(lambda: api.connect(records, db).conn.close())}
out.update({name: ms(command(words)) for name, words in commands.items()})
print(json.dumps(out))
"""
HEAVY = ("pydantic", "yaml", "sqlite_utils", "rich")


def installed_forumctl() -> str:
    found = shutil.which("forumctl", path=str(Path(sys.executable).parent)) or shutil.which("forumctl")
    if not found:
        sys.exit("benchmarks/run.py: install forumctl first (pip install .)")
    return found


def has_command(exe: str, name: str, env: dict[str, str]) -> bool:
    return subprocess.run([exe, name, "--help"], env=env, capture_output=True).returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5, help="rounds of the builds and parse floors (after a warm-up)")
    parser.add_argument("--read-runs", type=int, default=31, help="rounds of the quick commands (after a warm-up)")
    parser.add_argument("--workdir", type=Path, help="keep the synthetic archive here (default: a temporary folder)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args()
    exe, py = installed_forumctl(), sys.executable
    work = args.workdir or Path(tempfile.mkdtemp(prefix="forumctl-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    synthetic = work / f"synthetic-{args.events}"
    if not (synthetic / "series.yaml").is_file():
        print(f"generating {args.events} events in {synthetic} ...", file=sys.stderr)
        subprocess.run([py, str(HERE / "generate.py"), str(synthetic), "--events", str(args.events)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("FORUMCTL_RECORDS", "FORUMCTL_DB", "_FORUMCTL_COMPLETE")}
    env["XDG_CACHE_HOME"] = str(work / "cache")
    for name, text in (("minimal_typer.py", MINIMAL_TYPER), ("parse_floor.py", PARSE_FLOOR)):
        (work / name).write_text(text)
    syn = ["--records", str(synthetic), "--db", str(work / "synthetic.db")]
    report = Report(args, os.getloadavg())
    reads = [(name, b.split(), s.split()) for name, b, s in READS if has_command(exe, b.split()[0], env)]
    report.skipped = [name for name, *_ in READS if name not in {r[0] for r in reads}]

    # Goals 1 and 3: the floors, every read on both archives, all in alternation.
    print("reads (goals 1 and 3) ...", file=sys.stderr)
    subprocess.run([exe, "build", *syn], env=env, check=True, stdout=subprocess.DEVNULL)
    quick = {
        "floor: python -c 'import sqlite3, json'": Spec([[py, "-c", "import sqlite3, json"]], env),
        "python -c pass": Spec([[py, "-c", "pass"]], env),
        "minimal typer app printing JSON": Spec([[py, str(work / "minimal_typer.py")]], env),
        "forumctl --version": Spec([[exe, "--version"]], env),
        "forumctl --help": Spec([[exe, "--help"]], env),
    }
    for name, bundled, synth in reads:
        quick[f"bundled: {name}"] = Spec([[exe, *bundled, "--json"]], env)
        quick[f"synthetic: {name}"] = Spec([[exe, *synth, *syn, "--json"]], env)
    alternate(quick, args.read_runs, "reads")
    report.quick = quick
    report.reads = [name for name, *_ in reads]

    # Goal 2: what a warm JSON read imports.
    print("imports (goal 2) ...", file=sys.stderr)
    listing = work / "modules.json"
    for name, bundled, _ in reads:
        subprocess.run([py, str(HERE / "import_probe.py"), str(listing), *bundled, "--json"], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        modules = {m.split(".")[0] for m in json.loads(listing.read_text())}
        report.imports[name] = sorted(modules & set(HEAVY))

    # Where a warm read's time goes, in-process, at both sizes (for goal 3).
    print("in-process breakdown ...", file=sys.stderr)
    from forumctl.recordfiles.discovery import default_records_dir

    for label, records, db, index in (("bundled", str(default_records_dir()), "", 0), ("synthetic", *syn[1::2], 1)):
        commands = json.dumps({name: [*words[index], "--json"] for name, *words in reads})
        out = subprocess.run([py, "-c", IN_PROCESS, records, db, commands], env=env, check=True, capture_output=True)
        report.in_process[label] = json.loads(out.stdout)

    # Goal 4: the cold build against the parse floors, in alternation; then its memory, apart.
    print("builds (goal 4) ...", file=sys.stderr)
    edited = synthetic / "synthetic-forum" / "sf-00005.yaml"
    original = edited.read_bytes()
    flip = [0]

    def edit_one() -> None:  # a real change each run: a comment line comes and goes
        flip[0] ^= 1
        edited.write_bytes(original + (b"# benchmark edit\n" if flip[0] else b""))

    floor_cmd = [py, str(work / "parse_floor.py"), str(synthetic)]
    builds = {
        "floor: parse every file with PyYAML's C loader, one process": Spec([floor_cmd], env),
        "floor: the same in two processes side by side": Spec([[*floor_cmd, "0", "2"], [*floor_cmd, "1", "2"]], env),
        "cold build (forumctl build)": Spec([[exe, "build", *syn, "--json"]], env),
    }
    alternate(builds, args.runs, "builds")
    after_edit = {"first run after editing one file (list)": Spec([[exe, "list", *syn, "--json"]], env, edit_one)}
    alternate(after_edit, args.runs * 2, "after an edit")
    edited.write_bytes(original)
    report.builds = {**builds, **after_edit}
    report.memory = peak_memory(Spec([[exe, "build", *syn, "--json"]], env))
    report.write(args.out)


if __name__ == "__main__":
    main()
