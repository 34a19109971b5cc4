"""The agenda builder: each note judged by the rules (contacts.py, leads.py, dated.py: the
networking practice, PRODUCT.md §4; judging.py), then the horizon, the filters, the holds
that give people space, and the order (assembly.py). Pure functions of the notes, a date
and the settings; nothing here reads a file or the index (the notes come from a
RuleSource)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from vaultkit.agenda.assembly import SPACED, Agenda, Assembly
from vaultkit.agenda.context import Context, Subject
from vaultkit.agenda.dated import create_note
from vaultkit.agenda.judging import Judging, Subjects, is_contact, judge
from vaultkit.agenda.network import Network
from vaultkit.agenda.settings import RuleSettings, rule_settings
from vaultkit.cycles import no_cycle_collection
from vaultkit.model import AgendaItem, AgendaWarning, StoredNote
from vaultkit.notes.linkpaths import ALIAS, FILE, link_key, pick

RULES = ("thank-you", "act-on-lead", "follow-up-inquiry", "report-back", "keep-in-touch",
         "thank-for-help", "offer-help", "reach-out-referral", "create-note", "prepare-event",
         "task", "renewal", "birthday", "share-news", "announce", "consider-event",
         "follow-up-event", "write-once")


@dataclass(frozen=True)
class Referral:
    """A `[[name]]` in a #referral or #intro entry that names no note yet."""

    path: str  # the note the entry is in
    referrer: str  # that note's display name
    target: str
    date: dt.date


class Lookup(Protocol):
    """Other notes, for rules that look across notes (a referrer, a lead's contacts)."""

    def resolve(self, target: str) -> StoredNote | None: ...
    def note(self, path: str) -> StoredNote | None: ...


class RuleSource(Protocol):
    """Where an agenda's notes come from (the index gives one: index.rule_input)."""

    def candidates(self, today: dt.date, settings: RuleSettings, days: int,
                   paths: Iterable[str] | None = None) -> Iterable[StoredNote]:
        """The notes that may have something due (all of them will do), or of `paths`:
        every note but the contacts first, then the contacts (build_agenda settles each
        contact as it comes, so an iterator need not hold them all)."""
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
        notes, network = _notes_and_network(source, today, settings, days)
        return build_agenda(notes, source.referrals(), today, settings, days, rules, tag,
                            source.lookup(), network)


def _notes_and_network(source: RuleSource, today: dt.date, settings: RuleSettings,
                       days: int) -> tuple[Iterator[StoredNote], Iterator[StoredNote]]:
    """The candidates of `source` and the notes of its network, each as an iterator that
    holds no note it has given (every lead and event is a candidate, and they come before
    the contacts: the network reuses them)."""
    notes = iter(source.candidates(today, settings, days))
    others = []
    for note in notes:
        if is_contact(note):
            notes = itertools.chain((note,), notes)
            break
        others.append(note)
    network = source.network_notes(settings, [n for n in others if n.kind in ("lead", "event")])
    return _given_away(others, notes), _given_away(network, iter(()))


def _given_away(first: list[StoredNote], rest: Iterator[StoredNote]) -> Iterator[StoredNote]:
    """The notes of `first`, then of `rest`, `first` emptied as they are given."""
    first.reverse()
    while first:
        yield first.pop()
    yield from rest


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
    index gives both over the whole vault, so that `notes` may be only the candidates.
    Given both, `notes` may be an iterator, every contact after every other note
    (RuleSource.candidates; a note out of that order is a ValueError): each contact is let
    go once its items are settled, so the agenda of a large vault never holds all its
    notes. A list or tuple is put in that order."""
    days = settings.days if days is None else days
    if lookup is None or network_notes is None or isinstance(notes, Sequence):
        notes = sorted(notes, key=is_contact)  # the order Judging needs (stable)
    subjects = Subjects(lookup or NotesLookup(notes), settings, today)
    ctx = Context(today, settings, subjects.resolve)
    ctx.network = subjects.network = Network.of(
        notes if network_notes is None else network_notes, ctx)
    pending: dict[str, list[AgendaItem]] = {}
    for one in [*ctx.network.items, *_referral_items(ctx, referrals)]:
        pending.setdefault(one.note, []).append(one)
    judging = Judging(subjects, ctx, Assembly(ctx, days, rules, tag, subjects.at), pending)
    for note in notes:
        judging.take(note)
    return judging.finish(ctx.network.paths())


def assemble(found: list[AgendaItem], notes_warnings: list[AgendaWarning],
             referrals: Iterable[Referral], ctx: Context, days: int,
             rules: Iterable[str], tag: str | None,
             subject_at: Callable[[str], Subject | None]) -> Agenda:
    """The agenda from every note's items and warnings, all at once (the live agenda):
    referrals' create-note items added, then settled (assembly.py)."""
    made = Assembly(ctx, days, rules, tag, subject_at)
    made.settle(found + _referral_items(ctx, referrals), notes_warnings)
    return made.agenda()


def _referral_items(ctx: Context, referrals: Iterable[Referral]) -> list[AgendaItem]:
    """A create-note item for each name a referral gave up to today that has no note."""
    return [create_note(ctx, r.path, r.referrer, r.target, r.date)
            for r in referrals if r.date <= ctx.today]


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


__all__ = ["SPACED", "Agenda", "AgendaWarning", "Context", "Lookup", "NotesLookup", "RULES",
           "Referral", "RuleSettings", "Subject", "Subjects", "assemble", "build_agenda",
           "judge", "name_resolver", "rule_settings"]
