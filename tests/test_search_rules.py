"""The job search as a whole (agenda/search.py): reciprocity for leads that led somewhere
(credits, offer-help, report-back), news of a hire for everyone who helped (share-news),
and casual networking (announce), each at its edges."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from test_rules import TODAY, agenda, contact, d, note, unbundled

from conftest import config_with
from vaultkit.agenda import search as rules
from vaultkit.agenda.build import Context, NotesLookup, RuleSettings, Subjects
from vaultkit.agenda.settings import Search
from vaultkit.config import load_config
from vaultkit.index.rule_input import network_notes


def lead(meta: str, log: str = "", name: str = "Acme Role", company: str = "Acme"):
    return note(f"leads/{name}.md", f"role: Platform Engineer\ncompany: {company}\n{meta}",
                log)


def settings(**search) -> RuleSettings:
    return RuleSettings(search=Search(**search))


def items(result, rule):
    """The items of `rule`, those bundled into a write-once message among them."""
    return [i for i in unbundled(result.items) if i.rule == rule]


def found(result, rule):
    return [(i.name, i.due, i.text) for i in items(result, rule)]


JANE = "name: Jane Doe"


# --- reciprocity: credits and offer-help ----------------------------------------------

@pytest.mark.parametrize("status, credited", [
    ("idea", False), ("applied", False), ("interviewing", True), ("offer", True),
    ("hired", True), ("rejected", False)])
def test_a_lead_that_led_somewhere_is_a_favour(status, credited):
    # One #helped-me entry and a credited lead reach favour_gap (2): offer-help.
    result = agenda(contact("Jane", JANE, f"- {d(-20)} Gave advice #helped-me"),
                    lead(f'status: {status}\nsource: "[[Jane]]"', f"- {d(-1)} News #{status}"),
                    settings=settings(since=TODAY - dt.timedelta(days=60)))
    offers = found(result, "offer-help")
    assert bool(offers) is credited
    if credited:
        assert offers == [("Jane Doe", TODAY, "Offer Jane Doe your help: they helped you twice "
                           "(once with a lead that led to an interview or more), you have not "
                           "helped them yet")]


@pytest.mark.parametrize("reached, credited", [(-1, True), (0, True), (1, False)])
def test_credit_counts_from_the_day_the_lead_reached_it(reached, credited):
    result = agenda(contact("Jane", JANE, f"- {d(-20)} Gave advice #helped-me"),
                    lead(f'status: interviewing\nsource: "[[Jane]]"\nupdated: {d(reached)}'))
    assert bool(found(result, "offer-help")) is credited


def test_offer_help_item_has_its_clause_and_draft():
    result = agenda(contact("Jane", JANE, f"- {d(-20)} A #helped-me\n- {d(-10)} B #helped-me"))
    offer = items(result, "offer-help")[0]
    assert (offer.clause, offer.draft) == ("offer {them} your help", "offer-help")


def test_thank_for_help_has_its_clause_and_draft():
    result = agenda(contact("Jane", JANE, f"- {d(-1)} Reviewed my CV #helped-me"))
    thanks = items(result, "thank-for-help")[0]
    assert (thanks.clause, thanks.draft) == ("thank {them} for {their} help on Nov 26",
                                             "thank-for-help")


# --- report-back ------------------------------------------------------------------------

def test_report_back_asks_to_thank_the_source_and_offer_help():
    result = agenda(contact("Jane", JANE),
                    lead('status: interviewing\nsource: "[[Jane]]"', f"- {d(-7)} #interview"))
    one = items(result, "report-back")[0]
    assert one.text == ("Tell Jane Doe about your interview for Platform Engineer at Acme on "
                        "Nov 20, thank them and offer your help in return: they gave you the "
                        "lead")
    assert one.clause == ("tell {them} about your interview for Platform Engineer at Acme on "
                          "Nov 20, thank {them} and offer your help in return")
    assert one.draft == "report-back"


@pytest.mark.parametrize("kim_meta, kim_log, told", [
    ("", "", False),                                  # a name only: never in touch
    (f"met: {d(-30)}", "", True),                    # met
    ("", f"- {d(-30)} (email) Hello", True),           # an entry
    (f"met: {d(5)}", "", False),                     # a meeting still to come
])
def test_a_lead_contact_is_told_only_if_you_were_in_touch(kim_meta, kim_log, told):
    result = agenda(contact("Kim", kim_meta, kim_log),
                    lead('status: interviewing\ncontacts: "[[Kim]]"', f"- {d(-1)} #interview"))
    texts = [text for _n, _d, text in found(result, "report-back")]
    assert bool(texts) is told
    assert all("thank" not in text and "help" not in text for text in texts)


def test_an_old_hire_before_the_search_still_gets_a_report_back():
    """A hired lead before `[search] since` did not end this search: report-back, not
    share-news."""
    result = agenda(contact("Jane", JANE),
                    lead('status: hired\nsource: "[[Jane]]"', f"- {d(-2)} Yes! #hired"),
                    settings=settings(since=TODAY - dt.timedelta(days=1)))
    assert found(result, "report-back")[0][2].startswith(
        "Tell Jane Doe that you were hired as Platform Engineer at Acme on Nov 25, thank")
    assert found(result, "share-news") == []


# --- the hire ---------------------------------------------------------------------------

def _hire(*notes, **search):
    subjects = Subjects(NotesLookup(list(notes)), settings(**search), TODAY)
    ctx = Context(TODAY, settings(**search), subjects.resolve)
    return rules.hire(notes, ctx)


@pytest.mark.parametrize("day, hired", [(-1, True), (0, True), (1, False)])
def test_a_hire_counts_up_to_today(day, hired):
    found_hire = _hire(lead("status: hired", f"- {d(day)} Signed #hired"))
    assert (found_hire is not None) is hired
    if hired:
        assert found_hire[:3] == (TODAY + dt.timedelta(days=day), "Acme", "Platform Engineer")


def test_the_latest_hired_lead_is_the_hire():
    hire = _hire(lead("status: hired", f"- {d(-40)} #hired", "Old", "Initech"),
                 lead("status: hired", f"- {d(-4)} #hired", "New", "Contoso"))
    assert (hire.company, hire.lead) == ("Contoso", "leads/New.md")


@pytest.mark.parametrize("on, hired", [(-1, True), (0, True), (1, False)])
def test_employed_in_the_config(on, hired):
    hire = _hire(status="employed", employed_on=TODAY + dt.timedelta(days=on),
                 employer="Contoso", role="SRE")
    assert (hire is not None) is hired
    if hired:
        assert hire == (TODAY + dt.timedelta(days=on), "Contoso", "SRE", None)


@pytest.mark.parametrize("since, hired", [(-5, True), (-4, True), (-3, False)])
def test_a_hire_before_the_search_began_is_not_its_end(since, hired):
    hire = _hire(lead("status: hired", f"- {d(-4)} #hired"),
                 since=TODAY + dt.timedelta(days=since))
    assert (hire is not None) is hired


# --- share-news -------------------------------------------------------------------------

def _helpers(**extra):
    return [
        contact("Jane", JANE),                                      # the hired lead's source
        contact("Kim", "", f"- {d(-20)} Coffee #met"),               # a contact of the lead
        contact("Ann", "", f"- {d(-10)} Gave me [[Bo]] #referral"),  # gave names
        contact("Bo", 'referred_by: "[[Raj]]"', f"- {d(-9)} Call"),  # Raj referred Bo
        contact("Raj"),
        contact("Lee", "", f"- {d(-15)} Mock interview #helped-me\n- {d(-14)} #thanks"),
        contact("Nobody", "", f"- {d(-15)} Lunch"),                  # did not help
        lead('status: hired\nsource: "[[Jane]]"\ncontacts: "[[Kim]]"',
             f"- {d(-5)} Signed #hired", "Contoso Role", "Contoso"),
    ]


def test_everyone_who_helped_gets_one_share_news():
    result = agenda(*_helpers())
    news = items(result, "share-news")
    assert {i.name: i.text for i in news} == {
        "Jane Doe": "Tell Jane Doe you start at Contoso as Platform Engineer, and thank them "
                    "for their help and offer yours in return: they gave you the lead",
        "Kim": "Tell Kim you start at Contoso as Platform Engineer, and thank them for their "
               "help: they were part of the lead for Platform Engineer at Contoso",
        "Ann": "Tell Ann you start at Contoso as Platform Engineer, and thank them for their "
               "help: they gave you names",
        "Raj": "Tell Raj you start at Contoso as Platform Engineer, and thank them for their "
               "help: they referred you to Bo",
        "Lee": "Tell Lee you start at Contoso as Platform Engineer, and thank them for their "
               "help: they helped you on Nov 12",
    }
    assert {i.due for i in news} == {TODAY - dt.timedelta(days=2)}  # hire + report_within
    assert {i.draft for i in news} == {"share-news"}
    assert news[0].clause.startswith("tell {them} you start at Contoso as Platform Engineer")
    assert found(result, "report-back") == []  # the hire's news is share-news


@pytest.mark.parametrize("entry, told", [
    (f"- {d(-5)} Told her #news", True),     # the hire day
    (f"- {d(-4)} Told her #update", True),
    (f"- {d(-6)} Told her #update", False),  # the day before
])
def test_share_news_ends_with_news_or_an_update(entry, told):
    notes = [contact("Jane", JANE, entry), *_helpers()[1:]]
    names = [i.name for i in items(agenda(*notes), "share-news")]
    assert ("Jane Doe" not in names) is told


def test_the_hired_leads_source_is_thanked_for_it_first():
    """Jane also gave you an older lead (its path sorts first): the hire's lead wins."""
    older = lead('status: rejected\nsource: "[[Jane]]"', f"- {d(-20)} #applied", "A Lead")
    jane = [i for i in items(agenda(older, *_helpers()), "share-news") if i.name == "Jane Doe"]
    assert jane[0].text.endswith("offer yours in return: they gave you the lead")


