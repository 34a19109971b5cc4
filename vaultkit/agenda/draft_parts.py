"""Pieces of the drafts' context that are English rather than facts: what a lead's news
says ("I applied on Nov 14"), what a #met entry says you talked about, and who, by the
vault, helped you (a draft thanks only for help the vault shows)."""

from __future__ import annotations

import re

# status -> what the news says; a date follows only where "on Nov 20" reads well
# ("I applied on Nov 14", never "I am looking into it on Nov 14").
STATUS_WORDS = {
    "idea": "I am looking into it", "inquired": "I sent an inquiry", "applied": "I applied",
    "interviewing": "I had an interview", "offer": "I received an offer",
    "hired": "I was hired", "rejected": "it did not work out", "withdrawn": "I withdrew",
    "closed": "the position is closed",
}
_DATED = ("inquired", "applied", "interviewing", "offer", "hired", "withdrawn")
# The statuses that are a positive result: the guidance's "a lead that results in an
# interview" and "assistance that leads to a job interview or employment".
POSITIVE = ("interviewing", "offer", "hired")
# The entries that record help: a favour, a referral, an introduction.
HELP_KINDS = ("helped-me", "referral", "intro")


def news(status: str, since_when: str | None) -> str:
    """`I had an interview on Nov 26`, `it did not work out`: a clause, no full stop (a
    status vaultkit does not know, which `check` reports, as "its status is ghosted")."""
    words = STATUS_WORDS.get(status, f"its status is {status}")
    return f"{words} on {since_when}" if since_when and status in _DATED else words


_TAG = re.compile(r"(?<![\w&])#[\w/-]+")
_LINK = re.compile(r"\[\[([^\]|]*)(?:\|([^\]]*))?\]\]")
_TALKED = re.compile(r"^(?:we\s+)?(?:talked|spoke|chatted|discussed|talk|chat)\b\s*(?:about\b)?\s*",
                     re.IGNORECASE)


_DANGLING = re.compile(r"(?:\s+(?:at|in|on|with|during|the|and|or))+$", re.IGNORECASE)


def plain(text: str | None, drop: tuple[str, ...] = ()) -> str:
    """A log entry's words without its #tags, with [[links]] as their names; links to
    `drop` (the event the draft names already) left out, with the "at" before them."""
    if not text:
        return ""
    text = _LINK.sub(lambda m: "" if m.group(1).strip() in drop else (
        m.group(2) or m.group(1)).rsplit("/", 1)[-1], text)
    text = " ".join(_TAG.sub("", text).split()).strip(" .,;:-—")
    return _DANGLING.sub("", text).strip(" .,;:-—")


def remark(text: str | None, drop: tuple[str, ...] = ()) -> str | None:
    """The entry's words, unless they say nothing more than "talked about"."""
    words = plain(text, drop)
    found = _TALKED.match(words)
    return None if not words or (found and found.end() == len(words)) else words


def topic(text: str | None, drop: tuple[str, ...] = ()) -> str | None:
    """What you talked about, when the entry says it the usual way ("Talked about
    Kubernetes at scale" → "Kubernetes at scale"); None otherwise."""
    words = plain(text, drop)
    found = _TALKED.match(words)
    rest = words[found.end():].strip() if found else ""
    return rest or None
