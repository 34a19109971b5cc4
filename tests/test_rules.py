"""Every agenda rule, table-tested at its edges (PRODUCT.md §4). Notes are parsed from text
exactly as the index parses them; the rules are pure functions of notes, a date, settings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from vaultkit.agenda.build import (
    Referral,
    RuleSettings,
    build_agenda,
    rule_settings,
)
from vaultkit.config import Config
from vaultkit.errors import ConfigError
from vaultkit.notes.facts import rule_note
from vaultkit.notes.parse import parse_note

TODAY = dt.date(2026, 11, 27)
CONFIG = Config(root=Path("/vault"), synonyms={"ty": "thanks"})


def d(offset: int) -> str:
    """The ISO date `offset` days from TODAY."""
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def note(path: str, meta: str = "", log: str = ""):
    text = f"---\n{meta}\n---\n# Note\n\n## Log\n{log}\n"
    return rule_note(parse_note(path, text.encode(), CONFIG))


def contact(name: str, meta: str = "", log: str = ""):
    return note(f"people/{name}.md", meta, log)


def agenda(*notes, days=7, settings=None, referrals=(), rules=(), tag=None, today=TODAY):
    return build_agenda(notes, referrals, today, settings or RuleSettings(), days, rules, tag)


def unbundled(items):
    """The items with each write-once item replaced by its parts (agenda/bundle.py): the
    rules' tests look at what each rule asks, bundled into one message or not."""
    return [part for i in items for part in (i.parts if i.rule == "write-once" else (i,))]


def found(result, rule):
    return [(i.name, i.due, i.text) for i in unbundled(result.items) if i.rule == rule]


def held(result, rule):
    return [(i.name, i.due, i.held_until) for i in result.held if i.rule == rule]


# --- thank-you -------------------------------------------------------------------------

@pytest.mark.parametrize("met, due", [
    (-2, 0),     # due exactly today
    (-1, 1),     # a day before: coming up
    (-3, -1),    # a day after: overdue
    (0, 2),      # met today
    (-30, -28),  # the window's last day
])
def test_thank_you_due(met, due):
    result = agenda(contact("Jane", f"name: Jane\nmet: {d(met)}\nmet_at: \"[[Fair]]\""),
                    note("events/Fair.md", "name: Busan Job Fair"))
    assert [(n, day) for n, day, _ in found(result, "thank-you")] == [
        ("Jane", TODAY + dt.timedelta(days=due))]


def test_thank_you_sentence_says_where_and_when():
    result = agenda(contact("Jane", f"met: {d(-1)}\nmet_at: \"[[Fair]]\""),
                    note("events/Fair.md", "name: Busan Job Fair"))
    assert found(result, "thank-you")[0][2] == (
        "Send Jane a thank-you: you met at the Busan Job Fair on Nov 26")


@pytest.mark.parametrize("meta, log", [
    (f"met: {d(-31)}", ""),                          # outside the window
    (f"met: {d(-2)}", f"- {d(-2)} (email) Thanks for today #thanks"),  # thanks the same day
    (f"met: {d(-2)}", f"- {d(-1)} (email) Sent a note #ty"),           # a synonym
    (f"met: {d(3)}", ""),                            # a meeting still to come
    (f"met: {d(-2)}\nstatus: paused", ""),
    (f"met: {d(-2)}\nstatus: archived", ""),
])
def test_no_thank_you(meta, log):
    assert found(agenda(contact("Jane", meta, log)), "thank-you") == []


def test_thanks_before_the_meeting_does_not_count():
    result = agenda(contact("Jane", f"met: {d(-2)}", f"- {d(-5)} (email) Thanks #thanks"))
    assert len(found(result, "thank-you")) == 1


def test_a_met_entry_counts_and_names_the_place():
    result = agenda(contact("Ahmed", "", f"- {d(-1)} (in person) Talked [[Fair]] #met"),
                    note("events/Fair.md", "name: Busan Job Fair"))
    assert found(result, "thank-you") == [
        ("Ahmed", TODAY + dt.timedelta(days=1),
         "Send Ahmed a thank-you: you met at the Busan Job Fair on Nov 26")]
    result = agenda(contact("Ahmed", "", f"- {d(-1)} (video) Talked #met"))
    assert found(result, "thank-you")[0][2] == "Send Ahmed a thank-you: you met (video) on Nov 26"


