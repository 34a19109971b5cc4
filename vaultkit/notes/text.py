"""What a note file's text holds around its Markdown: a UTF-8 BOM, and git's conflict
markers. One definition for the parser (parse.py), which drops the BOM and reports a
conflict, and the editor (edit.py), which writes the BOM back and refuses to edit a note in
conflict: the two must agree on both. Lines end as anatomy.py splits them (LF, CRLF, CR).
Markers count wherever they stand, code blocks too: git wrote them, not Markdown.
"""

from __future__ import annotations

import re

from vaultkit.notes.anatomy import BOM, LINE_BREAK

__all__ = ["BOM", "conflict_line", "split_bom"]

# A marker begins a line: `<<<<<<< ours`, `=======` alone, `>>>>>>> theirs`. A line may end
# in LF, CRLF or a lone CR, so both ends of a line are spelled out: `^` and `$` know only LF.
_MARKER = re.compile(r"(?:^|(?<=[\r\n]))(<{7} |={7}(?=[\r\n]|\Z)|>{7} )")


def split_bom(text: str) -> tuple[str, str]:
    """(the BOM or "", the text after it)."""
    return (BOM, text[1:]) if text.startswith(BOM) else ("", text)


def conflict_line(text: str) -> int | None:
    """The line of the first `<<<<<<<` marker followed by a `=======` and then a `>>>>>>>`
    one (a merge conflict git left in the file), or None. Each marker alone is ordinary
    Markdown: `=======` underlines a heading, `>>>>>>>` nests a quote."""
    if "<<<<<<< " not in text:  # most notes: no need to look further
        return None
    _, text = split_bom(text)
    start = None
    expect = "<"
    for marker in _MARKER.finditer(text):
        kind = marker.group(1)[0]
        if kind != expect:
            continue
        if kind == "<":
            start, expect = marker.start(), "="
        elif kind == "=":
            expect = ">"
        else:
            return len(LINE_BREAK.findall(text, 0, start)) + 1
    return None
