"""Which files are records (docs/records.md): lookalikes are reported, never dropped; only regular
files are read; links inside the records folder work, others are errors naming the path; odd
names and deep or huge YAML give one-line errors. The records folder stays byte-identical."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forumctl.recordfiles.discovery import looks_like_yaml, scan_tree
from forumctl.text.controls import printable

RECORD = "forum/forum-2021.yaml"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def one_line_error(cli, archive: Path, named: str, message: str) -> None:
    """Every command stops with one line naming the path; `check` lists it as an error."""
    before = snapshot(archive)
    for command in (["list"], ["show", "2021"], ["speakers"]):
        result = cli(*command, "--records", str(archive), code=1)
        assert "Traceback" not in result.output
        assert result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith(f"forumctl: error: {archive / named}: "), result.stderr
        assert message in result.stderr, result.stderr
    checked = cli("check", "--records", str(archive), "--json", code=1)
    assert "Traceback" not in checked.output
    assert any(p["path"].endswith(named) and message in p["message"] for p in __import__("json").loads(checked.stdout)[
        "problems"]), checked.stdout  # fmt: skip
    assert snapshot(archive) == before


@pytest.mark.parametrize(
    ("named", "message"),
    [
        ("forum/inf-2024.yml", "rename it to 'inf-2024.yaml'"),
        ("forum/inf-2024.YAML", "rename it to 'inf-2024.yaml'"),
        ("forum/old/inf-2024.yaml", "not in a folder below it"),
        ("inf-2024.yaml", "an event record goes in its series folder"),
        ("People.yml", "rename it to 'people.yaml'"),
    ],
)
def test_lookalikes_are_reported(cli, archive: Path, named: str, message: str) -> None:
    path = archive / named
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((archive / RECORD).read_bytes())
    one_line_error(cli, archive, named, message)


def test_ignored_names_stay_ignored(cli, archive: Path) -> None:
    for name in ("README.md", "forum/notes.txt", "forum/forum-2021.yaml~", "forum/.draft.yaml", ".git/x.yaml"):
        (archive / name).parent.mkdir(exist_ok=True)
        (archive / name).write_text("not: [a record\n")
    cli("list", "--records", str(archive))
    assert cli("check", "--records", str(archive), "--json").stdout


def test_check_lists_every_problem_at_once(cli, archive: Path) -> None:
    (archive / "forum" / "a.yml").write_text("x: 1\n")
    (archive / "forum" / "dangling.yaml").symlink_to("nowhere.yaml")
    (archive / "stray.yaml").write_text("x: 1\n")
    result = cli("check", "--records", str(archive), "--json", code=1)
    paths = [p["path"] for p in __import__("json").loads(result.stdout)["problems"] if p["severity"] == "error"]
    assert [Path(p).name for p in paths] == ["a.yml", "dangling.yaml", "stray.yaml"]
    listed = cli("list", "--records", str(archive), code=1).stderr
    assert "(and 2 more problems with record files; `forumctl check` lists them)" in listed


def test_link_inside_the_records_folder_is_read(cli, archive: Path) -> None:
    store = archive / ".store"
    store.mkdir()
    text = (archive / RECORD).read_text().replace("forum-2021", "forum-2031")
    (store / "forum-2031.yaml").write_text(text)
    (archive / "forum" / "forum-2031.yaml").symlink_to("../.store/forum-2031.yaml")
    assert "forum-2031" in [e["id"] for e in cli.json("list", "--records", str(archive))]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("nowhere.yaml", "is a broken symbolic link (to nowhere.yaml)"),
        ("loop.yaml", "is a symbolic link loop"),
        ("/dev/zero", "is a symbolic link to /dev/zero, outside the records folder"),
        ("/etc/hostname", "outside the records folder"),
    ],
)
def test_links_that_lead_nowhere_or_outside(cli, archive: Path, target: str, message: str) -> None:
    (archive / "forum" / "loop.yaml").symlink_to("loop.yaml") if target == "loop.yaml" else None
    link = archive / "forum" / ("zz.yaml" if target == "loop.yaml" else "link.yaml")
    link.symlink_to(target)
    named = "forum/loop.yaml" if target == "loop.yaml" else "forum/link.yaml"
    one_line_error(cli, archive, named, message)


def test_folder_named_like_a_record(cli, archive: Path) -> None:
    (archive / "forum" / "forum-2030.yaml").mkdir()
    one_line_error(cli, archive, "forum/forum-2030.yaml", "is a folder, not a regular file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_does_not_hang(archive: Path) -> None:
    os.mkfifo(archive / "forum" / "forum-2030.yaml")
    for command in ("list", "check"):
        done = subprocess.run([sys.executable, "-m", "forumctl", command, "--records", str(archive)],
                              capture_output=True, text=True, timeout=60)  # fmt: skip
        assert done.returncode == 1, done.stderr
        assert "is a named pipe (FIFO), not a regular file" in done.stderr + done.stdout
        assert "Traceback" not in done.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes in names")
def test_file_name_that_is_not_utf8(archive: Path) -> None:
    os.close(os.open(os.fsencode(archive / "forum") + b"/bad\xff.yaml", os.O_CREAT | os.O_WRONLY))
    done = subprocess.run([sys.executable, "-m", "forumctl", "list", "--records", str(archive)],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 1
    assert done.stderr == f"forumctl: error: {archive}/forum/bad\\xff.yaml: not loaded: the name has bytes that are " \
                          "not UTF-8; rename it\n"  # fmt: skip


def test_deep_flow_nesting(cli, archive: Path) -> None:
    path = archive / RECORD
    text = path.read_text()
    line = text.count("\n") + 1
    path.write_text(text + "notes: " + "[" * 100_000 + "]" * 100_000 + "\n")
    result = cli("list", "--records", str(archive), code=1)
    assert result.stderr.startswith(f"forumctl: error: {path}:{line}:"), result.stderr
    assert "values nest deeper than 64 levels" in result.stderr and result.stderr.count("\n") == 1


def test_deep_block_nesting(cli, archive: Path) -> None:
    path = archive / RECORD
    text = path.read_text() + "notes:\n" + "".join("  " * i + "a:\n" for i in range(1, 200)) + "  " * 200 + "b\n"
    path.write_text(text)
    result = cli("list", "--records", str(archive), code=1)
    assert "values nest deeper than 64 levels" in result.stderr and result.stderr.count("\n") == 1


def test_too_many_values(cli, archive: Path) -> None:
    path = archive / RECORD
    path.write_text(path.read_text() + "notes: [" + "a," * 600_000 + "a]\n")
    result = cli("list", "--records", str(archive), code=1)
    assert "more than 500,000 values in one file" in result.stderr and result.stderr.count("\n") == 1


def test_new_with_a_very_long_id(cli, archive: Path) -> None:
    result = cli("new", "-s", "forum", "--start", "2030-01-01", "--id", "forum-" + "a" * 300, "--records",
                 str(archive), code=2)  # fmt: skip
    assert result.stderr.startswith("forumctl: error: id 'forum-aaaaaaaaaaaaaa'... is 306 characters long")
    assert result.stderr.count("\n") == 1


NAMES = st.sampled_from(
    ["a.yaml", "b.yml", "C.YAML", "d.Yaml", ".e.yaml", "f.txt", "g.yaml~", "series.yaml", "people.yaml", "x y.yaml",
     "한글.yaml", "t\u202e.yaml", "sub"]
)  # fmt: skip
KINDS = st.sampled_from(["file", "folder", "link-in", "link-out", "dangling", "fifo"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=st.lists(st.tuples(st.lists(NAMES, min_size=1, max_size=3), KINDS), max_size=12))
def test_scanner_fuzz_odd_trees(tmp_path_factory: pytest.TempPathFactory, tree: list[tuple[list[str], str]]) -> None:
    """Whatever the tree, the scan ends, raises nothing, and every name that looks like YAML outside a
    dot-folder is either read or reported."""
    root = tmp_path_factory.mktemp("tree")
    for parts, kind in tree:
        path = root.joinpath(*parts)
        if any(p.exists() or p.is_symlink() for p in [path, *path.parents] if p != root and root in p.parents
               and not p.is_dir()):  # fmt: skip
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            continue
        if kind == "file":
            path.write_text("x: 1\n")
        elif kind == "folder":
            path.mkdir()
        elif kind == "link-in":
            path.symlink_to(root)
        elif kind == "link-out":
            path.symlink_to("/dev/zero")
        elif kind == "dangling":
            path.symlink_to("missing")
        elif hasattr(os, "mkfifo"):
            os.mkfifo(path)
    files, problems = scan_tree(root)
    read = {rel for rel, _, _ in files}
    reported = {os.path.relpath(p.path, printable(str(root))) for p in problems}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames + dirnames:
            rel = printable(os.path.relpath(os.path.join(dirpath, name), root))
            if looks_like_yaml(name) and not name.startswith(".") and os.path.isfile(os.path.join(dirpath, name)):
                assert (
                    rel in map(printable, read) or rel in reported or any(rel.startswith(r + "/") for r in reported)
                ), (rel, reported)


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="needs FIFOs and /dev/zero")
def test_reads_are_bounded_and_never_wait(tmp_path: Path) -> None:
    """What the scan saw may be swapped before the read: the read itself refuses anything irregular."""
    from forumctl.errors import RecordError
    from forumctl.recordfiles.yamlsafe import MAX_FILE_BYTES, read_bytes

    fifo = tmp_path / "x.yaml"
    os.mkfifo(fifo)
    for path, message in [(fifo, "is a named pipe (FIFO)"), (Path("/dev/zero"), "is a device"),
                          (tmp_path, "is a folder")]:  # fmt: skip
        with pytest.raises(RecordError, match=r"not a regular file") as raised:
            read_bytes(path)
        assert message in raised.value.message
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(RecordError, match="records are at most"):
        read_bytes(big)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_completion_follows_the_same_policy(archive: Path) -> None:
    from forumctl.completion import complete_event_key

    class Ctx:
        def __init__(self) -> None:
            self.params = {"records": str(archive)}

    store = archive / ".store"
    store.mkdir()
    (store / "forum-2031.yaml").write_text((archive / RECORD).read_text().replace("forum-2021", "forum-2031"))
    (archive / "forum" / "forum-2031.yaml").symlink_to("../.store/forum-2031.yaml")
    assert "forum-2031" in [value for value, _ in complete_event_key(Ctx(), "forum-20")]  # type: ignore[arg-type]
    os.mkfifo(archive / "forum" / "x.yaml")
    assert complete_event_key(Ctx(), "") == []  # type: ignore[arg-type]  # offers nothing, at once


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes in names")
def test_records_folder_whose_name_is_not_utf8(archive: Path, isolated_env: Path) -> None:
    odd = os.fsdecode(os.fsencode(archive.parent) + b"/rec\xfe")
    os.rename(archive, odd)
    env = {**os.environ, "XDG_CACHE_HOME": str(isolated_env)}
    for _ in range(2):  # a build, then an in-place update after an edit
        done = subprocess.run([sys.executable, "-m", "forumctl", "list", "--records", odd], env=env,
                              capture_output=True, timeout=60)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert b"forum-2021" in done.stdout
        with open(os.path.join(odd, "forum", "forum-2021.yaml"), "a", encoding="utf-8") as f:
            f.write("# edited\n")