# --- keep-in-touch ---------------------------------------------------------------------

@pytest.mark.parametrize("last, cadence, due", [
    (-30, "monthly", 0),
    (-29, "monthly", 1),
    (-31, "monthly", -1),
    (-14, "2w", 0),
    (-10, "10d", 0),
    (-60, "quarterly", 31),
    (-100, "", -70),          # the default cadence: 30 days
    (-100, "sometimes", -70),  # unparsable: the default (and `check` reports it)
])
def test_keep_in_touch_due(last, cadence, due):
    meta = f"cadence: {cadence}" if cadence else ""
    result = agenda(contact("Kim", meta, f"- {d(last)} (email) Hello #checkin"), days=40)
    assert [day for _, day, _ in found(result, "keep-in-touch")] == [
        TODAY + dt.timedelta(days=due)]


def test_keep_in_touch_sentence():
    result = agenda(contact("Kim", "cadence: 2w", f"- {d(-20)} (email) Hello #checkin"))
    assert found(result, "keep-in-touch")[0][2] == (
        "Check in with Kim: last contact Nov 7; you keep in touch every 2 weeks")


def test_notes_to_self_and_open_tasks_are_not_contact():
    log = (f"- {d(-40)} (email) Hello #checkin\n- {d(-2)} Remember their birthday #note\n"
           f"- [ ] {d(-1)} Call them")
    result = agenda(contact("Kim", "cadence: monthly", log))
    assert [day for _, day, _ in found(result, "keep-in-touch")] == [
        TODAY - dt.timedelta(days=10)]


def test_next_overrides_the_cadence_until_contact_after_it():
    result = agenda(contact("Kim", f"next: {d(3)}", f"- {d(-50)} (email) Hi #checkin"))
    assert found(result, "keep-in-touch") == [
        ("Kim", TODAY + dt.timedelta(days=3),
         "Check in with Kim: you planned to follow up on Nov 30")]
    after = agenda(contact("Kim", f"next: {d(-20)}\ncadence: monthly",
                           f"- {d(-10)} (email) Hi #checkin"), days=30)
    assert [day for _, day, _ in found(after, "keep-in-touch")] == [
        TODAY + dt.timedelta(days=20)]


@pytest.mark.parametrize("meta, log", [
    ("cadence: never", f"- {d(-300)} Hi #checkin"),
    ("status: archived", f"- {d(-300)} Hi #checkin"),
    ("status: paused", f"- {d(-300)} Hi #checkin"),
    ("", ""),  # never in touch: the referral rules ask for a first contact
])
def test_no_keep_in_touch(meta, log):
    assert found(agenda(contact("Kim", meta, log)), "keep-in-touch") == []


def test_give_them_space_holds_back_cadence_items():
    result = agenda(contact("Kim", f"next: {d(0)}", f"- {d(-3)} (email) Hi #checkin"))
    assert found(result, "keep-in-touch") == []
    assert held(result, "keep-in-touch") == [("Kim", TODAY, TODAY + dt.timedelta(days=4))]


@pytest.mark.parametrize("gap, last, is_held", [
    ("14d", -13, True), ("14d", -14, False), ("", -6, True), ("", -7, False)])
def test_min_gap_edges(gap, last, is_held):
    meta = f"next: {d(0)}" + (f"\nmin_gap: {gap}" if gap else "")
    result = agenda(contact("Kim", meta, f"- {d(last)} (email) Hi #checkin"))
    assert bool(held(result, "keep-in-touch")) is is_held
    assert bool(found(result, "keep-in-touch")) is not is_held


def test_obligations_are_never_held_back():
    log = f"- {d(-1)} (phone) Gave me a name #helped-me"
    result = agenda(contact("Jane", f"met: {d(-1)}", log))
    # Both in one message (bundle.py): the parts of the write-once item.
    assert {p.rule for i in result.items for p in i.parts or (i,)} == {
        "thank-you", "thank-for-help"}
    assert result.held == []


# --- thank-for-help and offer-help -----------------------------------------------------

