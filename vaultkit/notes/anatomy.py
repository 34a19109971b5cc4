"""One anatomy of a note, for the reader (parse.py, body.py) and the writer (edit.py) alike.

`scan(text, log_headings)` cuts a note's text into what every other module asks about: the
BOM, the lines (split at "\\r\\n", "\\n" and "\\r" only — never at the other characters
`str.splitlines()` breaks at), the line ending style, the front matter span (or why there is
none), and in the body: which lines are code (fenced per CommonMark, or indented), which
start inside an Obsidian `%% %%` or HTML `<!-- -->` comment, the visible text of lines that
hold an inline code span or comment, the ATX headings and the Log sections. The writer places
an entry only where this says the reader reads one. docs/vault-format.md has the rules.
"""

from __future__ import annotations

import re

BOM = "\ufeff"
LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SPLIT = re.compile(r"(\r\n|\r|\n)")
_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*$")
_LOOKALIKE = re.compile(r"(?:---[ \t]+|\+\+\+[ \t]*)$")
HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE_OPEN = re.compile(r" {0,3}(`{3,}|~{3,})(.*)$")
_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_INLINE = re.compile(r"`+|%%|<!--")
_CLOSERS = {"%%": "%%", "<!--": "-->"}
_SPECIAL = ("`", "~~~", "%%", "<!--", "    ", "\t")
_code_span_ends: dict[int, re.Pattern] = {}


class Anatomy:
    """A note's text (after its BOM) cut into lines, with the parts each line belongs to.

    Line numbers here are 0-based indices into `lines`; a file line is index + 1. `lines[i]`
    holds no line ending, `ends[i]` its ending ("" for the last). A text that ends with a
    line break has a last, empty "line" with no ending: it is not a line of the file.
    (A plain class, not a dataclass: the merge driver, which starts once per note of a
    pull, then need not load `dataclasses` and `inspect` — docs/performance-history.md.)
    """

    __slots__ = ("bom", "text", "lines", "ends", "newline", "front", "front_problem",
                 "front_unclosed", "body_start", "body_offset", "hidden", "masked",
                 "open_after", "indented", "headings", "logs")

    def __init__(self, bom: str, text: str, lines: list[str], ends: list[str], newline: str):
        self.bom, self.text, self.lines, self.ends = bom, text, lines, ends
        self.newline = newline  # the file's own line ending: its first line's ("\n": none)
        self.front: tuple[int, int] | None = None  # lines of the opening and closing `---`
        self.front_problem: tuple[int, str] | None = None  # (file line, why) not read
        self.front_unclosed = False  # the problem is an unclosed front matter
        self.body_start = 0  # index of the body's first line
        self.body_offset = 0  # where the body starts in `text`
        self.hidden: set[int] = set()  # code lines, lines begun inside a comment
        self.masked: dict[int, str] = {}  # visible text of partly hidden lines
        self.open_after: set[int] = set()  # lines that end inside a fence/comment
        self.indented: set[int] = set()  # lines of indented code
        self.headings: list[tuple[int, int, str]] = []  # (line, level, title)
        self.logs: list[tuple[int, int]] = []  # (heading line, end) per Log section

    def joined(self, start: int, stop: int | None = None) -> str:
        """The text of lines start..stop (with their endings)."""
        pairs = zip(self.lines[start:stop], self.ends[start:stop], strict=True)
        return "".join(a + b for a, b in pairs)

    def is_plain(self) -> bool:
        return not (self.hidden or self.masked or self.open_after)


def split_lines(text: str) -> tuple[list[str], list[str]]:
    """(lines, their endings): the one line-splitting rule of vaultkit."""
    if "\r" not in text:
        lines = text.split("\n")
        return lines, ["\n"] * (len(lines) - 1) + [""]
    parts = _SPLIT.split(text)
    return parts[0::2], parts[1::2] + [""]


def heading(line: str) -> tuple[int, str] | None:
    """(level, title with case and outer spaces ignored) of an ATX heading line, else None."""
    match = HEADING.match(line)
    return (len(match.group(1)), match.group(2).strip().lower()) if match else None


def heading_titles(headings: tuple[str, ...]) -> set[str]:
    """Heading titles as `heading` gives them, to compare with."""
    return {h.strip().lower() for h in headings}


def front_of(text: str) -> Anatomy:
    """The lines and the front matter span of `text` (with or without its BOM), no more."""
    bom, rest = (BOM, text[1:]) if text.startswith(BOM) else ("", text)
    lines, ends = split_lines(rest)
    out = Anatomy(bom, rest, lines, ends, ends[0] or "\n")
    _front(out)
    return out


def scan(text: str, log_headings: tuple[str, ...] = ("Log",), front_matter: bool = True
         ) -> Anatomy:
    """The anatomy of a note's text (with or without its BOM). `front_matter=False` reads
    the text as a body alone (a first line `---` is then a thematic break)."""
    if front_matter:
        out = front_of(text)
    else:
        bom, rest = (BOM, text[1:]) if text.startswith(BOM) else ("", text)
        lines, ends = split_lines(rest)
        out = Anatomy(bom, rest, lines, ends, ends[0] or "\n")
    lines, rest = out.lines, out.text
    if any(token in rest for token in _SPECIAL):
        _body(out)
    else:  # most notes: no code, no comment; only the headings to find
        out.headings = [(i, *found) for i in range(out.body_start, len(lines))
                        if lines[i][:1] == "#" and (found := heading(lines[i]))]
    out.logs = _sections(out.headings, heading_titles(log_headings), len(lines))
    return out


