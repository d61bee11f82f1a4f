"""Completions in real zsh and fish, installed exactly as the README says (bash: test_completions.py).

Each test runs the README's install commands word for word with HOME set to a fresh folder, then
drives the real shell: zsh through its zpty module (a pseudo-terminal, so the line editor and
compinit run as they do for a person pressing TAB), fish through `complete -C`. A control run
without the installed file shows that the candidates come from forumctl's completion, not from
the shell's defaults. Tests skip, saying why, when the shell is missing (.ci/run installs them).
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer._completion_shared import get_completion_script

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent
INSTALLED = shutil.which("forumctl", path=str(BIN))

# The README's steps, word for word (test_readme_gives_these_steps checks that it still says them).
ZSH_INSTALL = "mkdir -p ~/.zfunc && cp completions/_forumctl ~/.zfunc/"
ZSHRC = ["fpath+=(~/.zfunc)", "autoload -Uz compinit && compinit"]
FISH_INSTALL = "mkdir -p ~/.config/fish/completions && cp completions/forumctl.fish ~/.config/fish/completions/"

END = "--end--"

# Sourced in the zsh under test after ~/.zshrc: TAB runs complete-word as usual, then writes the
# line it left (all the candidates inserted, one word a line, unquoted) to $CAPTURE and clears it.
CAPTURE_SETUP = (
    r"""
PROMPT=''
_capture_all() { compstate[insert]=all; compstate[list]='' }
_capture() {
  comppostfuncs+=(_capture_all)
  zle complete-word
  print -rl -- ${(Q)${(z)BUFFER}} >> $CAPTURE
  print -r -- '"""
    + END
    + r"""' >> $CAPTURE
  BUFFER=''
}
zle -N _capture
bindkey '^I' _capture
print -r -- READY
"""
)

# Run by `zsh -f`: a second, interactive zsh on a pseudo-terminal, set up as ~/.zshrc says, typing
# each line of $TYPED followed by TAB; waits (bounded) until every line has been answered.
DRIVER = (
    r"""
zmodload zsh/zpty || exit 3
zpty shell zsh -f -i
zpty -w shell 'source ~/.zshrc; source $SETUP'
zpty -r shell line '*READY*'
for typed in "${(@f)TYPED}"; do
  zpty -w -n shell "$typed"$'\t'
done
want=${#${(@f)TYPED}}
for i in {1..300}; do
  answered=0
  [[ -f $CAPTURE ]] && answered=${#${(M)${(@f)"$(<$CAPTURE)"}:#"""
    + END
    + r"""}}
  (( answered >= want )) && break
  sleep 0.1
done
zpty -d shell
"""
)


def env(home: Path, cache: Path) -> dict[str, str]:
    return {"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(home), "XDG_CACHE_HOME": str(cache), "LANG": "C.UTF-8",
            "TERM": "xterm"}  # fmt: skip


def install(command: str, home: Path, cache: Path) -> None:
    """Run one of the README's install commands from the clone, as a person would."""
    subprocess.run(["sh", "-c", command], cwd=ROOT, env=env(home, cache), check=True, timeout=30)


def candidates(typed: str, words: list[str]) -> list[str]:
    """What completing `typed` offered: the words of the line after the ones typed before the cursor's."""
    before = len(shlex.split(typed)) - (0 if typed.endswith(" ") else 1)
    return words[before:]


def zsh_complete(lines: list[str], home: Path, cache: Path, *, setup: list[str] | None = ZSHRC) -> list[list[str]]:
    """For each typed line, the candidates zsh's TAB gives (the unchanged word when it gives none)."""
    (home / ".zshrc").write_text("".join(f"{line}\n" for line in setup or []), encoding="utf-8")
    work = home / "work"  # an empty current folder: no file names to fall back on
    work.mkdir(exist_ok=True)
    setup_file, capture = home / "capture-setup.zsh", home / "capture.txt"
    setup_file.write_text(CAPTURE_SETUP, encoding="utf-8")
    capture.unlink(missing_ok=True)
    extra = {"SETUP": str(setup_file), "CAPTURE": str(capture), "TYPED": "\n".join(lines)}
    result = subprocess.run(["zsh", "-f", "-c", DRIVER], cwd=work, env={**env(home, cache), **extra},
                            capture_output=True, text=True, timeout=90)  # fmt: skip
    assert result.returncode == 0, result.stderr
    answers: list[list[str]] = [[]]
    for word in capture.read_text(encoding="utf-8").splitlines() if capture.exists() else []:
        if word == END:
            answers.append([])
        else:
            answers[-1].append(word)
    answers.pop()
    assert len(answers) == len(lines), f"zsh answered {len(answers)} of {len(lines)} lines: {result.stderr}"
    return [candidates(typed, words) for typed, words in zip(lines, answers, strict=True)]


