"""What people and scripts see: terminal tables (rich), the `show` page (a Jinja template),
and the documented JSON shapes (docs/commands.md). No Click here."""

from __future__ import annotations

import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.index.queries import Hit, NoteDetail, NoteRow

if TYPE_CHECKING:
    from vaultkit.index.sync import SyncStats

_COLUMNS = {
    "contact": [("Name", None), ("Title", "title"), ("Company", "company"),
                ("Circle", "circle"), ("Last contact", "_last")],
    "lead": [("Name", None), ("Role", "role"), ("Company", "company"), ("Status", "status"),
             ("Source", "source")],
    "event": [("Name", None), ("Date", "date"), ("Kind", "kind"), ("Location", "location")],
    "org": [("Name", None), ("Kind", "kind"), ("Website", "website"), ("Renews", "renews")],
    "note": [("Name", None), ("Path", "_path")],
    "all": [("Name", None), ("Kind", "_kind"), ("Path", "_path")],
}


def _console(stderr: bool = False):
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    # Piped output keeps whole lines: a narrow default width would wrap every row.
    width = None if stream.isatty() else 200
    return Console(file=stream, width=width, no_color="NO_COLOR" in os.environ,
                   highlight=False, soft_wrap=False)


def cell(value: object) -> str:
    """A front matter value as text: links without brackets, lists joined."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return text.replace("[[", "").replace("]]", "") if text.startswith("[[") else text


def _value(row: NoteRow, key: str | None) -> str:
    special = {None: row.title, "_last": row.last_contact, "_path": row.path, "_kind": row.kind}
    return cell(special[key] if key in special else row.meta.get(key))


def print_list(rows: list[NoteRow], kind: str) -> None:
    """Aligned columns, measured in terminal cells (wide characters count twice).

    Not rich's Table: it lays out every cell with its wrapping machinery, which takes
    seconds for ten thousand rows; rich still measures the cells."""
    from rich.cells import cell_len

    console = _console()
    if not rows:
        console.print(f"No {kind if kind != 'all' else 'note'}s found.", style="dim")
        return
    columns = _COLUMNS[kind]
    table = [[header for header, _key in columns]]
    table += [[_value(row, key).replace("\n", " ") for _h, key in columns] for row in rows]
    widths = [max(cell_len(line[i]) for line in table) for i in range(len(columns))]
    out = console.file
    bold = console.is_terminal and not console.no_color
    for number, line in enumerate(table):
        cells = [text + " " * (width - cell_len(text))
                 for text, width in zip(line, widths, strict=True)]
        text = "  ".join(cells).rstrip()
        out.write((f"\033[1m{text}\033[0m" if bold and number == 0 else text) + "\n")


def print_hits(hits: list[Hit]) -> None:
    from rich.markup import escape

    console = _console()
    if not hits:
        console.print("No matches.", style="dim")
        return
    for hit in hits:
        console.print(f"[bold]{escape(hit.title)}[/bold]  [dim]{escape(hit.path)}[/dim]")
        console.print("  " + _highlight(hit.snippet))


def _highlight(snippet: str) -> str:
    """The index marks matches with \\x02 on both sides; show them in bold."""
    from rich.markup import escape

    out = []
    for i, part in enumerate(" ".join(snippet.split()).split("\x02")):
        out.append(f"[bold]{escape(part)}[/bold]" if i % 2 else escape(part))
    return "".join(out)


def hit_json(hit: Hit) -> dict:
    return {"name": hit.title, "kind": hit.kind, "path": hit.path,
            "snippet": hit.snippet.replace("\x02", ""), "rank": round(hit.rank, 4)}


def stats_json(stats: SyncStats) -> dict:
    return {
        "total": stats.total, "added": stats.added, "modified": stats.modified,
        "touched": stats.touched, "moved": stats.moved, "removed": stats.removed,
        "failed": stats.failed, "unchanged": stats.unchanged,
        "seconds": round(stats.seconds, 3), "paths": stats.paths, "skipped": stats.skipped,
    }


def stats_paths(stats: SyncStats) -> str:
    marks = {"added": "+", "modified": "~", "touched": "=", "moved": ">", "removed": "-",
             "failed": "!"}
    lines = [f"{marks[what]} {path}" for what in marks for path in stats.paths.get(what, [])]
    lines += [f"skipped {reason}" for reason in stats.skipped]
    return "".join(line + "\n" for line in lines)


def detail_json(detail: NoteDetail) -> dict:
    entries = [_entry_json(e) for e in detail.entries]
    return {
        **detail.row.as_json(),
        "entries": entries,
        "open_tasks": [e for e in entries if e["task"] == "open"],
        "backlinks": [asdict(b) for b in detail.backlinks],
        "favours": detail.favours,
        "problems": [asdict(p) for p in detail.problems],
    }


def _entry_json(entry) -> dict:
    data = asdict(entry)
    data["kinds"] = list(entry.kinds)
    data["links"] = list(entry.links)
    return data


@dataclass(frozen=True)
class ShowContext:
    """The context of `show.txt.j2`."""

    note: dict  # detail_json() of the note: name, kind, path, front_matter, entries, …
    fields: list  # (key, text) pairs of the front matter, for display


def render_detail(vault_root: Path, detail: NoteDetail) -> str:
    from vaultkit.present.templates import (
        render,  # Jinja costs start-up time that list and search do not need
    )

    data = detail_json(detail)
    fields = [(k, cell(v)) for k, v in detail.row.meta.items() if k != "name"]
    return render(vault_root, "show.txt.j2", ShowContext(note=data, fields=fields))
