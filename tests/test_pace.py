"""The pace of contact (agenda/pace.py): which cadence applies and why — the note's own,
a live matter, an imported contact, [rules.cadence] by tag, circle and influence, after a
hire, the default — and the minimum gap while a matter is live."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from test_rules import TODAY, agenda, contact, d, found, held, note

from vaultkit.agenda.build import RuleSettings
from vaultkit.agenda.context import Context, Subject
from vaultkit.agenda.network import Network
from vaultkit.agenda.pace import live_matters, namesakes, pace_of
from vaultkit.agenda.search import Hire
from vaultkit.agenda.settings import CadenceMap
from vaultkit.notes.values import NEVER

MAP = CadenceMap(tag=(("mentor", 14), ("quiet", -1)), circle=(("alumni", 60),),
                 influence=((5, 21),))
MAPPED = RuleSettings(cadence=MAP)
DAY = dt.timedelta(days=1)


def pace(meta: str, settings=MAPPED, network=None, log=""):
    s = Subject(contact("Kim", meta, log), settings, TODAY)
    return pace_of(s, network or Network())


@pytest.mark.parametrize("meta, days, source, why", [
    ("tags: [mentor]\ncircle: alumni\ninfluence: 5\ncadence: 10d", 10, "note",
     "the note's cadence"),
    ("tags: [mentor]\ncircle: alumni\ninfluence: 5", 14, "tag", "your cadence for #mentor"),
    ("tags: [other]\ncircle: alumni\ninfluence: 5", 60, "circle",
     "the cadence for your alumni circle"),
    ("circle: Alumni", 60, "circle", "the cadence for your alumni circle"),
    ("circle: friend\ninfluence: 5", 21, "influence", "your cadence for influence 5"),
    ("influence: 4", 30, "default", "the default cadence"),
    ("", 30, "default", "the default cadence"),
])
def test_precedence_note_tag_circle_influence_default(meta, days, source, why):
    found_pace = pace(meta)
    assert (found_pace.cadence, found_pace.source, found_pace.why) == (
        dt.timedelta(days=days), source, why)


def test_a_tag_mapped_to_never_and_the_notes_never():
    assert pace("tags: [quiet]").cadence == NEVER
    assert pace("tags: [mentor]\ncadence: never").cadence == NEVER


def test_the_first_mapped_tag_in_the_configs_order_wins():
    assert pace("tags: [quiet, mentor]").key == "mentor"


def test_keep_in_touch_says_which_cadence_applies():
    result = agenda(contact("Kim", "circle: alumni", f"- {d(-60)} (email) Hello"),
                    settings=MAPPED)
    assert found(result, "keep-in-touch") == [
        ("Kim", TODAY, f"Check in with Kim: last contact {_when(-60)}; you keep in touch "
                       "with your alumni circle every 60 days")]
    item = [i for i in result.items if i.rule == "keep-in-touch"][0]
    assert (item.clause, item.draft) == ("check in with {them}", "check-in")


@pytest.mark.parametrize("last, due", [(-13, 1), (-14, 0), (-15, -1)])
def test_a_tag_cadence_at_its_edges(last, due):
    result = agenda(contact("Kim", "tags: [mentor]", f"- {d(last)} (email) Hello"),
                    settings=MAPPED)
    assert [day for _n, day, _t in found(result, "keep-in-touch")] == [
        TODAY + due * DAY]


def test_no_map_keeps_todays_sentence():
    result = agenda(contact("Kim", "", f"- {d(-30)} (email) Hello"))
    assert found(result, "keep-in-touch")[0][2].endswith("you keep in touch every 30 days")


# --- a live matter ---------------------------------------------------------------------

def lead(status: str, changed: int, people: str = 'contacts: ["[[Kim]]"]'):
    return note("leads/Acme.md", f"role: Platform Engineer\nstatus: {status}\n{people}",
                f"- {d(changed)} Sent the application")


def live(*notes, settings=None, today=TODAY):
    by_name = {n.path.rsplit("/", 1)[-1][:-3].lower(): n for n in notes}

    def resolve(target):
        found_note = by_name.get(target.lower())
        return Subject(found_note, settings or RuleSettings(), today) if found_note else None

    return live_matters(notes, Context(today, settings or RuleSettings(), resolve))


@pytest.mark.parametrize("changed, is_live", [
    (-29, True), (-30, True), (-31, False),  # active_for, 30 days, at its edge
    (0, True), (1, False),  # a change dated later is a plan, not a change
])
def test_live_while_the_last_change_is_within_active_for(changed, is_live):
    kim = contact("Kim")
    found_live = live(lead("applied", changed), kim)
    assert found_live == ({"people/Kim.md": ("Acme", TODAY + changed * DAY)} if is_live
                          else {})


@pytest.mark.parametrize("status, is_live", [
    ("applied", True), ("interviewing", True), ("offer", True), ("hired", False),
    ("rejected", False), ("lead", False),
])
def test_live_statuses(status, is_live):
    assert bool(live(lead(status, -1), contact("Kim"))) is is_live


def test_a_lead_without_log_uses_updated_and_its_source_counts():
    acme = note("leads/Acme.md", f'status: offer\nsource: "[[Kim]]"\nupdated: {d(-30)}')
    assert live(acme, contact("Kim")) == {"people/Kim.md": ("Acme", TODAY - 30 * DAY)}


def test_active_for_is_a_setting():
    settings = RuleSettings(active_for=10 * DAY)
    assert live(lead("applied", -10), contact("Kim"), settings=settings)
    assert not live(lead("applied", -11), contact("Kim"), settings=settings)


def test_a_live_matter_quickens_keep_in_touch_and_says_why():
    result = agenda(lead("interviewing", -3),
                    contact("Kim", "", f"- {d(-7)} (email) About the role"))
    assert found(result, "keep-in-touch") == [
        ("Kim", TODAY, f"Check in with Kim: last contact {_when(-7)}; you keep in touch every "
                       "7 days while Acme is live")]


def test_a_live_matter_is_paced_by_active_cadence_at_its_edges():
    for last, due in ((-6, 1), (-7, 0), (-8, -1)):
        result = agenda(lead("applied", -1), contact("Kim", "", f"- {d(last)} (email) Hi"))
        assert [day for _n, day, _t in found(result, "keep-in-touch")] == [TODAY + due * DAY]


def test_once_the_matter_is_over_the_normal_cadence_is_back():
    result = agenda(lead("applied", -31), contact("Kim", "", f"- {d(-7)} (email) Hi"))
    assert found(result, "keep-in-touch") == []


def test_the_notes_never_wins_and_a_shorter_own_cadence_stays():
    kim = Subject(contact("Kim", "cadence: never"), RuleSettings(), TODAY)
    network = Network(live={"people/Kim.md": ("Acme", TODAY)})
    assert pace_of(kim, network).cadence == NEVER
    kim = Subject(contact("Kim", "cadence: 3d"), RuleSettings(), TODAY)
    assert (pace_of(kim, network).cadence, pace_of(kim, network).source) == (3 * DAY, "note")
    kim = Subject(contact("Kim", "cadence: 10d"), RuleSettings(), TODAY)
    assert (pace_of(kim, network).cadence, pace_of(kim, network).source) == (7 * DAY, "live")


def test_active_min_gap_holds_for_two_days_not_seven():
    log = f"- {d(-1)} (email) About the role"
    kim = contact("Kim", f"next: {d(0)}", log)
    assert held(agenda(kim), "keep-in-touch") == [("Kim", TODAY, TODAY + 6 * DAY)]
    assert held(agenda(lead("applied", -1), kim), "keep-in-touch") == [
        ("Kim", TODAY, TODAY + DAY)]
    kim = contact("Kim", f"next: {d(0)}", f"- {d(-2)} (email) About the role")
    assert found(agenda(lead("applied", -1), kim), "keep-in-touch")


def test_the_too_frequent_warning_still_applies_while_live():
    log = "\n".join(f"- {d(-i)} (email) About the role" for i in range(3))
    result = agenda(lead("applied", 0), contact("Kim", "", log))
    assert [w.rule for w in result.warnings] == ["too-frequent"]


# --- after a hire ----------------------------------------------------------------------

def hired(days: int = -10) -> Network:
    return Network(hire=Hire(TODAY + days * DAY, "Contoso", "Engineer", None))


@pytest.mark.parametrize("meta, days, source", [
    ("", 90, "employed"),
    ("influence: 5", 90, "employed"),
    ("cadence: 2w", 14, "note"),
    ("circle: alumni", 60, "circle"),
    ("tags: [mentor]", 14, "tag"),
])
def test_after_a_hire_employed_cadence_unless_the_note_tag_or_circle_says(meta, days,
                                                                           source):
    found_pace = pace(meta, network=hired())
    assert (found_pace.cadence, found_pace.source) == (days * DAY, source)


def test_a_hire_after_today_changes_nothing_yet():
    assert pace("", network=hired(1)).source == "default"
    assert pace("", network=hired(0)).source == "employed"


def test_employed_cadence_sentence():
    kim = contact("Kim", "", f"- {d(-90)} (email) Hi")
    settings = RuleSettings()
    s = Subject(kim, settings, TODAY)
    s.bind(hired())
    assert s.pace.every(None) == "you keep in touch every 90 days now that you are employed"


# --- same-name contacts ----------------------------------------------------------------

def test_namesakes_by_company_else_email():
    one = contact("Kim Lee", "company: \"[[Acme]]\"\nemail: kim@a.com")
    two = note("people/Kim Lee 2.md", "name: Kim Lee\ncompany: Contoso\nemail: kim@c.com")
    assert namesakes([one, two]) == {"people/Kim Lee.md": "Kim Lee (Acme)",
                                     "people/Kim Lee 2.md": "Kim Lee (Contoso)"}
    two = note("people/Kim Lee 2.md", "name: Kim Lee\ncompany: Acme\nemail: kim@c.com")
    assert namesakes([one, two]) == {"people/Kim Lee.md": "Kim Lee (kim@a.com)",
                                     "people/Kim Lee 2.md": "Kim Lee (kim@c.com)"}
    assert namesakes([one]) == {}


def test_agenda_sentences_tell_namesakes_apart():
    log = f"- {d(-40)} (email) Hi"
    result = agenda(contact("Kim Lee", "company: Acme", log),
                    note("people/Kim Lee 2.md", "name: Kim Lee\ncompany: Contoso", log))
    assert sorted(t for _n, _d, t in found(result, "keep-in-touch")) == [
        f"Check in with Kim Lee (Acme): last contact {_when(-40)}; you keep in touch every "
        "30 days",
        f"Check in with Kim Lee (Contoso): last contact {_when(-40)}; you keep in touch "
        "every 30 days"]


def test_settings_replace_keeps_map():
    assert dataclasses.replace(MAPPED, days=3).cadence == MAP


def _when(offset: int) -> str:
    from vaultkit.agenda.context import when
    return when(TODAY + offset * DAY, TODAY)


# --- show ------------------------------------------------------------------------------

def test_show_says_which_cadence_applies_and_why(tmp_path):
    from conftest import write
    from vaultkit.vault import Vault
    root = tmp_path / "vault"
    write(root, ".vaultkit/config.toml", '[rules.cadence]\ncircle.alumni = "60d"\n')
    write(root, "people/Kim.md", "---\nname: Kim Lee\ncircle: alumni\n---\n")
    write(root, "people/Ann.md", "---\nname: Ann\ncadence: never\n---\n")
    write(root, "leads/Acme.md", "---\nstatus: lead\n---\n")
    session = Vault.open(root, tmp_path / "index.sqlite3")
    session.sync()
    kim = session.show("Kim")
    assert kim.pace == {"cadence_days": 60, "cadence": "every 60 days", "source": "circle",
                        "why": "the cadence for your alumni circle", "min_gap_days": 7}
    assert "Cadence: every 60 days (the cadence for your alumni circle); minimum gap 7 days" \
        in session.show_page(kim)
    assert session.show("Ann").pace["cadence"] == "never"
    assert session.show("Acme").pace is None
    session.close()


# --- log's minimum-gap warning ---------------------------------------------------------

@pytest.mark.parametrize("ago, leads, expected", [
    (1, (), "the last contact with Kim was on Nov 26 (the day before); their minimum gap "
            "is 7 days."),
    (6, (), "the last contact with Kim was on Nov 21 (6 days before); their minimum gap "
            "is 7 days."),
    (7, (), None),
    (1, ("applied", -30), "the last contact with Kim was on Nov 26 (the day before); their "
                          "minimum gap is 2 days while Acme is live."),
    (2, ("applied", -30), None),
    (2, ("applied", -31), "the last contact with Kim was on Nov 25 (2 days before); their "
                          "minimum gap is 7 days."),
    (2, ("hired", -1), "the last contact with Kim was on Nov 25 (2 days before); their "
                       "minimum gap is 7 days."),
])
def test_log_gap_warning_while_a_matter_is_live(ago, leads, expected):
    from vaultkit.agenda.gap import gap_warning
    found_leads = [lead(*leads)] if leads else []
    warning = gap_warning("contact", "Kim", d(-ago), {}, RuleSettings, TODAY, TODAY,
                          lambda: found_leads)
    assert warning == expected


def test_log_gap_warning_reads_no_lead_outside_the_gap():
    from vaultkit.agenda.gap import gap_warning

    def no_leads():
        raise AssertionError("looked at the leads")

    assert gap_warning("contact", "Kim", d(-10), {}, RuleSettings, TODAY, TODAY,
                       no_leads) is None


def test_the_index_finds_namesakes_whose_file_is_named_after_them(tmp_path):
    from conftest import write
    from vaultkit.vault import Vault
    root = tmp_path / "vault"
    log = f"## Log\n- {d(-40)} (email) Hi\n"
    write(root, "people/Kim Lee.md", f"---\ncompany: Acme\n---\n{log}")
    write(root, "people/Kim Lee 2.md", f"---\nname: Kim Lee\ncompany: Contoso\n---\n{log}")
    write(root, "people/Ann.md", f"---\nname: Ann\n---\n{log}")
    session = Vault.open(root, tmp_path / "index.sqlite3")
    session.sync()
    assert sorted(i.name for i in session.agenda(TODAY).items) == [
        "Ann", "Kim Lee (Acme)", "Kim Lee (Contoso)"]
    session.close()


def test_names_of_linked_people_tell_namesakes_apart():
    one = contact("Kim Lee", "company: Acme")
    two = note("people/Kim Lee 2.md", "name: Kim Lee\ncompany: Contoso")
    subjects = {"kim lee 2": Subject(two, RuleSettings(), TODAY),
                "kim lee": Subject(one, RuleSettings(), TODAY)}
    ctx = Context(TODAY, RuleSettings(), lambda target: subjects.get(target.lower()),
                  Network(names=namesakes([one, two])))
    assert [name for name, _s in ctx.linked(["[[Kim Lee 2]]", "[[Nobody]]"])] == [
        "Kim Lee (Contoso)", "Nobody"]


def test_a_live_matter_never_backdates_a_check_in_to_before_it_began():
    """An offer on Nov 26 to a contact last seen in September: the quicker pace asks for a
    check-in from the lead's change on, not for one 'overdue since Sep 27'."""
    result = agenda(lead("offer", -1), contact("Kim", "", f"- {d(-68)} (email) Hi"))
    assert [day for _n, day, _t in found(result, "keep-in-touch")] == [TODAY - DAY]