@pytest.mark.parametrize("within, due", [(0, -5), (1, -4), (3, -2), (7, 2)])
def test_share_news_is_due_report_within_after_the_hire(within, due):
    result = agenda(*_helpers(), settings=dataclasses.replace(
        RuleSettings(), report_within=dt.timedelta(days=within)))
    assert {i.due for i in items(result, "share-news")} == {TODAY + dt.timedelta(days=due)}


@pytest.mark.parametrize("status", ["paused", "archived"])
def test_paused_and_archived_helpers_get_no_news(status):
    notes = [contact("Jane", f"{JANE}\nstatus: {status}"), *_helpers()[1:]]
    assert "Jane Doe" not in [i.name for i in items(agenda(*notes), "share-news")]


@pytest.mark.parametrize("helped, counted", [(-31, False), (-30, True), (-29, True)])
def test_help_counts_from_the_day_the_search_began(helped, counted):
    result = agenda(contact("Lee", "", f"- {d(helped)} Mock interview #helped-me"),
                    lead("status: hired", f"- {d(-5)} #hired"),
                    settings=settings(since=TODAY - dt.timedelta(days=30)))
    assert bool(found(result, "share-news")) is counted


def test_news_from_the_config():
    result = agenda(contact("Lee", "", f"- {d(-9)} #helped-me"),
                    settings=settings(status="employed", employed_on=TODAY, employer="Contoso"))
    assert found(result, "share-news") == [
        ("Lee", TODAY + dt.timedelta(days=3), "Tell Lee you start at Contoso, and thank them for "
                                              "their help: they helped you on Nov 18")]


