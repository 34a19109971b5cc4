"""Targeted networking (issue 14, rule 6): which [goals] a note serves, said in its items'
sentences and ranked first among the items due the same day (vaultkit/agenda/goals.py)."""

from __future__ import annotations

import pytest
from test_rules import TODAY, agenda, contact, d, note

from vaultkit.agenda.build import Referral, RuleSettings
from vaultkit.agenda.goals import matches
from vaultkit.agenda.settings import Goals, rule_settings

GOALS = RuleSettings(goals=Goals(industries=("fintech", "cloud"), companies=("initech",),
                                 roles=("platform engineer",), places=("seoul",)))


@pytest.mark.parametrize("goal, value, expected", [
    ("cloud", "Cloud", True),                 # case does not matter
    ("cloud", "cloudy", False),               # whole words only
    ("cloud", "cloud-native", True),          # a hyphen parts words
    ("cloud", "#cloud/aws", True),            # a nested tag
    ("cloud", ["data", "cloud"], True),       # any value of a list
    ("platform engineer", "Senior Platform Engineer", True),
    ("platform engineer", "Platform Engineers", False),  # no plurals
    ("platform engineer", "Engineer, Platform", False),  # in order
    ("platform engineer", ["platform", "engineer"], False),  # not across two values
    ("são paulo", "São Paulo, Brazil", True),
    ("seoul", None, False),
    ("seoul", 12, False),
])
def test_a_goal_matches_whole_words_in_order(goal, value, expected):
    assert matches(goal, value) is expected


def _goals(result, name):
    return [(i.rule, i.goals) for i in result.items if i.name == name]


@pytest.mark.parametrize("meta, goals", [
    ("tags: [fintech, mentor]", ("fintech",)),
    ("tags: [cloudy]", ()),
    ("company: Initech", ("initech",)),
    ("company: Initech Korea", ("initech",)),
    ("title: Senior Platform Engineer", ("platform engineer",)),
    ("location: Seoul, Korea", ("seoul",)),
    ("city: Seoul", ("seoul",)),
    ("title: Seoul Office Manager", ()),  # a title is matched against roles only
    ("company: Fintech Partners", ()),    # a company's name against companies only
    ("tags: [seoul, cloud]\ncompany: Initech", ("cloud", "initech", "seoul")),  # config order
])
def test_a_contact_serves_goals_by_tags_company_title_and_location(meta, goals):
    result = agenda(contact("Jane", f"met: {d(-2)}\n{meta}"), settings=GOALS)
    assert _goals(result, "Jane") == [("thank-you", goals)]


def test_a_contacts_company_note_brings_its_industry_and_tags():
    org = note("orgs/Acme.md", "industry: Fintech\ntags: [cloud]")
    for company in ('"[[Acme]]"', "Acme"):  # a link, or text naming the note
        result = agenda(contact("Jane", f"met: {d(-2)}\ncompany: {company}"), org,
                        settings=GOALS)
        assert _goals(result, "Jane") == [("thank-you", ("fintech", "cloud"))]


def test_a_company_that_is_not_an_organisation_brings_nothing_but_its_name():
    other = note("people/Acme.md", "industry: fintech")  # a contact named Acme
    result = agenda(contact("Jane", f"met: {d(-2)}\ncompany: \"[[Acme]]\""), other,
                    settings=GOALS)
    assert _goals(result, "Jane") == [("thank-you", ())]


@pytest.mark.parametrize("meta, goals", [
    ("industry: fintech", ("fintech", "initech")),  # goals in the config's order
    ("location: Seoul", ("initech", "seoul")),
    ("tags: [cloud]", ("cloud", "initech")),
    ("industry: retail", ("initech",)),  # its name
])
def test_an_organisation_serves_goals_by_name_industry_tags_and_location(meta, goals):
    result = agenda(note("orgs/Initech.md", f"renews: {d(3)}\n{meta}"), settings=GOALS)
    assert _goals(result, "Initech") == [("renewal", goals)]


@pytest.mark.parametrize("meta, goals", [
    ("location: Seoul", ("seoul",)),
    ("topic: Cloud platforms", ("cloud",)),
    ("industry: fintech", ("fintech",)),
    ("tags: [fintech]", ("fintech",)),
    ('org: "[[Acme]]"', ("fintech",)),  # the organisation's industry
    ("location: Busan", ()),
])
def test_an_event_serves_goals_by_tags_location_topic_and_org(meta, goals):
    result = agenda(note("events/Fair.md", f"name: Busan Job Fair\ndate: {d(3)}\n"
                                           f"attending: true\n{meta}"),
                    note("orgs/Acme.md", "industry: fintech"), settings=GOALS)
    assert _goals(result, "Busan Job Fair") == [("prepare-event", goals)]


def test_an_events_name_counts():
    result = agenda(note("events/S.md", f"name: Korea Cloud Summit\ndate: {d(3)}\n"
                                        "attending: true"), settings=GOALS)
    assert _goals(result, "Korea Cloud Summit") == [("prepare-event", ("cloud",))]


def test_a_lead_serves_goals_by_company_and_role():
    result = agenda(note("leads/L.md", "company: Initech\nrole: Platform Engineer\n"
                                       "status: idea"), settings=GOALS)
    assert [g for _, g in _goals(result, "L")] == [("initech", "platform engineer")]


@pytest.mark.parametrize("meta, suffix", [
    ("tags: [fintech]", " (serves your goal: fintech)"),
    ("tags: [fintech, cloud]", " (serves your goals: fintech and cloud)"),
    ("tags: [fintech, cloud]\ncompany: Initech",
     " (serves your goals: fintech, cloud and initech)"),
])
def test_the_sentence_says_which_goals(meta, suffix):
    plain = agenda(contact("Jane", f"met: {d(-2)}\n{meta}")).items[0].text
    marked = agenda(contact("Jane", f"met: {d(-2)}\n{meta}"), settings=GOALS).items[0].text
    assert marked == plain + suffix


def test_without_goals_nothing_changes():
    result = agenda(contact("Jane", f"met: {d(-2)}\ntags: [fintech]"))
    assert result.items[0].goals == ()
    assert "goal" not in result.items[0].text


def test_items_serving_a_goal_come_first_among_those_due_the_same_day():
    notes = (contact("Ann", f"met: {d(-2)}\ninfluence: 5"),
             contact("Bob", f"met: {d(-2)}\ninfluence: 1\ntags: [fintech]"),
             contact("Cem", f"met: {d(-3)}\ninfluence: 1"),   # due the day before
             contact("Dia", f"met: {d(-1)}\ninfluence: 1\ntags: [cloud]"))  # the day after
    order = [i.name for i in agenda(*notes, settings=GOALS).items]
    assert order == ["Cem", "Bob", "Ann", "Dia"]
    assert [i.name for i in agenda(*notes).items] == ["Cem", "Ann", "Bob", "Dia"]


def test_create_note_items_are_not_marked():
    jane = contact("Jane", "tags: [fintech]")
    referral = Referral("people/Jane.md", "Jane", "Someone New", TODAY)
    result = agenda(jane, settings=GOALS, referrals=[referral])
    assert [(i.rule, i.goals) for i in result.items if i.rule == "create-note"] == [
        ("create-note", ())]


def test_goals_from_the_config(tmp_path):
    settings = rule_settings({}, tmp_path / "c.toml",
                             goals={"industries": ["FinTech"], "places": "Seoul"})
    # As written (the agenda's sentences show them so); matching ignores case.
    assert settings.goals == Goals(industries=("FinTech",), places=("Seoul",))