@pytest.mark.parametrize("log, due", [
    (f"- {d(-2)} (phone) Reviewed my CV #helped-me", 0),
    (f"- {d(-5)} (phone) Reviewed my CV #helped-me", -3),
    (f"- {d(-5)} (phone) Reviewed my CV #helped-me\n- {d(-5)} Thanks! #thanks", None),
    (f"- {d(-5)} Thanks! #thanks\n- {d(-2)} (phone) Reviewed my CV #helped-me", 0),
])
def test_thank_for_help(log, due):
    result = agenda(contact("Tom", "", log))
    expected = [] if due is None else [TODAY + dt.timedelta(days=due)]
    assert [day for _, day, _ in found(result, "thank-for-help")] == expected


def test_thank_for_help_quotes_the_help():
    result = agenda(contact("Tom", "", f"- {d(-1)} (phone) Reviewed my [[CV]] #helped-me"))
    assert found(result, "thank-for-help")[0][2] == (
        "Thank Tom for their help on Nov 26: \u201cReviewed my CV\u201d")


@pytest.mark.parametrize("me, them, expected", [(2, 0, 1), (3, 1, 1), (2, 1, 0), (1, 0, 0)])
def test_offer_help(me, them, expected):
    log = "\n".join([f"- {d(-40 - i)} Helped me #helped-me #thanks" for i in range(me)]
                    + [f"- {d(-60 - i)} Helped them #helped-them" for i in range(them)])
    result = agenda(contact("Tom", "", log))
    assert len(found(result, "offer-help")) == expected


def test_offer_help_is_held_back_after_recent_contact():
    log = f"- {d(-40)} A #helped-me #thanks\n- {d(-41)} B #helped-me\n- {d(-2)} Hi #checkin"
    result = agenda(contact("Tom", "", log))
    assert found(result, "offer-help") == [] and len(held(result, "offer-help")) == 1


# --- referrals -------------------------------------------------------------------------

@pytest.mark.parametrize("permission, words", [
    ("may_use_name: true", "you may mention John Smith"),
    ("may_use_name: false", "John Smith asked you not to use their name"),
    ("", "ask John Smith whether you may mention them"),
])
def test_reach_out_referral(permission, words):
    kim = contact("Kim Lee", f'referred_by: "[[John Smith]]"\n{permission}')
    john = contact("John Smith", "", f"- {d(-4)} (email) Gave me [[Kim Lee]] #referral")
    result = agenda(kim, john)
    assert found(result, "reach-out-referral") == [
        ("Kim Lee", TODAY - dt.timedelta(days=4),
         f"Reach out to Kim Lee, a name John Smith gave you on Nov 23: {words}")]


def test_reach_out_referral_without_a_logged_referral_is_due_today():
    result = agenda(contact("Kim", 'referred_by: "[[John]]"'), contact("John"))
    assert [day for _, day, _ in found(result, "reach-out-referral")] == [TODAY]


def test_no_referral_item_once_in_touch():
    kim = contact("Kim", 'referred_by: "[[John]]"', f"- {d(-1)} (email) Hello #intro")
    assert found(agenda(kim, contact("John")), "reach-out-referral") == []


def test_create_note():
    referral = Referral("people/Jane.md", "Jane Doe", "Omar Diaz", TODAY - dt.timedelta(days=2))
    later = Referral("people/Jane.md", "Jane Doe", "Zed", TODAY + dt.timedelta(days=2))
    result = agenda(referrals=[referral, later])
    assert found(result, "create-note") == [
        ("Omar Diaz", TODAY - dt.timedelta(days=2),
         "Create a note for Omar Diaz: Jane Doe gave you the name on Nov 25")]


# --- leads -----------------------------------------------------------------------------

def lead(meta: str, log: str = ""):
    return note("leads/Acme Role.md", f"role: Platform Engineer\ncompany: Acme\n{meta}", log)


@pytest.mark.parametrize("meta, log, due", [
    ("status: idea", f"- {d(-3)} Heard of it #lead", -3),
    ("", f"- {d(-3)} Heard of it #lead", -3),   # no status: an idea
    ("status: idea", "", 0),
    (f"status: idea\nnext: {d(2)}", f"- {d(-3)} Heard #lead", 2),
])
def test_act_on_lead(meta, log, due):
    result = agenda(lead(meta, log))
    assert [day for _, day, _ in found(result, "act-on-lead")] == [
        TODAY + dt.timedelta(days=due)]


