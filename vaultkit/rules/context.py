"""What every rule sees: the date, the settings, the notes by name, and each note's facts
(facts.py), read relative to the agenda's date and worked out once, when first asked."""

from __future__ import annotations

import datetime as dt
import json
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from ..facts import RuleNote
from ..values import link_target, links_in, parse_date, parse_interval
from .settings import RuleSettings


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
    not history, and are left out of every question below. Plain attributes and small
    methods: an agenda asks these questions of ten thousand notes."""

    __slots__ = ("note", "meta", "facts", "today", "iso", "settings", "name", "status",
                 "influence", "met", "contacts", "last_contact", "_quoted")

    def __init__(self, note: RuleNote, settings: RuleSettings, today: dt.date):
        self.note = note
        meta = self.meta = note.meta
        self.facts = note.facts
        self.today = today
        self.iso = iso = today.isoformat()
        self.settings = settings
        self.name = note.title
        status = meta.get("status")
        self.status = status.strip().lower() if isinstance(status, str) else ""
        influence = meta.get("influence")
        self.influence = influence if type(influence) is int and 1 <= influence <= 5 else 3
        self.met = parse_date(meta.get("met"))
        self.contacts = _upto(self.facts["c"], iso)
        self.last_contact = dt.date.fromisoformat(self.contacts[-1]) if self.contacts else None
        self._quoted: list | None = None

    def date(self, key: str) -> dt.date | None:
        return parse_date(self.meta.get(key))

    def interval(self, key: str, default: dt.timedelta) -> dt.timedelta | str:
        value = parse_interval(self.meta.get(key))
        return default if value is None else value

    def dates(self, kind: str) -> list[str]:
        """Dates of the entries of a kind, up to today, oldest first."""
        return _upto(self.facts["k"].get(kind, ""), self.iso)

    def latest(self, kind: str) -> dt.date | None:
        found = self.dates(kind)
        return dt.date.fromisoformat(found[-1]) if found else None

    def has_since(self, kind: str, since: dt.date) -> bool:
        found = self.dates(kind)
        return bool(found) and found[-1] >= since.isoformat()

    @property
    def history(self) -> list[str]:
        """Dates of all dated entries (not open tasks) up to today, oldest first."""
        return _upto(self.facts["d"], self.iso)

    def future(self) -> list[tuple[str, int]]:
        """(date, line) of the entries dated after today."""
        dates = self.facts["d"]
        if not dates or dates[-10:] <= self.iso:
            return []
        pairs = zip(dates.split(" "), self.facts["l"].split(" "), strict=True)
        return [(day, int(line)) for day, line in pairs if day > self.iso]

    def quotes(self, kind: str) -> list[Quote]:
        if self._quoted is None:
            self._quoted = json.loads(self.facts["q"]) if self.facts["q"] else []
        return [Quote(*q) for q in self._quoted if q[0] <= self.iso and kind in q[2]]

    @property
    def cadence(self) -> dt.timedelta | str:
        return self.interval("cadence", self.settings.default_cadence)

    @property
    def min_gap(self) -> dt.timedelta:
        gap = self.interval("min_gap", self.settings.min_gap)
        return gap if isinstance(gap, dt.timedelta) else self.settings.min_gap


@dataclass
class Context:
    today: dt.date
    settings: RuleSettings
    resolve: Callable[[str], Subject | None]  # a link target to the note it names

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
                out.append((subject.name if subject else _shown(target), subject))
        return out


def _shown(target: str) -> str:
    return (link_target(target) or target).rsplit("/", 1)[-1]


_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
           "Dec")  # not %b: the sentences are English whatever the locale


def when(day: dt.date, today: dt.date) -> str:
    """`Nov 20`, with the year when it is not this year's."""
    text = f"{_MONTHS[day.month]} {day.day}"
    return text if day.year == today.year else f"{text}, {day.year}"
