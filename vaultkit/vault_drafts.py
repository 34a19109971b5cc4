"""Message drafts, mixed into `Vault` (vault.py): one draft for `vaultkit draft`, or a
drafter for a page of many (the HTML agenda's mail links) that reads the vault's notes
once, not once per draft. The rules and Jinja load at the first draft (`# edge:`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vaultkit.agenda.build import Agenda
    from vaultkit.present.drafts import Draft


class Drafts:
    """Mixed into `Vault`, which gives `rules`, `find`, `config`, `rule_settings`,
    `agenda` and `templates`."""

    def draft(self, kind: str, name: str, today: dt.date) -> Draft:
        """A message draft of `kind` for the contact `name` (a lead: its first contact)."""
        return self.drafter(today)(kind, self.find(name).path)

    def drafter(self, today: dt.date, agenda: Agenda | None = None
                ) -> Callable[[str, str], Draft]:
        """draft(kind, path) for the notes as they are now (make another after a sync: the
        leads and the links resolved are read once, each person as drafted); a write-once
        draft takes its parts from `agenda` (default: today's)."""
        from vaultkit.agenda.bundle import WRITE_ONCE, AgendaParts, with_parts  # edge: the rules
        from vaultkit.agenda.draft_notes import DraftNotes  # edge: as bundle
        from vaultkit.agenda.drafts import draft_for  # edge: as bundle
        from vaultkit.present.drafts import render_draft  # edge: Jinja

        lookup = self.rules.lookup()  # the notes a draft needs, from the index as it asks
        source = DraftNotes.looked_up(lookup.note, lookup.resolve, self.rules.leads())
        settings = self.rule_settings()
        parts: AgendaParts | None = None

        def draft(kind: str, path: str) -> Draft:
            nonlocal agenda, parts
            context = draft_for(source, path, kind, today, self.config.me, settings)
            if kind == WRITE_ONCE:  # one message for the person's parts on the agenda
                agenda = agenda or self.agenda(today)
                parts = parts or AgendaParts(agenda)
                person = source.note(context.contact["path"])
                context = with_parts(context, agenda, [person] if person else [], parts)
            return render_draft(self.templates(), context)

        return draft