# --- announce ---------------------------------------------------------------------------

def _circle(name: str, circle: str, influence: int = 3, log: str = ""):
    return contact(name, f"circle: {circle}\ninfluence: {influence}", log)


SINCE = TODAY - dt.timedelta(days=10)


def test_announce_tells_the_circles_most_influential_first_a_few_a_day():
    people = [_circle(f"P{n}", "friend", influence=1 + n % 5) for n in range(12)]
    result = agenda(*people, settings=dataclasses.replace(
        settings(since=SINCE, looking_for="a platform role in Seoul"), announce_per_day=5))
    told = items(result, "announce")
    by_day = {}
    for one in told:
        by_day.setdefault((one.due - TODAY).days, []).append(one.name)
    assert by_day == {0: ["P4", "P9", "P3", "P8", "P2"], 1: ["P7", "P1", "P11", "P6", "P0"],
                      2: ["P10", "P5"]}
    assert told[0].text == ("Tell P4 that you are looking for a platform role in Seoul: "
                            "casual networking with your friend circle")
    assert (told[0].clause, told[0].draft) == (
        "tell {them} that you are looking for a platform role in Seoul", "announce")


@pytest.mark.parametrize("per_day, days", [(1, [0, 1, 2]), (2, [0, 0, 1]), (3, [0, 0, 0]),
                                           (0, [])])
