"""The body of a note: log entries under the `Log` heading, tasks, and `[[links]]`, read
from the note's anatomy (anatomy.py), the same one the editor writes by.

An entry is a top-level list item under a heading named `Log` (any level) that starts with
`YYYY-MM-DD`, optionally `HH:MM`, then an optional `(channel)`, then free text with
`#kinds` and `[[links]]`. `- [ ]`/`- [x]` items are tasks, dated by their leading date or by
`📅 DATE` anywhere in the line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from vaultkit.model import Entry, Link, Problem
from vaultkit.notes.anatomy import Anatomy, heading, heading_titles, scan
from vaultkit.notes.values import links_in, tags_in

_ITEM = re.compile(r"^[-*+][ \t]+(?:\[([ xX])\][ \t]+)?(.*)$")
_HEAD = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?(?=\s|$)\s*(?:\(([^()\n]*)\))?\s*(.*)$"
)
_PLAIN_ENTRY = re.compile(
    r"^[-*+][ \t]+(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?(?=\s|$)\s*"
    r"(?:\(([^()\n]*)\))?\s*(.*)$"
)
_DATE_LIKE = re.compile(r"^(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4})(?=\s|$|\()")
_TASK_DUE = re.compile(r"📅\s*(\d{4}-\d{2}-\d{2})")
# When a task was done, as the Tasks plugin and `vaultkit done` write it: the day it counts
# as contact (its planned day may be later, or long past).
_TASK_DONE = re.compile(r"✅\s*(\d{4}-\d{2}-\d{2})")

__all__ = ["Body", "heading", "heading_titles", "parse_body", "read_body"]


@dataclass
class Body:
    entries: list[Entry] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def parse_body(body: str, first_line: int, log_headings: tuple[str, ...],
               synonyms: dict[str, str] | None = None) -> Body:
    """Entries, links and problems of a note body (text without front matter) whose first
    line is file line `first_line`."""
    return read_body(scan(body, log_headings, front_matter=False), synonyms, first_line)


def read_body(anatomy: Anatomy, synonyms: dict[str, str] | None = None, first_line: int = 1
              ) -> Body:
    """Entries, links and problems of a scanned note (anatomy.py): entries are the list
    items of its Log sections, links those of every visible line; code and comments hold
    neither. `synonyms` maps kinds people write to the kinds the rules know (`ty` → `thanks`).
    """
    out = Body()
    lines, hidden, masked = anatomy.lines, anatomy.hidden, anatomy.masked
    in_log = bytearray(len(lines))
    for start, end in anatomy.logs:
        in_log[start + 1:end] = b"\x01" * (end - start - 1)
    for index in range(anatomy.body_start, len(lines)):
        number = index + first_line
        visible = masked.get(index) if masked else None
        if hidden and index in hidden:
            if visible and "[[" in visible:
                out.links.extend(Link(t, number) for t in links_in(visible))
            continue
        line = lines[index]
        first = line[:1]
        entry = _entry(line, number, out.problems) if in_log[index] and first in _BULLETS else None
        if entry:
            _add_entry(out, entry, visible, synonyms)
        else:
            seen = line if visible is None else visible
            if "[[" in seen:
                out.links.extend(Link(t, number) for t in links_in(seen))
    return out


_BULLETS = frozenset("-*+")


def _add_entry(out: Body, entry: Entry, visible: str | None,
               synonyms: dict[str, str] | None) -> None:
    """Add an entry and its links; kinds and links only from the line's visible text."""
    if visible is not None:
        entry.kinds = tuple(dict.fromkeys(tags_in(visible)))
        entry.links = tuple(dict.fromkeys(links_in(visible)))
    if synonyms and entry.kinds:
        entry.kinds = tuple(dict.fromkeys(synonyms.get(k, k) for k in entry.kinds))
    out.entries.append(entry)
    if entry.links:
        referral = "referral" in entry.kinds or "intro" in entry.kinds
        out.links.extend(Link(t, entry.line, "entry", referral, entry.date)
                         for t in entry.links)


