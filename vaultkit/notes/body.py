"""The body of a note: log entries under the `Log` heading, tasks, and `[[links]]`.

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
from vaultkit.notes.values import links_in, tags_in

# An ATX heading: its level (the `#`s) and its title. The editor (edit.py) finds the Log
# heading with these too, so that it writes entries where this parser reads them.
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
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
_FENCE_START = {" ", "\t", "`", "~"}


@dataclass
class Body:
    entries: list[Entry] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def heading_titles(headings: tuple[str, ...]) -> set[str]:
    """Heading titles as `heading` gives them, to compare with."""
    return {h.strip().lower() for h in headings}


def heading(line: str) -> tuple[int, str] | None:
    """(level, title with case and outer spaces ignored) of a heading line, else None."""
    match = _HEADING.match(line)
    return (len(match.group(1)), match.group(2).strip().lower()) if match else None


def parse_body(body: str, first_line: int, log_headings: tuple[str, ...],
               synonyms: dict[str, str] | None = None) -> Body:
    """Entries, links and problems of a note body whose first line is file line `first_line`.
    `synonyms` maps kinds people write to the kinds the rules know (`ty` → `thanks`)."""
    wanted = heading_titles(log_headings)
    out = Body()
    log_level = 0  # the level of the Log heading we are under, 0 outside
    fenced = False
    for offset, line in enumerate(body.splitlines()):
        number = first_line + offset
        first = line[:1]
        if first in _FENCE_START and _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        found = heading(line) if first == "#" else None
        if found:
            level, title = found
            if title in wanted:
                log_level = level
            elif log_level and level <= log_level:
                log_level = 0
        is_item = log_level and first and first in "-*+"
        entry = _entry(line, number, out.problems) if is_item else None
        if entry:
            if synonyms and entry.kinds:
                entry.kinds = tuple(dict.fromkeys(synonyms.get(k, k) for k in entry.kinds))
            out.entries.append(entry)
            if entry.links:
                referral = "referral" in entry.kinds or "intro" in entry.kinds
                out.links.extend(Link(t, number, "entry", referral, entry.date)
                                 for t in entry.links)
        elif "[[" in line:
            out.links.extend(Link(t, number) for t in links_in(line))
    return out


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
        date=due.group(1) if due else date,
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
        date=date,
        text=rest.strip(),
        kinds=tuple(dict.fromkeys(tags_in(rest))),
        links=tuple(dict.fromkeys(links_in(rest))),
        task=task,
    )


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