def test_announce_per_day(per_day, days):
    people = [_circle(n, "family") for n in ("A", "B", "C")]
    result = agenda(*people, settings=dataclasses.replace(settings(since=SINCE),
                                                          announce_per_day=per_day))
    assert [(i.due - TODAY).days for i in items(result, "announce")] == days


@pytest.mark.parametrize("entry, told", [
    (f"- {d(-10)} Told her #announce", True),   # on since
    (f"- {d(-9)} Told her #announce", True),
    (f"- {d(-11)} Told her #announce", False),  # the day before: an older search
    (f"- {d(1)} Will tell her #announce", False),  # a plan is not done
])
def test_an_announce_entry_since_ends_it(entry, told):
    result = agenda(_circle("Jane", "alumni", log=entry), settings=settings(since=SINCE))
    assert (found(result, "announce") == []) is told


@pytest.mark.parametrize("meta, asked", [
    ("circle: friend", True), ("circle: Colleague", True), ("circle: event", False),
    ("", False), ("circle: friend\nstatus: paused", False),
    ("circle: friend\nstatus: archived", False)])
def test_announce_who(meta, asked):
    result = agenda(contact("Jane", meta), settings=settings(since=SINCE))
    assert bool(found(result, "announce")) is asked


@pytest.mark.parametrize("since, asked", [(-1, True), (0, True), (1, False), (None, False)])
def test_announce_from_since(since, asked):
    start = None if since is None else TODAY + dt.timedelta(days=since)
    result = agenda(_circle("Jane", "friend"), settings=settings(since=start))
    assert bool(found(result, "announce")) is asked


def test_no_announce_after_the_search_ended():
    result = agenda(_circle("Jane", "friend"), lead("status: hired", f"- {d(-1)} #hired"),
                    settings=settings(since=SINCE))
    assert found(result, "announce") == []


@pytest.mark.parametrize("days, shown", [(0, 5), (1, 10), (3, 20), (30, 60)])
def test_announce_stays_within_the_horizon_and_is_never_overdue(days, shown):
    """Laid out up to `[rules] days` ahead (the agenda's own horizon, --days, cuts it too)."""
    people = [_circle(f"P{n:02}", "friend") for n in range(60)]
    rules = dataclasses.replace(settings(since=SINCE), days=days)
    told = items(agenda(*people, days=days, settings=rules), "announce")
    assert len(told) == shown  # today and the days ahead, 5 a day, while people are left
    assert min(i.due for i in told) == TODAY


