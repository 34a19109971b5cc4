"""SQL only narrows: the agenda from the candidate notes equals the agenda from all notes,
on a vault of varied contacts and on days around their dates."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from conftest import write
from vaultkit.agenda.build import RuleSettings, build_agenda
from vaultkit.index.rule_input import IndexLookup, pending_referrals, rule_notes
from vaultkit.vault import Vault

BASE = dt.date(2026, 11, 27)
KINDS = ["#checkin", "#thanks", "#met", "#helped-me", "#helped-them", "#update", "#note",
         "#referral", "#ty"]


def varied_contact(rng: random.Random, i: int) -> str:
    def day() -> str:
        return (BASE + dt.timedelta(days=rng.randint(-120, 20))).isoformat()

    meta = [f"name: Person {i}"]
    for key, make in [("met", day), ("next", day),
                      ("cadence", lambda: rng.choice(["monthly", "2w", "never", "10d", "bad"])),
                      ("min_gap", lambda: rng.choice(["3d", "14d"])),
                      ("status", lambda: rng.choice(["active", "paused", "archived"])),
                      ("birthday", lambda: rng.choice(["--12-01", "1990-11-29", "--02-29"])),
                      ("referred_by", lambda: f'"[[Person {rng.randrange(i + 1)}]]"'),
                      ("may_use_name", lambda: rng.choice(["true", "false"])),
                      ("influence", lambda: str(rng.randint(1, 5)))]:
        if rng.random() < 0.35:
            meta.append(f"{key}: {make()}")
    log = []
    for _ in range(rng.randint(0, 6)):
        box = rng.choice(["", "", "", "[ ] ", "[x] "])
        link = f" [[Person {rng.randrange(i + 2)}]]" if rng.random() < 0.2 else ""
        log.append(f"- {box}{day()} (email) Something{link} {rng.choice(KINDS)}")
    return "---\n" + "\n".join(meta) + "\n---\n## Log\n" + "\n".join(log) + "\n"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_candidates_give_the_same_agenda_as_all_notes(tmp_path, seed):
    rng = random.Random(seed)
    root = tmp_path / "vault"
    for i in range(250):
        write(root, f"people/Person {i}.md", varied_contact(rng, i))
    write(root, "leads/Lead.md", f"---\nstatus: applied\n---\n## Log\n- {BASE} Applied\n")
    write(root, "events/Fair.md", f"---\ndate: {BASE + dt.timedelta(days=3)}\n---\n")
    write(root, ".vaultkit/config.toml", '[rules.synonyms]\nty = "thanks"\n')
    session = Vault.open(root, tmp_path / "index.sqlite3")
    session.sync()
    settings = RuleSettings()
    every = rule_notes(session.conn)
    for offset in (-60, -10, -1, 0, 1, 7, 30):
        today = BASE + dt.timedelta(days=offset)
        for days in (0, 7, 30):
            narrowed = session.agenda(today, days)
            full = build_agenda(every, pending_referrals(session.conn), today, settings, days,
                                lookup=IndexLookup(session.conn))
            assert narrowed == full, (today, days)
    assert session.agenda(BASE).items  # the vault is not trivially empty
    session.close()


@pytest.mark.parametrize("rules", [
    {"too_many": 2}, {"too_many": 12, "too_many_window": "30d"}, {"favour_gap": 1},
    {"thank_window": "90d", "default_cadence": "1w", "min_gap": "1d"}, {"too_many": 0},
])
def test_narrowing_follows_the_settings(tmp_path, rules):
    rng = random.Random(7)
    root = tmp_path / "vault"
    for i in range(150):
        write(root, f"people/Person {i}.md", varied_contact(rng, i))
    config = "[rules]\n" + "".join(
        f"{k} = {v!r}\n".replace("'", '"') for k, v in rules.items())
    write(root, ".vaultkit/config.toml", config)
    session = Vault.open(root, tmp_path / "index.sqlite3")
    session.sync()
    settings = session.rule_settings()
    every = rule_notes(session.conn)
    for offset in (-20, 0, 5):
        today = BASE + dt.timedelta(days=offset)
        assert session.agenda(today, 7) == build_agenda(
            every, pending_referrals(session.conn), today, settings, 7,
            lookup=IndexLookup(session.conn)), today
    session.close()


def paced_contact(rng: random.Random, i: int) -> str:
    """A contact for the pace's narrowing: tags, circles, influence, imported (connected:,
    no contact), a live lead's contact, namesakes."""
    def day() -> str:
        return (BASE + dt.timedelta(days=rng.randint(-120, 20))).isoformat()

    meta = [f"name: Person {i % 120}"]  # some share a name
    for key, make in [("tags", lambda: rng.choice(["[mentor]", "[quiet]", "[other]"])),
                      ("circle", lambda: rng.choice(["alumni", "friend", "recruiter"])),
                      ("influence", lambda: str(rng.randint(1, 5))),
                      ("company", lambda: rng.choice(["Acme", "Contoso"])),
                      ("cadence", lambda: rng.choice(["2w", "never", "5d"])),
                      ("connected", day), ("next", day), ("met", day)]:
        if rng.random() < (0.2 if key in ("met", "cadence") else 0.4):
            meta.append(f"{key}: {make()}")
    log = [f"- {day()} (email) Something" for _ in range(rng.choice([0, 0, 1, 2]))]
    return "---\n" + "\n".join(meta) + "\n---\n## Log\n" + "\n".join(log) + "\n"


@pytest.mark.parametrize("config", [
    "",
    '[rules.cadence]\ntag.mentor = "5d"\ntag.quiet = "never"\ncircle.alumni = "10d"\n'
    'influence.5 = "3d"\n',
    '[rules]\nimported_cadence = "20d"\nemployed_cadence = "7d"\n'
    '[search]\nstatus = "employed"\nemployed_on = 2026-10-01\n',
])
def test_narrowing_with_cadence_maps_imports_and_live_matters(tmp_path, config):
    rng = random.Random(11)
    root = tmp_path / "vault"
    for i in range(200):
        write(root, f"people/P{i}.md", paced_contact(rng, i))
    write(root, "leads/Lead.md", "---\nstatus: applied\ncontacts: [\"[[P3]]\", \"[[P4]]\"]\n"
          f"---\n## Log\n- {BASE - dt.timedelta(days=5)} Applied\n")
    write(root, ".vaultkit/config.toml", config)
    session = Vault.open(root, tmp_path / "index.sqlite3")
    session.sync()
    settings = session.rule_settings()
    every = rule_notes(session.conn)
    for offset in (-30, -1, 0, 3, 20):
        today = BASE + dt.timedelta(days=offset)
        assert session.agenda(today, 7) == build_agenda(
            every, pending_referrals(session.conn), today, settings, 7,
            lookup=IndexLookup(session.conn)), today
    assert any(i.rule == "keep-in-touch" for i in session.agenda(BASE, 7).items)
    session.close()


def test_the_kinds_a_candidate_query_names_are_every_kind_but_contact_and_note():
    """The candidates' first query names the kinds other than contacts (so SQLite uses
    their index): a kind added anywhere a note's kind comes from must be named there."""
    from vaultkit.config import KINDS
    from vaultkit.index.rule_input import _OTHER_KINDS
    from vaultkit.notes.parse import TYPE_SYNONYMS

    assert set(TYPE_SYNONYMS.values()) == KINDS
    assert {kind.strip("'") for kind in _OTHER_KINDS.split(", ")} == KINDS - {"contact",
                                                                              "note"}
