"""The agenda of one day kept between syncs, for `watch`: after a sync only the notes that
changed are judged again, with the notes whose rules looked at another note (a lead's
contact, a referrer). Every other note's items depend on the note, the date and the
settings alone (rules.judge), so the result is the agenda `Session.agenda` gives — a test
holds them equal after every kind of change."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Collection

from vaultkit.agenda.build import (
    Agenda,
    Context,
    RuleSettings,
    Subject,
    assemble,
    judge,
)
from vaultkit.index.rule_input import IndexLookup, candidate_notes, pending_referrals
from vaultkit.model import AgendaItem, AgendaWarning


class LiveAgenda:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._key: tuple | None = None
        self._subjects: dict[str, Subject] = {}  # the candidates (candidate_notes)
        self._judged: dict[str, tuple[list[AgendaItem], list[AgendaWarning]]] = {}
        self._looking: set[str] = set()  # notes whose rules looked at other notes

    def agenda(self, today: dt.date, settings: RuleSettings, days: int,
               changed: Collection[str] | None) -> Agenda:
        """The agenda for `today` once the index holds the changes to the notes at
        `changed` (sync's `notes_changed()`); None when anything may have changed."""
        key = (today, settings, days)
        if changed is None or key != self._key:
            self._key = key
            notes = candidate_notes(self.conn, today, settings, days)
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
                for note in candidate_notes(self.conn, today, settings, days, changed):
                    self._subjects[note.path] = Subject(note, settings, today)
            todo = (set(changed) & self._subjects.keys()) | self._looking
        return self._build(today, settings, days, todo)

    def _build(self, today: dt.date, settings: RuleSettings, days: int,
               todo: set[str]) -> Agenda:
        lookup = IndexLookup(self.conn)
        others: dict[str, Subject | None] = {}
        looked = False

        def subject_at(path: str) -> Subject | None:
            if path in self._subjects:
                return self._subjects[path]
            if path not in others:
                note = lookup.note(path)
                others[path] = Subject(note, settings, today) if note else None
            return others[path]

        def resolve(target: str) -> Subject | None:
            nonlocal looked
            looked = True
            note = lookup.resolve(target)
            return subject_at(note.path) if note else None

        ctx = Context(today, settings, resolve)
        for path in sorted(todo):
            looked = False
            self._judged[path] = judge(self._subjects[path], ctx)
            if looked:
                self._looking.add(path)
            else:
                self._looking.discard(path)
        found = [one for items, _ in self._judged.values() for one in items]
        warned = [one for _, warnings in self._judged.values() for one in warnings]
        return assemble(found, warned, pending_referrals(self.conn), ctx, days, (), None,
                        subject_at)
