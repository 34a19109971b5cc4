"""The grammar of every agenda sentence (issue 14, deliverable 9): a vault in memory that
raises every rule, judged for every lead status and every contact status, each item's
text and clause written to one golden file (tests/golden/sentences.txt) and checked against
the mistakes sentences made before ("Tell X about that you were hired", "talk with me at
Busan Job Fair", a doubled space, an empty name, a Python value in the text)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from vaultkit.agenda.build import build_agenda
from vaultkit.agenda.settings import Goals, RuleSettings, Search
from vaultkit.config import Config
from vaultkit.notes.facts import rule_note
from vaultkit.notes.parse import parse_note

TODAY = dt.date(2026, 11, 27)
CONFIG = Config(root=Path("/vault"))
LEAD_STATUSES = ("idea", "inquired", "applied", "interviewing", "offer", "hired", "rejected",
                 "withdrawn", "closed")
CONTACT_STATUSES = ("", "paused", "archived")
SETTINGS = RuleSettings(
    search=Search(since=dt.date(2026, 11, 1), looking_for="a platform engineering role"),
    goals=Goals(industries=("fintech",), places=("busan",)))

# Mistakes a sentence must never make; each pattern names what is wrong.
BAD = {
    r"about that": "'about that …' (Tell X about that you were hired)",
    r"\b(?:at|to|from) (?:Busan Job Fair|Seoul DevOps Meetup)\b": "an event's name without 'the'",
    r"  ": "a doubled space",
    r" [,.:;]": "a space before punctuation",
    r"\b(?:None|True|False)\b|\[\]|\{\}|\{\{|\}\}": "a Python value or a template mark",
    r"\{(?!them\}|their\})": "a placeholder other than {them} or {their}",
    r"\.\.(?!\.)": "a doubled full stop",
    r"\b(\w+) \1\b": "a doubled word",
    r"^\s|\s$": "space at an end",
}


def note(path: str, meta: str, log: str = ""):
    text = f"---\n{meta}\n---\n# Note\n\nSome text.\n\n## Log\n{log}\n"
    return rule_note(parse_note(path, text.encode(), CONFIG))


def d(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def vault(lead_status: str, contact_status: str) -> list:
    status = f"status: {contact_status}\n" if contact_status else ""
    return [
        note("people/Jane Doe.md",
             f"name: Jane Doe\ncompany: '[[Acme]]'\ncircle: friend\ntags: [fintech]\n"
             f"met: {d(-3)}\nmet_at: '[[Busan Job Fair]]'\ncadence: monthly\n{status}"
             f"pronouns: she/her\nbirthday: 1990-11-29\ninfluence: 4",
             f"- {d(-3)} (in person) Met at the fair #met\n"
             f"- {d(-2)} Gave me two names: [[Kim Lee]], [[Omar Diaz]] #referral #helped-me\n"
             f"- {d(-40)} Reviewed my CV #helped-me\n"
             f"- [ ] {d(2)} Send Jane the article on hiring trends"),
        note("people/Kim Lee.md",
             f"name: Kim Lee\nreferred_by: '[[Jane Doe]]'\nmay_use_name: true\n{status}"),
        note("people/Kim Lee (Initech).md",
             f"name: Kim Lee\ncompany: Initech\ncircle: alumni\nmet: {d(-60)}\n{status}",
             f"- {d(-45)} (email) Caught up #note\n- {d(-44)} (phone) Coffee"),
        note("people/Tom Becker.md",
             f"name: Tom Becker\ncircle: colleague\ncadence: 2w\nconnected: {d(-100)}\n{status}",
             f"- {d(-20)} (phone) Mock interview #helped-me\n"
             f"- {d(-19)} (phone) More help #helped-me"),
        note("leads/Acme Platform Engineer.md",
             f"role: Platform Engineer\ncompany: '[[Acme]]'\nsource: '[[Jane Doe]]'\n"
             f"contacts: ['[[Jane Doe]]', '[[Kim Lee]]']\nstatus: {lead_status}",
             f"- {d(-6)} (email) Applied #applied\n- {d(-5)} (video) Interview #interview\n"
             f"- {d(-4)} Offer #offer\n- {d(-4)} Hired #hired"),
        note("events/Busan Job Fair.md",
             f"name: Busan Job Fair\ndate: {d(-3)}\nlocation: Busan\nattending: true\n"
             f"attendees: ['[[Jane Doe]]']"),
        note("events/Seoul DevOps Meetup.md",
             f"name: Seoul DevOps Meetup\ndate: {d(5)}\nlocation: Busan\ntags: [fintech]\n"
             f"attendees: ['[[Tom Becker]]']"),
        note("orgs/Acme.md", f"name: Acme\nindustry: fintech\nrenews: {d(4)}\nmember: true"),
    ]


def sentences(lead_status: str, contact_status: str) -> list[str]:
    agenda = build_agenda(vault(lead_status, contact_status), [], TODAY, SETTINGS, 14)
    lines = []
    for item in [*agenda.items, *agenda.held, *(p for i in agenda.items for p in i.parts)]:
        lines.append(f"{item.rule}: {item.text}")
        if item.clause:
            lines.append(f"{item.rule} (clause): {item.clause}")
    lines += [f"{w.rule}: {w.text}" for w in agenda.warnings]
    return lines


CASES = [(lead, person) for lead in LEAD_STATUSES for person in CONTACT_STATUSES]


def test_every_sentence_against_its_golden_file(golden):
    out = []
    for lead, person in CASES:
        out.append(f"## lead {lead}, contacts {person or 'active'}")
        out += sentences(lead, person)
        out.append("")
    golden("sentences.txt", "\n".join(out))


@pytest.mark.parametrize("lead, person", CASES)
def test_no_sentence_makes_a_known_mistake(lead, person):
    for line in sentences(lead, person):
        text = line.split(": ", 1)[1]
        for pattern, what in BAD.items():
            assert not re.search(pattern, text), f"{what}: {line!r}"


@pytest.mark.parametrize("text", [
    "Tell Jane Doe about that you were hired", "you met at Busan Job Fair on Nov 25",
    "Check in with  Jane", "Thank Jane Doe for None", "Write to Jane Doe once: thank {her}",
    "Check in with Jane Doe ."])
def test_the_checker_catches_each_mistake(text):
    assert any(re.search(pattern, text) for pattern in BAD)
