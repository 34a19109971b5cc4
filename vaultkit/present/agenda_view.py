"""The agenda as its templates see it, each item's dict made when it is read. A template's
context holds every item (`agenda.items`, documented), but the built-in pages show the
first `[agenda] max_items` of each section: made all at once, the dicts of a backlog of
100,000 items took 200 MB for a page that shows 150 of them. Here the sections are cut as
the items pass, and `agenda.items` gives its dicts one at a time to a template that reads
it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from itertools import islice

from vaultkit.agenda.spool import ListLike
from vaultkit.model import AgendaItem

ToDict = Callable[[AgendaItem, dt.date, int | None], dict]  # present.agenda.item_json


class ItemDicts(ListLike, Sequence[dict]):
    """`[to_dict(item, today, n) for n, item in enumerate(items, 1)]` (n None unless
    `numbered`: the priority), made as it is read; equal to that list."""

    def __init__(self, items: Sequence[AgendaItem], today: dt.date, numbered: bool,
                 to_dict: ToDict):
        self.items, self.today, self.numbered, self.to_dict = items, today, numbered, to_dict

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[dict]:
        today, to_dict = self.today, self.to_dict
        if self.numbered:
            return (to_dict(one, today, n) for n, one in enumerate(self.items, 1))
        return (to_dict(one, today, None) for one in self.items)

    def __getitem__(self, at):
        if isinstance(at, slice):
            return self._slice(at)
        at = range(len(self))[at]  # negative from the end, IndexError past it: as a list
        return self.to_dict(self.items[at], self.today, at + 1 if self.numbered else None)

    def __repr__(self) -> str:
        return repr(list(self))


def sections(items: Sequence[AgendaItem], held: ItemDicts, warnings: list[dict],
             today: dt.date, most: int | None, to_dict: ToDict) -> tuple[dict, dict]:
    """The page's sections (overdue, today, upcoming, held, warnings), each its first
    `most` entries (every one when None: --all), and how many each leaves out. The items
    are in agenda order, the most urgent and influential first, so the cut keeps those."""
    shown: dict[str, list] = {"overdue": [], "today": [], "upcoming": []}
    counts = dict.fromkeys(shown, 0)
    for n, one in enumerate(items, 1):
        key = "overdue" if one.due < today else "today" if one.due == today else "upcoming"
        counts[key] += 1
        if most is None or counts[key] <= most:
            shown[key].append(to_dict(one, today, n))
    shown["held"] = list(islice(held, most))
    counts["held"] = len(held)
    shown["warnings"], counts["warnings"] = warnings[:most], len(warnings)
    more = {key: 0 if most is None else max(0, count - most) for key, count in counts.items()}
    return shown, more
