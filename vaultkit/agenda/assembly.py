"""The last step of the agenda: every note's items and warnings settled into the agenda
— the horizon and the filters applied, items held back to give people space, each
person's items due close together made one message (bundle.py), goals marked (goals.py),
all in order. Settling works on any set of notes' items: the whole agenda at once
(`assemble`, as the live agenda does), or one note at a time as its items are made (the
agenda of a large vault, whose notes are never all in memory: build.build_agenda)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from vaultkit.agenda import bundle, goals
from vaultkit.agenda.context import Context, Subject
from vaultkit.agenda.spool import ItemSpool
from vaultkit.model import AgendaItem, AgendaWarning
from vaultkit.notes.dates import shift

# Items that start contact are held back while the last contact is recent; obligations
# (thanks, answers, promises) never are.
SPACED = {"keep-in-touch", "offer-help", "reach-out-referral"}


@dataclass(frozen=True)
class Agenda:
    date: dt.date
    days: int
    # In agenda order (spool.order). A Sequence: an agenda the Assembly makes keeps its
    # items out of memory until they are read (spool.py).
    items: Sequence[AgendaItem] = field(default_factory=list)
    held: Sequence[AgendaItem] = field(default_factory=list)  # give them space
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


class Assembly:
    """The agenda as it is settled: `settle` takes the items and warnings of some notes
    — all the items about each of them, since bundling joins a person's items — and
    `agenda` gives the whole, in order."""

    def __init__(self, ctx: Context, days: int, rules: Iterable[str], tag: str | None,
                 subject_at: Callable[[str], Subject | None]):
        self.ctx = ctx
        self.days = days
        self.horizon = shift(ctx.today, days)
        self.wanted = set(rules)
        self.tag = tag
        self.subject_at = subject_at
        self.marker = goals.Marker(ctx, subject_at)  # its caches serve the whole agenda
        self.items = ItemSpool()
        self.held = ItemSpool()
        self.warned: list[AgendaWarning] = []

    def settle(self, found: list[AgendaItem], warned: list[AgendaWarning]) -> None:
        """Add the items `found` about some notes (every item about each) and the warnings
        of the notes judged among them."""
        today, wanted, tag = self.ctx.today, self.wanted, self.tag
        items, held = [], []
        for one in self.marker.mark(found, self.horizon):  # "serves your goal: …"
            if one.due > self.horizon or (wanted and not bundle.may_want(one, wanted)):
                continue
            subject = self.subject_at(one.note) if tag or one.rule in SPACED else None
            if tag and not (subject and _tagged(subject, tag)):
                continue
            hold = _held_until(one, subject, today)
            if hold:
                held.append(one._replace(held_until=hold))
            else:
                items.append(one)
        items, held = bundle.bundle(items, held, warned, today, self.ctx.settings,
                                    self.subject_at, wanted)
        self.items.extend(items)
        self.held.extend(held)
        # A note's warnings come with its items (all of them), so each batch is enough.
        self.warned += bundle.warned_once(warned, items)

    def agenda(self) -> Agenda:
        return Agenda(self.ctx.today, self.days, self.items.sort(), self.held.sort(),
                      sorted(self.warned, key=_warning_order))


def _warning_order(warning: AgendaWarning) -> tuple:
    return (warning.rule, warning.name.lower(), warning.text)


def _held_until(one: AgendaItem, subject: Subject | None, today: dt.date) -> dt.date | None:
    if one.rule not in SPACED or subject is None or subject.last_contact is None:
        return None
    until = shift(subject.last_contact, subject.min_gap)
    return until if until > today else None


def _tagged(subject: Subject, tag: str) -> bool:
    tags = subject.meta.get("tags")
    tags = [tags] if isinstance(tags, str) else tags if isinstance(tags, list) else []
    return tag.lower().lstrip("#") in {str(t).lower().lstrip("#") for t in tags}
