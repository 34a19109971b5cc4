"""The agenda `watch` keeps between syncs equals the agenda a command computes afresh,
after every kind of change: entries logged, front matter edited, notes renamed, added and
deleted, notes other notes look at (a lead's contacts, a referrer) changed."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from conftest import config_with, write
from vaultkit.agenda.live import LiveAgenda
from vaultkit.config import load_config
from vaultkit.index.rule_input import IndexRules

TODAY = dt.date(2026, 11, 27)
KINDS = ["#checkin", "#thanks", "#met", "#helped-me", "#helped-them", "#update",
         "#referral", "#intro", "#interview", "#applied"]


def check(session, live: LiveAgenda, changed: set[str] | None, today: dt.date = TODAY):
    settings = session.rule_settings()
    kept = live.agenda(today, settings, settings.days, changed)
    assert kept == session.agenda(today)
    return kept


def edits(vault, rng: random.Random):
    """Random changes to the notes, the way people make them."""
    people = lambda: sorted((vault / "people").glob("*.md"))  # noqa: E731
    name = lambda: rng.choice(people()).stem  # noqa: E731

    def day() -> str:
        return (TODAY + dt.timedelta(days=rng.randint(-60, 5))).isoformat()

    def log_entry():
        note = rng.choice(people() + sorted((vault / "leads").glob("*.md")))
        link = f" [[{name()}]]" if rng.random() < 0.4 else ""
        link += " [[Someone New]]" if rng.random() < 0.2 else ""
        with note.open("a", encoding="utf-8") as handle:
            handle.write(f"- {day()} (email) Something{link} {rng.choice(KINDS)}\n")

    def front_matter():
        note = rng.choice(people())
        key, value = rng.choice([("status", "paused"), ("status", "active"),
                                 ("cadence", "2w"), ("next", day()), ("met", day()),
                                 ("aliases", f"[{name()} Two]"),
                                 ("referred_by", f'"[[{name()}]]"'),
                                 ("may_use_name", "false")])
        text = note.read_text(encoding="utf-8")
        note.write_text(text.replace("---\n", f"---\n{key}: {value}\n", 1), encoding="utf-8")

    def rename():
        note = rng.choice(people())
        note.rename(note.with_name(f"{note.stem} R.md"))

    def new_contact():
        write(vault, f"people/New {rng.randrange(1000)}.md",
              f'---\nreferred_by: "[[{name()}]]"\n---\n## Log\n')

    def someone_new():
        write(vault, "people/Someone New.md", "---\nname: Someone New\n---\n")

    def delete():
        rng.choice(people()).unlink()

    def lead_contacts():
        lead = rng.choice(sorted((vault / "leads").glob("*.md")))
        text = lead.read_text(encoding="utf-8")
        lead.write_text(text.replace("---\n", f'---\nsource: "[[{name()}]]"\n', 1),
                        encoding="utf-8")

    return [log_entry, log_entry, front_matter, front_matter, rename, new_contact,
            someone_new, delete, lead_contacts]


@pytest.mark.parametrize("seed", range(6))
def test_kept_agenda_equals_a_fresh_one_after_any_change(session, vault, seed):
    rng = random.Random(seed)
    live = LiveAgenda(IndexRules(session.conn))
    check(session, live, None)
    changes = edits(vault, rng)
    for _ in range(12):
        rng.choice(changes)()
        stats = session.sync()
        check(session, live, stats.notes_changed())


def test_a_thank_you_logged_leaves_the_agenda(session, vault):
    live = LiveAgenda(IndexRules(session.conn))
    before = check(session, live, None)
    thank = [i for i in before.items if i.rule == "thank-you"]
    assert thank
    note = vault / thank[0].note
    with note.open("a", encoding="utf-8") as handle:
        handle.write(f"- {TODAY} (email) Thanked them #thanks\n")
    stats = session.sync()
    assert stats.notes_changed() == {thank[0].note}
    after = check(session, live, stats.notes_changed())
    assert thank[0] not in after.items
    assert len(after.items) < len(before.items)


def test_a_changed_lead_contact_changes_the_lead_items(session, vault):
    """A lead's items read its contacts' notes: changing only the contact must reach them."""
    live = LiveAgenda(IndexRules(session.conn))
    check(session, live, None)
    jane = vault / "people/Jane Doe.md"
    with jane.open("a", encoding="utf-8") as handle:
        handle.write(f"- {TODAY} (phone) Told Jane how the interview went #update\n")
    stats = session.sync()
    check(session, live, stats.notes_changed())


def test_a_new_day_or_new_settings_start_afresh(session, vault):
    live = LiveAgenda(IndexRules(session.conn))
    check(session, live, None)
    check(session, live, set(), TODAY + dt.timedelta(days=1))
    write(vault, ".vaultkit/config.toml", "[rules]\nthank_within = \"5d\"\ndays = 3\n")
    session.config = load_config(vault)  # as watch reloads it before each sync
    stats = session.sync()
    check(session, live, stats.notes_changed(), TODAY + dt.timedelta(days=1))


GOALS = "[goals]\nindustries = [\"cloud\", \"fintech\"]\nplaces = [\"seoul\"]\n"


@pytest.mark.parametrize("relpath, old, new", [
    # an event decided on, or not: consider-event, prepare-event and follow-up-event come
    # and go
    ("events/Busan Fintech Night.md", "kind: meetup", "kind: meetup\nattending: no"),
    ("events/Korea Cloud Summit.md", "attending: true", "attending: no"),
    ("events/Cloud Night.md", "attending: true", "attending: false"),
    # a contact met at an event: follow-up-event settled
    ("people/Marcus Chen.md", "circle: alumni", 'circle: alumni\nmet_at: "[[Cloud Night]]"'),
    # an organisation's industry: the goals of the contacts working there
    ("orgs/Acme.md", "kind: employer", "kind: employer\nindustry: cloud"),
    # a prep note emptied: prepare-event's checklist
    ("prep/References.md", "\n\n", "\n\n<!--"),
    # an attendee's tags: the goals the checklist names
    ("people/Elena Petrova.md", "tags: [devops]", "tags: [fintech]"),
])
def test_goals_and_events_kept_after_a_change(session, vault, relpath, old, new):
    write(vault, ".vaultkit/config.toml", GOALS)
    write(vault, "events/Cloud Night.md", f"---\ndate: {TODAY - dt.timedelta(days=2)}\n"
                                          "attending: true\n---\n# Cloud Night\n")
    session.config = load_config(vault)
    session.sync()
    live = LiveAgenda(IndexRules(session.conn))
    settings = session.rule_settings()
    before = live.agenda(TODAY, settings, 14, None)
    assert before == session.agenda(TODAY, 14)
    note = vault / relpath
    text = note.read_text(encoding="utf-8")
    if new == "\n\n<!--":  # everything after the title in a comment
        text = text.split("\n", 1)[0] + "\n\n<!--" + text.split("\n", 1)[1] + "-->\n"
    else:
        assert old in text
        text = text.replace(old, new, 1)
    note.write_text(text, encoding="utf-8")
    stats = session.sync()
    kept = live.agenda(TODAY, settings, 14, stats.notes_changed())
    assert kept == session.agenda(TODAY, 14)
    assert kept != before


def test_bundles_come_and_go_as_in_a_fresh_agenda(session, vault):
    """One message per person (agenda/bundle.py) runs in assemble: a meeting logged makes
    a thank-you that makes a bundle for Raj Singh (with the example's [search]: tell him you
    are looking; his birthday, three days on, is wished on the day) and, for a contact seen
    too often (Jane Doe), her task days later; a thank-you logged undoes Raj's bundle."""
    live = LiveAgenda(IndexRules(session.conn))
    check(session, live, None)
    for name in ("Raj Singh", "Jane Doe"):
        with (vault / f"people/{name}.md").open("a", encoding="utf-8") as handle:
            handle.write(f"- {TODAY - dt.timedelta(days=1)} (coffee) Met again #met\n")
    kept = check(session, live, session.sync().notes_changed())
    bundles = {i.name: [p.rule for p in i.parts] for i in kept.items if i.rule == "write-once"}
    # Jane Doe's thanks for her help, the report-back on her lead (which also makes a
    # favour to return: offer-help) and her check-in (the lead is live: active_cadence)
    # join them (agenda/search.py, agenda/pace.py).
    # Priya Patel, a name Marcus Chen gave you, is in your alumni circle: introduce
    # yourself and tell them you are looking, in one message.
    jane = ["thank-for-help", "offer-help", "thank-you", "report-back", "task",
            "keep-in-touch"]
    priya = ["reach-out-referral", "announce"]
    assert bundles == {"Raj Singh": ["announce", "thank-you"], "Jane Doe": jane,
                       "Priya Patel": priya}
    with (vault / "people/Raj Singh.md").open("a", encoding="utf-8") as handle:
        handle.write(f"- {TODAY} (email) Thanks for the coffee #thanks\n")
    kept = check(session, live, session.sync().notes_changed())
    bundles = {i.name: [p.rule for p in i.parts] for i in kept.items if i.rule == "write-once"}
    assert bundles == {"Jane Doe": jane, "Priya Patel": priya}


