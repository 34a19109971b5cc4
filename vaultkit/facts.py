"""A note's log summed up for the agenda rules, independent of the date.

Stored in the index at parse time, so that an agenda of ten thousand contacts loads one
small JSON value per note instead of every log entry. Dates are ISO strings: they sort and
compare as dates, and are turned into dates only where the rules do arithmetic.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from .model import Note

# Entries whose text, links or channel a rule quotes; of the others only the date counts.
QUOTED = ("met", "helped-me", "referral", "intro", "update")


class RuleNote(NamedTuple):
    """What the rules know of a note."""

    path: str
    kind: str
    name: str  # file name: the identity links use
    meta: dict
    facts: dict  # note_facts()

    @property
    def title(self) -> str:
        value = self.meta.get("name")
        return value.strip() if isinstance(value, str) and value.strip() else self.name

    @property
    def aliases(self) -> tuple[str, ...]:
        return Note(self.path, self.kind, self.name, self.meta).aliases


def note_facts(note: Note) -> dict:
    """{"k": {kind: dates}, "c": dates, "d": dates, "l": lines, "q": quoted, "t": tasks}:

    - dates are ISO dates joined by spaces, in order: one string per list, because an agenda
      decodes ten thousand of these and every object costs;
    - "k" has the dates of each kind, "c" those that count as contact, "d" all dated entries
      (with their file lines in "l", in the same order);
    - "q" is JSON text (decoded only when a rule quotes): [[date, line, [kinds], text,
      [links], channel]] for entries of the kinds in QUOTED;
    - "t" lists the open tasks, [[date or null, line, text]]: a promise is not contact.
    """
    kinds: dict[str, list[str]] = {}
    contact, dated, quoted, tasks = [], [], [], []
    for e in note.entries:
        if e.task == "open":
            tasks.append([e.date, e.line, e.text])
            continue
        if e.date is None:
            continue
        dated.append((e.date, e.line))
        for kind in e.kinds:
            kinds.setdefault(kind, []).append(e.date)
        if "note" not in e.kinds:
            contact.append(e.date)
        if any(kind in QUOTED for kind in e.kinds):
            quoted.append([e.date, e.line, list(e.kinds), e.text, list(e.links), e.channel])
    quoted.sort(key=lambda q: (q[0], q[1]))
    tasks.sort(key=lambda t: (t[0] or "", t[1]))
    dated.sort()
    return {"k": {kind: " ".join(sorted(dates)) for kind, dates in kinds.items()},
            "c": " ".join(sorted(contact)), "d": " ".join(d for d, _ in dated),
            "l": " ".join(str(line) for _, line in dated),
            "q": json.dumps(quoted, ensure_ascii=False) if quoted else "",
            "t": tasks}


def rule_note(note: Note) -> RuleNote:
    return RuleNote(note.path, note.kind, note.name, note.meta, note_facts(note))
