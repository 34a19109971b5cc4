"""Every draft kind over every lead status, referrer state, meeting and part the contact
plays in the lead, rendered from notes parsed from text (as tests/test_rules.py does),
compared with tests/golden/drafts/KIND.txt and read by the grammar check (tests/grammar.py).

A new kind: add it to GOLDEN_KINDS, run `pytest tests/test_drafts_golden.py
--update-golden`, read tests/golden/drafts/KIND.txt, and commit it."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tests.grammar import problems
from tests.test_rules import TODAY, contact, d, note
from vaultkit.agenda.build import RuleSettings, build_agenda
from vaultkit.agenda.bundle import with_parts
from vaultkit.agenda.drafts import KINDS, draft_for
from vaultkit.errors import VaultkitError
from vaultkit.present.drafts import render_draft
from vaultkit.present.templates import Templates

# Every kind `vaultkit draft` writes; one line per kind added.
GOLDEN_KINDS = [
    "thank-you", "check-in", "report-back", "ask-referral", "follow-up-inquiry",
    "introduce", "follow-up-event", "write-once",
    "share-news", "announce", "offer-help", "thank-for-help",
]
STATUSES = [None, "idea", "inquired", "applied", "interviewing", "offer", "hired", "rejected",
            "withdrawn", "closed"]
REFERRERS = ["none", "unset", "may", "may-not"]  # no referrer; may_use_name unset/true/false
MET = ["none", "event", "no-place"]  # never met; met at an event (#met says what about); met
ROLES = ["source", "contact", "helped"]  # the lead's source; only its contact; a contact
#                                          with a #helped-me entry
GOLDEN = Path(__file__).parent / "golden" / "drafts"
# The tag a lead's log marks its status with (leads.reached reads it).
_MARK = {"interviewing": "#interview", "offer": "#offer", "hired": "#hired"}


def scenario_notes(status, referrer, met, role) -> list:
    meta = ["name: Jane Doe", "email: jane@acme.example", "company: \"[[Acme]]\"",
            "title: Engineering Manager"]
    log = []
    if referrer != "none":
        meta.append('referred_by: "[[Marcus Chen]]"')
    if referrer in ("may", "may-not"):
        meta.append(f"may_use_name: {'true' if referrer == 'may' else 'false'}")
    if met == "event":
        meta += [f"met: {d(-1)}", 'met_at: "[[Busan Job Fair]]"']
        log.append(f"- {d(-1)} (in person) Talked about platform teams at [[Busan Job Fair]]"
                   " #met")
    elif met == "no-place":
        meta.append(f"met: {d(-1)}")
        log.append(f"- {d(-1)} (in person) Coffee near her office #met")
    if role == "helped":
        log.append(f"- {d(-20)} (email) Sent me the posting #helped-me")
    notes = [contact("Jane Doe", "\n".join(meta), "\n".join(log)),
             contact("Marcus Chen", "name: Marcus Chen"),
             note("orgs/Acme.md", "name: Acme"),
             note("events/Busan Job Fair.md", f"name: Busan Job Fair\ndate: {d(-1)}")]
    if status is not None:
        who = "source" if role == "source" else "contacts"
        mark = _MARK.get(status, "")
        notes.append(note("leads/Acme SRE.md",
                          f"role: Site Reliability Engineer\ncompany: \"[[Acme]]\"\n"
                          f"status: {status}\n{who}: \"[[Jane Doe]]\"",
                          f"- {d(-10)} Found the posting\n- {d(-2)} Moved on it {mark}"))
    return notes


def scenarios():
    for status, referrer, met, role in itertools.product(STATUSES, REFERRERS, MET, ROLES):
        label = f"lead={status or 'none'} referrer={referrer} met={met} role={role}"
        yield label, scenario_notes(status, referrer, met, role)


def rendered(kind: str) -> list[tuple[str, str]]:
    templates = Templates(None)
    out = []
    for label, notes in scenarios():
        try:  # a draft the vault contradicts is refused (drafts._refuse_untrue)
            context = draft_for(notes, "people/Jane Doe.md", kind, TODAY, "Alex Kim")
            if kind == "write-once":  # the parts come from the day's agenda, as Vault.draft
                context = with_parts(context, build_agenda(notes, [], TODAY, RuleSettings()),
                                     notes)
        except VaultkitError as error:
            out.append((label, f"(refused: {error})\n"))
            continue
        out.append((label, render_draft(templates, context).text()))
    return out


def grouped(drafts: list[tuple[str, str]]) -> str:
    """The golden file: each distinct draft once, under the scenarios that write it."""
    labels: dict[str, list[str]] = {}
    for label, text in drafts:
        labels.setdefault(text, []).append(label)
    return "\n".join("".join(f"### {label}\n" for label in names) + "\n" + text.rstrip("\n")
                     + "\n" for text, names in labels.items())


def test_every_kind_has_a_golden_file():
    assert sorted(GOLDEN_KINDS) == sorted(KINDS), "add the new kind to GOLDEN_KINDS"


@pytest.mark.parametrize("kind", GOLDEN_KINDS)
def test_drafts_match_golden(kind, golden):
    GOLDEN.mkdir(parents=True, exist_ok=True)
    golden(f"drafts/{kind}.txt", grouped(rendered(kind)))


@pytest.mark.parametrize("kind", GOLDEN_KINDS)
def test_drafts_read_well(kind):
    bad = {label: found for label, text in rendered(kind) if (found := problems(text))}
    assert bad == {}
