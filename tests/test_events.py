"""Events before and after (issue 14, rules 6 and 7): consider-event, prepare-event's
checklist, follow-up-event (vaultkit/agenda/events.py, dated.prepare_event)."""

from __future__ import annotations

import datetime as dt

import pytest
from test_rules import TODAY, agenda, contact, d, found, note

from conftest import config_with, write
from vaultkit.agenda.build import RuleSettings
from vaultkit.agenda.events import BLANK, attending, is_blank
from vaultkit.agenda.settings import Goals
from vaultkit.index.rule_input import network_notes
from vaultkit.model import StoredNote
from vaultkit.vault import Vault

CLOUD = RuleSettings(goals=Goals(industries=("cloud",)))


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def meetup(date: int, extra: str = "", name: str = "Seoul DevOps Meetup"):
    return note("events/Meetup.md", f"name: {name}\ndate: {d(date)}\ntags: [cloud]\n{extra}")


# --- consider-event ---------------------------------------------------------------------

@pytest.mark.parametrize("date, due", [
    (14, 0),     # it comes within event_horizon (14d) today
    (13, 0),     # since yesterday: an invitation to decide is never overdue
    (15, 1),     # tomorrow
    (0, 0),      # the day itself: still worth a thought
])
def test_consider_event_due_when_it_comes_within_the_horizon(date, due):
    result = agenda(meetup(date), settings=CLOUD)
    assert [(n, when) for n, when, _ in found(result, "consider-event")] == [
        ("Seoul DevOps Meetup", day(due))]


def test_consider_event_horizon_is_the_setting():
    settings = RuleSettings(event_horizon=dt.timedelta(days=3), goals=CLOUD.goals)
    result = agenda(meetup(5), settings=settings)
    assert [when for _, when, _ in found(result, "consider-event")] == [day(2)]


@pytest.mark.parametrize("extra, settings", [
    ("", RuleSettings()),               # no goals
    ("tags: [retail]", CLOUD),          # serves none
    ("attending: true", CLOUD),         # decided
    ("attending: false", CLOUD),
    ("attending: yes", CLOUD),
    ("attending: no", CLOUD),
    ("status: archived", CLOUD),
])
def test_no_consider_event(extra, settings):
    tags = "" if "tags" in extra else "tags: [cloud]\n"
    event = note("events/M.md", f"name: M\ndate: {d(5)}\n{tags}{extra}")
    assert found(agenda(event, settings=settings), "consider-event") == []


def test_no_consider_event_after_the_day():
    assert found(agenda(meetup(-1), settings=CLOUD), "consider-event") == []


def test_consider_event_sentence():
    result = agenda(meetup(6), settings=RuleSettings(goals=Goals(industries=("cloud",),
                                                                 places=("seoul",))))
    one = [i for i in result.items if i.rule == "consider-event"][0]
    assert one.text == ("Consider going to the Seoul DevOps Meetup on Dec 3, which serves "
                        "your goals (cloud and seoul)")
    assert (one.goals, one.draft, one.clause) == (("cloud", "seoul"), None, "")
    one = found(agenda(meetup(6, name="PyCon 2026"), settings=CLOUD), "consider-event")[0]
    assert one[2] == "Consider going to PyCon 2026 on Dec 3, which serves your goal (cloud)"


@pytest.mark.parametrize("value, expected", [
    (True, True), (False, False), ("yes", True), ("No", False), ("true", True),
    ("maybe", None), (None, None), (3, None),
])
def test_attending(value, expected):
    assert attending({"attending": value} if value is not None else {}) is expected


# --- prepare-event ----------------------------------------------------------------------

def prep(name: str, blank: bool = False) -> StoredNote:
    parsed = note(f"prep/{name}.md")
    return StoredNote(parsed.path, parsed.kind, parsed.name, parsed.title, parsed.meta,
                      summary=parsed.summary, facts={BLANK: blank})


