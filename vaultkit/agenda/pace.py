"""The pace of contact: which cadence and minimum gap apply to a contact, and why
(PRODUCT.md §4; docs/agenda.md "Cadence")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from vaultkit.model import StoredNote


def live_matters(notes: Iterable[StoredNote], ctx) -> dict[str, tuple[str, dt.date]]:
    """Contact path -> (lead name, the day it last changed) for each contact in a live lead
    (applied, interviewing, offer) changed within `active_for`."""
    del notes, ctx
    return {}
