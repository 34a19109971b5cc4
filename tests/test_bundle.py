"""One message per person (agenda/bundle.py): items for one contact due close together
become one write-once item, and a contact you have been in touch with too often gets one
message for everything. Edges: the day before, on and after `bundle_within`; held items;
the too-frequent warning; `--rule`; the clauses the rules give; the write-once draft."""

from __future__ import annotations

import datetime as dt

import pytest
from test_rules import TODAY, agenda, contact, d, note

from vaultkit.agenda.build import RuleSettings
from vaultkit.agenda.bundle import (
    WRITE_ONCE,
    asked,
    bundle,
    english_list,
    first_person,
    task_clause,
    with_parts,
)
from vaultkit.agenda.context import Subject
from vaultkit.agenda.drafts import draft_for
from vaultkit.errors import VaultkitError
from vaultkit.model import AgendaItem, AgendaWarning

JANE = "people/Jane Doe.md"
SETTINGS = RuleSettings()


def part(rule: str, offset: int, clause: str, path: str = JANE, name: str = "Jane Doe",
         **more) -> AgendaItem:
    return AgendaItem(rule, path, name, path[7:-3], TODAY + dt.timedelta(days=offset),
                      f"{rule} text", clause=clause, **more)


def jane(meta: str = "pronouns: she/her", log: str = ""):
    return contact("Jane Doe", f"name: Jane Doe\n{meta}", log)


def run(items, held=(), warned=(), people=None, settings=SETTINGS, wanted=()):
    subjects = {n.path: Subject(n, settings, TODAY) for n in people or [jane()]}
    return bundle(list(items), list(held), list(warned), TODAY, settings, subjects.get,
                  frozenset(wanted))


def texts(items):
    return [(i.rule, i.due, i.text) for i in items]


# --- the window ------------------------------------------------------------------------

@pytest.mark.parametrize("later, together", [
    (2, True),    # the day before the window's end
    (3, True),    # on it: bundle_within (3d) of the earliest
    (4, False),   # the day after
    (0, True),    # the same day
])
def test_items_within_bundle_within_of_the_earliest_become_one(later, together):
    items, _ = run([part("thank-for-help", 0, "thank {them} for the names"),
                    part("report-back", later, "tell {them} about the Acme interview")])
    if together:
        assert texts(items) == [(WRITE_ONCE, TODAY, "Write to Jane Doe once: thank her for "
                                 "the names and tell her about the Acme interview")]
        assert [p.rule for p in items[0].parts] == ["thank-for-help", "report-back"]
    else:
        assert [i.rule for i in items] == ["thank-for-help", "report-back"]


def test_the_window_follows_the_setting():
    settings = RuleSettings(bundle_within=dt.timedelta(days=5))
    items, _ = run([part("thank-you", 0, "thank {them}"), part("announce", 5, "wish {them} well")],
                   settings=settings)
    assert [i.rule for i in items] == [WRITE_ONCE]
    none = RuleSettings(bundle_within=dt.timedelta(0))
    items, _ = run([part("thank-you", 0, "thank {them}"), part("announce", 1, "wish {them} well")],
                   settings=none)
    assert [i.rule for i in items] == ["thank-you", "announce"]


def test_windows_chain_from_the_next_earliest():
    items, _ = run([part("thank-you", -1, "a"), part("task", 1, "b"), part("birthday", 3, "c"),
                    part("keep-in-touch", 5, "d")])
    assert [(i.rule, i.due, [p.clause for p in i.parts]) for i in items] == [
        (WRITE_ONCE, TODAY - dt.timedelta(days=1), ["a", "b"]),
        (WRITE_ONCE, TODAY + dt.timedelta(days=3), ["c", "d"])]


def test_three_parts_read_as_an_english_list_and_the_bundle_takes_the_union():
    items, _ = run([part("thank-you", 0, "thank {them}", related=("A",), goals=("fintech",),
                         influence=2),
                    part("task", 1, "send {them} {their} book", related=("B", "A")),
                    part("announce", 2, "wish {them} well", influence=5, goals=("ai",))])
    one = items[0]
    assert one.text == "Write to Jane Doe once: thank her, send her her book and wish her well"
    assert (one.related, one.goals, one.influence, one.draft) == (
        ("A", "B"), ("fintech", "ai"), 5, WRITE_ONCE)
    assert (one.note, one.name, one.link) == (JANE, "Jane Doe", "Jane Doe")


