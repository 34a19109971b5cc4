"""Text that fits a terminal: how wide the output may be, and lines wrapped or cut to it.

Measured in terminal cells, as rich measures them (a wide CJK character takes two, an
accent none), and colour escapes (`\\033[1m`) take none. General on purpose: the agenda,
`show`, `list` and `search` use it, and so can any other text output (`check`).

Width (`terminal_width`): `COLUMNS` when set to a number (respected even when the output
is piped, so scripts and tests can ask for a width), else the terminal's when the stream
is a terminal, else None: piped output is not wrapped at all. Widths under `MIN_WIDTH`
count as `MIN_WIDTH`.

Wrapping (`wrap`): lines break only at spaces, never inside a word. The first line keeps
its own leading spaces; the lines it continues on start with `indent` spaces (a hanging
indent; at most half the width). The spaces between the words that stay on one line are
kept as they were, and a line that fits is returned exactly as it was. The spaces inside
an Obsidian link (`[[Kim Lee]]`), a day as the agenda writes it (`Nov 27`) and inside each
string of `keep` (a path, say) do not break either: such a span wraps as one word. A word wider than
the room left on a line of its own (a long URL or path) is kept whole, alone on its line
after the indent: it stays copyable and clickable, and the terminal folds that one line.
"""

from __future__ import annotations

import os
import re
import sys
from typing import TextIO

MIN_WIDTH = 20
MAX_WIDTH = 1000  # wider is as good as not wrapped (and a template's numbers are bounded)
ELLIPSIS = "…"
_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_WORD = re.compile(r"(\S+)(\s*)")
# Kept whole: an Obsidian link, `[[Kim Lee]]`, and a day as the agenda writes it, `Nov 27`.
_GLUED = re.compile(r"\[\[[^\]\n]*\]\]|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
                    r" \d{1,2}\b")
_GLUE = "\x00"  # a space that does not break, while a line is wrapped
_LEAD = re.compile(r"\s*")


def terminal_width(stream: TextIO | None = None) -> int | None:
    """The width output to `stream` (default: stdout) should fit, or None: leave it be."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return min(max(int(columns), MIN_WIDTH), MAX_WIDTH)
    stream = stream or sys.stdout
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        tty = False
    if not tty:
        return None
    import shutil  # edge: a terminal only; piped output does not pay for it

    return min(max(shutil.get_terminal_size().columns, MIN_WIDTH), MAX_WIDTH)


def cells(text: object) -> int:
    """How many terminal cells `text` takes (colour escapes take none)."""
    text = str(text)
    if "\x1b" in text:
        text = _ESCAPE.sub("", text)
    if text.isascii() and text.isprintable():  # one cell a character: most words
        return len(text)
    from rich.cells import cell_len  # edge: at the first text that is not plain ASCII

    return cell_len(text)


def wrap(text: object, width: int | None, indent: int = 0, keep: object = ()) -> str:
    """`text` with each of its lines wrapped to `width` cells (None: `text` unchanged),
    continuation lines indented by `indent` spaces, never breaking inside the strings
    of `keep` (one string or several). The `wrap(width, indent, keep=…)` filter of the
    templates."""
    text = str(text)
    if not width or width <= 0:
        return text
    indent = max(0, min(int(indent), width // 2))
    kept = [keep] if isinstance(keep, str) else [str(k) for k in keep or ()]
    kept = sorted({k for k in kept if " " in k.strip()}, key=len, reverse=True)
    return "\n".join(_wrap_line(line, width, indent, kept) for line in text.split("\n"))


def _glued(line: str, kept: list[str]) -> str:
    """`line` with the spaces inside links, days and `kept` strings as `_GLUE`."""
    if _GLUE in line:
        return line
    if kept:
        chars = list(line)
        for start, end in _kept_spans(line, kept):
            chars[start:end] = line[start:end].replace(" ", _GLUE)
        line = "".join(chars)
    return _GLUED.sub(lambda m: m.group().replace(" ", _GLUE), line)


def _kept_spans(line: str, kept: list[str]) -> list[tuple[int, int]]:
    """Where the `kept` strings are in `line`, taken from left to right, the longest first
    where two start at one place, none overlapping one taken, and never starting or ending
    inside a word. One pass over all of them, not a replace per string: a replace glued
    `a b` again inside `xa b` that another string had glued, and the spaces of both ran
    together into one line too wide. A path still keeps a name it holds whole
    (`leads/Kim Lee.md`): `/` and `.` are not word characters."""
    found = []
    for text in kept:
        at = line.find(text)
        while at >= 0:
            end = at + len(text)
            if not (at and _word(line[at - 1]) and _word(text[0])) and not (
                    end < len(line) and _word(line[end]) and _word(text[-1])):
                found.append((at, -len(text)))
            at = line.find(text, at + 1)
    spans, taken = [], 0
    for at, minus in sorted(found):
        if at >= taken:
            spans.append((at, at - minus))
            taken = at - minus
    return spans


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _wrap_line(line: str, width: int, indent: int, kept: list[str]) -> str:
    # No character takes more than two cells: a line of at most half the width fits
    # without measuring it (a search's snippets, piped, never import rich's tables).
    if 2 * len(line) <= width or cells(line) <= width:
        return line
    line = _glued(line, kept)
    lead = _LEAD.match(line).group()
    lines: list[str] = []
    current, used, gap, empty = lead, cells(lead), "", True
    for match in _WORD.finditer(line, len(lead)):
        word, space = match.groups()
        word = word.replace(_GLUE, " ")
        size = cells(word)
        if not empty and used + cells(gap) + size > width:
            lines.append(current)
            current, used, gap, empty = " " * indent, indent, "", True
        current += gap + word
        used += cells(gap) + size
        gap, empty = space, False
    lines.append(current)
    return "\n".join(lines)


def truncate(text: str, width: int) -> str:
    """`text` cut to at most `width` cells, ending in `…` when cut."""
    if cells(text) <= width:
        return text
    from rich.cells import cell_len  # edge: as in cells()

    out, used = [], 0
    for char in text:
        size = cell_len(char)
        if used + size > width - 1:
            break
        out.append(char)
        used += size
    return "".join(out).rstrip() + ELLIPSIS  # `Product…`, not `Product …`


def fit_columns(widths: list[int], floors: list[int], width: int, gap: int = 2,
                first: int = 0) -> list[int]:
    """Column widths that fit `width` with `gap` cells between columns: the widest column
    narrowed first (the rightmost of equals), none below its floor (its header's width).
    The first `first` columns (a list's names) keep up to a third of `width` until the
    others are at their floors. When even the floors do not fit, the floors."""
    widths = list(widths)
    kept = [max(f, min(w, width // 3)) if i < first else f
            for i, (w, f) in enumerate(zip(widths, floors, strict=True))]
    excess = sum(widths) + gap * (len(widths) - 1) - width
    for bottom in (kept, floors):
        while excess > 0:
            room = [(w, i) for i, w in enumerate(widths) if w > bottom[i]]
            if not room:
                break
            _w, i = max(room)
            widths[i] -= 1
            excess -= 1
    return widths


FILTERS = {"wrap": wrap, "cells": cells}
