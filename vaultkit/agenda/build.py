"""The agenda builder: each note judged by the rules (contacts.py, leads.py, dated.py: the
networking practice, PRODUCT.md §4), then the horizon, the filters, the holds that give
people space, and the order. Pure functions of the notes, a date and the settings;
nothing here reads a file or the index (the notes come from a RuleSource)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from vaultkit.agenda import bundle, goals
from vaultkit.agenda.contacts import contact_items, warnings
from vaultkit.agenda.context import Context, Subject
from vaultkit.agenda.dated import create_note, prepare_event, renewal, tasks
from vaultkit.agenda.leads import lead_items
from vaultkit.agenda.network import Network
from vaultkit.agenda.settings import RuleSettings, rule_settings
from vaultkit.cycles import no_cycle_collection
from vaultkit.model import AgendaItem, AgendaWarning, StoredNote
from vaultkit.notes.dates import shift
from vaultkit.notes.linkpaths import ALIAS, FILE, link_key, pick

RULES = ("thank-you", "act-on-lead", "follow-up-inquiry", "report-back", "keep-in-touch",
         "thank-for-help", "offer-help", "reach-out-referral", "create-note", "prepare-event",
         "task", "renewal", "birthday", "share-news", "announce", "consider-event",
         "follow-up-event", "write-once")
# Items that start contact are held back while the last contact is recent; obligations
# (thanks, answers, promises) never are.
SPACED = {"keep-in-touch", "offer-help", "reach-out-referral"}
_CLOSED_LEAD = {"rejected", "withdrawn", "closed"}


@dataclass(frozen=True)
class Referral:
    """A `[[name]]` in a #referral or #intro entry that names no note yet."""

    path: str  # the note the entry is in
    referrer: str  # that note's display name
    target: str
    date: dt.date


@dataclass(frozen=True)
class Agenda:
    date: dt.date
    days: int
    items: list[AgendaItem] = field(default_factory=list)  # in agenda order
    held: list[AgendaItem] = field(default_factory=list)  # give them space
    warnings: list[AgendaWarning] = field(default_factory=list)

    @property
    def overdue(self) -> list[AgendaItem]:
        return [i for i in self.items if i.due < self.date]

    @property
    def today(self) -> list[AgendaItem]:
        return [i for i in self.items if i.due == self.date]

    @property
    def upcoming(self) -> list[AgendaItem]:
        return [i for i in self.items if i.due > self.date]


class Lookup(Protocol):
    """Other notes, for rules that look across notes (a referrer, a lead's contacts)."""

    def resolve(self, target: str) -> StoredNote | None: ...
    def note(self, path: str) -> StoredNote | None: ...


class RuleSource(Protocol):
    """Where an agenda's notes come from (the index gives one: index.rule_input)."""

    def candidates(self, today: dt.date, settings: RuleSettings, days: int,
                   paths: Iterable[str] | None = None) -> list[StoredNote]:
        """The notes that may have something due (all of them will do), or of `paths`."""
        ...

    def lookup(self) -> Lookup: ...
    def referrals(self) -> list[Referral]: ...

    def network_notes(self, settings: RuleSettings,
                      known: list[StoredNote] | None = None) -> list[StoredNote]:
        """The notes Network.of reads (all of them will do); `known`, when given, are every
        lead and event, loaded already."""
        ...


def agenda_from(source: RuleSource, today: dt.date, settings: RuleSettings,
                days: int | None = None, rules: Iterable[str] = (),
                tag: str | None = None) -> Agenda:
    """The agenda for `today` from the candidate notes of `source`."""
    days = settings.days if days is None else days
    with no_cycle_collection():
        candidates = source.candidates(today, settings, days)  # every lead and event too
        known = [n for n in candidates if n.kind in ("lead", "event")]
        return build_agenda(candidates, source.referrals(), today, settings, days, rules, tag,
                            source.lookup(), source.network_notes(settings, known))


class NotesLookup:
    """A Lookup over notes in memory."""

    def __init__(self, notes: list[StoredNote]):
        self.resolve = name_resolver(notes)
        self._by_path = {note.path: note for note in notes}

    def note(self, path: str) -> StoredNote | None:
        return self._by_path.get(path)


def build_agenda(notes: Iterable[StoredNote], referrals: Iterable[Referral], today: dt.date,
                 settings: RuleSettings, days: int | None = None,
                 rules: Iterable[str] = (), tag: str | None = None,
                 lookup: Lookup | None = None,
                 network_notes: Iterable[StoredNote] | None = None) -> Agenda:
    """Everything due up to `today + days` about `notes`, held items and warnings.

    `lookup` finds the other notes the rules look at (a referrer, a lead's contacts), and
    `network_notes` are those Network.of reads: by default, `notes` are all there is; the
    index gives both over the whole vault, so that `notes` may be only the candidates."""
    days = settings.days if days is None else days
    notes = list(notes)
    subjects = Subjects(lookup or NotesLookup(notes), settings, today,
                        [Subject(note, settings, today) for note in notes])
    ctx = Context(today, settings, subjects.resolve)
    ctx.network = Network.of(notes if network_notes is None else network_notes, ctx)
    subjects.judge_also(ctx.network.paths())
    found: list[AgendaItem] = list(ctx.network.items)
    notes_warnings: list[AgendaWarning] = []
    for s in subjects.judged():
        items, warned = judge(s, ctx)
        found.extend(items)
        notes_warnings.extend(warned)
        s.release()
    return assemble(found, notes_warnings, referrals, ctx, days, rules, tag, subjects.at)


