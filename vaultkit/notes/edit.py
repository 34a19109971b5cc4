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
from vaultkit.notes import frontmatter, plain
from vaultkit.notes.body import heading, heading_titles
from vaultkit.notes.text import conflict_line, split_bom

_ENTRY_DATE = re.compile(r"^[-*+][ \t]+(?:\[[ xX]\][ \t]+)?(\d{4}-\d{2}-\d{2})")
_OPEN_TASK = re.compile(r"^([-*+][ \t]+)\[ \]")


class EditError(VaultkitError):
    """An edit that cannot be made safely; the file is left as it was."""


def newline_of(text: str) -> str:
    """The file's own line ending: that of its first line."""
    end = text.find("\n")
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"


def refuse_conflicts(text: str, path: str) -> None:
    if conflict_line(text) is not None:
        raise EditError(f"{path}: has git conflict markers; resolve the merge first")


def add_log_line(text: str, line: str, date: str, headings: tuple[str, ...] = ("Log",)) -> str:
    """`text` with `line` under its log heading, in date order (after entries of the same
    day); a `## Log` heading is added at the end when the note has none."""
    bom, body = split_bom(text)
    nl = newline_of(body)
    # Split on "\n" alone: each line keeps its own "\r", so a file with mixed line endings
    # comes back byte for byte; the new line takes the file's own ending.
    lines = body.split("\n")
    wanted = heading_titles(headings)
    start = level = None
    for number, current in enumerate(lines):
        found = heading(current.rstrip("\r"))
        if found and found[1] in wanted:
            start, level = number, found[0]
            break
    if start is None:
        return bom + _append_section(body, nl, line)
    end = len(lines)
    for number in range(start + 1, len(lines)):
        found = heading(lines[number].rstrip("\r"))
        if found and found[0] <= level:
            end = number
            break
    insert_at = _place(lines, start, end, date)
    if insert_at == len(lines) and lines[-1] != "":  # after a last line with no line break
        lines[-1] += nl[:-1]
        lines.append(line)
    else:
        lines.insert(insert_at, line + nl[:-1])
    return bom + "\n".join(lines)


def _place(lines: list[str], start: int, end: int, date: str) -> int:
    """Before the first entry dated later than `date`, else after the last entry (or the
    heading), before any blank lines that end the section."""
    last = start
    for number in range(start + 1, end):
        found = _ENTRY_DATE.match(lines[number])
        if found and found.group(1) > date:
            return number
        if lines[number].strip():
            last = number
    return last + 1


def _append_section(body: str, nl: str, line: str) -> str:
    ends_with_newline = body.endswith(nl) or body == ""
    stripped = body[: -len(nl)] if body.endswith(nl) else body
    section = f"{nl}## Log{nl}{line}" if stripped else f"## Log{nl}{line}"
    spacer = nl if stripped and not stripped.endswith(nl) else ""
    return stripped + spacer + section + (nl if ends_with_newline else "")


def tick_task(text: str, needle: str | None) -> tuple[str, str]:
    """Tick the first open task (`- [ ]`) whose text contains `needle` (any open task when
    None). Returns the new text and the task line as it was."""
    lines = text.split("\n")
    for number, current in enumerate(lines):
        match = _OPEN_TASK.match(current)
        if match and (needle is None or needle.lower() in current.lower()):
            lines[number] = match.group(1) + "[x]" + current[match.end():]
            return "\n".join(lines), current.rstrip("\r")
    what = f"matching '{needle}'" if needle else ""
    raise EditError(f"no open task {what}".rstrip())


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
    try:
        split = frontmatter.split(body)
        before, _ = frontmatter.load(split.raw) if split.raw is not None else ({}, {})
    except frontmatter.FrontMatterError as exc:
        raise EditError(f"{path}:{exc.line}: {exc.message}; fix it before vaultkit writes "
                        "to this note") from None
    if split.raw is None:
        new_body = f"---{nl}{key}: {value_yaml}{nl}---{nl}{body}"
    else:
        new_body = _replace_key(body, split, key, value_yaml, nl)
    try:
        after, _ = frontmatter.load(frontmatter.split(new_body).raw)
    except frontmatter.FrontMatterError:
        after = None
    expected, _ = frontmatter.load(f"{key}: {value_yaml}\n")
    if after is None or {k: v for k, v in after.items() if k != key} != {
            k: v for k, v in before.items() if k != key} or after.get(key) != expected[key]:
        raise EditError(f"{path}: setting '{key}' would change other keys; edit it by hand")
    return bom + new_body


def _replace_key(body: str, split, key: str, value_yaml: str, nl: str) -> str:
    head_len = len(body) - len(split.body)
    head = body[:head_len]
    lines = head.split("\n")  # each line keeps its own "\r" (see add_log_line)
    new_line = f"{key}: {value_yaml}" + nl[:-1]
    pattern = re.compile(rf"""^(['"]?){re.escape(key)}\1[ \t]*:""")
    closing = max(i for i, current in enumerate(lines) if current.rstrip() in ("---", "..."))
    for number, current in enumerate(lines[:closing]):
        if number and pattern.match(current):
            end = number + 1  # the key's value goes on over indented and `- ` lines, and
            while end < closing and lines[end][:1] in (" ", "\t", "-", "#", "\r", ""):
                end += 1  # comments and blank lines between them …
            while end > number + 1 and lines[end - 1].strip() in ("",) or (
                    end > number + 1 and lines[end - 1].lstrip().startswith("#")):
                end -= 1  # … but not those after it: they belong to what follows
            lines[number:end] = [new_line]
            return "\n".join(lines) + split.body
    lines.insert(closing, new_line)
    return "\n".join(lines) + split.body
