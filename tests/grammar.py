"""A grammar check for the sentences vaultkit writes (drafts, agenda items): the patterns
that have shipped as bugs or that a template slip makes. It reads no English beyond these;
it catches slips, not style. `problems(text)` lists what it found, [] when none."""

from __future__ import annotations

import re

from vaultkit.agenda.words import the

# (what is wrong, a pattern that finds it)
_PATTERNS = [
    ("'about that'", re.compile(r"\babout that (?:you|I|we|she|he|they)\b")),
    ("a doubled word", re.compile(r"\b(the|a|an|to|at|on|for|of|and|I)\s+\1\b", re.I)),
    ("a doubled space", re.compile(r"\S  +\S")),
    ("a space before punctuation", re.compile(r" [,.;:!?)]")),
    ("a doubled full stop", re.compile(r"(?<!\.)\.\.(?!\.)|[,;:]\s*[.,;:]|\.\s*,")),
    ("an unfilled template", re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")),
    ("a Python value", re.compile(r"\bNone\b|\[\]|\(\)|\{\}|\bTrue\b|\bFalse\b|\[\[|\]\]")),
    ("trailing space", re.compile(r"[ \t]+$", re.M)),
    ("a line starting with a space", re.compile(r"^ +\S", re.M)),
    ("a paragraph broken across lines", re.compile(r"[.?!]\n(?=[A-Z\[])")),
    ("two blank lines", re.compile(r"\n\s*\n\s*\n")),
    ("an empty greeting", re.compile(r"^(?:Hi|Dear|Hello)\s*,", re.M)),
    ("an empty subject", re.compile(r"^Subject:\s*$", re.M)),
    ("a clause with nothing after a preposition",
     re.compile(r"\b(?:at|on|about|from)\s*[.,;:!?]", re.I)),
    ("a dangling 'on' a date should follow",
     re.compile(r"\b(?:looking into it|is closed|did not work out) on [A-Z][a-z]{2} \d")),
]
# A capitalised name after "at" or "from": "at Busan Job Fair" should read "at the Busan
# Job Fair" when the name ends in a common noun (words.the decides).
_NAME_AFTER = re.compile(r"\b(?:at|from|to|in)\s+((?:[A-Z0-9][\w'’&-]*)(?:\s+[A-Z0-9][\w'’&-]*)*)")


def problems(text: str) -> list[str]:
    found = [f"{what}: {m.group(0)!r}" for what, pattern in _PATTERNS
             for m in pattern.finditer(text)]
    for m in _NAME_AFTER.finditer(text):
        name = m.group(1)
        if the(name) != name:
            found.append(f"an event's name without 'the': {m.group(0)!r}")
    if text.count('"') % 2:
        found.append("an unmatched '\"'")
    for left, right in ("“”", "()", "[]"):
        if text.count(left) != text.count(right):
            found.append(f"unmatched {left}{right}")
    return found
