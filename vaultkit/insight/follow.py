"""Follow-through: did you do, in time, what the agenda's rules ask — a thank-you within
`thank_within` of a meeting (contacts.thank_you), a report-back within `report_within` of
a lead reaching an interview, an offer or a hire (leads.report_back), a follow-up within
`follow_up_after` of an inquiry or application (leads.follow_up_inquiry).

Each case is judged with the rules' own helpers on the note as it stood on the case's
deadline (a Subject whose "today" is the deadline: later entries do not count), so a
thank-you on day `thank_within` is in time and one a day later is not. A case whose
deadline is after the stats' date, not yet kept, is pending: neither kept nor missed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from vaultkit.agenda.context import Context, Subject
from vaultkit.agenda.lead_facts import REACHED_KIND, describe, in_touch, reached, told
from vaultkit.agenda.settings import RuleSettings
from vaultkit.model import StoredNote
from vaultkit.notes.dates import shift


@dataclass(frozen=True)
class Case:
    """One thing to follow through: about whom, since when, by when, and on what."""

    name: str
    path: str
    day: dt.date  # the meeting, the stage reached, the inquiry
    due: dt.date  # the last day that counts as in time
    about: str = ""  # the lead, for report-backs and follow-ups

    def as_json(self) -> dict:
        return {"name": self.name, "path": self.path, "date": self.day.isoformat(),
                "due": self.due.isoformat(), "about": self.about}


@dataclass
class Rate:
    """The cases of one habit, judged: kept in time, missed, still pending."""

    within: int  # days
    kept: list[Case] = field(default_factory=list)
    missed: list[Case] = field(default_factory=list)
    pending: list[Case] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        judged = len(self.kept) + len(self.missed)
        return round(len(self.kept) / judged, 3) if judged else None

    def sort(self) -> Rate:
        """Newest first (then by name): what was missed lately leads the list."""
        for cases in (self.kept, self.missed, self.pending):
            cases.sort(key=lambda c: (-c.day.toordinal(), c.name, c.path, c.about))
        return self

    def add(self, case: Case, kept: bool, today: dt.date) -> None:
        (self.kept if kept else self.pending if case.due >= today else self.missed).append(
            case)

    def as_json(self) -> dict:
        return {"within_days": self.within, "kept": len(self.kept),
                "missed": len(self.missed), "pending": len(self.pending), "rate": self.rate,
                "missed_cases": [c.as_json() for c in self.missed],
                "pending_cases": [c.as_json() for c in self.pending]}


def _at(note: StoredNote, settings: RuleSettings, day: dt.date) -> Subject:
    return Subject(note, settings, day)


def _inside(day: dt.date | None, since: dt.date, until: dt.date) -> bool:
    return day is not None and since <= day <= until


def meetings(note: StoredNote, settings: RuleSettings, until: dt.date) -> list[dt.date]:
    """The days you met a contact up to `until`: `met:` and every #met entry."""
    s = _at(note, settings, until)
    days = {dt.date.fromisoformat(d) for d in s.dates("met")}
    if s.met is not None and s.met <= until:
        days.add(s.met)
    return sorted(days)


def thank_yous(contacts: Iterable[StoredNote], settings: RuleSettings, today: dt.date,
               since: dt.date, until: dt.date) -> Rate:
    """A meeting in since..until is kept when a #thanks entry comes on the day or within
    `thank_within` after it (contacts.thank_you's has_since on the deadline)."""
    out = Rate(settings.thank_within.days)
    start = since.isoformat()
    for note in contacts:
        if (note.summary.last_met or "") < start:
            continue  # no meeting since (the summary's latest, over the whole log)
        for met in meetings(note, settings, until):
            if not _inside(met, since, until):
                continue
            due = shift(met, settings.thank_within)
            kept = _at(note, settings, due).has_since("thanks", met)
            out.add(Case(note.title, note.path, met, due), kept, today)
    return out.sort()


def report_backs(leads: Iterable[StoredNote], settings: RuleSettings, today: dt.date,
                 since: dt.date, until: dt.date,
                 linked: Callable[[dt.date], Context]) -> Rate:
    """Each stage a lead reached in since..until (reached(): its latest #interview, #offer
    or #hired entry) asks a report-back to its sources, and to its other contacts you
    were in touch with; kept when told() holds on the deadline (`report_within` after)."""
    out = Rate(settings.report_within.days)
    for note in leads:
        lead = _at(note, settings, until)
        for status, kind in REACHED_KIND.items():
            if not lead.dates(kind):
                continue
            day = reached(lead, status)
            if not _inside(day, since, until):
                continue
            due = shift(day, settings.report_within)
            for person in _told_whom(note, settings, linked(due)):
                kept = told(person, _at(note, settings, due), day)
                out.add(Case(person.name, person.note.path, day, due,
                             f"{status}: {describe(lead)}"), kept, today)
    return out.sort()


def _told_whom(note: StoredNote, settings: RuleSettings, ctx: Context) -> list[Subject]:
    """The lead's contacts report_back tells: its sources, and its other `contacts:` you
    have been in touch with (on the context's day)."""
    people, seen = [], set()
    sources = {p.note.path for _n, p in ctx.linked(note.meta.get("source")) if p}
    for _name, person in (ctx.linked(note.meta.get("source"))
                          + ctx.linked(note.meta.get("contacts"))):
        if person is None or person.note.kind != "contact" or person.note.path in seen:
            continue
        seen.add(person.note.path)
        if person.note.path in sources or in_touch(person):
            people.append(person)
    return people


def follow_ups(leads: Iterable[StoredNote], settings: RuleSettings, today: dt.date,
               since: dt.date, until: dt.date) -> Rate:
    """Each #inquired or #applied entry in since..until is kept when the lead's log has a
    later entry (a follow-up, or the answer) within `follow_up_after` — the silence after
    which follow_up_inquiry asks for one."""
    out = Rate(settings.follow_up_after.days)
    for note in leads:
        lead = _at(note, settings, until)
        asked = sorted({dt.date.fromisoformat(d)
                        for kind in ("inquired", "applied") for d in lead.dates(kind)})
        for day in asked:
            if not _inside(day, since, until):
                continue
            due = shift(day, settings.follow_up_after)
            later = [d for d in _at(note, settings, due).history if d > day.isoformat()]
            out.add(Case(lead.name, note.path, day, due, describe(lead)), bool(later), today)
    return out.sort()
