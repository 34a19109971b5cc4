"""The job search as a whole: reciprocity for leads that led somewhere, news of a hire for
everyone who helped, and casual networking — telling your circles that you are looking,
a few people a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from vaultkit.model import AgendaItem, StoredNote


def credits(notes: Iterable[StoredNote], ctx) -> dict[str, tuple[str, ...]]:
    """Contact path -> the names of the leads they gave you that reached an interview, an
    offer or a hire: each a favour in the balance."""
    del notes, ctx
    return {}


def hired_on(notes: Iterable[StoredNote], ctx) -> dt.date | None:
    """The day the search ended: a `hired` lead, or `[search] status = "employed"`."""
    del notes, ctx
    return None


def search_items(notes: Iterable[StoredNote], ctx, hired: dt.date | None) -> list[AgendaItem]:
    """share-news and announce items."""
    del notes, ctx, hired
    return []
