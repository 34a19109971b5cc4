"""An agenda's notes judged: each note as the rules see it (context.Subject), the other
notes a rule looks at found when first asked for (`Subjects`), and the notes judged one at
a time with each person's items settled as soon as no more can come (`Judging`), so the
agenda of a large vault never holds all its notes at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from vaultkit.agenda.assembly import Agenda, Assembly
from vaultkit.agenda.contacts import contact_items, warnings
from vaultkit.agenda.context import Context, Subject
from vaultkit.agenda.dated import prepare_event, renewal, tasks
from vaultkit.agenda.leads import lead_items
from vaultkit.agenda.network import Network
from vaultkit.agenda.settings import RuleSettings
from vaultkit.model import AgendaItem, AgendaWarning, StoredNote

if TYPE_CHECKING:  # only its type: build.py, which defines it, imports this module
    from vaultkit.agenda.build import Lookup

_CLOSED_LEAD = {"rejected", "withdrawn", "closed"}


def is_contact(note: StoredNote) -> bool:
    return note.kind == "contact"


class Judging:
    """The notes of an agenda judged one at a time and their items settled (assembly.py).
    A person's items are settled together, once no more can come: the rules of a lead make
    items about its contacts (report-back), the network's and the referrals' are known
    before any note is judged, and a contact's rules make items about that contact alone.
    So the notes other than contacts, which come first, wait until the first contact;
    each contact is settled as soon as it is judged, then let go."""

    def __init__(self, subjects: Subjects, ctx: Context, assembly: Assembly,
                 pending: dict[str, list[AgendaItem]]):
        self.subjects = subjects
        self.ctx = ctx
        self.assembly = assembly
        self.pending = pending  # items by the note they are about, not settled yet
        self.waiting: list[tuple[Subject, list[AgendaWarning]]] = []
        self.seen: set[str] = set()
        self.contacts_began = False

    def take(self, note: StoredNote) -> None:
        if note.path in self.seen:  # given twice: judged once
            return
        if is_contact(note):
            if not self.contacts_began:
                self.contacts_began = True
                self._settle_waiting()
        elif self.contacts_began:
            raise ValueError(f"{note.path}: a {note.kind} after the contacts")
        self.seen.add(note.path)
        self._judge(self.subjects.take(note))

    def _judge(self, s: Subject) -> None:
        items, warned = judge(s, self.ctx)
        for one in items:
            self.pending.setdefault(one.note, []).append(one)
        if is_contact(s.note):
            self._settle(s, warned)
        else:
            self.waiting.append((s, warned))

    def _settle(self, s: Subject, warned: list[AgendaWarning]) -> None:
        self.assembly.settle(self.pending.pop(s.note.path, []), warned)
        s.release()
        self.subjects.forget(s.note.path)

    def _settle_waiting(self) -> None:
        waiting, self.waiting = self.waiting, []
        for s, warned in waiting:
            self._settle(s, warned)

    def finish(self, network_paths: Iterable[str]) -> Agenda:
        """The agenda, once every note is taken: the network's contacts judged too (the
        index's summary may have passed over them), then the items about notes not judged
        (a lead's contact who had nothing due) settled."""
        self._settle_waiting()
        for path in sorted(set(network_paths) - self.seen):
            subject = self.subjects.at(path)
            if subject is not None:
                self.seen.add(path)
                self._judge(self.subjects.take(subject.note))
        self._settle_waiting()
        for path in sorted(self.pending):
            self.assembly.settle(self.pending.pop(path), [])
        return self.assembly.agenda()


class Subjects:
    """The subjects of an agenda by path: those being judged, and the other notes a rule
    looks at (a referrer, a lead's contacts), found through `lookup` when first asked for;
    all bound to the `network` once there is one. `looked` turns true whenever a rule
    resolves a name (the live agenda re-judges such notes after any change)."""

    def __init__(self, lookup: Lookup, settings: RuleSettings, today: dt.date,
                 judged: Iterable[Subject] = ()):
        self.lookup = lookup
        self.settings = settings
        self.today = today
        self._judged = {s.note.path: s for s in judged}
        self._others: dict[str, Subject | None] = {}
        self._network: Network | None = None
        self.looked = False

    @property
    def network(self) -> Network | None:
        return self._network

    @network.setter
    def network(self, network: Network) -> None:
        """Bind every subject, judged yet or not, to `network`: a note a rule looks at
        is seen as its own judging sees it ("Kim Lee (Contoso)" among namesakes),
        whatever the order the notes are judged in."""
        self._network = network
        for subject in [*self._judged.values(), *self._others.values()]:
            if subject is not None:
                subject.bind(network)

    def take(self, note: StoredNote) -> Subject:
        """The subject of `note`, to judge: the one a rule looked at already, or a new one."""
        subject = self._others.pop(note.path, None) or Subject(note, self.settings, self.today)
        self._judged[note.path] = subject
        return subject

    def forget(self, path: str) -> None:
        """Let go of the note at `path`, judged and settled (asked for again, it is found
        again through the lookup)."""
        self._judged.pop(path, None)

    def judge_also(self, paths: Iterable[str]) -> list[str]:
        """Add the notes at `paths` to those judged (the network's: the index's summary
        may have passed over them); the paths added."""
        added = []
        for path in sorted(set(paths) - self._judged.keys()):
            subject = self.at(path)
            if subject is not None:
                self._judged[path] = self._others.pop(path)
                added.append(path)
        return added

    def at(self, path: str) -> Subject | None:
        if path in self._judged:
            return self._judged[path]
        if path not in self._others:
            note = self.lookup.note(path)
            subject = Subject(note, self.settings, self.today) if note else None
            if subject is not None and self._network is not None:
                subject.bind(self._network)
            self._others[path] = subject
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


