"""The minimum gap between contacts (PRODUCT.md §4: never more often than a contact would
like): the warning `log` gives before recording contact that comes too soon."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from vaultkit.agenda.settings import RuleSettings
from vaultkit.notes.facts import min_gap_days


def gap_warning(kind: str, name: str, last_contact: str | None, meta: dict,
                settings: Callable[[], RuleSettings], day: dt.date) -> str | None:
    """What to say before contact with `name` on `day`, when it comes sooner after the
    last contact (ISO) than their minimum gap (their `min_gap:`, else [rules] min_gap, as
    the agenda's holds count it); else None. `settings` is read only when it matters, so
    a bad [rules] setting stops only what needs it."""
    if kind != "contact" or not last_contact:
        return None
    last = dt.date.fromisoformat(last_contact)
    days = min_gap_days(meta)
    gap = settings().min_gap if days is None else dt.timedelta(days=days)
    if not dt.timedelta(0) <= day - last < gap:
        return None
    return (f"the last contact with {name} was on {last:%b} {last.day} "
            f"({(day - last).days} days before); their minimum gap is {gap.days} days.")