def _search_config(vault, session, since: str = "2026-11-01"):
    config_with(vault, f'\n[search]\nsince = {since}\nlooking_for = "a platform role"\n')
    session.config = load_config(vault)
    session.sync()


def test_an_announce_logged_moves_the_queue(session, vault):
    """Casual networking: the announce items come from the network; logging #announce
    with one person takes them off and the next one moves up."""
    _search_config(vault, session)
    live = LiveAgenda(IndexRules(session.conn))
    before = check(session, live, None)
    told = [i for i in before.items if i.rule == "announce"]
    assert told
    with (vault / told[0].note).open("a", encoding="utf-8") as handle:
        handle.write(f"- {TODAY} (email) Told them I am looking #announce\n")
    stats = session.sync()
    after = check(session, live, stats.notes_changed())
    assert told[0].note not in {i.note for i in after.items if i.rule == "announce"}


def test_a_lead_turning_hired_brings_news_for_every_helper(session, vault):
    _search_config(vault, session)
    live = LiveAgenda(IndexRules(session.conn))
    check(session, live, None)
    lead = vault / "leads/Acme Platform Engineer.md"
    text = lead.read_text(encoding="utf-8")
    lead.write_text(text.replace("status: interviewing", "status: hired")
                    + f"- {TODAY - dt.timedelta(days=1)} Signed #hired\n", encoding="utf-8")
    stats = session.sync()
    after = check(session, live, stats.notes_changed())
    every = [p for i in after.items for p in (i.parts or (i,))]  # bundled parts too
    assert [i for i in every if i.rule == "share-news"]
    assert not [i for i in every if i.rule == "announce"]  # the search is over
    with (vault / "people/Jane Doe.md").open("a", encoding="utf-8") as handle:
        handle.write(f"- {TODAY} (email) Told Jane the news #news\n")
    stats = session.sync()
    check(session, live, stats.notes_changed())


def test_the_live_note_is_not_rendered_from_an_index_being_built_again(session, vault,
                                                                       index_path):
    """Another process empties the index to build it again (a torn or damaged one): the
    live agenda says nothing meanwhile (None: the note is left as it is) and forgets
    nothing it kept, so that once the index is whole the note is what it was."""
    import sqlite3

    from vaultkit.index.wipe import wipe
    from vaultkit.vault import Vault

    before = session.live_agenda_text(TODAY, "md", None, None)
    assert "Ahmed Hassan" in before
    other = sqlite3.connect(index_path, isolation_level=None)
    wipe(other, index_path).close()
    assert session.index_stale()
    assert session.live_agenda_text(TODAY, "md", None, set()) is None
    rebuilt = Vault.open(vault, index_path)
    rebuilt.sync()
    rebuilt.close()
    assert not session.index_stale()
    assert session.live_agenda_text(TODAY, "md", None, set()) == before
