"""Targeted networking around events: events that serve a goal and that you have not
decided on (consider-event), and noting the people you met after one (follow-up-event)."""

from __future__ import annotations

from collections.abc import Iterable

from vaultkit.model import AgendaItem, StoredNote


def event_items(notes: Iterable[StoredNote], ctx) -> list[AgendaItem]:
    """consider-event and follow-up-event items."""
    del notes, ctx
    return []