def test_announce_is_laid_out_up_to_the_days_setting():
    people = [_circle(f"P{n:02}", "friend") for n in range(60)]
    rules = dataclasses.replace(settings(since=SINCE), days=2)
    told = items(agenda(*people, days=10, settings=rules), "announce")
    assert [i.name for i in told] == [f"P{n:02}" for n in range(15)]


def test_announce_is_not_held_back_by_a_recent_contact():
    """A recent conversation does not hold the announcement back (it is not in
    build.SPACED): the queue's pace already spreads the messages."""
    result = agenda(_circle("Jane", "friend", log=f"- {d(-1)} Coffee"),
                    settings=settings(since=SINCE))
    assert found(result, "announce") and not [i for i in result.held if i.rule == "announce"]


# --- the index: the contacts the network's rules read, only when asked -----------------

def _configure(vault, session, text: str):
    config_with(vault, text)
    session.config = load_config(vault)
    session.sync()


def _without(vault, *tables: str) -> None:
    """Remove `tables` (whole, as conftest.config_with replaces them) from the config."""
    config_with(vault, "", without=tables)


# The example's hire of 2024 (before its [search] since): without `since` it would end the
# search, and any `hired` lead makes the index load the helpers, for RuleSettings() too.
OLD_HIRE = "leads/Contoso DevOps Engineer.md"
# Loaded whatever the config: met_at the Busan Job Fair, which you attended.
AT_EVENTS = ["people/Ahmed Hassan.md", "people/Jane Doe.md"]


def _without_the_old_hire(vault):
    (vault / OLD_HIRE).unlink()


def _network_contacts(session):
    """The contacts network_notes adds for agenda/search.py's rules (those linked to an
    event you attended are there for the event rules whatever the config)."""
    notes = network_notes(session.conn, session.rule_settings())
    plain = network_notes(session.conn, RuleSettings())
    return sorted({n.path for n in notes if n.kind == "contact"}
                  - {n.path for n in plain if n.kind == "contact"})


def test_no_contacts_for_search_without_search_or_hire(session, vault):
    _without(vault, "search")
    _without_the_old_hire(vault)
    session.config = load_config(vault)
    session.sync()
    assert session.rule_settings().search.since is None
    assert _network_contacts(session) == []
    notes = network_notes(session.conn, session.rule_settings())
    assert sorted(n.path for n in notes if n.kind == "contact") == AT_EVENTS


def test_the_circles_to_tell_when_the_search_began(session, vault):
    _without_the_old_hire(vault)  # its helpers would be loaded, for RuleSettings() too
    _configure(vault, session, '\n[search]\nsince = 2026-11-01\ncircles = ["alumni", "Family"]\n')
    assert _network_contacts(session) == [
        "people/Marcus Chen.md", "people/Min-jun Park.md", "people/Priya Patel.md",
        "people/Yuki Tanaka.md"]  # Yuki told on Nov 14 (#announce): loaded, the rule decides
    told = {i.name for i in items(session.agenda(TODAY), "announce")}
    assert told == {"Marcus Chen", "Min-jun Park", "Priya Patel"}


def test_the_helpers_after_a_hire(session, vault):
    _without_the_old_hire(vault)  # else RuleSettings() loads the helpers too
    fair = vault / "events/Busan Job Fair.md"  # else Jane is loaded for it whatever the config
    fair.write_text(fair.read_text(encoding="utf-8").replace("attending: true\n", ""),
                    encoding="utf-8")
    _configure(vault, session, '\n[search]\nstatus = "employed"\nemployed_on = 2026-11-20\n'
                               'employer = "Contoso"\n')
    paths = _network_contacts(session)
    assert "people/Jane Doe.md" in paths  # #helped-me and #referral entries
    assert "people/Kim Lee.md" in paths   # referred_by: Jane Doe
    assert "people/Grace Okafor.md" not in paths  # paused
    news = {i.name for i in items(session.agenda(TODAY), "share-news")}
    assert "Jane Doe" in news and "Grace Okafor" not in news


