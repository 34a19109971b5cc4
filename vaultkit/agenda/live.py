"""The agenda of one day kept between syncs, for `watch`: after a sync only the notes that
changed are judged again, with the notes whose rules looked at another note (a lead's
contact, a referrer). Every other note's items depend on the note, the date and the
settings alone (build.judge), so the result is the agenda `Vault.agenda` gives — a test
holds them equal after every kind of change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from vaultkit.agenda.build import (
    Agenda,
    Context,
    RuleSettings,
    RuleSource,
    Subject,
    Subjects,
    assemble,
    judge,
)
from vaultkit.agenda.network import Network
from vaultkit.model import AgendaItem, AgendaWarning


class LiveAgenda:
    def __init__(self, source: RuleSource):
        self.source = source
        self._key: tuple | None = None
        self._subjects: dict[str, Subject] = {}  # the candidates (source.candidates)
        self._judged: dict[str, tuple[list[AgendaItem], list[AgendaWarning]]] = {}
        self._looking: set[str] = set()  # notes whose rules looked at other notes
        self._network: Network | None = None  # the last build's; another one: judge all

    def agenda(self, today: dt.date, settings: RuleSettings, days: int | None,
               changed: Collection[str] | None) -> Agenda:
        """The agenda for `today` (up to `days` ahead; None: the setting) once the source
        holds the changes to the notes at `changed`; None when anything may have changed."""
        days = settings.days if days is None else days
        key = (today, settings, days)
        if changed is None or key != self._key:
            self._key = key
            notes = self.source.candidates(today, settings, days)
            self._subjects = {n.path: Subject(n, settings, today) for n in notes}
            self._judged.clear()
            self._looking.clear()
            todo = set(self._subjects)
        else:
            for path in changed:
                self._subjects.pop(path, None)
                self._judged.pop(path, None)
                self._looking.discard(path)
            if changed:
                for note in self.source.candidates(today, settings, days, changed):
                    self._subjects[note.path] = Subject(note, settings, today)
            todo = (set(changed) & self._subjects.keys()) | self._looking
        return self._build(today, settings, days, todo)

    def _build(self, today: dt.date, settings: RuleSettings, days: int,
               todo: set[str]) -> Agenda:
        subjects = Subjects(self.source.lookup(), settings, today, self._subjects.values())
        ctx = Context(today, settings, subjects.resolve)
        ctx.network = subjects.network = Network.of(self.source.network_notes(settings), ctx)
        for path in subjects.judge_also(ctx.network.paths()):
            self._subjects[path] = subjects.at(path)
            todo.add(path)
        if ctx.network != self._network:
            self._network = ctx.network
            todo = set(self._subjects)
        for path in sorted(todo):
            subjects.looked = False
            self._judged[path] = judge(self._subjects[path], ctx)
            if subjects.looked:
                self._looking.add(path)
            else:
                self._looking.discard(path)
        found = [*ctx.network.items, *(one for items, _ in self._judged.values() for one in items)]
        warned = [one for _, warnings in self._judged.values() for one in warnings]
        return assemble(found, warned, self.source.referrals(), ctx, days, (), None,
                        subjects.at)