def _entry(line: str, number: int, problems: list[Problem]) -> Entry | None:
    """The entry a list item under Log is, if any; a malformed date is a problem."""
    quick = _PLAIN_ENTRY.match(line)
    if quick:  # the common case, in one match; it runs for every line of every log
        date, time, channel, text = quick.groups()
        if _valid(date, time):
            return Entry(number, date, text.rstrip(), time,
                         (channel.strip() or None) if channel else None,
                         tuple(dict.fromkeys(tags_in(text))) if "#" in text else (),
                         tuple(dict.fromkeys(links_in(text))) if "[[" in text else ())
    # The rest: tasks, and items whose date is not a real one (reported, not guessed at).
    item = _ITEM.match(line)
    if not item:
        return None
    box, rest = item.group(1), item.group(2)
    task = None if box is None else ("open" if box == " " else "done")
    head = _HEAD.match(rest)
    if not head:
        return _undated(rest, number, task, problems)
    if not _valid(head.group(1), head.group(2)):
        problems.append(Problem(number, f"log entry date '{_stamp(head)}' is not a real date"))
        return None
    return _dated(head, number, task, problems)


def _undated(rest: str, number: int, task: str | None, problems: list[Problem]
             ) -> Entry | None:
    """An item with no YYYY-MM-DD date: an undated task, else nothing (a date written
    another way is a problem)."""
    bad = _DATE_LIKE.match(rest)
    if bad:
        problems.append(Problem(
            number, f"log entry date '{bad.group(1)}' is not YYYY-MM-DD (e.g. 2026-01-05)"))
        return None
    if task is None:
        return None  # a plain list item under Log: not an entry
    return _task(rest, number, task, problems)


def _dated(head: re.Match, number: int, task: str | None, problems: list[Problem]) -> Entry:
    """An item that starts with a real date; a task is dated by its `📅 DATE` instead,
    when it has a real one."""
    date, time, channel, text = head.groups()
    due = _TASK_DUE.search(text) if task else None
    if due and not _valid(due.group(1), None):
        problems.append(Problem(number, f"task date '📅 {due.group(1)}' is not a real date"))
        due = None
    return Entry(
        line=number,
        date=_done_on(text, task, number, problems) or (due.group(1) if due else date),
        text=text.strip(),
        time=time,
        channel=channel.strip() if channel and channel.strip() else None,
        kinds=tuple(dict.fromkeys(tags_in(text))),
        links=tuple(dict.fromkeys(links_in(text))),
        task=task,
    )


def _task(rest: str, number: int, task: str, problems: list[Problem]) -> Entry:
    due = _TASK_DUE.search(rest)
    date = due.group(1) if due and _valid(due.group(1), None) else None
    if due and not date:
        problems.append(Problem(number, f"task date '📅 {due.group(1)}' is not a real date"))
    return Entry(
        line=number,
        date=_done_on(rest, task, number, problems) or date,
        text=rest.strip(),
        kinds=tuple(dict.fromkeys(tags_in(rest))),
        links=tuple(dict.fromkeys(links_in(rest))),
        task=task,
    )


def _done_on(text: str, task: str | None, number: int, problems: list[Problem]
             ) -> str | None:
    """A done task's `✅ DATE`, when it has a real one: the task then counts as contact
    on the day it was done."""
    done = _TASK_DONE.search(text) if task == "done" and "✅" in text else None
    if done is None:
        return None
    if not _valid(done.group(1), None):
        problems.append(Problem(number, f"task done date '✅ {done.group(1)}' is not a real "
                                        "date"))
        return None
    return done.group(1)


def _stamp(head: re.Match) -> str:
    return head.group(1) + (f" {head.group(2)}" if head.group(2) else "")


def _valid(date: str, time: str | None) -> bool:
    try:
        dt.date.fromisoformat(date)
        if time:
            dt.time.fromisoformat(time)
    except ValueError:
        return False
    return True