def checklist(result):
    return [i.checklist for i in result.items if i.rule == "prepare-event"][0]


def test_prepare_event_checklist():
    notes = (note("events/Fair.md", f"name: Busan Job Fair\ndate: {d(3)}\n"
                                    'attendees: ["[[Jane]]", "[[Omar Diaz]]"]'),
             contact("Jane", "tags: [cloud]"),
             prep("Résumé"), prep("References", blank=True), prep("Pitch"),
             prep("Questions"))
    assert checklist(agenda(*notes, settings=CLOUD)) == (
        "Arrive early",
        "Dress as for an interview",
        "Have ready: résumé, one-minute pitch and questions",
        "Prepare your cover letter: there is no note for it yet",
        "Prepare your references: the note References is still empty",
        "Talk with Jane (serves your goal: cloud)",
        "Talk with Omar Diaz",
    )


def test_prepare_event_checklist_without_attendees_or_prep_notes():
    result = agenda(note("events/Fair.md", f"name: Busan Job Fair\ndate: {d(3)}"))
    assert checklist(result) == (
        "Arrive early", "Dress as for an interview",
        "Prepare your résumé: there is no note for it yet",
        "Prepare your cover letter: there is no note for it yet",
        "Prepare your references: there is no note for it yet",
        "Prepare your one-minute pitch: there is no note for it yet",
        "Prepare your questions: there is no note for it yet",
        "Find out who else is going")


def test_prepare_event_text_stays_one_line():
    result = agenda(note("events/Fair.md", f"name: Busan Job Fair\ndate: {d(3)}"))
    assert found(result, "prepare-event")[0][2] == (
        "Prepare for the Busan Job Fair on Nov 30: find out who else is going")


@pytest.mark.parametrize("value, items", [("false", 0), ("no", 0), ("true", 1), ("", 1)])
def test_prepare_event_not_for_an_event_you_will_miss(value, items):
    extra = f"\nattending: {value}" if value else ""
    event = note("events/Fair.md", f"name: Fair\ndate: {d(3)}{extra}")
    assert len(found(agenda(event), "prepare-event")) == items


@pytest.mark.parametrize("body, blank", [
    ("# Résumé\n", True),
    ("# Résumé\n\n## Experience\n\n", True),
    ("# References\n\n<!-- Who will speak for you —\n  how they know you -->\n", True),
    ("# Résumé\n%% to do %%\n", True),
    ("", True),
    ("# Résumé\n\nPlatform engineer, nine years.\n", False),
    ("Nine years.", False),
])
def test_is_blank(body, blank):
    assert is_blank(body) is blank


# --- follow-up-event --------------------------------------------------------------------

def fair(start: int, end: int | None = None, extra: str = "attending: true", log: str = ""):
    until = f"\nend: {d(end)}" if end is not None else ""
    return note("events/Fair.md", f"name: Busan Job Fair\ndate: {d(start)}{until}\n{extra}",
                log)


@pytest.mark.parametrize("start, end, due", [
    (-1, None, 1),     # the day after: due in thank_within (2d)
    (-2, None, 0),     # due today
    (-3, None, -1),    # overdue
    (-30, None, -28),  # the last day it is asked (thank_window, 30d)
    (-5, -1, 1),       # several days: from the last
])
def test_follow_up_event_due(start, end, due):
    result = agenda(fair(start, end))
    assert [(n, when) for n, when, _ in found(result, "follow-up-event")] == [
        ("Busan Job Fair", day(due))]


@pytest.mark.parametrize("start, end", [(-31, None), (0, None), (1, None), (-2, 0)])
def test_no_follow_up_event_on_the_day_before_it_or_after_the_window(start, end):
    assert found(agenda(fair(start, end)), "follow-up-event") == []


def test_follow_up_event_within_is_the_setting():
    settings = RuleSettings(thank_within=dt.timedelta(days=5))
    assert [w for _, w, _ in found(agenda(fair(-1), settings=settings),
                                   "follow-up-event")] == [day(4)]