def test_pronouns_default_to_them_and_their():
    items, _ = run([part("thank-you", 0, "thank {them}"), part("task", 0, "call {their} boss")],
                   people=[jane(meta="")])
    assert items[0].text == "Write to Jane Doe once: thank them and call their boss"


@pytest.mark.parametrize("items", [
    [part("thank-you", 0, "thank {them}"), part("create-note", 0, "")],   # no clause
    [part("thank-you", 0, "thank {them}"),
     part("thank-you", 0, "thank {them}", path="people/Kim.md", name="Kim")],  # two people
    [part("thank-you", 0, "thank {them}")],                                # one item
])
def test_no_bundle(items):
    assert run(items)[0] == items


def test_other_peoples_items_are_left_as_they_are():
    other = part("thank-you", 1, "thank {them}", path="people/Kim.md", name="Kim")
    items, _ = run([part("thank-you", 0, "a"), other, part("task", 2, "b")])
    assert [i.rule for i in items] == ["thank-you", WRITE_ONCE] and items[0] == other


# --- held items --------------------------------------------------------------------------

def test_a_held_item_joins_an_obligation_within_the_window():
    kept = part("keep-in-touch", 2, "check in", held_until=TODAY + dt.timedelta(days=5))
    items, held = run([part("thank-you", 0, "thank {them}")], held=[kept])
    assert held == []
    assert [p.rule for p in items[0].parts] == ["thank-you", "keep-in-touch"]
    assert items[0].due == TODAY and items[0].held_until is None
    assert items[0].parts[1].held_until == TODAY + dt.timedelta(days=5)


def test_held_items_alone_stay_held():
    kept = [part("keep-in-touch", 2, "check in", held_until=TODAY + dt.timedelta(days=5)),
            part("offer-help", 2, "offer help", held_until=TODAY + dt.timedelta(days=5))]
    items, held = run([], held=kept)
    assert (items, held) == ([], kept)


def test_a_held_item_outside_the_window_stays_held():
    kept = part("keep-in-touch", 4, "check in", held_until=TODAY + dt.timedelta(days=5))
    items, held = run([part("thank-you", 0, "thank {them}")], held=[kept])
    assert [i.rule for i in items] == ["thank-you"] and held == [kept]


# --- too often ----------------------------------------------------------------------------

def frequent_jane():
    return jane(log="\n".join(f"- {d(-k)} (email) Note #checkin" for k in (1, 2, 3)))


WARNED = [AgendaWarning("too-frequent", JANE, "Jane Doe", "…")]


def test_too_frequent_bundles_everything_in_the_horizon_into_the_next_message():
    kept = part("keep-in-touch", 6, "check in", held_until=TODAY + dt.timedelta(days=7))
    items, held = run([part("task", 7, "send {them} the deck"),
                       part("thank-you", 1, "thank {them}")],
                      held=[kept], warned=WARNED, people=[frequent_jane()])
    assert held == []
    assert texts(items) == [(WRITE_ONCE, TODAY + dt.timedelta(days=1),
                             "Write to Jane Doe once (you were in touch 3 times in the last 7 "
                             "days): thank her and send her the deck (it counts as your "
                             "check-in)")]


def test_too_frequent_with_one_item_leaves_it_alone():
    one = [part("thank-you", 1, "thank {them}")]
    assert run(one, warned=WARNED, people=[frequent_jane()])[0] == one


def test_too_frequent_held_items_alone_stay_held():
    kept = [part("keep-in-touch", 2, "a", held_until=TODAY + dt.timedelta(days=5)),
            part("offer-help", 3, "b", held_until=TODAY + dt.timedelta(days=5))]
    assert run([], held=kept, warned=WARNED, people=[frequent_jane()]) == ([], kept)


def test_another_persons_warning_does_not_widen_the_window():
    warned = [AgendaWarning("too-frequent", "people/Kim.md", "Kim", "…")]
    items, _ = run([part("thank-you", 0, "a"), part("task", 6, "b")], warned=warned)
    assert [i.rule for i in items] == ["thank-you", "task"]


# --- --rule ------------------------------------------------------------------------------

def test_rule_write_once_shows_only_bundles():
    items, _ = run([part("thank-you", 0, "a"), part("task", 1, "b"),
                    part("thank-you", 0, "c", path="people/Kim.md", name="Kim")],
                   wanted={WRITE_ONCE})
    assert [i.rule for i in items] == [WRITE_ONCE]


def test_rule_write_once_leaves_out_held_items_left_alone():
    kept = part("keep-in-touch", 2, "a", held_until=TODAY + dt.timedelta(days=5),
                path="people/Kim.md", name="Kim")
    assert run([], held=[kept], wanted={WRITE_ONCE}) == ([], [])
    assert run([], held=[kept], wanted={WRITE_ONCE, "keep-in-touch"}) == ([], [kept])


