"""What people see at a terminal: `list` as aligned columns and `search` hits with their
snippets, measured and escaped by rich (wide characters count twice; NO_COLOR honoured).

Both fit `wrap.terminal_width()` (the terminal's, or COLUMNS): `list` narrows its widest
columns and cuts their values with `…`, `search` wraps with a hanging indent. Piped
output with no COLUMNS is as it always was."""

from __future__ import annotations

import os
import sys

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape

from vaultkit.index.queries import Hit
from vaultkit.model import StoredNote
from vaultkit.notes.values import shown
from vaultkit.present.wrap import fit_columns, terminal_width, truncate, wrap

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


def print_hits(hits: list[Hit]) -> None:
    console = _console()
    if not hits:
        console.print("No matches.", style="dim")
        return
    width = terminal_width(console.file)
    if width is not None:
        _print_wrapped(console, hits, width)
        return
    for hit in hits:
        console.print(f"[bold]{escape(hit.title)}[/bold]  [dim]{escape(hit.path)}[/dim]")
        console.print("  " + _highlight(hit.snippet))


def _print_wrapped(console: Console, hits: list[Hit], width: int) -> None:
    """Each hit's title line and snippet wrapped to `width`, continuing two cells in;
    bold and dim as escapes, which `wrap` measures as none."""
    styled = console.is_terminal and not console.no_color

    def style(text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if styled and text else text

    for hit in hits:
        title = f"{style(_safe(hit.title), '1')}  {style(_safe(hit.path), '2')}"
        parts = " ".join(hit.snippet.split()).split("\x02")
        snippet = "".join(style(_safe(p), "1") if i % 2 else _safe(p)
                          for i, p in enumerate(parts))
        kept = [_safe(hit.title), _safe(hit.path)]  # a name or a path on one line
        console.file.write(wrap(title, width, 2, kept) + "\n" + wrap("  " + snippet, width, 2)
                           + "\n")


def _safe(text: str) -> str:
    """No escape or control character of a note's own reaches the terminal."""
    return "".join(c if c.isprintable() else " " for c in text)


def _highlight(snippet: str) -> str:
    """The index marks matches with \\x02 on both sides; show them in bold."""
    out = []
    for i, part in enumerate(" ".join(snippet.split()).split("\x02")):
        out.append(f"[bold]{escape(part)}[/bold]" if i % 2 else escape(part))
    return "".join(out)
