"""Shell completions: generated from the app, kept current, and working in real bash."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "completions.py"
BASH = ROOT / "completions" / "forumctl.bash"
INSTALLED = shutil.which("forumctl", path=str(Path(sys.executable).parent))


def test_completion_scripts_are_current() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr + "\nrun `python scripts/completions.py` to regenerate"


def complete(*words: str, env_extra: dict[str, str] | None = None, cache: Path) -> list[str]:
    """Candidates bash offers for the last word of `words`, from the sourced completion script."""
    words_literal = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    script = f"""
        source '{BASH}'
        COMP_WORDS=({words_literal})
        COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
        _forumctl_completion forumctl
        printf '%s\\n' "${{COMPREPLY[@]}}"
    """
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "XDG_CACHE_HOME": str(cache), "HOME": str(cache)}
    result = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], capture_output=True, text=True,
                            env={**env, **(env_extra or {})}, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line]


needs_bash = pytest.mark.skipif(shutil.which("bash") is None or INSTALLED is None,
                                reason="needs bash and an installed forumctl")  # fmt: skip


@needs_bash
def test_bash_completes_commands_and_event_keys(isolated_env: Path) -> None:
    assert complete("forumctl", "sh", cache=isolated_env) == ["show"]
    keys = complete("forumctl", "show", "", cache=isolated_env)
    assert {"inf-2020", "inf-2023", "inf-2025", "2023", "2024", "2025", "1st", "2nd", "3rd", "fair-2025"} <= set(keys)
    assert "2020" not in keys and "2022" not in keys  # two forum events each: a year would be ambiguous
    assert complete("forumctl", "show", "inf-2022", cache=isolated_env) == ["inf-2022", "inf-2022-summer"]
    fair = complete("forumctl", "show", "--series", "tech-management-innovation-fair", "", cache=isolated_env)
    assert "26th" in fair and "3rd" not in fair


@needs_bash
def test_bash_completes_series_orgs_and_formats(isolated_env: Path) -> None:
    assert complete("forumctl", "list", "--series", "", cache=isolated_env) == [
        "innovation-network-forum", "regional-innovation-roundtable", "sme-rnd-roundtable", "stepi-policy-forum",
        "tech-management-innovation-fair",
    ]  # fmt: skip
    assert "과학기술정책연구원" in complete("forumctl", "speakers", "--org", "과학", cache=isolated_env)
    assert complete("forumctl", "speakers", "--org", "STE", cache=isolated_env) == ["STEPI"]
    assert complete("forumctl", "list", "--format", "", cache=isolated_env) == [
        "table", "json", "ndjson", "csv", "tsv", "yaml",
    ]  # fmt: skip


@needs_bash
def test_bash_completion_follows_records_option(isolated_env: Path) -> None:
    fixture = Path(__file__).parent / "fixtures" / "basic"
    assert complete("forumctl", "show", "--records", str(fixture), "20", cache=isolated_env) == ["2021", "2022"]
