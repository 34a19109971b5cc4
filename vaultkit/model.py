"""What a note is once parsed (Note) and as the index keeps it (StoredNote), and what the
agenda says of one. Pure data: no I/O, no third-party imports."""

# No `from __future__ import annotations` here: with it, typing.NamedTuple compiles every
# field's annotation string at import (ForwardRef), ~40 compiles and a few ms of every
# command's start-up; the annotations below are evaluated as they stand instead.
import datetime as dt
import json
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
        return aliases_of(self.meta)

    @property
    def last_contact(self) -> str | None:
        """The date of the latest entry that counts as contact (ISO), if any."""
        dates = [e.date for e in self.entries if e.date and e.counts_as_contact]
        return max(dates) if dates else None


def aliases_of(meta: dict) -> tuple[str, ...]:
    """The other names a note answers to: `aliases:` (or `alias:`), a list or one name."""
    value = meta.get("aliases", meta.get("alias"))
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ()
    return tuple(str(v).strip() for v in value if str(v).strip())


class Summary(NamedTuple):
    """A few values over all of a note's log and front matter, worked out when it is
    indexed (notes.facts.rule_summary), that let SQL pass over the notes that can have
    nothing due on a given day. ISO dates or None."""

    last_date: str | None  # the latest dated entry, or `met:` if later
    last_contact: str | None
    recent: str  # the last RECENT contact dates, newest first, joined by spaces
    last_touch: str | None  # the later of last_contact and `met:`
    last_met: str | None  # the later of `met:` and the latest #met entry
    cadence: int | None  # days; -1 for never; None for the default
    next: str | None
    status: str  # lower case, "" when unset
    help_balance: int  # #helped-me entries less #helped-them entries
    unthanked_help: str | None  # the latest #helped-me if no #thanks since
    referral_pending: int  # referred_by, and never in touch
    has_tasks: int
    has_birthday: int
    met: str | None  # `met:`
    influence: int  # 1–5, 3 when unset
    cadence_text: str | None  # `cadence:` as written, for sentences
    min_gap: int | None  # days; None for the default
    last_thanks: str | None  # the latest #thanks entry
    helped_me: int  # #helped-me entries
    helped_them: int  # #helped-them entries


class StoredNote:
    """A note as the index keeps it: who it is, its last contact and — for the agenda —
    its summary, with its front matter and the facts of its log (notes.facts) kept as JSON
    text and decoded when first asked for (most notes of a large agenda are judged on
    their summary alone). `id` is the index's; None for a note not from the index."""

    __slots__ = ("id", "path", "kind", "name", "title", "last_contact", "summary", "_meta",
                 "_facts")

    def __init__(self, path: str, kind: str, name: str, title: str, meta: str | dict, *,
                 id: int | None = None, last_contact: str | None = None,
                 summary: Summary | tuple | None = None, facts: str | dict | None = None):
        self.id = id
        self.path = path
        self.kind = kind
        self.name = name  # file name: the identity links use
        self.title = title  # display name
        self.summary = Summary(*summary) if summary is not None else None
        self.last_contact = self.summary.last_contact if self.summary else last_contact
        self._meta = meta
        self._facts = facts

    @property
    def meta(self) -> dict:
        if isinstance(self._meta, str):
            self._meta = json.loads(self._meta)
        return self._meta

    @property
    def facts(self) -> dict:
        if isinstance(self._facts, str):
            self._facts = json.loads(self._facts)
        return self._facts or {}

    def may_have(self, key: str) -> bool:
        """Whether the front matter may have `key`: False only when its JSON text, not yet
        decoded, does not name it (a rule asking about a rare key then decodes nothing)."""
        return not isinstance(self._meta, str) or f'"{key}":' in self._meta

    @property
    def aliases(self) -> tuple[str, ...]:
        return aliases_of(self.meta)

    def as_json(self) -> dict:
        """The shape of `list --json` (docs/commands.md); index.queries.list_json makes the
        same in SQL."""
        return {"name": self.title, "file_name": self.name, "kind": self.kind,
                "path": self.path, "last_contact": self.last_contact,
                "front_matter": self.meta}


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
    # What the item asks, as a clause for a bundled message, with {them}/{their} for the
    # person's pronouns: "thank {them} for the names". "" when it cannot be bundled.
    clause: str = ""
    draft: str | None = None  # the `vaultkit draft` kind that writes the message
    goals: tuple[str, ...] = ()  # the [goals] the subject serves
    parts: tuple["AgendaItem", ...] = ()  # a write-once item: the items it bundles
    checklist: tuple[str, ...] = ()  # prepare-event: what to do before and at the event
    # Other notes the text names: (the words as they stand in `text`, the note's path).
    mentions: tuple[tuple[str, str], ...] = ()


class AgendaWarning(NamedTuple):
    rule: str  # too-frequent, future-entry
    note: str
    name: str
    text: str
