"""A note merged three ways: its front matter key by key (front.py), its first Log section
as a union of entries (log.py), the rest of its text line by line (lines.py).

The texts are compared with one line ending: the merge is written with ours' BOM, line
ending and final line break, unless only their side changed one of them. A side that is not
UTF-8 text, or whose front matter cannot be merged key by key, sends the whole file to the
line merge: a side is never dropped.
"""

from __future__ import annotations

from collections import namedtuple

from vaultkit.merge.front import NotByKey, common_front, merge_front, read_front
from vaultkit.merge.lines import GIT_LABELS, Labels, common_lines, merge_lines
from vaultkit.merge.log import added_items, common_items, log_items, merge_log
from vaultkit.notes.anatomy import BOM, scan, split_lines

_PLACE = "\x00vaultkit: the log section\x00\n"  # stands for the log in the line merge


class Merged(namedtuple("Merged", "text conflicts by_line", defaults=(False,))):
    """The merged `text`, how many `conflicts` are marked in it, and `by_line`: merged as
    plain lines (the note could not be merged as a note)."""

    __slots__ = ()


class Folded(namedtuple("Folded", "text conflicts entries keys")):
    """A conflict copy folded into its original: the `text`, its `conflicts`, and what came
    from the copy: how many log `entries`, which front matter `keys` it added or changed
    (none read when the front matter is in conflict)."""

    __slots__ = ()


class _Side(namedtuple("_Side", "front skeleton items style")):
    """One side, cut up: `front`, the front matter's lines (delimiters included);
    `skeleton`, the body's lines with the log's items taken out (`_PLACE` where they
    stood); `items`, those items; `style`: BOM, line ending, whether the text ends with
    one."""

    __slots__ = ()


def merge_notes(base: str, ours: str, theirs: str, log_headings: tuple[str, ...] = ("Log",),
                labels: Labels = GIT_LABELS) -> Merged:
    """Merge three versions of a note's text (BASE, OURS, THEIRS as git names them)."""
    if theirs in (base, ours):
        return Merged(ours, 0)
    if ours == base:
        return Merged(theirs, 0)
    try:
        b, o, t = (_cut(text, log_headings) for text in (base, ours, theirs))
        front, front_conflicts = merge_front(b.front, o.front, t.front, labels)
    except NotByKey:
        return merge_text_lines(base, ours, theirs, labels)
    body = merge_lines(b.skeleton, o.skeleton, t.skeleton, labels)
    if body.lines.count(_PLACE) != 1 and (o.items or t.items):
        return merge_text_lines(base, ours, theirs, labels)
    log = merge_log(b.items, o.items, t.items)
    lines = [*front]
    for line in body.lines:
        lines.extend(log if line == _PLACE else (line,))
    return Merged(_styled("".join(lines), _style(b.style, o.style, t.style)),
                  front_conflicts + body.conflicts)


def common_base(ours: str, theirs: str, log_headings: tuple[str, ...] = ("Log",)) -> str:
    """A base for two versions of a note whose common ancestor is not at hand (a sync
    tool's conflict copy and its original): what both hold — the front matter keys they
    agree on, the log entries both have, the other lines both have, in order. Merged from
    it, whatever one side alone holds is kept, and what they hold differently is a
    conflict. It is written in theirs' BOM and line endings, so that ours' are kept."""
    try:
        o, t = (_cut(text, log_headings) for text in (ours, theirs))
        front = common_front(o.front, t.front)
    except NotByKey:
        lines = common_lines(_normal(ours)[0], _normal(theirs)[0])
        return _styled("".join(lines), _normal(theirs)[1])
    lines = [*front]
    items = [line for item in common_items(o.items, t.items) for line in item.text]
    for line in common_lines(o.skeleton, t.skeleton):
        lines.extend(items if line == _PLACE else (line,))
    return _styled("".join(lines), t.style)