def test_rules_filter_the_parts_before_bundling():
    jane_note = jane(meta=f"pronouns: she\nmet: {d(-1)}\nbirthday: 1990-{d(1)[5:]}")
    full = agenda(jane_note)
    assert [i.rule for i in full.items] == [WRITE_ONCE]
    assert [i.rule for i in agenda(jane_note, rules=["birthday"]).items] == ["birthday"]
    assert [i.rule for i in agenda(jane_note, rules=[WRITE_ONCE]).items] == [WRITE_ONCE]
    both = agenda(jane_note, rules=["birthday", "thank-you"]).items
    assert [i.rule for i in both] == [WRITE_ONCE]


# --- the rules' clauses, through the whole agenda ----------------------------------------

def test_the_example_the_issue_gives():
    """Thank-you and a task of one contact, within three days: one item; her birthday two
    days on is wished on the day (a birthday joins only as a message's earliest part)."""
    result = agenda(
        contact("Jane Doe", f"name: Jane Doe\npronouns: she/her\nmet: {d(-2)}\n"
                f"met_at: \"[[Fair]]\"\nbirthday: 1990-{d(2)[5:]}",
                f"- [ ] Send Jane the article on hiring trends 📅 {d(1)}"),
        note("events/Fair.md", "name: Busan Job Fair"))
    assert texts(result.items) == [
        (WRITE_ONCE, TODAY, "Write to Jane Doe once: thank her for meeting you at the Busan "
                            "Job Fair on Nov 25 and send her the article on hiring trends"),
        ("birthday", TODAY + dt.timedelta(days=2), "Jane Doe turns 36 on Nov 29: send a note")]
    assert [p.draft for p in result.items[0].parts] == ["thank-you", None]


@pytest.mark.parametrize("meta, clause", [
    (f"met: {d(-1)}\nmet_at: \"[[Fair]]\"", "thank {them} for meeting you at the Busan Job "
                                             "Fair on Nov 26"),
    (f"met: {d(-1)}\nmet_at: \"[[PyCon]]\"", "thank {them} for meeting you at PyCon 2026 on "
                                              "Nov 26"),
    (f"met: {d(-1)}", "thank {them} for meeting you on Nov 26"),
])
def test_thank_you_clause(meta, clause):
    result = agenda(contact("Jane", meta), note("events/Fair.md", "name: Busan Job Fair"),
                    note("events/PyCon.md", "name: PyCon 2026"))
    one = [i for i in result.items if i.rule == "thank-you"][0]
    assert (one.clause, one.draft) == (clause, "thank-you")


def test_thank_you_clause_with_a_channel():
    result = agenda(contact("Jane", log=f"- {d(-1)} (video) Talked #met"))
    assert result.items[0].clause == "thank {them} for the video conversation on Nov 26"


def test_birthday_and_referral_clauses():
    result = agenda(contact("Jane", f"birthday: 1990-{d(3)[5:]}"),
                    contact("Kim", 'referred_by: "[[Jane]]"\nmay_use_name: true'))
    clauses = {i.rule: (i.clause, i.draft) for i in result.items}
    assert clauses["birthday"] == ("wish {them} a happy birthday on Nov 30", None)
    assert clauses["reach-out-referral"] == ("introduce yourself: Jane gave you {their} name",
                                             "introduce")


@pytest.mark.parametrize("allowed", ["may_use_name: false", ""])
def test_a_referral_clause_names_the_referrer_only_when_you_may(allowed):
    result = agenda(contact("Jane"), contact("Kim", f'referred_by: "[[Jane]]"\n{allowed}'))
    assert [i.clause for i in result.items] == ["introduce yourself"]


def test_tasks_outside_contacts_have_no_clause():
    result = agenda(note("leads/Acme.md", "status: applied", f"- [ ] Send the form 📅 {d(1)}"))
    assert [(i.rule, i.clause) for i in result.items if i.rule == "task"] == [("task", "")]


@pytest.mark.parametrize("text, clause", [
    ("Send Jane the article on hiring trends", "send {them} the article on hiring trends"),
    ("Send Jane Doe the article.", "send {them} the article"),
    ("Ask Jane about Jane's team", "ask {them} about {their} team"),
    ("Follow up with Jane about Omar", "follow up with {them} about Omar"),
    ("email the deck", "email the deck"),
    ("Lunch with Jane on Friday", "keep your promise: \u201cLunch with Jane on Friday\u201d"),
    ("Jane's book", "keep your promise: \u201cJane's book\u201d"),
    ("Call", "call"),
    ("", ""),
])
def test_task_clause(text, clause):
    assert task_clause(text, ("Jane Doe", "Jane")) == clause


