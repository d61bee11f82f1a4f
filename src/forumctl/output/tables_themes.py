"""Table layouts of `diff` and `themes` (see tables.py and table_parts.py for the conventions)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from forumctl.output.table_parts import View, dates, new_table
from forumctl.text.names import fold
from forumctl.text.ordinals import ordinal


def _event_label(e: dict[str, Any]) -> str:
    edition = f", {ordinal(e['edition'])}" if e["edition"] else ""
    return f"{e['id']} ({dates(e['start'], e['end'])}{edition})"


NOT_RECORDED = "(not recorded)"


def _marked(statement: str | None, shared: list[str], terminal: bool, recorded: bool = True) -> Text:
    """The statement with the shared words in bold (terminal) or [brackets] (plain text)."""
    text = Text(statement or ("(none)" if recorded else NOT_RECORDED))
    for word in shared:
        start = 0
        while (at := text.plain.find(word, start)) >= 0:
            if terminal:
                text.stylize("bold underline", at, at + len(word))
                start = at + len(word)
            else:
                text = text[:at] + Text(f"[{word}]") + text[at + len(word) :]
                start = at + len(word) + 2
    return text


def _three_way(title: str, change: dict[str, list[str]], terminal: bool) -> Table:
    t = new_table(terminal, f"{title}: only in A (dropped)", "in both (kept)", "only in B (added)")
    columns = [change["removed"], change["kept"], change["added"]]
    for row in range(max(map(len, columns), default=0)):
        t.add_row(*(Text(c[row]) if row < len(c) else Text("") for c in columns))
    return t


def _unknown_change(name: str, d: dict[str, Any], console: Console) -> None:
    """A section where one side (or both) did not record the field: say so, and what is known."""
    sides = [side for side in ("a", "b") if name in d["not_recorded"][side]]
    who = " and ".join(f"{side.upper()} ({d[side]['id']})" for side in sides)
    console.print(Text(f"{name.capitalize()}: not recorded for {who}, so what changed is unknown"))
    for side in ("a", "b"):
        if side not in sides:
            console.print(Text(f"{side.upper()}  " + (" · ".join(d[name][side]) or "none")))


def _diff(d: dict[str, Any], console: Console, terminal: bool) -> None:
    bold = "bold" if terminal else ""
    console.print(Text("A  ") + Text(_event_label(d["a"]), style=bold) + Text("  " + (d["a"]["title"] or "")))
    console.print(Text("B  ") + Text(_event_label(d["b"]), style=bold) + Text("  " + (d["b"]["title"] or "")))
    for name in ("topics", "committees"):
        console.print()
        change = {k: d[name][k] for k in ("removed", "kept", "added")}
        if change["kept"] is None:
            _unknown_change(name, d, console)
        elif any(change.values()):
            console.print(_three_way(name.capitalize(), change, terminal))
        else:
            console.print(Text(f"{name.capitalize()}: none for either event"))
    console.print()
    console.print(Text("Theme statements (shared words marked)", style=bold))
    themes = d["themes"]
    for side in ("a", "b"):
        recorded = "theme" not in d["not_recorded"][side]
        console.print(
            Text(f"{side.upper()}  ") + _marked(themes[side], themes["shared_words"] or [], terminal, recorded)
        )
    console.print()
    t = new_table(terminal, "speakers' organisations by sector", "A", "B")
    for sector in dict.fromkeys([*d["sectors"]["a"], *d["sectors"]["b"]]):
        t.add_row(sector, str(d["sectors"]["a"].get(sector, 0)), str(d["sectors"]["b"].get(sector, 0)))
    console.print(t)
    console.print()
    people = ", ".join(p["name"] for p in d["recurring_people"]) or "none"
    console.print(Text("Spoke at both: ", style=bold) + Text(people))


def _diff_stat(s: dict[str, Any], console: Console, terminal: bool) -> None:
    def unknown(field: str) -> str:
        sides = [side.upper() for side in ("a", "b") if field in s["not_recorded"][side]]
        return f"not recorded for {' and '.join(sides)}"

    def counts(field: str) -> str:
        c = s[field]
        return unknown(field) if c["kept"] is None else f"+{c['added']} -{c['removed']} ={c['kept']}"

    console.print(Text(f"{s['a']} → {s['b']}"))
    console.print(Text(f"topics      {counts('topics')}"))
    console.print(Text(f"committees  {counts('committees')}"))
    shared = s["shared_theme_words"]
    console.print(Text(f"theme words shared  {unknown('theme') if shared is None else shared}"))
    console.print(Text(f"spoke at both       {s['recurring_people']}"))


MARKS = {"present": "●", "absent": "·", "unknown": "?"}


def _themes(m: dict[str, Any], console: Console, terminal: bool) -> None:
    editions = m["editions"]
    labels = [e["label"] for e in editions]
    for field, heading in (("topics", "topic"), ("committees", "committee (분과)")):
        rows = m[field]
        unknown = [e for e in editions if field in e.get("not_recorded", ())]
        if not rows and not unknown:
            continue
        t = new_table(terminal, heading, *labels)
        for column in t.columns[1:]:
            column.justify = "center"
            column.no_wrap = True
        for row in rows:
            present = {fold(e) for e in row["editions"]}
            marks = [MARKS["present"] if fold(e["id"]) in present else
                     MARKS["unknown"] if field in e.get("not_recorded", ()) else MARKS["absent"]
                     for e in editions]  # fmt: skip
            t.add_row(Text(row["name"]), *marks)
        if not rows:
            t.add_row(Text("(none recorded)"), *(MARKS["unknown"] if e in unknown else "" for e in editions))
        console.print(t)
        if unknown:
            listed = ", ".join(e["label"] for e in unknown)
            console.print(Text(f"? {field} not recorded for {listed}", style="dim" if terminal else ""))
        console.print()
    if any(e["label"] != e["start"][:4] for e in editions):
        key = "; ".join(f"{e['label']} {e['id']} ({_kind(e)})" for e in editions)
        console.print(Text(f"columns: {key}", style="dim" if terminal else ""))


def _kind(e: dict[str, Any]) -> str:
    return f"{ordinal(e['edition'])} {e.get('kind') or ''}".strip() if e["edition"] else e.get("kind") or ""


VIEWS: dict[str, View] = {
    "diff": _diff,
    "diff_stat": _diff_stat,
    "themes": _themes,
}
