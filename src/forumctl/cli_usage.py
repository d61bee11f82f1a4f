"""Mistakes on the command line as one line: what click and typer would show as a Usage box
(an unknown command or option, a missing argument, an option value of the wrong type) becomes
`forumctl: error: ...` on stderr and exit code 2, with a "did you mean" where one is close.

Typer checks option types with pydantic; its wording ("Input should be a valid integer, unable to
parse string as an integer") is replaced by plain words that name the option and the value given.
"""

from __future__ import annotations

import difflib
import os
import sys
from typing import IO, Any

import typer
from typer.core import TyperCommand, TyperGroup

# click's exceptions, or the copy of them that newer typer versions vendor (typer._click): the
# module typer's own BadParameter comes from, whichever that is.
_click = sys.modules[typer.BadParameter.__module__]

# pydantic's error types, in words; {0} is the limit pydantic reports for the range checks
_TYPE_WORDS = {
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "int_type": "must be a whole number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "bool_parsing": "must be true or false",
    "greater_than_equal": "must be {0} or more",
    "greater_than": "must be more than {0}",
    "less_than_equal": "must be {0} or less",
    "less_than": "must be less than {0}",
}

# click's parameter types (typer's vendored copy or click itself), in the same words
_CLICK_WORDS = {"IntParamType": "must be a whole number", "IntRange": "must be a whole number",
                "FloatParamType": "must be a number", "FloatRange": "must be a number",
                "BoolParamType": "must be true or false"}  # fmt: skip


class OneLineError(_click.ClickException):  # type: ignore[misc,name-defined]
    """A usage mistake, shown as the one line every forumctl error is."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        (file or sys.stderr).write(f"forumctl: error: {self.message}\n")


def _is_option(param: Any) -> bool:
    return getattr(param, "param_type_name", None) == "option"


def _name(param: Any) -> str:
    if param is None:
        return "a value"
    if _is_option(param):
        longs = [o for o in param.opts if o.startswith("--")]
        return str((longs or param.opts)[0])
    return str(param.name or "argument").upper()


def _bad_value(exc: Any) -> str:
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        first = errors()[0]
        limit = next(iter((first.get("ctx") or {}).values()), "")
        words = _TYPE_WORDS.get(first.get("type", ""), "is not a valid value").format(limit)
        return f"{_name(exc.param)} {words}, not {first.get('input')!r}"
    kind = type(getattr(exc.param, "type", None)).__name__  # click's own checks (typer below 0.29)
    plain = _CLICK_WORDS.get(kind)
    if plain and "is not a valid" in exc.message:
        typed = exc.message.split(" is not a valid")[0]
        return f"{_name(exc.param)} {plain}, not {typed}"
    return f"{_name(exc.param)}: {exc.message.rstrip('.')}"


def _suggest(word: str, choices: list[str]) -> str:
    """'; did you mean ...?' for the choices near `word`, case aside (SHOW, --JSON), else ''."""
    folded = {c.casefold(): c for c in choices}
    found = [folded[c] for c in difflib.get_close_matches(word.casefold(), list(folded), n=3)]
    return f"; did you mean {' or '.join(map(repr, found))}?" if found else ""


def _commands_taking(ctx: Any, option: str) -> list[str]:
    """The commands of a group (`forumctl`, `forumctl export`) that take `option`, in their order."""
    commands = getattr(ctx.command, "commands", None) if ctx is not None else None
    return [name for name, cmd in (commands or {}).items() if any(option in p.opts for p in cmd.params)]


def one_line(exc: Any, where: str = "forumctl") -> str:
    """The message of a click usage error as forumctl words it, with where to read more."""
    ctx = exc.ctx
    if isinstance(exc, _click.NoSuchOption) and _commands_taking(ctx, exc.option_name):
        first = _commands_taking(ctx, exc.option_name)[0]
        message = f"{exc.option_name!r} belongs after a command: `{ctx.command_path} {first} {exc.option_name}`"
    elif isinstance(exc, _click.NoSuchOption):
        message = f"unknown option {exc.option_name!r}"
        if exc.possibilities:
            message += f"; did you mean {' or '.join(map(repr, exc.possibilities))}?"
        elif ctx is not None:
            message += _suggest(exc.option_name, [o for p in ctx.command.params for o in p.opts if o.startswith("--")])
    elif isinstance(exc, _click.MissingParameter):
        what = "option" if _is_option(exc.param) else "argument"
        message = f"missing {what} {_name(exc.param)}"
    elif isinstance(exc, _click.BadParameter):
        message = _bad_value(exc)
    elif ctx is not None and hasattr(ctx.command, "list_commands") and exc.message.startswith("No such command"):
        typed = exc.message.split("'")[1] if "'" in exc.message else ""
        choices = ctx.command.list_commands(ctx)
        hint = "; did you mean '--help'?" if typed.casefold() in ("help", "-help", "h") else _suggest(typed, choices)
        message = f"unknown command {typed!r}{hint}"
    else:
        message = exc.message.rstrip(".")
        message = message[:1].lower() + message[1:]
    where = ctx.command_path if ctx is not None else where
    return f"{message} (see `{where} --help`)"


def unexpected(exc: Exception) -> tuple[str, int]:
    """The one-line message and exit code for an error no forumctl code raised on purpose: a path
    the system refuses (a name too long, no permission), text that is not UTF-8, or a bug. With
    FORUMCTL_DEBUG set, the error goes on as it is, traceback and all."""
    if os.environ.get("FORUMCTL_DEBUG"):
        raise exc
    if isinstance(exc, OSError):
        return (f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else str(exc)), 1
    if isinstance(exc, ValueError) and "null byte" in str(exc):  # os refuses a path with NUL in it
        return "a path contains a NUL character", 2
    if isinstance(exc, UnicodeEncodeError) and exc.reason == "surrogates not allowed":  # argv bytes, not UTF-8
        return "an argument is not UTF-8 text (a terminal sending EUC-KR/CP949?); set the terminal to UTF-8", 2
    if isinstance(exc, UnicodeEncodeError):
        return f"cannot write Korean text as {exc.encoding}; use a UTF-8 locale or PYTHONIOENCODING=utf-8", 1
    return f"internal error ({type(exc).__name__}: {exc}); please report it (FORUMCTL_DEBUG=1 shows where)", 1


class _OneLine:
    """Click's usage errors, raised while parsing a command line, leave as one-line errors."""

    def make_context(self, info_name: Any, args: Any, parent: Any = None, **extra: Any) -> Any:
        try:
            return super().make_context(info_name, args, parent, **extra)  # type: ignore[misc]
        except _click.NoArgsIsHelpError:
            raise
        except _click.UsageError as exc:
            where = " ".join(x for x in (parent.command_path if parent else None, info_name) if x)
            raise OneLineError(one_line(exc, where or "forumctl")) from None


class Command(_OneLine, TyperCommand):
    """A forumctl command."""


class Group(_OneLine, TyperGroup):
    """The forumctl command group (and `export`); errors of its commands' callbacks leave as one line too."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _click.NoArgsIsHelpError:
            raise
        except _click.UsageError as exc:
            raise OneLineError(one_line(exc)) from None
