"""The front matter merged key by key. Each side's front matter is cut into one block per
top-level key (its lines, led by the comment and blank lines above it); a key's value is
read by the note parser (notes/frontmatter.py), so a side that only re-quoted or re-flowed
a value (Obsidian's property editor does) has not changed it.

For each key: changed on one side → that side; on both, to the same value → ours; to
different values → a conflict of that key's lines alone. Key order and comments are ours;
keys new on their side follow ours, in their order. A side whose front matter cannot be
read key by key (invalid YAML, a key written twice, a key that is not text) is not merged
here: `NotByKey` sends the note to the line merge.
"""

from __future__ import annotations

import re
from collections import namedtuple

from vaultkit.merge.lines import GIT_LABELS, Labels, conflict


class NotByKey(Exception):
    """Front matter that cannot be merged key by key."""


class Block(namedtuple("Block", "lead lines value")):
    """A key's block: `lead`, the comment and blank lines above the key; `lines`, the
    key's line and its value's; `value`, as the note parser reads it."""

    __slots__ = ()

    @property
    def text(self) -> tuple[str, ...]:
        return self.lead + self.lines


class Front(namedtuple("Front", "delimiters blocks tail", defaults=((),))):
    """One side's front matter: its `delimiters` lines (None: it has none), its keys'
    `blocks` in order (key -> Block), and the comment and blank lines after the last key
    (`tail`). Lines end with "\\n". (collections' namedtuple, not typing's NamedTuple:
    importing `typing` costs the merge driver's start-up 6 ms — docs/performance-history.md.)"""

    __slots__ = ()


NO_FRONT = Front(None, {})


def read_front(lines: tuple[str, ...]) -> Front:
    """The Front of a note's front matter lines (`---` … `---`; none: no front matter)."""
    if not lines:
        return NO_FRONT
    # Read only when both sides changed the front matter: the driver's start-up
    # (docs/performance-history.md) does not pay for YAML on every pull.
    from vaultkit.notes import frontmatter  # edge: YAML, when needed

    close = len(lines) - 1
    inner = list(lines[1:close])
    twice: list = []
    try:
        data, key_lines = frontmatter.load("".join(inner), first_line=0, duplicates=twice)
    except frontmatter.FrontMatterError as exc:
        raise NotByKey(exc.message) from None
    if twice or len(key_lines) != len(data):
        raise NotByKey("a key written twice, or a key that is not text")
    starts = list(key_lines.values())
    if starts != sorted(starts):
        raise NotByKey("keys out of order")
    blocks: dict[str, Block] = {}
    lead_from = 0
    stops = [*starts[1:], len(inner)] if starts else []  # none: empty, or comments alone
    for (key, value), start, stop in zip(data.items(), starts, stops, strict=True):
        end = _value_end(inner, start, stop)
        blocks[key] = Block(tuple(inner[lead_from:start]), tuple(inner[start:end]), value)
        lead_from = end
    return Front((lines[0], lines[close]), blocks, tuple(inner[lead_from:]))


def common_front(ours_lines: tuple[str, ...], theirs_lines: tuple[str, ...]
                 ) -> tuple[str, ...]:
    """The front matter two versions agree on — the keys both hold with the same value, as
    ours writes them — to stand for the ancestor they lack (note.common_base)."""
    if not ours_lines or not theirs_lines:
        return ()
    ours, theirs = read_front(ours_lines), read_front(theirs_lines)
    kept = [line for key, block in ours.blocks.items()
            if key in theirs.blocks and same(theirs.blocks[key].value, block.value)
            for line in block.lines]
    return (ours_lines[0], *kept, ours_lines[-1])


def _value_end(lines: list[str], start: int, stop: int) -> int:
    """Where a key's block ends: before the comment and blank lines that stand at the left
    edge between it and the next key (they lead the next one)."""
    end = stop
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1][:1] == "#"):
        end -= 1
    return end


