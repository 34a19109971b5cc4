"""Random edit scripts for both sides of a merge, made with vaultkit's own edits (what
`log`, `set`, `snooze` and `done` write), and the audit of a merge: entries lost, keys
written twice. Used by tests/test_merge_notes.py (hypothesis) and by
benchmarks/bench_merge.py, which counts them over many runs (docs/performance-history.md)."""

from __future__ import annotations

import datetime as dt
import re

from vaultkit.merge.note import merge_notes
from vaultkit.notes import frontmatter
from vaultkit.notes.body import parse_body
from vaultkit.notes.edit import EditError, add_log_line, set_key, tick_task, yaml_value
from vaultkit.notes.entry import entry_line

BASE_NOTE = """---
title: Engineer
company: Acme
next: 2026-12-10
tags: [python, data]
---
Met Jane at the Python meetup.

## Log
- 2026-11-01 (in person) Met at the meetup #met
- [ ] 2026-11-05 Send her the article
- 2026-11-10 (email) Sent a thank-you #thanks
- [ ] 2026-11-20 Ask about the team

## Notes
She likes short e-mails.
"""

KEYS = ("title", "company", "next", "phone", "city")
WORDS = ("called", "wrote", "met", "coffee", "sent CV", "asked", "thanked", "#referral")


def apply(text: str, script: list[tuple]) -> str:
    """`text` after each edit of `script`: ("log", day, words), ("set", key, value),
    ("tick",), ("para", words)."""
    for step in script:
        try:
            text = _step(text, step)
        except EditError:
            pass  # e.g. no open task left to tick: the edit is not made, as in vaultkit
    return text


def _step(text: str, step: tuple) -> str:
    what = step[0]
    if what == "log":
        day = dt.date(2026, 11, 1) + dt.timedelta(days=step[1])
        line = entry_line(day, step[2], None, [], False)
        return add_log_line(text, line, day.isoformat())
    if what == "set":
        return set_key(text, step[1], yaml_value(step[2]))
    if what == "tick":
        return tick_task(text, None)[0]
    return text.replace("She likes short e-mails.", step[1], 1)


def entries(text: str) -> list[str]:
    """The text of each log entry the reader reads, as its line says it."""
    found = parse_body(_body(text), 1, ("Log",))
    lines = _body(text).splitlines()
    return [lines[entry.line - 1].strip() for entry in found.entries]


def _body(text: str) -> str:
    split = frontmatter.split(text)
    return split.body


def audit(base: str, ours: str, theirs: str, merged: str) -> tuple[list[str], list[str]]:
    """(entries lost, keys written twice) in `merged`. An entry is lost when a side added
    it, or both kept it, and the merge has not got it; a key is written twice when either
    side of every conflict holds it twice."""
    had, mine, yours = (set(entries(t)) for t in (base, ours, theirs))
    wanted = (mine - had) | (yours - had) | (mine & yours)
    got = set(_all_lines(merged))
    lost = sorted(line for line in wanted if line not in got)
    twice = []
    for side in (0, 1):
        resolved = _resolve(merged, side)
        found: list = []
        try:
            frontmatter.load(frontmatter.split(resolved).raw or "", duplicates=found)
        except frontmatter.FrontMatterError as exc:
            twice.append(f"unreadable: {exc}")
        twice.extend(key for key, _, _ in found)
    return lost, twice


def _all_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


_CONFLICT = re.compile(r"^<<<<<<< .*?\n(.*?)^=======\n(.*?)^>>>>>>> .*?\n", re.M | re.S)


def _resolve(text: str, side: int) -> str:
    """The text with each conflict resolved to one side (0 ours, 1 theirs)."""
    return _CONFLICT.sub(lambda m: m.group(side + 1), text)


def merged_and_audit(script_ours: list, script_theirs: list) -> tuple:
    ours, theirs = apply(BASE_NOTE, script_ours), apply(BASE_NOTE, script_theirs)
    merged = merge_notes(BASE_NOTE, ours, theirs)
    return (ours, theirs, merged, *audit(BASE_NOTE, ours, theirs, merged.text))
