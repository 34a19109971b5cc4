"""What people see at a terminal: `list` as aligned columns, measured by rich (wide
characters count twice; NO_COLOR honoured). It fits `wrap.terminal_width()` (the
terminal's, or COLUMNS), narrowing its widest columns and cutting their values with `…`;
piped output with no COLUMNS is as it always was. (`search` hits: present/hits.py.)"""

from __future__ import annotations

import os
import sys

from rich.cells import cell_len
from rich.console import Console

from vaultkit.model import StoredNote
from vaultkit.notes.values import shown
from vaultkit.present.wrap import fit_columns, terminal_width, truncate

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


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # rich exits 1 here; the CLI ends a closed pipe quietly with 0, as `git log | head`.
        raise BrokenPipeError


def _console(stderr: bool = False):
    stream = sys.stderr if stderr else sys.stdout
    # Piped output keeps whole lines: a narrow default width would wrap every row.
    width = None if stream.isatty() else 200
    return _Console(file=stream, width=width, no_color=bool(os.environ.get("NO_COLOR")),
                    highlight=False, soft_wrap=False)


def cell(value: object) -> str:
    """A front matter value in a table cell (notes.values.shown, lists joined by `, `)."""
    return shown(value)


def _value(row: StoredNote, key: str | None) -> str:
    special = {None: row.title, "_last": row.last_contact, "_path": row.path, "_kind": row.kind}
    return cell(special[key] if key in special else row.meta.get(key))


def print_list(rows: list[StoredNote], kind: str) -> None:
    """Aligned columns, measured in terminal cells (wide characters count twice).

    Not rich's Table: it lays out every cell with its wrapping machinery, which takes
    seconds for ten thousand rows; rich still measures the cells."""
    console = _console()
    if not rows:
        console.print(f"No {kind if kind != 'all' else 'note'}s found.", style="dim")
        return
    columns = _COLUMNS[kind]
    table = [[header for header, _key in columns]]
    table += [[_value(row, key).replace("\n", " ") for _h, key in columns] for row in rows]
    widths = [max(cell_len(line[i]) for line in table) for i in range(len(columns))]
    fit = terminal_width(console.file)
    if fit is not None:
        widths = fit_columns(widths, [cell_len(header) for header in table[0]], fit, first=1)
        table = [[truncate(text, width) for text, width in zip(line, widths, strict=True)]
                 for line in table]
    out = console.file
    bold = console.is_terminal and not console.no_color
    for number, line in enumerate(table):
        cells = [text + " " * (width - cell_len(text))
                 for text, width in zip(line, widths, strict=True)]
        text = "  ".join(cells).rstrip()
        out.write((f"\033[1m{text}\033[0m" if bold and number == 0 else text) + "\n")