@pytest.mark.parametrize("meta, log, due", [
    ("status: applied", f"- {d(-7)} Applied #applied", 0),
    ("status: applied", f"- {d(-6)} Applied #applied", 1),
    ("status: inquired", f"- {d(-8)} Asked #inquired", -1),
    (f"status: applied\nnext: {d(3)}", f"- {d(-8)} Applied #applied", 3),
    (f"status: applied\nupdated: {d(-10)}", "", -3),
])
def test_follow_up_inquiry(meta, log, due):
    result = agenda(lead(meta, log))
    assert [day for _, day, _ in found(result, "follow-up-inquiry")] == [
        TODAY + dt.timedelta(days=due)]


@pytest.mark.parametrize("status", ["rejected", "withdrawn", "closed", "hired"])
def test_closed_leads_ask_nothing(status):
    result = agenda(lead(f"status: {status}", f"- {d(-30)} Applied #applied"))
    assert found(result, "act-on-lead") == found(result, "follow-up-inquiry") == []


def _report(lead_meta, lead_log, jane_log=""):
    jane = contact("Jane", "name: Jane Doe", jane_log)
    kim = contact("Kim", log=f"- {d(-10)} Coffee #met")  # in touch: told too
    acme = note("orgs/Acme.md", "kind: employer")
    return agenda(lead(lead_meta, lead_log), jane, kim, acme)


def test_report_back_to_source_and_contacts():
    result = _report('status: interviewing\nsource: "[[Jane]]"\n'
                     'contacts: ["[[Kim]]", "[[Acme]]", "[[Nobody]]"]',
                     f"- {d(-3)} First interview #interview")
    assert sorted(found(result, "report-back")) == [
        ("Jane Doe", TODAY, "Tell Jane Doe about your interview for Platform Engineer at Acme "
                            "on Nov 24, thank them and offer your help in return: "
                            "they gave you the lead"),
        ("Kim", TODAY, "Tell Kim about your interview for Platform Engineer at Acme on Nov 24: "
                       "they are part of it")]


@pytest.mark.parametrize("jane_log, lead_log_extra, told", [
    (f"- {d(-2)} (email) Told her #update", "", True),
    (f"- {d(-3)} (email) Told her #update", "", True),    # the same day counts
    (f"- {d(-4)} (email) Told her #update", "", False),   # before the interview
    ("", f"\n- {d(-1)} Told [[Jane]] #update", True),       # in the lead's note
    ("", f"\n- {d(-1)} Told [[Kim]] #update", False),       # someone else
])
def test_report_back_closed_by_an_update(jane_log, lead_log_extra, told):
    result = _report('status: interviewing\nsource: "[[Jane]]"',
                     f"- {d(-3)} Interview #interview{lead_log_extra}", jane_log)
    assert (found(result, "report-back") == []) is told


@pytest.mark.parametrize("status, kind, words", [
    ("offer", "offer", "about the offer for Platform Engineer at Acme")])
# A hired lead's report-back: tests/test_search_rules.py (the hire that ends the search is
# told through share-news instead).
def test_report_back_on_offer_and_hire(status, kind, words):
    result = _report(f'status: {status}\nsource: "[[Jane]]"', f"- {d(-1)} Yes! #{kind}")
    assert found(result, "report-back")[0][2].startswith(f"Tell Jane Doe {words} on ")


def test_a_paused_contact_gets_no_report_back():
    """docs/agenda.md: `status: paused` turns off every rule but open tasks."""
    jane = contact("Jane", "name: Jane Doe\nstatus: paused")
    result = agenda(lead('status: interviewing\nsource: "[[Jane]]"',
                         f"- {d(-3)} Interview #interview"), jane)
    assert found(result, "report-back") == []


def test_report_back_date_falls_back_to_updated():
    result = _report(f'status: interviewing\nsource: "[[Jane]]"\nupdated: {d(-5)}', "")
    assert [day for _, day, _ in found(result, "report-back")] == [
        TODAY - dt.timedelta(days=2)]


# --- events, organisations, tasks, birthdays -------------------------------------------