def _front(out: Anatomy) -> None:
    """The front matter span: the first line exactly `---`, up to the next `---` or `...`."""
    first = out.lines[0]
    if first != "---":
        if _LOOKALIKE.match(first):
            what = "'+++' (TOML)" if first.startswith("+") else "'---' followed by spaces"
            out.front_problem = (1, f"{what} is not read as front matter; front matter starts "
                                    "with a line '---'")
        return
    for index in range(1, len(out.lines)):
        if _CLOSE.match(out.lines[index]):
            out.front = (0, index)
            out.body_start = index + 1
            # Its offset in the text, whose lines and endings these are: summed, not joined.
            out.body_offset = sum(map(len, out.lines[:index + 1])) + sum(
                map(len, out.ends[:index + 1]))
            return
    out.front_problem = (1, "front matter is not closed: no '---' line after the first")
    out.front_unclosed = True


def _sections(headings: list[tuple[int, int, str]], wanted: set[str], count: int
              ) -> list[tuple[int, int]]:
    """(heading line, end line) of each Log section: from a Log heading to the next heading
    of the same or a higher level (a smaller number), or the end."""
    out: list[tuple[int, int]] = []
    level = 0
    for index, found_level, title in headings:
        if level and found_level <= level:
            out[-1] = (out[-1][0], index)
            level = 0
        if title in wanted:
            if level:
                out[-1] = (out[-1][0], index)
            out.append((index, count))
            level = found_level
    return out


class _State:
    """Where a body scan stands between two lines."""

    __slots__ = ("fence", "comment", "indented", "can_indent", "in_list")

    def __init__(self) -> None:
        self.fence: str | None = None  # the opening fence while inside fenced code
        self.comment: str | None = None  # the closer awaited while inside a comment
        self.indented = False  # inside indented code
        self.can_indent = True  # the previous line lets indented code start
        self.in_list = False  # the last block was a list item (an indented line continues it)


def _body(out: Anatomy) -> None:
    """Code, comments and headings of the body lines, one line at a time."""
    state = _State()
    for index in range(out.body_start, len(out.lines)):
        line = out.lines[index]
        if state.comment or state.fence or state.indented and _is_indented(line, True):
            _hidden_line(out, index, line, state)
        else:
            state.indented = False
            _open_line(out, index, line, state)
        if state.fence or state.comment:
            out.open_after.add(index)


def _hidden_line(out: Anatomy, index: int, line: str, state: _State) -> None:
    """A line that starts inside a comment, fenced code or indented code."""
    out.hidden.add(index)
    if state.comment:
        end = line.find(state.comment)
        if end >= 0:
            visible, state.comment = _inline(line, end + len(state.comment))
            out.masked[index] = " " + visible
        state.can_indent = not line.strip()
    elif state.fence:
        if _closes(line, state.fence):
            state.fence = None
            state.can_indent = True
    else:
        out.indented.add(index)


def _open_line(out: Anatomy, index: int, line: str, state: _State) -> None:
    """A line that starts outside code and comments."""
    first = line[:1]
    stripped = line.strip()
    if first in " `~" and (fence := _FENCE_OPEN.match(line)):
        if fence.group(1)[0] == "~" or "`" not in fence.group(2):
            state.fence = fence.group(1)
            out.hidden.add(index)
            state.in_list = False
            return
    if state.can_indent and not state.in_list and _is_indented(line, False):
        state.indented = True
        out.hidden.add(index)
        out.indented.add(index)
        return
    visible = line
    if "`" in line or "%%" in line or "<!--" in line:
        visible, state.comment = _inline(line, 0)
        if visible != line:
            out.masked[index] = visible
    found = heading(visible) if first == "#" else None
    if found:
        out.headings.append((index, *found))
        state.in_list = False
    elif _LIST_ITEM.match(line):
        state.in_list = True
    elif stripped and state.can_indent and first not in " \t":
        state.in_list = False  # a paragraph after a blank line ends the list
    state.can_indent = not stripped or found is not None


def _is_indented(line: str, blank_ok: bool) -> bool:
    """Whether `line` is indented code's: 4 spaces or a tab (or blank, inside it)."""
    if line.startswith(("    ", "\t", " \t", "  \t", "   \t")):
        return bool(line.strip()) or blank_ok
    return blank_ok and not line.strip()


def _closes(line: str, fence: str) -> bool:
    """CommonMark: the same character, at least as many, up to 3 spaces before, nothing but
    spaces and tabs after."""
    body = line.lstrip(" ")
    if len(line) - len(body) > 3 or not body.startswith(fence):
        return False
    return body.strip(fence[0]).strip(" \t") == ""


def _inline(line: str, pos: int) -> tuple[str, str | None]:
    """The visible text of `line` from `pos` (each code span and comment becomes a space),
    and the closer of a comment still open at its end."""
    parts = []
    while True:
        found = _INLINE.search(line, pos)
        if not found:
            parts.append(line[pos:])
            return "".join(parts), None
        parts.append(line[pos:found.start()])
        token = found.group()
        if token[0] == "`":
            end = _code_span_end(line, found.end(), len(token))
            parts.append(" " if end >= 0 else token)
            pos = end if end >= 0 else found.end()
            continue
        parts.append(" ")
        closer = _CLOSERS[token]
        end = line.find(closer, found.end())
        if end < 0:
            return "".join(parts), closer
        pos = end + len(closer)


def _code_span_end(line: str, pos: int, ticks: int) -> int:
    """Where a code span opened by `ticks` backticks ends (after its closing run of exactly
    as many), or -1 when the line holds no such run (the backticks are then literal)."""
    pattern = _code_span_ends.get(ticks)
    if pattern is None:
        pattern = _code_span_ends[ticks] = re.compile(rf"(?<!`)`{{{ticks}}}(?!`)")
    found = pattern.search(line, pos)
    return found.end() if found else -1
