"""Surgical edits of a note's text: add one log line, set one front matter key, tick one
task. Pure functions of text; every byte outside the change is kept (line endings, BOM,
final newline, comments, quoting, key order, unknown keys, text after the log).

Never a YAML dump of existing front matter: a key is replaced on its own lines, or added
before the closing `---`, and the result is parsed again to prove nothing else changed.
"""

from __future__ import annotations

import datetime as dt
import re

from vaultkit.errors import VaultkitError
from vaultkit.model import Entry
from vaultkit.notes import frontmatter, plain
from vaultkit.notes.anatomy import LINE_BREAK, Anatomy, front_of, scan
from vaultkit.notes.body import read_body
from vaultkit.notes.text import conflict_line, split_bom

_ENTRY_DATE = re.compile(r"^[-*+][ \t]+(?:\[[ xX]\][ \t]+)?(\d{4}-\d{2}-\d{2})")
_OPEN_TASK = re.compile(r"^([-*+][ \t]+)\[ \]")


class EditError(VaultkitError):
    """An edit that cannot be made safely; the file is left as it was."""


def newline_of(text: str) -> str:
    """The file's own line ending: that of its first line ("\n" when it has none)."""
    found = LINE_BREAK.search(text)
    return found.group() if found else "\n"


class InConflict(EditError):
    """A note with git conflict markers: vaultkit refuses rather than guess which side."""

    exit_code = 5


def refuse_conflicts(text: str, path: str) -> None:
    if conflict_line(text) is not None:
        raise InConflict(f"{path}: has git conflict markers; resolve the merge first")


def add_log_line(text: str, line: str, date: str, headings: tuple[str, ...] = ("Log",)) -> str:
    """`text` with `line` in its first Log section (anatomy.py: never in front matter, code
    or a comment), in date order after entries of the same day; a section under the first
    of `headings` is added at the end when the note has none. Every other byte is kept, but
    a last line without a line break gets one when something is added after it."""
    found = scan(text, headings)
    if found.logs:
        start, end = found.logs[0]
        at = _place(found, start, end, date)
        new = _insert(found, at, [line])
    else:
        new = _append_section(found, line, headings[0] if headings else "Log")
    if not (found.is_plain() and _plain(line)):
        _check_read_back(found, new, line, headings)
    return new


def _plain(line: str) -> bool:
    return not any(token in line for token in ("`", "%%", "<!--"))


def _place(found: Anatomy, start: int, end: int, date: str) -> int:
    """Before the first entry dated later than `date`, else after the last entry (or the
    heading), before any blank lines that end the section; only where the reader reads."""
    last = start
    for number in range(start + 1, end):
        if number in found.hidden:
            continue
        current = found.lines[number]
        entry = _ENTRY_DATE.match(current)
        if entry and entry.group(1) > date:
            return number
        if current.strip() and number not in found.open_after:
            last = number
    return last + 1


def _insert(found: Anatomy, at: int, new_lines: list[str]) -> str:
    """The text with `new_lines` before line `at` (each with the file's line ending)."""
    nl = found.newline
    if at == len(found.lines):  # after a last line with no line break: it gets one
        return found.bom + found.text + nl + nl.join(new_lines)
    added = "".join(current + nl for current in new_lines)
    return found.bom + found.joined(0, at) + added + found.joined(at)


def _append_section(found: Anatomy, line: str, title: str) -> str:
    """A new `## title` section with `line`, after a blank line, at the end of the text."""
    nl = found.newline
    text = found.text
    if not text:
        return found.bom + f"## {title}{nl}{line}{nl}"
    ended = found.ends[-2] if found.lines[-1] == "" and len(found.lines) > 1 else ""
    last = found.lines[-2] if ended else found.lines[-1]
    head = text if ended else text + nl
    spacer = nl if last.strip() else ""
    return found.bom + head + spacer + f"## {title}{nl}{line}" + (nl if ended else "")


def _check_read_back(found: Anatomy, new: str, line: str, headings: tuple[str, ...]) -> None:
    """Refuse an edit after which the reader would not read exactly the old entries and
    links plus the new line's (a note ending inside an unclosed code block or comment, a
    line that opens a comment)."""
    before = read_body(found)
    after = read_body(scan(new, headings))
    added = read_body(scan(f"## Log\n{line}\n")).entries
    old = [_without_line(e) for e in before.entries]
    now = [_without_line(e) for e in after.entries]
    read = len(added) == 1 and _without_line(added[0]) in now
    if read:
        now.remove(_without_line(added[0]))
    old_links = sorted((k.target, k.origin) for k in before.links)
    new_links = sorted((k.target, k.origin) for k in after.links)
    extra = sorted((t, "entry") for e in added for t in e.links)
    if not read or now != old or new_links != sorted(old_links + extra):
        raise EditError("the entry cannot go where vaultkit reads it without changing how the "
                        "rest of the note reads (an unclosed code block or comment?); add it "
                        "by hand")