@pytest.mark.parametrize("offset, days, due", [
    (0, 7, -1), (1, 7, 0), (8, 7, 7), (9, 7, None), (14, 14, 13), (15, 30, None),
    (-1, 7, None),
])
def test_prepare_event(offset, days, due):
    event = note("events/Summit.md", f'name: Cloud Summit\ndate: {d(offset)}\n'
                                     f'location: COEX\nattendees: ["[[Marcus]]", "[[Eve]]"]')
    result = agenda(event, contact("Marcus", "name: Marcus Chen"), days=days)
    expected = [] if due is None else [TODAY + dt.timedelta(days=due)]
    assert [day for _, day, _ in found(result, "prepare-event")] == expected


def test_prepare_event_lists_attendees():
    event = note("events/Summit.md", f'name: Cloud Summit\ndate: {d(3)}\nlocation: COEX\n'
                                     'attendees: ["[[Marcus]]", "[[Eve]]"]')
    result = agenda(event, contact("Marcus", "name: Marcus Chen"))
    assert found(result, "prepare-event")[0][2] == (
        "Prepare for the Cloud Summit on Nov 30 (COEX): Marcus Chen and Eve will be there")


@pytest.mark.parametrize("meta, words", [
    (f"renews: {d(5)}\nmember: true", "Renew your membership of Busan IT by Dec 2"),
    (f"renews: {d(-1)}", "Renew your subscription to Busan IT by Nov 26"),
])
def test_renewal(meta, words):
    result = agenda(note("orgs/Busan IT.md", meta))
    assert [text for _, _, text in found(result, "renewal")] == [words]


def test_renewal_beyond_the_horizon():
    assert found(agenda(note("orgs/X.md", f"renews: {d(8)}")), "renewal") == []


def test_tasks():
    log = (f"- [ ] {d(2)} Send the article #promise\n- [x] {d(-1)} Done already\n"
           f"- [ ] Call back 📅 {d(-3)}\n- [ ] Undated")
    # Apart: a contact's tasks due close together are one message (test_bundle.py).
    apart = RuleSettings(bundle_within=dt.timedelta(0))
    result = agenda(contact("Jane", "", log), settings=apart)
    assert found(result, "task") == [
        ("Jane", TODAY - dt.timedelta(days=3), "Call back (Jane)"),
        ("Jane", TODAY, "Undated (Jane)"),
        ("Jane", TODAY + dt.timedelta(days=2), "Send the article (Jane)")]


def test_tasks_of_paused_contacts_stay_and_archived_go():
    log = f"- [ ] {d(1)} Promise"
    assert len(found(agenda(contact("A", "status: paused", log)), "task")) == 1
    assert found(agenda(contact("A", "status: archived", log)), "task") == []


@pytest.mark.parametrize("birthday, today, due, words", [
    ("--12-03", TODAY, dt.date(2026, 12, 3), "Lucía's birthday is on Dec 3: send a note"),
    ("--11-27", TODAY, TODAY, "Lucía's birthday is on Nov 27: send a note"),
    ("1988-11-30", TODAY, dt.date(2026, 11, 30), "Lucía turns 38 on Nov 30: send a note"),
    ("--02-29", dt.date(2027, 2, 25), dt.date(2027, 2, 28), None),  # not a leap year
    ("--02-29", dt.date(2028, 2, 25), dt.date(2028, 2, 29), None),
    ("--11-26", TODAY, None, None),  # passed: next year, beyond the horizon
])
def test_birthday(birthday, today, due, words):
    result = agenda(contact("Lucía", f"birthday: {birthday}"), today=today)
    got = found(result, "birthday")
    assert [day for _, day, _ in got] == ([] if due is None else [due])
    if words:
        assert got[0][2] == words


# --- warnings, order, filters, settings ------------------------------------------------

@pytest.mark.parametrize("offsets, warned", [
    ((-6, -3, 0), True), ((-7, -3, 0), False), ((-1, -2), False), ((-1, -2, -3, -4), True)])
def test_too_frequent(offsets, warned):
    log = "\n".join(f"- {d(o)} (message) Hi #checkin" for o in offsets)
    result = agenda(contact("Elena", "", log))
    texts = [w.text for w in result.warnings if w.rule == "too-frequent"]
    assert bool(texts) is warned
    if warned:
        assert texts == [f"You were in touch with Elena {len(offsets)} times in the last 7 "
                         "days: give them space"]