class Subjects:
    """The subjects of an agenda by path: those to judge, and the other notes a rule looks
    at (a referrer, a lead's contacts), found through `lookup` when first asked for.
    `looked` turns true whenever a rule resolves a name (the live agenda re-judges such
    notes after any change)."""

    def __init__(self, lookup: Lookup, settings: RuleSettings, today: dt.date,
                 judged: Iterable[Subject] = ()):
        self.lookup = lookup
        self.settings = settings
        self.today = today
        self._judged = {s.note.path: s for s in judged}
        self._others: dict[str, Subject | None] = {}
        self.looked = False

    def judged(self) -> list[Subject]:
        return list(self._judged.values())

    def judge_also(self, paths: Iterable[str]) -> list[str]:
        """Add the notes at `paths` to those judged (the network's: the index's summary
        may have passed over them); the paths added."""
        added = []
        for path in sorted(set(paths) - self._judged.keys()):
            subject = self.at(path)
            if subject is not None:
                self._judged[path] = subject
                added.append(path)
        return added

    def at(self, path: str) -> Subject | None:
        if path in self._judged:
            return self._judged[path]
        if path not in self._others:
            note = self.lookup.note(path)
            self._others[path] = Subject(note, self.settings, self.today) if note else None
        return self._others[path]

    def resolve(self, target: str) -> Subject | None:
        self.looked = True
        note = self.lookup.resolve(target)
        return self.at(note.path) if note else None


def judge(s: Subject, ctx: Context) -> tuple[list[AgendaItem], list[AgendaWarning]]:
    """One note's items (before the horizon, the filters and the holds) and warnings. They
    depend on the note, the date and the settings alone, unless a rule calls
    `ctx.resolve` to look at another note."""
    s.bind(ctx.network)
    items = list(_items(s, ctx))
    return items, (list(warnings(s, ctx)) if s.status != "archived" else [])


def assemble(found: list[AgendaItem], notes_warnings: list[AgendaWarning],
             referrals: Iterable[Referral], ctx: Context, days: int,
             rules: Iterable[str], tag: str | None,
             subject_at: Callable[[str], Subject | None]) -> Agenda:
    """The agenda from every note's items and warnings: referrals' create-note items
    added, the horizon and the filters applied, items held back, each person's items due
    close together made one message (bundle.py), all in order."""
    today = ctx.today
    found = found + [create_note(ctx, r.path, r.referrer, r.target, r.date)
                     for r in referrals if r.date <= today]
    wanted = set(rules)
    horizon = shift(today, days)
    found = goals.mark(found, ctx, subject_at, horizon)  # "serves your goal: …" (goals.py)
    items, held = [], []
    for one in found:
        if one.due > horizon or (wanted and not bundle.may_want(one, wanted)):
            continue
        subject = subject_at(one.note) if tag or one.rule in SPACED else None
        if tag and not (subject and _tagged(subject, tag)):
            continue
        hold = _held_until(one, subject, today)
        if hold:
            held.append(one._replace(held_until=hold))
        else:
            items.append(one)
    items, held = bundle.bundle(items, held, notes_warnings, today, ctx.settings, subject_at,
                                wanted)
    notes_warnings = bundle.warned_once(notes_warnings, items)
    return Agenda(today, days, sorted(items, key=_order), sorted(held, key=_order),
                  sorted(notes_warnings, key=_warning_order))


def _order(item: AgendaItem) -> tuple:
    # Among items due the same day, those that serve a goal first (targeted networking).
    return (item.due, not item.goals, -item.influence, item.name.lower(), item.rule, item.note)


def _warning_order(warning: AgendaWarning) -> tuple:
    return (warning.rule, warning.name.lower(), warning.text)


def _items(s: Subject, ctx: Context) -> Iterable[AgendaItem]:
    kind, status = s.note.kind, s.status
    if status == "archived":
        return []
    if kind == "contact":
        found = [] if status == "paused" else contact_items(s, ctx)
        return [*tasks(s, ctx), *found] if s.summary.has_tasks else found
    if kind == "lead":
        return list(tasks(s, ctx)) + ([] if status in _CLOSED_LEAD else list(lead_items(s, ctx)))
    if kind == "event":
        return [*tasks(s, ctx), *prepare_event(s, ctx)]
    if kind == "org":
        return [*tasks(s, ctx), *renewal(s, ctx)]
    return []


def _held_until(one: AgendaItem, subject: Subject | None, today: dt.date) -> dt.date | None:
    if one.rule not in SPACED or subject is None or subject.last_contact is None:
        return None
    until = shift(subject.last_contact, subject.min_gap)
    return until if until > today else None


def _tagged(subject: Subject, tag: str) -> bool:
    tags = subject.meta.get("tags")
    tags = [tags] if isinstance(tags, str) else tags if isinstance(tags, list) else []
    return tag.lower().lstrip("#") in {str(t).lower().lstrip("#") for t in tags}


def name_resolver(notes: list[StoredNote]):
    """Link targets to notes, as the index resolves them (notes/linkpaths.py): a path
    suffix (file name, `folder/name` …), else an alias, ignoring case; of several, the
    nearest the vault root. The table is built on the first look-up: many agendas need
    none."""
    names: dict[str, list[tuple[int, str, StoredNote]]] = {}

    def resolve(target: str) -> StoredNote | None:
        if not names:
            for note in notes:
                parts = note.path[: -len(".md")].lower().split("/")
                for key in {"/".join(parts[i:]) for i in range(len(parts))}:
                    names.setdefault(key, []).append((FILE, note.path, note))
                for key in {alias.lower() for alias in note.aliases}:
                    names.setdefault(key, []).append((ALIAS, note.path, note))
        return pick(names.get(link_key(target), []))[1]

    return resolve


__all__ = ["Agenda", "Context", "Lookup", "NotesLookup", "RULES", "Referral", "RuleSettings",
           "Subject", "assemble", "build_agenda", "judge", "name_resolver", "rule_settings"]
