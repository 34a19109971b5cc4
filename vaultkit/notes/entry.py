"""What `vaultkit log` and `set` write: the entry line, the keys an entry also sets, which
entries start contact (and so mind the minimum gap), and which keys may be set."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from vaultkit.errors import BadValue, VaultkitError

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
        raise BadValue("the entry has no text")
    for part, what in ((text, "text"), (via or "", "channel")):
        bad = next((c for c in part if unicodedata.category(c) == "Cc"), None)
        if bad is not None:  # a NUL makes git take the note for binary; ESC rewrites screens
            raise BadValue(f"the entry's {what} holds a control character "
                           f"(U+{ord(bad):04X}): nothing written")
    if via and ("(" in via or ")" in via):
        raise BadValue("the channel holds a parenthesis, which would end it early: "
                       "nothing written")
    tags = []
    for kind in kinds:
        kind = kind.strip().lstrip("#").lower()
        if not _KIND.match(kind):
            raise BadValue(f"'{kind}' is not a kind (letters, digits, - and _)")
        if f"#{kind}" not in text.lower().split():
            tags.append(f"#{kind}")
    channel = f" ({' '.join(via.split())})" if via and not task else ""
    box = "[ ] " if task else ""
    return f"- {box}{day.isoformat()}{channel} {' '.join([text, *tags])}"


# Entries that answer or record rather than start contact: no min_gap warning for these.
ANSWERS = frozenset({"thanks", "update", "met", "note"})


def needs_gap_check(kinds: set[str], task: bool) -> bool:
    """Whether an entry of `kinds` starts contact (a task is a promise, not contact)."""
    return not task and not kinds & ANSWERS


def keys_set_by(kind: str, meta: dict, kinds: set[str], day: dt.date) -> list[tuple[str, str]]:
    """The front matter an entry also sets: `#met` fills a contact's empty `met:`; on a
    lead, a status kind (LEAD_STATUS_OF_KIND) sets `status:`."""
    extra = []
    if kind == "contact" and "met" in kinds and not meta.get("met"):
        extra.append(("met", day.isoformat()))
    if kind == "lead":
        for tag, status in LEAD_STATUS_OF_KIND.items():
            if tag in kinds and meta.get("status") != status:
                extra.append(("status", status))
    return extra[:2]


def check_key(key: str) -> None:
    """Refuse a front matter key vaultkit does not set (letters, digits, - and _)."""
    if not key or not key.replace("_", "a").replace("-", "a").isalnum():
        raise VaultkitError(f"'{key}' is not a key vaultkit sets (letters, digits, - and _)")