def test_a_future_entry_is_a_warning_and_not_contact():
    result = agenda(contact("Jane", "cadence: monthly",
                            f"- {d(-40)} Hi #checkin\n- {d(5)} Lunch #checkin"))
    assert [w.text for w in result.warnings] == [
        "people/Jane.md:8: the log entry is dated Dec 2, in the future; it does not count "
        "as contact yet"]
    assert [day for _, day, _ in found(result, "keep-in-touch")] == [
        TODAY - dt.timedelta(days=10)]


def test_order_overdue_first_then_due_then_influence_then_name():
    notes = [contact(name, f"influence: {inf}\nmet: {d(met)}")
             for name, inf, met in [("Bo", 3, -2), ("Al", 3, -2), ("Cy", 5, -2), ("Di", 1, -4),
                                    ("Ed", 1, -1)]]
    result = agenda(*notes)
    assert [(i.name, i.due) for i in result.items] == [
        ("Di", TODAY - dt.timedelta(days=2)), ("Cy", TODAY), ("Al", TODAY), ("Bo", TODAY),
        ("Ed", TODAY + dt.timedelta(days=1))]
    assert [i.name for i in result.overdue] == ["Di"]
    assert [i.name for i in result.today] == ["Cy", "Al", "Bo"]


def test_rule_and_tag_filters():
    notes = [contact("A", f"met: {d(-1)}\ntags: [fintech]", f"- {d(-1)} Help #helped-me"),
             contact("B", f"met: {d(-1)}")]
    assert {(i.rule, i.name) for i in agenda(*notes, rules=["thank-you"]).items} == {
        ("thank-you", "A"), ("thank-you", "B")}
    assert {i.name for i in agenda(*notes, tag="#FinTech").items} == {"A"}


def test_horizon():
    notes = [contact("A", f"met: {d(5)}"), contact("B", f"birthday: --{d(20)[5:]}")]
    assert found(agenda(*notes, days=7), "birthday") == []
    assert len(found(agenda(*notes, days=20), "birthday")) == 1


def test_settings_change_the_rules():
    settings = RuleSettings(thank_within=dt.timedelta(days=5), favour_gap=1)
    result = agenda(contact("Jane", f"met: {d(-1)}", f"- {d(-9)} x #helped-me #thanks"),
                    settings=settings)
    assert [day for _, day, _ in found(result, "thank-you")] == [
        TODAY + dt.timedelta(days=4)]
    assert len(found(result, "offer-help")) == 1


def test_rule_settings_from_config():
    settings = rule_settings({"thank_within": "3d", "min_gap": "2w", "favour_gap": 3,
                              "default_cadence": "quarterly", "days": 10}, Path("c.toml"))
    assert (settings.thank_within, settings.min_gap, settings.favour_gap,
            settings.default_cadence, settings.days) == (
        dt.timedelta(days=3), dt.timedelta(days=14), 3, dt.timedelta(days=91), 10)


@pytest.mark.parametrize("rules, message", [
    ({"thank_within": 2.5}, "c.toml: 'rules.thank_within' must be an interval such as "
                            "\"2d\", \"1w\" or \"1m\", not 2.5"),
    ({"min_gap": "never"}, "c.toml: 'rules.min_gap' must be an interval such as \"2d\", "
                           "\"1w\" or \"1m\", not 'never'"),
    ({"favour_gap": "two"}, "c.toml: 'rules.favour_gap' must be a whole number, not 'two'"),
    ({"days": True}, "c.toml: 'rules.days' must be a whole number, not True"),
    ({"thank_windw": "3d"}, "c.toml: 'rules.thank_windw' is not a rule setting"),
])
def test_rule_settings_with_the_wrong_type(rules, message):
    with pytest.raises(ConfigError) as caught:
        rule_settings(rules, Path("c.toml"))
    assert str(caught.value).startswith(message)


def test_the_cycle_collector_is_paused_for_an_agenda_and_back_after():
    """agenda_from pauses the cycle collector (build.no_cycle_collection) and turns it back
    on, even when the agenda fails; nested pauses leave it off until the outer one ends."""
    import gc

    from vaultkit.cycles import no_cycle_collection
    assert gc.isenabled()
    with no_cycle_collection():
        assert not gc.isenabled()
        with no_cycle_collection():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), no_cycle_collection():
        1 / 0  # noqa: B018
    assert gc.isenabled()
