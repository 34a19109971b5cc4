"""What every rule sees: the date, the settings, the notes by name, and each note's facts
(facts.py), read relative to the agenda's date and worked out once, when first asked."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from vaultkit.agenda.network import EMPTY, Network
from vaultkit.agenda.pace import Pace, pace_of
from vaultkit.agenda.pace import min_gap as pace_min_gap
from vaultkit.agenda.settings import RuleSettings
from vaultkit.model import StoredNote
from vaultkit.notes.facts import RECENT
from vaultkit.notes.values import link_target, links_in, parse_date


class Quote(NamedTuple):
    """A log entry a rule quotes from (facts.QUOTED)."""

    date: str
    line: int
    kinds: list[str]
    text: str
    links: list[str]
    channel: str | None

    @property
    def day(self) -> dt.date:
        return dt.date.fromisoformat(self.date)


def _upto(packed: str, iso: str) -> list[str]:
    """The dates of a packed list (facts.py) up to `iso`."""
    if not packed:
        return []
    dates = packed.split(" ")
    return dates if dates[-1] <= iso else dates[: bisect_right(dates, iso)]


class Subject:
    """One note as the rules see it on the agenda's date: entries dated later are plans,
    not history, and are left out of every question below.

    When nothing in the note is dated after the agenda's day (`settled`, the usual case),
    the note's summary answers the common questions without decoding its facts or front
    matter; otherwise they are worked out from the facts. Plain attributes and small
    methods: an agenda asks these questions of ten thousand notes."""

    __slots__ = ("note", "summary", "today", "iso", "settings", "settled", "name", "status",
                 "influence", "met", "last_contact", "_contacts", "network", "_texts")

    def __init__(self, note: StoredNote, settings: RuleSettings, today: dt.date):
        self.note = note
        summary = self.summary = note.summary
        self.today = today
        self.iso = iso = today.isoformat()
        self.settings = settings
        self.settled = summary.last_date is None or summary.last_date <= iso
        self.name = note.title
        self.status = summary.status
        self.influence = summary.influence
        self.met = _day(summary.met)
        self._contacts: list[str] | None = None
        # The note's front matter and facts as the index gave them (JSON text, or None when
        # decoded already): `release` puts them back once the note is judged.
        self._texts = tuple(one if isinstance(one, str) else None
                            for one in (note._meta, note._facts))
        self.network = EMPTY  # the agenda's (bind): live matters and a hire change the pace
        if self.settled:
            self.last_contact = _day(summary.last_contact)
        else:
            self.last_contact = _day(self.contacts[-1]) if self.contacts else None

    def release(self) -> None:
        """Let go of the front matter and facts decoded while judging (the note keeps its
        JSON text, and decodes it again if asked): the agenda of a large vault holds every
        candidate until it is made, and their decoded JSON is most of its memory."""
        meta, facts = self._texts
        if meta is not None:
            self.note._meta = meta
        if facts is not None:
            self.note._facts = facts
        self._contacts = None

    def bind(self, network: Network) -> None:
        """Judge this note within `network`: its pace (agenda/pace.py), and its display
        name when another contact has the same one ("Kim Lee (Acme)")."""
        self.network = network
        self.name = network.names.get(self.note.path, self.note.title)

    @property
    def meta(self) -> dict:
        return self.note.meta

    @property
    def facts(self) -> dict:
        return self.note.facts

    @property
    def contacts(self) -> list[str]:
        """Dates of the entries that count as contact, up to today, oldest first."""
        if self._contacts is None:
            self._contacts = _upto(self.facts["c"], self.iso)
        return self._contacts

    def date(self, key: str) -> dt.date | None:
        return parse_date(self.meta.get(key))

    def dates(self, kind: str) -> list[str]:
        """Dates of the entries of a kind, up to today, oldest first."""
        return _upto(self.facts["k"].get(kind, ""), self.iso)

    def latest(self, kind: str) -> dt.date | None:
        found = self.dates(kind)
        return dt.date.fromisoformat(found[-1]) if found else None

    def has_since(self, kind: str, since: dt.date) -> bool:
        if self.settled and kind == "thanks":
            last = self.summary.last_thanks
            return last is not None and last >= since.isoformat()
        found = self.dates(kind)
        return bool(found) and found[-1] >= since.isoformat()

    def favours(self) -> tuple[int, int]:
        """(#helped-me entries, #helped-them entries) up to today."""
        if self.settled:
            return self.summary.helped_me, self.summary.helped_them
        return len(self.dates("helped-me")), len(self.dates("helped-them"))

    def last_meeting(self) -> dt.date | None:
        """The later of `met:` and the latest #met entry, up to today."""
        if self.settled:
            return _day(self.summary.last_met)
        met = self.met if self.met and self.met <= self.today else None
        return max(filter(None, (met, self.latest("met"))), default=None)

    def unthanked_help(self) -> dt.date | None:
        """The latest #helped-me entry, if no #thanks came on or after it."""
        if self.settled:
            return _day(self.summary.unthanked_help)
        helped = self.latest("helped-me")
        return None if helped is None or self.has_since("thanks", helped) else helped

    def help_balance(self) -> int:
        if self.settled:
            return self.summary.help_balance
        return len(self.dates("helped-me")) - len(self.dates("helped-them"))

    def recent_contacts(self, since: dt.date) -> int:
        """How many contacts came after `since` (up to today)."""
        start = since.isoformat()
        if self.settled and (self.summary.last_contact or "") <= start:
            return 0
        recent = self.summary.recent.split() if self.settled else []
        if self.settled and (len(recent) < RECENT or recent[-1] <= start):
            return sum(day > start for day in recent)
        return sum(day > start for day in self.contacts)

    @property
    def history(self) -> list[str]:
        """Dates of all dated entries (not open tasks) up to today, oldest first."""
        return _upto(self.facts["d"], self.iso)

    def future(self) -> list[tuple[str, int]]:
        """(date, line) of the entries dated after today."""
        if self.settled:
            return []
        dates = self.facts["d"]
        if not dates or dates[-10:] <= self.iso:
            return []
        pairs = zip(dates.split(" "), self.facts["l"].split(" "), strict=True)
        return [(day, int(line)) for day, line in pairs if day > self.iso]

    def quotes(self, kind: str) -> list[Quote]:
        """Entries of a kind in facts.QUOTED, up to today, oldest first."""
        return [Quote(*q) for q in self.facts["q"].get(kind, ()) if q[0] <= self.iso]

    @property
    def pace(self) -> Pace:
        """The cadence that applies and where it comes from (agenda/pace.py)."""
        return pace_of(self, self.network)

    @property
    def cadence(self) -> dt.timedelta | str:
        return pace_of(self, self.network).cadence

    @property
    def next(self) -> dt.date | None:
        return _day(self.summary.next)

    @property
    def min_gap(self) -> dt.timedelta:
        return pace_min_gap(self, self.network)

    @property
    def connected(self) -> dt.date | None:
        """`connected:`, the day an import says you connected (pace.imported)."""
        return self.date("connected") if "connected" in self.meta else None

    @property
    def tags(self) -> set[str]:
        """The note's tags, lower case, without '#'."""
        tags = self.meta.get("tags")
        tags = [tags] if isinstance(tags, str) else tags if isinstance(tags, list) else []
        return {str(t).strip().lower().lstrip("#") for t in tags}


def _day(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


@dataclass
class Context:
    today: dt.date
    settings: RuleSettings
    resolve: Callable[[str], Subject | None]  # a link target to the note it names
    network: Network = EMPTY  # what the rules see across notes (network.py)

    def linked(self, value: object) -> list[tuple[str, Subject | None]]:
        """Names in a front matter value (a link, a list of links, or text), each with the
        note it resolves to."""
        values = value if isinstance(value, list) else [value]
        out = []
        for item in values:
            if not isinstance(item, str) or not item.strip():
                continue
            targets = links_in(item) or [item.strip()]
            for target in targets:
                subject = self.resolve(target)
                name = (self.network.names.get(subject.note.path, subject.name) if subject
                        else _shown(target))  # namesakes told apart (pace.namesakes)
                out.append((name, subject))
        return out


def _shown(target: str) -> str:
    return (link_target(target) or target).rsplit("/", 1)[-1]


_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
           "Dec")  # not %b: the sentences are English whatever the locale


def when(day: dt.date, today: dt.date) -> str:
    """`Nov 20`, with the year when it is not this year's."""
    text = f"{_MONTHS[day.month]} {day.day}"
    return text if day.year == today.year else f"{text}, {day.year}"