def fold_copy(original: str, copy: str, log_headings: tuple[str, ...] = ("Log",),
              labels: Labels = GIT_LABELS) -> Folded:
    """A sync tool's copy merged into its original as the driver merges (the original is
    ours), from what the two have in common; and what the copy brought."""
    merged = merge_notes(common_base(original, copy, log_headings), original, copy,
                         log_headings, labels)
    try:
        before, after = (_cut(text, log_headings) for text in (original, merged.text))
    except NotByKey:  # merged by line: the front matter was never closed
        return Folded(merged.text, merged.conflicts, 0, [])
    entries = len(added_items(before.items, after.items))
    try:
        old, new = (read_front(side.front).blocks for side in (before, after))
    except NotByKey:  # conflict markers in the front matter, or it is not YAML
        return Folded(merged.text, merged.conflicts, entries, [])
    keys = [key for key, block in new.items() if key not in old or old[key].lines != block.lines]
    return Folded(merged.text, merged.conflicts, entries, keys)


def merge_text_lines(base: str, ours: str, theirs: str, labels: Labels = GIT_LABELS) -> Merged:
    """Merge three texts line by line, as git would (a note that cannot be merged as one)."""
    split = [_normal(text) for text in (base, ours, theirs)]
    merged = merge_lines(*(lines for lines, _ in split), labels)
    style = _style(*(style for _, style in split))
    return Merged(_styled("".join(merged.lines), style), merged.conflicts, True)


def merge_byte_lines(base: bytes, ours: bytes, theirs: bytes, labels: Labels = GIT_LABELS
                     ) -> tuple[bytes, int]:
    """Merge three files that are not UTF-8 text line by line, every byte kept: lines end
    at LF alone (a CR stays where it stands), nothing is normalised. (The merged bytes,
    how many conflicts.)"""
    lines = [_lf_lines(data) for data in (base, ours, theirs)]
    merged = merge_lines(*lines, labels, newline=b"\n")
    return b"".join(merged.lines), merged.conflicts


def _lf_lines(data: bytes) -> list[bytes]:
    parts = data.split(b"\n")
    out = [part + b"\n" for part in parts[:-1]]
    return out + [parts[-1]] if parts[-1] else out


def _cut(text: str, log_headings: tuple[str, ...]) -> _Side:
    lines, style = _normal(text)
    found = scan("".join(lines), log_headings)
    if found.front_unclosed:
        raise NotByKey("front matter not closed")
    front = tuple(lines[:found.front[1] + 1]) if found.front else ()
    body_start = found.body_start
    if not found.logs:
        return _Side(front, lines[body_start:], [], style)
    heading, end = found.logs[0]
    stop = end = min(end, len(lines))  # the scan counts the "line" after a last line break
    while stop > heading + 1 and not lines[stop - 1].strip():
        stop -= 1
    items = log_items(found, heading + 1, stop, lines)
    skeleton = [*lines[body_start:heading + 1], _PLACE, *lines[stop:]]
    return _Side(front, skeleton, items, style)


def _normal(text: str) -> tuple[list[str], tuple[str, str, bool]]:
    """The text's lines (without BOM, split as anatomy.py splits them), each ending in
    "\n" — the last one too — and its style: BOM, line ending, whether it ends with one."""
    bom, rest = (BOM, text[1:]) if text.startswith(BOM) else ("", text)
    lines, ends = split_lines(rest)
    ended = lines[-1] == ""
    out = [line + "\n" for line in (lines[:-1] if ended else lines)]
    return out, (bom, ends[0] or "\n", ended or not rest)


def _style(base: tuple, ours: tuple, theirs: tuple) -> tuple:
    """Each of BOM, line ending and final line break: ours, unless only theirs changed it."""
    return tuple(t if o == b and t != b else o for b, o, t in zip(base, ours, theirs,
                                                                   strict=True))


def _styled(text: str, style: tuple[str, str, bool]) -> str:
    bom, newline, ended = style
    if not ended and text.endswith("\n"):
        text = text[:-1]
    if newline != "\n":
        text = text.replace("\n", newline)
    return bom + text
