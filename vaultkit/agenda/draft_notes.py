"""The notes a day's drafts are made from (agenda/drafts.py), and what every draft of
that day looks up among them, worked out once."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from vaultkit.agenda.build import name_resolver
from vaultkit.agenda.context import Context
from vaultkit.model import StoredNote


class DraftNotes:
    """The notes drafts are made from, with what every draft of one day looks up among
    them worked out once: a page of many drafts (the HTML agenda's mail links) then costs
    a look-up per draft, not a pass over the vault. Made from a list of notes, or
    (`looked_up`) from look-ups of the index and its leads alone: a draft needs the
    person, the notes their links name and the leads (search.hire and search.credits read
    leads only), not the other 100,000 notes in memory."""

    def __init__(self, notes: Iterable[StoredNote]):
        notes = list(notes)
        by_path = {n.path: n for n in notes}
        self._use(by_path.get, name_resolver(notes), [n for n in notes if n.kind == "lead"])

    @classmethod
    def looked_up(cls, note: Callable[[str], StoredNote | None],
                  resolve: Callable[[str], StoredNote | None],
                  leads: list[StoredNote]) -> DraftNotes:
        """`note(path)` and `resolve(link target)`: the rules' note of that path or link,
        or None (index/rule_input.py's IndexLookup); `leads`: every lead."""
        made = cls.__new__(cls)
        made._use(note, resolve, leads)
        return made

    def _use(self, note, resolve, leads: list[StoredNote]) -> None:
        self.note, self.resolve, self.leads = note, resolve, leads
        self.memo: dict = {}  # search.hire and search.credits, once per day and settings

    def once(self, key: tuple, make):
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def leads_of(self, person: StoredNote, ctx: Context) -> list[StoredNote]:
        """The leads whose `source` or `contacts` name `person` (a draft's lead is the
        latest of them): one pass over the leads for all the drafts of a day."""
        def by_person() -> dict[str, list[StoredNote]]:
            found: dict[str, list[StoredNote]] = {}
            for lead in self.leads:
                named = {person.note.path for key in ("source", "contacts")
                         for _name, person in ctx.linked(lead.meta.get(key))
                         if person is not None}
                for path in named:
                    found.setdefault(path, []).append(lead)
            return found
        return self.once(("leads", ctx.today, ctx.settings), by_person).get(person.path, [])