def fish_complete(typed: str, home: Path, cache: Path) -> list[str]:
    result = subprocess.run(["fish", "-c", f"complete -C {shlex.quote(typed)}"], cwd=home, env=env(home, cache),
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return [line.split("\t")[0] for line in result.stdout.splitlines() if line]


def has_zpty() -> bool:
    if shutil.which("zsh") is None:
        return False
    return subprocess.run(["zsh", "-f", "-c", "zmodload zsh/zpty"], capture_output=True, timeout=30).returncode == 0


needs_zsh = pytest.mark.skipif(not has_zpty() or INSTALLED is None,
                               reason="needs zsh with its zpty module, and an installed forumctl")  # fmt: skip
needs_fish = pytest.mark.skipif(shutil.which("fish") is None or INSTALLED is None,
                                reason="needs fish and an installed forumctl")  # fmt: skip


def test_readme_gives_these_steps() -> None:
    for step in (ZSH_INSTALL, *ZSHRC, FISH_INSTALL):
        assert step in README, f"README.md no longer says `{step}`: change this test with it"


def test_install_completion_writes_the_same_zsh_script() -> None:
    """`forumctl --install-completion` in zsh writes typer's script, which is ours: the same file."""
    import forumctl.completion  # noqa: F401  (gives typer the zsh script)

    script = get_completion_script(prog_name="forumctl", complete_var="_FORUMCTL_COMPLETE", shell="zsh")
    assert script.splitlines()[0] == "#compdef forumctl"
    assert script + "\n" == (ROOT / "completions" / "_forumctl").read_text(encoding="utf-8")


@needs_zsh
def test_zsh_completes_from_fpath_on_the_first_tab(tmp_path: Path, isolated_env: Path) -> None:
    install(ZSH_INSTALL, tmp_path, isolated_env)
    lines = ["forumctl sh", "forumctl show inf-2022", "forumctl list --series ", "forumctl speakers --org STE",
             "forumctl speakers --org 과학", "forumctl list --format ", "forumctl show inf-2022"]  # fmt: skip
    show, keys, series, org, hangul, formats, again = zsh_complete(lines, tmp_path, isolated_env)
    assert show == ["show"]  # the first TAB of the session, which autoloads _forumctl
    assert keys == again == ["inf-2022", "inf-2022-summer"]  # the second TAB, and a later one
    assert series == ["innovation-network-forum", "regional-innovation-roundtable", "sme-rnd-roundtable",
                      "stepi-policy-forum", "tech-management-innovation-fair"]  # fmt: skip
    assert org == ["STEPI"]
    assert "과학기술정책연구원" in hangul
    assert sorted(formats) == ["csv", "json", "ndjson", "table", "tsv", "yaml"]  # zsh sorts them


@needs_zsh
def test_zsh_without_the_file_offers_nothing(tmp_path: Path, isolated_env: Path) -> None:
    """The control: the same zsh and .zshrc without _forumctl on fpath leave the word as typed."""
    assert zsh_complete(["forumctl sh", "forumctl show inf-2022"], tmp_path, isolated_env) == [["sh"], ["inf-2022"]]


@needs_zsh
def test_zsh_file_sourced_after_compinit_works_too(tmp_path: Path, isolated_env: Path) -> None:
    setup = ["autoload -Uz compinit && compinit", f"source {ROOT / 'completions' / '_forumctl'}"]
    assert zsh_complete(["forumctl sh", "forumctl li"], tmp_path, isolated_env, setup=setup) == [["show"], ["list"]]


@needs_fish
def test_fish_completes_from_its_completions_folder(tmp_path: Path, isolated_env: Path) -> None:
    assert fish_complete("forumctl li", tmp_path, isolated_env) == []  # the control: not installed yet
    install(FISH_INSTALL, tmp_path, isolated_env)
    assert fish_complete("forumctl li", tmp_path, isolated_env) == ["list"]
    assert fish_complete("forumctl show inf-2022", tmp_path, isolated_env) == ["inf-2022", "inf-2022-summer"]
    assert fish_complete("forumctl speakers --org STE", tmp_path, isolated_env) == ["STEPI"]
    assert "과학기술정책연구원" in fish_complete("forumctl speakers --org 과학", tmp_path, isolated_env)
    formats = fish_complete("forumctl list --format ", tmp_path, isolated_env)
    assert sorted(formats) == ["csv", "json", "ndjson", "table", "tsv", "yaml"]  # fish sorts them