# --- drafts ------------------------------------------------------------------------------

def test_the_announce_draft_says_what_you_look_for(session, vault):
    _configure(vault, session, '\n[search]\nsince = 2026-11-01\n'
                               'looking_for = "a platform engineering role in Seoul"\n')
    draft = session.draft("announce", "Priya Patel", TODAY)
    assert draft.subject == "A quick note: I am looking for a platform engineering role in Seoul"
    assert "I am looking for a platform engineering role in Seoul." in draft.body


def test_the_share_news_draft_tells_where_you_start(session, vault):
    _configure(vault, session, '\n[search]\nstatus = "employed"\nemployed_on = 2026-11-20\n'
                               'employer = "Contoso"\nrole = "SRE"\n')
    draft = session.draft("share-news", "Jane Doe", TODAY)
    assert draft.subject == "I start at Contoso"
    assert "I start at Contoso as SRE." in draft.body
    assert "lead that got me there" not in draft.body  # the hire is not from her lead


@pytest.mark.parametrize("kind, words", [
    ("offer-help", "the lead you passed on got me an interview"),  # Jane's Acme lead
    ("thank-for-help", "Thank you for your help on Nov 25."),
])
def test_reciprocity_drafts(session, kind, words):
    draft = session.draft(kind, "Jane Doe", TODAY)
    assert words in draft.body
    assert "you start" not in draft.body and "about that" not in draft.body


@pytest.mark.parametrize("per_day, days", [(1, 0), (1, 1), (2, 1), (5, 7)])
def test_the_index_loads_the_people_the_queue_reaches(session, vault, per_day, days):
    """Only announce_per_day × (days + 1) untold people are loaded, ranked as the rule
    ranks them: the agenda is the one the rule gives over every note."""
    _without_the_old_hire(vault)  # its helpers would be loaded, for RuleSettings() too
    _configure(vault, session, '\n[search]\nsince = 2026-11-01\n')
    config = vault / ".vaultkit/config.toml"
    text = config.read_text(encoding="utf-8")
    assert "days = 7 " in text and "announce_per_day = 5 " in text
    config.write_text(text.replace("days = 7 ", f"days = {days} ").replace(
        "announce_per_day = 5 ", f"announce_per_day = {per_day} "), encoding="utf-8")
    session.config = load_config(vault)
    with (vault / "people/Marcus Chen.md").open("a", encoding="utf-8") as handle:
        handle.write(f"- {d(-1)} Told Marcus I am looking #announce\n")
    session.sync()
    rules = session.rule_settings()
    assert (rules.announce_per_day, rules.days) == (per_day, days)
    loaded = [p for p in _network_contacts(session)]
    # and the told: John Smith, Tom Becker and Yuki Tanaka in the example, Marcus Chen now
    assert len(loaded) <= per_day * (days + 1) + 4
    every = agenda(*session.rules.notes(), days=days, settings=rules)
    assert items(session.agenda(TODAY), "announce") == items(every, "announce")


def test_a_date_and_time_where_a_date_belongs_reads_as_toml_wrote_it(tmp_path):
    from vaultkit.agenda.settings import rule_settings
    from vaultkit.errors import ConfigError
    with pytest.raises(ConfigError, match="not 2026-11-01T10:00:00$"):
        rule_settings({}, tmp_path / "c.toml",
                            search={"since": dt.datetime(2026, 11, 1, 10, 0)})


def test_share_news_speaks_of_her_when_the_note_says_she():
    result = agenda(
        contact("Jane Doe", f"{JANE}\npronouns: she/her", f"- {d(-9)} Told me #helped-me"),
        settings=RuleSettings(search=Search(
            status="employed", employed_on=TODAY - dt.timedelta(days=1), employer="Contoso")))
    [text] = [t for _n, _d, t in found(result, "share-news")]
    assert "thank her for her help" in text and "them" not in text
