"""`search` hits as people read them: each hit's name and path on one line, its snippet
below, two cells in, the words that matched in bold on a terminal (NO_COLOR honoured).

Lines fit `wrap.terminal_width()` (the terminal's, or COLUMNS), continuing two cells in;
piped with no COLUMNS they wrap at PIPED_WIDTH, the width rich printed them at (for a
note whose lines are shorter, the same bytes as then). Plain
writes, not rich's console: a search is a command people run again and again, and the
console's import and markup took a fifth of a search of 10,000 notes
(docs/performance.md)."""

from __future__ import annotations

import os
import re
import sys

from vaultkit.index.queries import Hit
from vaultkit.present.wrap import terminal_width, wrap

PIPED_WIDTH = 200  # piped output keeps whole lines: a narrow default would wrap every hit
MARK = "\x02"  # the index's mark on both sides of a match (index/search.py)


def print_hits(hits: list[Hit]) -> None:
    out = sys.stdout
    styled = _is_terminal(out) and not os.environ.get("NO_COLOR")
    if not hits:
        out.write(_style("No matches.", "2", styled) + "\n")
        return
    width = terminal_width(out) or PIPED_WIDTH
    for hit in hits:
        title, path = _safe(hit.title), _safe(hit.path)
        parts = " ".join(hit.snippet.split()).split(MARK)
        snippet = "".join(_style(_safe(part), "1", styled) if i % 2 else _safe(part)
                          for i, part in enumerate(parts))
        heading = f"{_style(title, '1', styled)}  {_style(path, '2', styled)}"
        out.write(wrap(heading, width, 2, [title, path]) + "\n"  # a name or path whole
                  + wrap("  " + snippet, width, 2) + "\n")


def _style(text: str, code: str, styled: bool) -> str:
    """`text` in bold (1) or dim (2) on a terminal; escapes `wrap` measures as none."""
    return f"\033[{code}m{text}\033[0m" if styled and text else text


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def _safe(text: str) -> str:
    """No escape, control, line-breaking or direction-changing character of a note's own
    reaches the terminal, nor a byte-order mark (each is a space); the joiners of emoji
    and of Indic and Persian words do."""
    return _UNSAFE.sub(" ", text)


_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
                     "\ufeff\ufff9-\ufffb]")
