"""Weeks, channels and sparklines: how `stats` buckets log entries over time.

A log entry's channel is what its parentheses say (`- 2026-11-20 (in person) …`,
docs/vault-format.md); written forms are folded into a few channels (CHANNELS), anything
else is `other`, and an entry without parentheses counts under `none` (unsaid: neither
guessed from its kinds nor left out)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from vaultkit.notes.dates import shift

# Channels in the order tables show them; the last two catch the rest.
CHANNELS = ("in person", "phone", "e-mail", "linkedin", "video", "message", "web", "other",
            "none")
_FORMS = {
    "in person": ("in person", "in-person", "inperson", "person", "meeting", "meetup",
                  "coffee", "lunch", "dinner", "event", "face to face", "f2f"),
    "phone": ("phone", "call", "phone call", "telephone", "tel"),
    "e-mail": ("email", "e-mail", "mail"),
    "linkedin": ("linkedin", "linkedin message", "li", "inmail"),
    "video": ("video", "video call", "zoom", "teams", "meet", "google meet", "skype"),
    "message": ("message", "text", "sms", "chat", "whatsapp", "kakao", "kakaotalk",
                "signal", "telegram", "slack", "dm"),
    "web": ("web", "online", "website", "form"),
}
_LABELS = {"linkedin": "LinkedIn"}  # the key stays lower case in --json
_CHANNEL_OF = {form: channel for channel, forms in _FORMS.items() for form in forms}
_BLOCKS = "▁▂▃▄▅▆▇█"


def channel(written: str | None) -> str:
    """The channel an entry's `(…)` names: `(Email)` → `e-mail`; none → `none`."""
    if written is None or not written.strip():
        return "none"
    return _CHANNEL_OF.get(" ".join(written.lower().split()), "other")


def label(name: str) -> str:
    """How a channel is written for people: `LinkedIn` for the key `linkedin`."""
    return _LABELS.get(name, name)


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weeks(since: dt.date, until: dt.date) -> list[dt.date]:
    """The Mondays of the weeks since..until touches, oldest first (ISO weeks)."""
    out, week = [], monday(since)
    while week <= until:
        out.append(week)
        if week > dt.date.max - dt.timedelta(days=7):
            break
        week = shift(week, 7)
    return out


def by_week(rows: Iterable[tuple[str, int]], since: dt.date, until: dt.date) -> list[int]:
    """(ISO day, count) rows summed into the weeks of since..until."""
    mondays = weeks(since, until)
    index = {week: i for i, week in enumerate(mondays)}
    out = [0] * len(mondays)
    for day, count in rows:
        i = index.get(monday(dt.date.fromisoformat(day)))
        if i is not None:
            out[i] += count
    return out


def sparkline(values: list[int]) -> str:
    """One block per value, the highest a full block; all zero: the lowest blocks."""
    top = max(values, default=0)
    if top <= 0:
        return _BLOCKS[0] * len(values)
    return "".join(_BLOCKS[round(v / top * (len(_BLOCKS) - 1))] for v in values)
