"""The agenda of a large vault never holds all its notes (issue 17, target 4): the index
gives the candidates every other note first, then the contacts a batch at a time, and the
agenda settles each contact's items as soon as it is judged and lets the note go. A
person's items are still settled together: a lead's report-back joins its contact's own
items in one message, however the notes come."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from conftest import write
from vaultkit.agenda.build import build_agenda
from vaultkit.vault import Vault

DAY = dt.date(2026, 11, 27)


@pytest.fixture
def vault(tmp_path) -> Vault:
    root = tmp_path / "v"
    write(root, ".vaultkit/config.toml", "")
    # Jane: met two days ago (a thank-you), the source of a lead that reached an interview
    # (a report-back): one message for both.
    write(root, "people/Jane.md", "---\nname: Jane Doe\n---\n## Log\n"
          "- 2026-11-25 (in person) Met at the meetup #met\n")
    write(root, "leads/Acme.md", '---\nstatus: interviewing\nsource: "[[Jane]]"\n'
          "role: Platform Engineer\ncompany: Acme\n---\n## Log\n"
          "- 2026-11-26 First interview #interview\n")
    for i in range(30):  # overdue for a check-in
        write(root, f"people/Person {i:02d}.md", f"---\nname: Person {i:02d}\ncadence: 30d\n"
              "---\n## Log\n- 2026-09-01 (email) Caught up #checkin\n")
    write(root, "people/Ref.md", "---\nname: Ref\n---\n## Log\n"
          "- 2026-11-20 (email) Gave me a name: [[Nobody Yet]] #referral\n")
    yield from synced(root, tmp_path / "index.sqlite3")


def synced(root: Path, index: Path):
    with Vault.open(root, index) as opened:
        opened.sync()
        yield opened


def test_a_leads_report_back_joins_its_contacts_own_items(vault):
    agenda = vault.agenda(DAY)
    jane = [one for one in agenda.items if one.note == "people/Jane.md"]
    # the check-in, due in five days (every 7 days while the lead is live), is not close
    assert [one.rule for one in jane] == ["write-once", "keep-in-touch"]
    assert sorted(part.rule for part in jane[0].parts) == ["report-back", "thank-you"]
    assert [one.rule for one in agenda.items if one.note == "people/Ref.md"] == [
        "create-note"]
    assert sum(one.rule == "keep-in-touch" for one in agenda.items) == 31  # and Jane


def test_each_contact_is_let_go_before_the_next_is_read(vault):
    """The candidates, watched as the agenda reads them: when it asks for a contact, no
    contact it was given before the last one (its loop's variable) is still held by it,
    only by this test's list."""
    settings = vault.rule_settings()
    given = []
    held_on = []

    def candidates():
        for note in vault.rules.candidates(DAY, settings, 7):
            if len(given) > 1 and given[-2].kind == "contact":
                # two references: the list's, and getrefcount's own argument
                if sys.getrefcount(given[-2]) > 2:
                    held_on.append(given[-2].path)
            given.append(note)
            yield note

    agenda = build_agenda(candidates(), vault.rules.referrals(), DAY, settings, 7,
                          lookup=vault.rules.lookup(),
                          network_notes=vault.rules.network_notes(settings))
    assert sum(note.kind == "contact" for note in given) >= 30
    assert held_on == []
    assert agenda == vault.agenda(DAY)


def test_notes_in_any_order_make_the_same_agenda(vault):
    """A list is judged in the order the settling needs (every other note, then the
    contacts); an iterator that breaks that order is refused, never settled wrongly."""
    settings = vault.rule_settings()
    notes = sorted(vault.rules.candidates(DAY, settings, 7), key=lambda n: n.kind != "contact")
    assert notes[0].kind == "contact" and notes[-1].kind == "lead"
    referrals = vault.rules.referrals()
    assert build_agenda(notes, referrals, DAY, settings, 7, lookup=vault.rules.lookup()
                        ) == vault.agenda(DAY)
    with pytest.raises(ValueError, match="leads/Acme.md: a lead after the contacts"):
        build_agenda(iter(notes), referrals, DAY, settings, 7, lookup=vault.rules.lookup(),
                     network_notes=vault.rules.network_notes(settings))


def test_the_index_gives_every_other_note_before_the_contacts(tmp_path):
    """Whatever the order of the files: here the lead's folder sorts, and is indexed,
    after the contact's, and the report-back still joins her thank-you."""
    root = tmp_path / "late"
    write(root, ".vaultkit/config.toml", "")
    write(root, "a/Jane.md", "---\nname: Jane Doe\ntype: contact\n---\n## Log\n"
          "- 2026-11-25 (in person) Met at the meetup #met\n")
    write(root, "zz/Acme.md", '---\ntype: lead\nstatus: interviewing\nsource: "[[Jane]]"\n'
          "---\n## Log\n- 2026-11-26 First interview #interview\n")
    for opened in synced(root, tmp_path / "late.sqlite3"):
        kinds = [note.kind for note in opened.rules.candidates(DAY, opened.rule_settings(), 7)]
        assert kinds == ["lead", "contact"]
        (jane,) = [one for one in opened.agenda(DAY).items if one.rule == "write-once"]
        assert sorted(part.rule for part in jane.parts) == ["report-back", "thank-you"]


@pytest.fixture
def namesakes(tmp_path) -> Vault:
    """Two contacts named Kim Lee (sentences tell them apart by company), one the source
    of a lead whose interview calls for a report-back."""
    root = tmp_path / "namesakes"
    write(root, ".vaultkit/config.toml", "")
    write(root, "people/Kim Lee.md", "")
    write(root, "people/Kim Lee 2.md", "---\nname: Kim Lee\ncompany: Contoso\n---\n")
    write(root, "leads/Globex.md", '---\nstatus: interviewing\nsource: "[[Kim Lee 2]]"\n'
          "---\n## Log\n- 2026-11-26 First interview #interview\n")
    yield from synced(root, tmp_path / "namesakes.sqlite3")


def test_a_namesake_is_told_apart_wherever_a_rule_finds_them(namesakes):
    """A note a rule looks at is seen within the network, judged yet or not: the lead's
    report-back names "Kim Lee (Contoso)", as her own items would, and the live agenda
    of `watch` says the same from its first build (it used to depend on whether the
    contact was judged before the lead: on the order of the folders)."""
    from vaultkit.agenda.live import LiveAgenda

    settings = namesakes.rule_settings()
    agenda = namesakes.agenda(DAY)
    (report,) = [one for one in agenda.items if one.rule == "report-back"]
    assert report.name == "Kim Lee (Contoso)"
    assert report.text.startswith("Tell Kim Lee (Contoso) about your interview")
    live = LiveAgenda(namesakes.rules).agenda(DAY, settings, None, None)
    assert live == agenda


def test_a_list_is_put_in_order_whatever_else_is_given(vault):
    settings = vault.rule_settings()
    notes = sorted(vault.rules.candidates(DAY, settings, 7),
                   key=lambda n: n.kind != "contact")
    assert notes[0].kind == "contact"
    assert build_agenda(notes, vault.rules.referrals(), DAY, settings, 7,
                        lookup=vault.rules.lookup(),
                        network_notes=vault.rules.network_notes(settings)
                        ) == vault.agenda(DAY)
