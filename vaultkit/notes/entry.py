"""What `vaultkit log` writes: the entry line, and the keys an entry also sets."""

from __future__ import annotations

import datetime as dt
import re

# Tagging a lead's entry with one of these also moves the lead to that status.
LEAD_STATUS_OF_KIND = {"inquired": "inquired", "applied": "applied",
                       "interview": "interviewing", "offer": "offer", "hired": "hired",
                       "rejected": "rejected", "withdrawn": "withdrawn"}
_KIND = re.compile(r"^[\w/-]*[^\W\d][\w/-]*$")


def entry_line(day: dt.date, text: str, via: str | None, kinds: list[str],
               task: bool) -> str:
    """`- 2026-11-21 (email) Sent a thank-you note #thanks`, or an open task."""
    text = " ".join(text.split())
    if not text:
        raise ValueError("the entry has no text")
    tags = []
    for kind in kinds:
        kind = kind.strip().lstrip("#").lower()
        if not _KIND.match(kind):
            raise ValueError(f"'{kind}' is not a kind (letters, digits, - and _)")
        if f"#{kind}" not in text.lower().split():
            tags.append(f"#{kind}")
    channel = f" ({' '.join(via.split())})" if via and not task else ""
    box = "[ ] " if task else ""
    return f"- {box}{day.isoformat()}{channel} {' '.join([text, *tags])}"
