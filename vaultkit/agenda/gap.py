"""The minimum gap between contacts (PRODUCT.md §4: never more often than a contact would
like): the warning `log` gives before recording contact that comes too soon."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from vaultkit.agenda.settings import RuleSettings
from vaultkit.notes.facts import min_gap_days


def gap_warning(kind: str, name: str, last_contact: str | None, meta: dict,
                settings: Callable[[], RuleSettings], day: dt.date,
                today: dt.date | None = None) -> str | None:
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
    ago = (day - last).days
    if ago == 0 and day == today:
        return (f"you were in touch with {name} today already; their minimum gap is "
                f"{gap.days} days.")
    when = ("the same day" if ago == 0 else "the day before" if ago == 1
            else f"{ago} days before")
    return (f"the last contact with {name} was on {when_day(last)} ({when}); their minimum "
            f"gap is {gap.days} days.")


def when_day(day: dt.date) -> str:
    return f"{day:%b} {day.day}"
