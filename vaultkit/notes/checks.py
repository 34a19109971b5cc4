"""Checks of the typed front matter keys, per kind (PRODUCT.md §3)."""

from __future__ import annotations

from collections.abc import Callable

from vaultkit.model import Problem
from vaultkit.notes.values import parse_birthday, parse_date, parse_interval

CONTACT_STATUSES = ("active", "paused", "archived")
LEAD_STATUSES = (
    "idea", "inquired", "applied", "interviewing", "offer", "hired",
    "rejected", "withdrawn", "closed",
)

DATE_KEYS = {
    "contact": ("met", "next", "connected"),
    "lead": ("next", "updated"),
    "event": ("date", "end"),
    "org": ("renews",),
}
BOOL_KEYS = {
    "contact": ("may_use_name",),
    "lead": ("advertised",),
    "org": ("member",),
}
_INTERVAL_KEYS = ("cadence", "min_gap")
_EXAMPLE_INTERVAL = "e.g. 14d, 2w, 3m, monthly or never"


def check_meta(meta: dict, kind: str, key_line: Callable[[str], int]) -> list[Problem]:
    """Problems with the keys whose type the rules rely on."""
    out: list[Problem] = []

    def bad(key: str, message: str) -> None:
        out.append(Problem(key_line(key), f"{key}: {message}"))

    for key in DATE_KEYS.get(kind, ()):
        value = meta.get(key)
        if value is not None and value != "" and parse_date(value) is None:
            timed = isinstance(value, str) and len(value.strip()) > 10
            bad(key, f"'{value}' is not a date (YYYY-MM-DD" + (
                ", or YYYY-MM-DDTHH:MM:SS with a real time)" if timed else ")"))
    for key in BOOL_KEYS.get(kind, ()):
        value = meta.get(key)
        if value is not None and not isinstance(value, bool):
            bad(key, f"'{value}' is not true or false")
    if kind == "contact":
        _check_contact(meta, bad)
    elif kind == "lead":
        _check_status(meta, LEAD_STATUSES, bad)
    return out


def _check_contact(meta: dict, bad: Callable[[str, str], None]) -> None:
    for key in _INTERVAL_KEYS:
        value = meta.get(key)
        if value is not None and value != "" and parse_interval(value) is None:
            bad(key, f"'{value}' is not an interval ({_EXAMPLE_INTERVAL})")
    if meta.get("min_gap") == "never":
        bad("min_gap", "'never' is not a gap; use cadence: never to stop reminders")
    birthday = meta.get("birthday")
    if birthday not in (None, "") and parse_birthday(birthday) is None:
        bad("birthday", f"'{birthday}' is not a date (YYYY-MM-DD or --MM-DD)")
    influence = meta.get("influence")
    if influence is not None and (
        isinstance(influence, bool) or not isinstance(influence, int) or not 1 <= influence <= 5
    ):
        bad("influence", f"'{influence}' is not a whole number from 1 to 5")
    _check_status(meta, CONTACT_STATUSES, bad)


def _check_status(meta: dict, allowed: tuple[str, ...], bad: Callable[[str, str], None]) -> None:
    status = meta.get("status")
    if status is None or status == "":
        return
    if not isinstance(status, str) or status.strip().lower() not in allowed:
        bad("status", f"'{status}' is not one of {', '.join(allowed)}")
