"""The minimum gap between contacts (PRODUCT.md §4: never more often than a contact would
like): the warning `log` gives before recording contact that comes too soon."""

from __future__ import annotations

import datetime as dt

from vaultkit.agenda.settings import RuleSettings
from vaultkit.notes.values import parse_interval


def min_gap(value: object, settings: RuleSettings) -> dt.timedelta:
    """A contact's `min_gap`, else [rules] min_gap."""
    gap = parse_interval(value) if value else None
    return gap if isinstance(gap, dt.timedelta) else settings.min_gap


def gap_warning(kind: str, name: str, last_contact: str | None, value: object,
                settings: RuleSettings, day: dt.date) -> str | None:
    """What to say before contact with `name` on `day`, when it comes sooner after the
    last contact (ISO) than their minimum gap (`value`, the `min_gap:` key); else None."""
    if kind != "contact" or not last_contact:
        return None
    last = dt.date.fromisoformat(last_contact)
    gap = min_gap(value, settings)
    if not dt.timedelta(0) <= day - last < gap:
        return None
    return (f"the last contact with {name} was on {last:%b} {last.day} "
            f"({(day - last).days} days before); their minimum gap is {gap.days} days.")
