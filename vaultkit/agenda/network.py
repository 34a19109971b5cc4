"""What the rules see across the whole network, worked out once per agenda before any
note is judged: the practice has rules whose subject is one note but whose cause is in
others (a lead that is live quickens the pace with its contacts; a hire means news for
everyone who helped; the people told you are looking, paced a few a day).

`Network.of` is a pure function of the notes those rules read (RuleSource.network_notes:
every lead and event, and the contacts that can be helpers or people to tell) and the
context. Per-note rules read its fields through `ctx.network`; the items whose cause
spans notes (share-news, announce, consider-event, follow-up-event) are made here, in
`items`. The live agenda compares two Networks: when they differ, every note is judged
again, so its fields must be comparable values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from vaultkit.agenda import events, pace, search
from vaultkit.model import AgendaItem, StoredNote


@dataclass(frozen=True)
class Network:
    # contact path -> (lead name, the day the lead last changed): a live matter (rule 3)
    live: dict[str, tuple[str, dt.date]] = field(default_factory=dict)
    # contact path -> the leads they gave you that reached an interview or more (rule 1)
    credits: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # when, where and as what you were hired, if the search is over (rule 2)
    hire: search.Hire | None = None
    # (what, note name, "ready" | "empty" | "missing") for prepare-event's checklist (rule 7)
    prep: tuple[tuple[str, str, str], ...] = ()
    # the items made across notes, before the horizon, filters and holds
    items: tuple[AgendaItem, ...] = ()
    # contact path -> the name sentences give them, when another contact has the same one
    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, notes: Iterable[StoredNote], ctx) -> Network:
        """The network of `notes` (RuleSource.network_notes) on `ctx.today`."""
        notes = list(notes)
        hired = search.hire(notes, ctx)
        names = pace.namesakes(notes)
        made = (*search.search_items(notes, ctx, hired), *events.event_items(notes, ctx))
        return cls(live=pace.live_matters(notes, ctx), credits=search.credits(notes, ctx),
                   hire=hired, prep=events.prep_notes(notes),
                   items=tuple(_named(one, names) for one in made), names=names)

    def paths(self) -> set[str]:
        """The contacts whose items depend on the network: they are judged even when the
        index's summary alone would pass over them."""
        return set(self.live) | set(self.credits)


EMPTY = Network()


def _named(one: AgendaItem, names: dict[str, str]) -> AgendaItem:
    """An item about a contact who shares their name, with the name that tells them apart
    (the network's items are made before the notes are bound to it)."""
    name = names.get(one.note)
    if not name or name == one.name:
        return one
    text = one.text.replace(one.name, name, 1)
    return one._replace(name=name, text=text,
                        mentions=tuple(m for m in one.mentions if m[0] in text))
