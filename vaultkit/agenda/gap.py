"""The minimum gap between contacts (PRODUCT.md §4: never more often than a contact would
like): the warning `log` gives before recording contact that comes too soon."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from vaultkit.agenda.pace import LIVE, last_change
from vaultkit.agenda.settings import RuleSettings
from vaultkit.model import StoredNote
from vaultkit.notes.facts import min_gap_days


def gap_warning(kind: str, name: str, last_contact: str | None, meta: dict,
                settings: Callable[[], RuleSettings], day: dt.date,
                today: dt.date | None = None,
                live: Callable[[], Iterable[StoredNote]] = tuple) -> str | None:
    """What to say before contact with `name` on `day`, when it comes sooner after the
    last contact (ISO) than their minimum gap (their `min_gap:`, else [rules] min_gap, as
    the agenda's holds count it — or active_min_gap, if shorter, while one of the `live`
    leads naming them is live on `day`: pace.live_matters); else None. `settings` and
    `live` are read only when they matter, so a bad [rules] setting stops only what needs
    it, and most entries look at no lead."""
    if kind != "contact" or not last_contact:
        return None
    last = dt.date.fromisoformat(last_contact)
    days = min_gap_days(meta)
    rules = settings() if days is None else None
    gap = rules.min_gap if rules is not None else dt.timedelta(days=days or 0)
    if not dt.timedelta(0) <= day - last < gap:
        return None
    matter = None
    leads = [lead for lead in live() if lead.summary.status in LIVE]
    if leads:
        rules = rules or settings()
        matter = _live_matter(leads, rules, day) if gap > rules.active_min_gap else None
    if matter is not None:
        gap = rules.active_min_gap
        if day - last >= gap:
            return None
    ago = (day - last).days
    while_live = f" while {matter} is live" if matter else ""
    if ago == 0 and day == today:
        return (f"you were in touch with {name} today already; their minimum gap is "
                f"{gap.days} days{while_live}.")
    when = ("the same day" if ago == 0 else "the day before" if ago == 1
            else f"{ago} days before")
    return (f"the last contact with {name} was on {when_day(last)} ({when}); their minimum "
            f"gap is {gap.days} days{while_live}.")


def _live_matter(leads: Iterable[StoredNote], settings: RuleSettings,
                 day: dt.date) -> str | None:
    """The name of a lead live on `day` (pace.live_matters' rule), if any."""
    for lead in leads:
        changed = last_change(lead, day)
        if changed is not None and changed <= day <= changed + settings.active_for:
            return lead.title
    return None


def when_day(day: dt.date) -> str:
    return f"{day:%b} {day.day}"
