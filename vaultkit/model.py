"""What a note is once parsed. Pure data: no I/O, no third-party imports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

NEW_NOTE_KINDS = ("contact", "lead", "event", "org")  # what `add` makes; else kind "note"


# Problems, links and entries are made by the ten thousand during an index build: slotted,
# non-frozen dataclasses construct several times faster than frozen ones. Treat them as
# immutable all the same.
@dataclass(slots=True)
class Problem:
    """Something wrong in a note, at a line of the file (1-based)."""

    line: int
    message: str


@dataclass(slots=True)
class Link:
    """A `[[target]]` in a note. `origin` is `body`, `entry` or `meta:KEY`."""

    target: str
    line: int
    origin: str = "body"
    referral: bool = False  # inside a #referral/#intro entry: a name to create a note for
    date: str | None = None  # the entry's date, for links in log entries


@dataclass(slots=True)
class Entry:
    """One log line: `- DATE [HH:MM] [(channel)] text #kinds [[links]]`, or a task."""

    line: int
    date: str | None  # ISO date; None only for an undated task
    text: str
    time: str | None = None
    channel: str | None = None
    kinds: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    task: str | None = None  # None (not a task), "open" or "done"

    @property
    def counts_as_contact(self) -> bool:
        """Every entry counts for the cadence except notes to self and open tasks."""
        return "note" not in self.kinds and self.task != "open"


@dataclass(frozen=True)
class Note:
    """A parsed note. `meta` is the front matter as JSON-able data, unknown keys included."""

    path: str  # relative to the vault root, with `/`
    kind: str  # contact, lead, event, org or note
    name: str  # the file name without .md: the note's identity for links
    meta: dict = field(default_factory=dict)
    body: str = ""
    key_lines: dict = field(default_factory=dict)  # top-level front matter key -> file line
    entries: tuple[Entry, ...] = ()
    links: tuple[Link, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def title(self) -> str:
        """The display name: `name:` when the front matter has one, else the file name."""
        value = self.meta.get("name")
        return value.strip() if isinstance(value, str) and value.strip() else self.name

    @property
    def aliases(self) -> tuple[str, ...]:
        value = self.meta.get("aliases", self.meta.get("alias"))
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return ()
        return tuple(str(v).strip() for v in value if str(v).strip())

    @property
    def last_contact(self) -> str | None:
        """The date of the latest entry that counts as contact (ISO), if any."""
        dates = [e.date for e in self.entries if e.date and e.counts_as_contact]
        return max(dates) if dates else None


class AgendaItem(NamedTuple):
    """Something to do about one note, and why (PRODUCT.md §4). A named tuple: an agenda
    may hold tens of thousands."""

    rule: str
    note: str  # path of the note the item is about (for create-note: where the name came up)
    name: str  # display name of the subject
    link: str  # what an Obsidian link to the subject says: [[link]]
    due: dt.date
    text: str  # the sentence that says what to do and why
    influence: int = 3
    related: tuple[str, ...] = ()  # other people involved (attendees, the referrer, …)
    held_until: dt.date | None = None  # give them space: not before this date


class AgendaWarning(NamedTuple):
    rule: str  # too-frequent, future-entry
    note: str
    name: str
    text: str