def merge_front(base_lines: tuple[str, ...], ours_lines: tuple[str, ...],
                theirs_lines: tuple[str, ...], labels: Labels = GIT_LABELS
                ) -> tuple[list[str], int]:
    """The merged front matter's lines (delimiters included; none when no side keeps
    one) and how many keys are in conflict, from each side's front matter lines."""
    if theirs_lines in (base_lines, ours_lines):  # changed on one side only, or the same
        return list(ours_lines), 0
    if ours_lines == base_lines:
        return list(theirs_lines), 0
    base, ours, theirs = (read_front(lines) for lines in (base_lines, ours_lines,
                                                           theirs_lines))
    out: list[str] = []
    conflicts = 0
    for key, block in ours.blocks.items():
        lines, clash = _pick(base.blocks.get(key), block, theirs.blocks.get(key), labels)
        out.extend(lines)
        conflicts += clash
    for key, block in theirs.blocks.items():
        if key not in ours.blocks:
            lines, clash = _pick(base.blocks.get(key), None, block, labels)
            out.extend(lines)
            conflicts += clash
    out.extend(_tail(base, ours, theirs))
    delimiters = ours.delimiters or theirs.delimiters
    return [delimiters[0], *out, delimiters[1]], conflicts


def _pick(base: Block | None, ours: Block | None, theirs: Block | None, labels: Labels
          ) -> tuple[list[str], int]:
    """One key's lines in the merge (its comment lines above it, then its own), and 1 when
    they are a conflict."""
    if ours is None or theirs is None:
        return _one_side(base, ours, theirs, labels)
    lead = _lead(base.lead if base else None, ours.lead, theirs.lead)
    lines, clash = _key_lines(base, ours, theirs, labels)
    return [*lead, *lines], clash


def _key_lines(base: Block | None, ours: Block, theirs: Block, labels: Labels
               ) -> tuple[list[str] | tuple[str, ...], int]:
    """The key's own lines: a side that changed them wins; when both did, the one that
    changed the value — unless the other's change carries a comment this would drop."""
    if ours.lines == theirs.lines or base is not None and theirs.lines == base.lines:
        return ours.lines, 0
    if base is not None and ours.lines == base.lines:
        return theirs.lines, 0
    if same(ours.value, theirs.value) or base is not None and same(theirs.value, base.value):
        winner, loser = ours, theirs  # theirs only re-wrote the value (or wrote it alike)
    elif base is not None and same(ours.value, base.value):
        winner, loser = theirs, ours
    else:
        return conflict(ours.lines, theirs.lines, labels), 1
    if _comments(loser.lines) - _comments(winner.lines) - _comments(base.lines if base else ()):
        return conflict(ours.lines, theirs.lines, labels), 1  # a comment would be lost
    return winner.lines, 0


def same(one: object, other: object) -> bool:
    """Equal values of equal types, all the way down (`1`, `true` and `1.0` differ)."""
    if type(one) is not type(other):
        return False
    if isinstance(one, list):
        return len(one) == len(other) and all(map(same, one, other))
    if isinstance(one, dict):
        return one.keys() == other.keys() and all(same(one[k], other[k]) for k in one)
    return one == other


_COMMENT = re.compile(r"(?:^|[ \t])(#.*?)\s*$")


def _comments(lines: tuple[str, ...]) -> set[str]:
    """The comments written in a key's lines (`# …` at a line's start or after a space)."""
    return {found.group(1) for line in lines if (found := _COMMENT.search(line))}


def _lead(base: tuple[str, ...] | None, ours: tuple[str, ...], theirs: tuple[str, ...]
          ) -> tuple[str, ...]:
    """The comment and blank lines above a key: a side's change wins; when both changed
    them, ours, then the lines only theirs has (no comment is dropped)."""
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    return ours + tuple(line for line in theirs if line not in ours)


def _one_side(base: Block | None, ours: Block | None, theirs: Block | None, labels: Labels
              ) -> tuple[list[str], int]:
    """A key one side does not have: new on the other, or removed by this one."""
    kept = ours or theirs
    if base is None:
        return list(kept.text), 0  # new on one side
    if same(kept.value, base.value) and kept.text == base.text:
        return [], 0  # removed on one side, not changed (nor its comment) on the other
    if ours is not None:
        return [*ours.lead, *conflict(ours.lines, (), labels)], 1
    return conflict((), theirs.text, labels), 1  # their comment above it too


def _tail(base: Front, ours: Front, theirs: Front) -> tuple[str, ...]:
    """The comment and blank lines after the last key, merged as those above a key."""
    return _lead(base.tail, ours.tail, theirs.tail)