def _without_line(entry: Entry) -> tuple:
    return (entry.date, entry.time, entry.channel, entry.text, entry.kinds, entry.links,
            entry.task)


def tick_task(text: str, needle: str | None, headings: tuple[str, ...] = ("Log",),
              done_on: dt.date | None = None) -> tuple[str, str]:
    """Tick the first open task (`- [ ]`) the reader reads (in a Log section, outside code
    and comments) whose line contains `needle` (any open task when None), marked done on
    `done_on` as the Tasks plugin marks it (` ✅ DATE`, before a block id that ends the
    line). Returns the new text and the task line as it was."""
    found = scan(text, headings)
    for entry in read_body(found).entries:
        current = found.lines[entry.line - 1]
        if entry.task == "open" and (needle is None or needle.lower() in current.lower()):
            match = _OPEN_TASK.match(current)
            lines = list(found.lines)
            lines[entry.line - 1] = _done_mark(
                match.group(1) + "[x]" + current[match.end():], done_on)
            pairs = zip(lines, found.ends, strict=True)
            return found.bom + "".join(a + b for a, b in pairs), current
    what = f"matching '{needle}'" if needle else ""
    raise EditError(f"no open task {what}".rstrip())


_BLOCK_ID = re.compile(r"[ \t]+\^[A-Za-z0-9-]+[ \t]*$")


def _done_mark(line: str, done_on: dt.date | None) -> str:
    if done_on is None or "✅" in line:
        return line
    mark = f" ✅ {done_on.isoformat()}"
    block = _BLOCK_ID.search(line)
    if block:
        return line[:block.start()] + mark + line[block.start():]
    return line.rstrip(" \t") + mark


def yaml_value(value: object) -> str:
    """A value as one line of YAML that every reader (YAML 1.1, YAML 1.2 core as Obsidian
    reads it, vaultkit) reads back as the same value: a string plain only when that is safe
    (notes/plain.py), else double-quoted; a list as a flow list."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):  # read back as a date, as the key means
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return plain.float_text(value)
    if value is None:
        return "null"
    if isinstance(value, (list, tuple)):
        items = (plain.flow_item(v) if isinstance(v, str) else yaml_value(v) for v in value)
        return "[" + ", ".join(items) + "]"
    return plain.scalar(str(value))


def set_key(text: str, key: str, value_yaml: str, path: str = "") -> str:
    """`text` with front matter `key` set to `value_yaml` (YAML text): its line (and the
    indented lines of a block value) replaced, or a new line before the closing `---`."""
    bom, body = split_bom(text)
    nl = newline_of(body)
    written = plain.scalar(key)  # `on`, `007`, `2026-01-01`: a string key to every reader
    try:
        split = frontmatter.split(body)
        before, _ = frontmatter.load(split.raw) if split.raw is not None else ({}, {})
    except frontmatter.FrontMatterError as exc:
        raise EditError(f"{path}:{exc.line}: {exc.message}; fix it before vaultkit writes "
                        "to this note") from None
    if split.raw is None:
        new_body = f"---{nl}{written}: {value_yaml}{nl}---{nl}{body}"
    else:
        new_body = _replace_key(body, split, key, f"{written}: {value_yaml}", nl)
    try:
        after, _ = frontmatter.load(frontmatter.split(new_body).raw)
    except frontmatter.FrontMatterError:
        after = None
    expected, _ = frontmatter.load(f"{written}: {value_yaml}\n")
    if after is None or {k: v for k, v in after.items() if k != key} != {
            k: v for k, v in before.items() if k != key} or after.get(key) != expected[key]:
        raise EditError(f"{path}: setting '{key}' would change other keys; edit it by hand")
    return bom + new_body


def _replace_key(body: str, split, key: str, line: str, nl: str) -> str:
    """The key's lines replaced by `line` (`key: value`), or it added before the closing
    `---`; lines as anatomy.py splits them, each keeping its own ending."""
    found = front_of(body)
    lines = [a + b for a, b in zip(found.lines, found.ends, strict=True)]
    new_line = line + nl
    pattern = re.compile(rf"""^(['"]?){re.escape(key)}\1[ \t]*:""")
    closing = found.front[1]
    for number in range(1, closing):
        if pattern.match(found.lines[number]):
            end = _value_end(found.lines, number, closing)
            lines[number:end] = [new_line]
            return "".join(lines)
    lines.insert(closing, new_line)
    return "".join(lines)


def _value_end(lines: list[str], number: int, closing: int) -> int:
    """The line after a key's value, which goes on over indented and `- ` lines, comments
    and blank lines between them, but not over those after it (they belong to what
    follows)."""
    end = number + 1
    while end < closing and lines[end][:1] in (" ", "\t", "-", "#", ""):
        end += 1
    while end > number + 1 and (not lines[end - 1].strip()
                                or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end
