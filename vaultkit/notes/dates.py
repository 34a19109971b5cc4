"""Date arithmetic that never overflows: every date the agenda and the exports compute
from a note's dates (`9999-12-31` plus a cadence) stays within the calendar, clamped to
its first or last day, instead of raising OverflowError for the whole command."""

from __future__ import annotations

import datetime as dt


def shift(day: dt.date, delta: dt.timedelta | int) -> dt.date:
    """`day + delta` (a timedelta or a number of days), clamped to date.min … date.max."""
    try:
        step = delta if isinstance(delta, dt.timedelta) else dt.timedelta(days=delta)
        return day + step
    except OverflowError:
        forward = delta > dt.timedelta(0) if isinstance(delta, dt.timedelta) else delta > 0
        return dt.date.max if forward else dt.date.min


def next_day(day: dt.date) -> dt.date | None:
    """The day after `day`; None after the calendar's last day."""
    return None if day >= dt.date.max else day + dt.timedelta(days=1)