# --- words -------------------------------------------------------------------------------

@pytest.mark.parametrize("words, joined", [
    ([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c"),
])
def test_english_list(words, joined):
    assert english_list(words) == joined


@pytest.mark.parametrize("clause, mine", [
    ("thank {them} for meeting you at the Fair", "thank you for meeting me at the Fair"),
    ("tell {them} about your interview", "tell you about my interview"),
    ("send {them} {their} book", "send you your book"),
    ("keep your promise: \u201cLunch\u201d", "keep my promise: \u201cLunch\u201d"),
    ("introduce yourself: Jane gave you {their} name", "introduce myself: Jane gave me your name"),
    ("tell {them} you start at Contoso", "tell you I start at Contoso"),
    ("let {them} know you were hired, and thank {them}", "let you know I was hired, and thank you"),
    ("do what you promised: \u201cLunch\u201d", "do what I promised: \u201cLunch\u201d"),
    ("tell {them} how you are doing", "tell you how I am doing"),
    ("offer {them} your help in return", "offer you my help in return"),
])
def test_first_person(clause, mine):
    assert first_person(clause) == mine


# --- the write-once draft ----------------------------------------------------------------

def test_write_once_draft_context_lists_the_parts():
    notes = [jane(meta=f"pronouns: she\nmet: {d(-1)}\nbirthday: 1990-{d(2)[5:]}")]
    result = agenda(*notes)
    context = draft_for(notes, JANE, WRITE_ONCE, TODAY, "Me")
    context = with_parts(context, result, notes)
    assert [(p["kind"], p["clause"], p["mine"]) for p in context.parts] == [
        ("thank-you", "thank her for meeting you on Nov 26",
         "thank you for meeting me on Nov 26"),
        ("birthday", "wish her a happy birthday on Nov 29",
         "wish you a happy birthday on Nov 29")]


def test_write_once_draft_of_one_item_and_of_none():
    notes = [jane(meta=f"met: {d(-1)}"), contact("Kim")]
    result = agenda(*notes)
    context = with_parts(draft_for(notes, JANE, WRITE_ONCE, TODAY, ""), result, notes)
    assert [p["kind"] for p in context.parts] == ["thank-you"]
    with pytest.raises(VaultkitError, match="asks you to write nothing to Kim"):
        with_parts(draft_for(notes, "people/Kim.md", WRITE_ONCE, TODAY, ""), result, notes)


# --- through the CLI: the formats and the draft ------------------------------------------

MIA = ("---\nname: Mia <b>Park</b>\npronouns: she/her\nmet: 2026-11-26\n"
       "birthday: 1991-11-29\nemail: mia@example.com\n---\n## Log\n"
       "- [ ] Send Mia the slides 📅 2026-11-28\n")


@pytest.fixture
def mia(vault):
    from conftest import write
    write(vault, "people/Mia Park.md", MIA)
    return vault


def test_formats_show_the_bundle_and_its_parts(run, mia):
    import json
    data = json.loads(run("agenda", "--date", "2026-11-27", "--format", "json").stdout)
    one = [i for i in data["items"] if i["note"] == "people/Mia Park.md"]
    assert [(i["rule"], i["draft"], [p["rule"] for p in i.get("parts", [])]) for i in one] == [
        (WRITE_ONCE, WRITE_ONCE, ["thank-you", "task"]), ("birthday", None, [])]
    assert one[0]["text"] == ("Write to Mia <b>Park</b> once: thank her for meeting you on "
                              "Nov 26 and send her the slides")
    text = run("agenda", "--date", "2026-11-27").stdout
    assert ("  Nov 28  Write to Mia <b>Park</b> once: thank her" in text
            and "\n          Nov 28  Send Mia the slides (Mia <b>Park</b>)  [task]\n" in text)
    md = run("agenda", "--date", "2026-11-27", "--format", "md").stdout
    assert "\n    - 2026-11-28 · " in md and "`task`\n" in md
    html = run("agenda", "--date", "2026-11-27", "--format", "html").stdout
    assert "<b>Park" not in html and '<ul class="parts">' in html
    assert html.count("Mia &lt;b&gt;Park&lt;/b&gt;") == 4


def test_the_md_agenda_with_bundles_inside_the_vault_adds_nothing(run, mia):
    before = run("agenda", "--date", "2026-11-27", "--format", "json").stdout
    run("agenda", "--date", "2026-11-27", "--format", "md", "--output", str(mia / "Agenda.md"))
    assert run("agenda", "--date", "2026-11-27", "--format", "json").stdout == before
    run("check")


def test_draft_write_once(run, mia):
    out = run("draft", "write-once", "Mia Park", "--date", "2026-11-27").stdout
    assert out.startswith("To: mia@example.com\nSubject: A note from")
    # Her birthday (Nov 29) is wished on the day, not in a message of Nov 27.
    assert ("\n\nI wanted to thank you for meeting me on Nov 26. "
            "I also wanted to send you the slides.\n\nIf there") in out
    failed = run("draft", "write-once", "Elena Petrova", "--date", "2026-11-27", expect=1)
    assert "asks you to write nothing to Elena Petrova" in failed.stderr


def test_a_part_another_covers_stays_in_parts_but_not_in_the_message():
    """Any message is a check-in, and a report-back to a lead's source already offers help:
    the bundle's sentence does not ask twice."""
    parts = [AgendaItem("offer-help", "p/J.md", "J", "J", TODAY, "Offer J your help",
                        clause="offer {them} your help"),
             AgendaItem("report-back", "p/J.md", "J", "J", TODAY, "Tell J",
                        clause="tell {them} about it, thank {them} and offer your help in "
                               "return"),
             AgendaItem("keep-in-touch", "p/J.md", "J", "J", TODAY, "Check in with J",
                        clause="check in with {them}")]
    assert [one.rule for one in asked(parts)] == ["report-back"]
    assert [one.rule for one in asked(parts[:1] + parts[2:])] == ["offer-help"]
    assert [one.rule for one in asked(parts[2:])] == ["keep-in-touch"]


@pytest.mark.parametrize("words, joined", [
    (["a, b", "c", "d"], "a, b; c; and d"), (["a, b", "c"], "a, b and c")])
def test_english_list_with_commas_inside(words, joined):
    assert english_list(words) == joined


def test_a_birthday_is_wished_on_the_day():
    """A birthday joins a message only as its earliest part: an earlier message does not
    carry the wish ahead of the day."""
    person = contact("Mia", f"birthday: 1990-{TODAY.month:02d}-{TODAY.day + 2:02d}",
                     f"- {d(-1)} (coffee) Met #met")
    bundled = {i.rule: [p.rule for p in i.parts] for i in agenda(person).items}
    assert "write-once" not in bundled and {"thank-you", "birthday"} <= bundled.keys()
    person = contact("Mia", f"birthday: 1990-{TODAY.month:02d}-{TODAY.day:02d}",
                     f"- {d(-1)} (coffee) Met #met")
    assert [[p.rule for p in i.parts] for i in agenda(person).items
            if i.rule == "write-once"] == [["birthday", "thank-you"]]


@pytest.mark.parametrize("value", ["0d", "0", 0])
def test_bundle_within_zero_is_a_setting(value, tmp_path):
    """The docs offer "0d" (only items due the same day make one message): it parses."""
    from vaultkit.agenda.settings import rule_settings
    assert rule_settings({"bundle_within": value}, tmp_path / "c.toml").bundle_within == \
        dt.timedelta(0)


@pytest.mark.parametrize("late, then, one", [
    (-5, 0, True),    # overdue since five days and due today: both owed now, one message
    (-9, 2, True),    # overdue, and due within bundle_within of today
    (-9, 4, False),   # the second falls due after the window that starts today
])
def test_what_is_owed_by_today_is_one_message(late, then, one):
    """Whatever is overdue is owed today: a week-old thank-you and today's news make one
    message, not two written the same day."""
    items, _ = run([part("thank-you", late, "thank {them}"), part("task", then, "call {them}")])
    assert ([i.rule for i in items] == [WRITE_ONCE]) is one
    if one:
        assert items[0].due == TODAY + dt.timedelta(days=late)  # shown as overdue


def test_share_news_thanks_for_the_help_once():
    parts = [AgendaItem("thank-for-help", "p/J.md", "J", "J", TODAY, "Thank J",
                        clause="thank {them} for {their} help on Nov 25"),
             AgendaItem("share-news", "p/J.md", "J", "J", TODAY, "Tell J",
                        clause="tell {them} you start at Contoso, and thank {them} for "
                               "{their} help")]
    assert [one.rule for one in asked(parts)] == ["share-news"]