@pytest.mark.parametrize("extra", ["", "attending: false", "attending: maybe"])
def test_no_follow_up_event_unless_you_attended(extra):
    assert found(agenda(fair(-1, extra=extra)), "follow-up-event") == []


@pytest.mark.parametrize("jane, log", [
    ('met_at: "[[Fair]]"', ""),
    ("", f"- {d(-1)} (in person) Talked at [[Fair]] #met"),
])
def test_no_follow_up_event_once_someone_is_noted_as_met_there(jane, log):
    result = agenda(fair(-1), contact("Jane", jane, log))
    assert found(result, "follow-up-event") == []


def test_a_met_entry_in_the_events_note_counts():
    event = fair(-1, log=f"- {d(-1)} (in person) Best talk was with [[Jane]] #met")
    assert found(agenda(event, contact("Jane")), "follow-up-event") == []


def test_a_met_entry_linking_another_event_does_not():
    other = note("events/Other.md", f"name: Other\ndate: {d(-20)}")
    jane = contact("Jane", 'met_at: "[[Other]]"', f"- {d(-1)} At [[Other]] again #met")
    assert len(found(agenda(fair(-1), other, jane), "follow-up-event")) == 1


def test_follow_up_event_sentence():
    one = [i for i in agenda(fair(-3)).items if i.rule == "follow-up-event"][0]
    assert one.text == ("Note the people you met at the Busan Job Fair on Nov 24 while you "
                        "remember them: give each a contact note with met_at")
    assert (one.draft, one.clause) == (None, "")


# --- from the index ---------------------------------------------------------------------

def test_the_index_gives_prep_notes_and_who_met_you_at_an_event_you_attended(vault,
                                                                             index_path):
    # The announce queue and a hire (the example's 2024 one) load contacts of their own.
    config_with(vault, "", without=("search",))
    (vault / "leads/Contoso DevOps Engineer.md").unlink()
    write(vault, "prep/References.md", "# References\n\n<!-- who will speak for you -->\n")
    (vault / "prep/Cover letter.md").unlink()
    write(vault, "events/Meetup.md", f"---\nname: Meetup\ndate: {d(-1)}\nattending: true\n"
                                     "---\n# Meetup\n")
    write(vault, "people/Ann.md", '---\nmet_at: "[[Meetup]]"\n---\n# Ann\n')
    write(vault, "people/Bo.md", f"---\nname: Bo\n---\n# Bo\n\n## Log\n"
                                 f"- {d(-1)} Talked at [[Meetup]] #met\n")
    with Vault.open(vault, index_path) as opened:
        opened.sync()
        notes = network_notes(opened.conn, opened.rule_settings())
        prep = {n.path: n.facts[BLANK] for n in notes if n.kind == "note"}
        assert prep == {"prep/Résumé.md": False, "prep/References.md": True,
                        "prep/One-minute pitch.md": False,
                        "prep/Questions for informational interviews.md": False}
        contacts = {n.path for n in notes if n.kind == "contact"}
        assert {"people/Ann.md", "people/Bo.md"} <= contacts
        assert "people/Marcus Chen.md" not in contacts  # met at no event you attended
        result = opened.agenda(TODAY, 14)
        assert [i for i in result.items if i.rule == "follow-up-event"] == []
        one = [i for i in result.items if i.rule == "prepare-event"][0]
        assert "Prepare your cover letter: there is no note for it yet" in one.checklist
        assert "Prepare your references: the note References is still empty" in one.checklist
        write(vault, "people/Ann.md", "---\nname: Ann\n---\n# Ann\n")
        write(vault, "people/Bo.md", "---\nname: Bo\n---\n# Bo\n")
        opened.sync()
        assert [i.name for i in opened.agenda(TODAY).items
                if i.rule == "follow-up-event"] == ["Meetup"]
