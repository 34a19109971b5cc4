"""The log merged as the union of both sides' entries.

A side's first Log section (the one `vaultkit log` writes into) is cut into items: a line
at the left edge that the reader reads (not code, not inside a comment) and the indented,
hidden and blank lines under it. An item is the same on two sides when its text is. Each
item is kept as many times as the side that changed its count has it (both changed: the
larger count, so an entry both sides wrote is there once); so an item one side removed or
edited (an edit removes the old text and adds the new) goes, and every new one is added.

New items of their side go among ours by date: before the first of ours that comes later
in ours' own order (oldest first, or newest first when ours is written so), after ours of
the same day. An undated item follows the item it follows on their side. Blank lines
between items are ours.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from vaultkit.notes.anatomy import Anatomy

_DATE = re.compile(r"^[-*+][ \t]+(?:\[[ xX]\][ \t]+)?(\d{4}-\d{2}-\d{2})")


class Item(NamedTuple):
    text: tuple[str, ...]  # its lines, each ending in "\n"; () for a run of blank lines
    blank: tuple[str, ...] = ()

    @property
    def date(self) -> str | None:
        found = _DATE.match(self.text[0]) if self.text else None
        return found.group(1) if found else None


def log_items(found: Anatomy, start: int, stop: int, lines: list[str]) -> list[Item]:
    """The items of lines start..stop (a Log section without its heading and the blank
    lines that end it): `lines` are the note's lines with "\\n" endings."""
    items: list[Item] = []
    current: list[str] = []
    blanks: list[str] = []
    for index in range(start, stop):
        line = lines[index]
        if not line.strip():
            blanks.append(line)
        elif current and (index in found.hidden or line[:1] in " \t"):
            current.extend(blanks)  # under the item: code, a comment, indented lines
            current.append(line)
            blanks = []
        else:
            _close(items, current, blanks)
            current, blanks = [line], []
    _close(items, current, blanks)
    return items


def _close(items: list[Item], current: list[str], blanks: list[str]) -> None:
    if current:
        items.append(Item(tuple(current)))
    if blanks:
        items.append(Item((), tuple(blanks)))


def merge_log(base: list[Item], ours: list[Item], theirs: list[Item]) -> list[str]:
    """The lines of the merged log section's items."""
    want = _counts(base, ours, theirs)
    out: list[Item] = []
    used: Counter = Counter()
    for item in ours:
        if not item.text:
            out.append(item)
        elif used[item.text] < want[item.text]:
            out.append(item)
            used[item.text] += 1
    newest_first = _newest_first(ours)
    for index, item in enumerate(theirs):
        if item.text and used[item.text] < want[item.text]:
            out.insert(_place(out, item, theirs[:index], newest_first), item)
            used[item.text] += 1
    return [line for item in out for line in (*item.text, *item.blank)]


def common_items(ours: list[Item], theirs: list[Item]) -> list[Item]:
    """The items both sides have (as often as both have them), in ours' order."""
    left = Counter(item.text for item in theirs if item.text)
    out = []
    for item in ours:
        if item.text and left[item.text] > 0:
            left[item.text] -= 1
            out.append(item)
    return out


def added_items(before: list[Item], after: list[Item]) -> list[Item]:
    """The items of `after` that `before` has not (as often)."""
    left = Counter(item.text for item in before if item.text)
    out = []
    for item in after:
        if item.text and left[item.text] > 0:
            left[item.text] -= 1
        elif item.text:
            out.append(item)
    return out


def _counts(base: list[Item], ours: list[Item], theirs: list[Item]) -> Counter:
    counts = [Counter(item.text for item in side if item.text) for side in (base, ours, theirs)]
    b, o, t = counts
    return Counter({text: t[text] if o[text] == b[text] else o[text] if t[text] == b[text]
                    else max(o[text], t[text]) for text in o.keys() | t.keys()})


def _newest_first(items: list[Item]) -> bool:
    dates = [item.date for item in items if item.date]
    return len(set(dates)) > 1 and dates == sorted(dates, reverse=True)


def _place(out: list[Item], item: Item, before: list[Item], newest_first: bool) -> int:
    """Where a new item of their side goes in `out`."""
    date = item.date
    if date is None:
        return _after_anchor(out, before)
    dated = [i for i, other in enumerate(out) if other.date]
    for index in dated:
        other = out[index].date
        if (other < date) if newest_first else (other > date):
            return index
    return dated[-1] + 1 if dated else _after_anchor(out, before)


def _after_anchor(out: list[Item], before: list[Item]) -> int:
    """After the nearest item that stands before it on their side and is in `out`, else at
    the end."""
    for anchor in reversed(before):
        if anchor.text:
            for index in range(len(out) - 1, -1, -1):
                if out[index].text == anchor.text:
                    return index + 1
    return len(out)
