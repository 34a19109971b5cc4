"""The job search as a whole: reciprocity for leads that led somewhere, news of a hire for
everyone who helped, and casual networking — telling your circles that you are looking,
a few people a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from vaultkit.model import AgendaItem, StoredNote


class Hire(NamedTuple):
    """The end of the search: when, where, as what, and the lead (None: from [search])."""

    day: dt.date
    company: str
    role: str
    lead: str | None


def credits(notes: Iterable[StoredNote], ctx) -> dict[str, tuple[str, ...]]:
    """Contact path -> the names of the leads they gave you that reached an interview, an
    offer or a hire: each a favour in the balance."""
    del notes, ctx
    return {}


def hire(notes: Iterable[StoredNote], ctx) -> Hire | None:
    """The search's end, up to today: the latest `hired` lead, or `[search] status =
    "employed"` with `employed_on`."""
    del notes, ctx
    return None


def search_items(notes: Iterable[StoredNote], ctx, hired: Hire | None) -> list[AgendaItem]:
    """share-news and announce items."""
    del notes, ctx, hired
    return []
