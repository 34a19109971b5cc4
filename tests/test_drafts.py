"""Message drafts: what each says and, as much, what it must not say (a thank-you for help
never given, a referrer named without leave), and the grammar check itself."""

from __future__ import annotations

import pytest

from tests.conftest import config_with, write
from tests.grammar import problems
from tests.test_rules import TODAY, contact, d, note
from vaultkit.agenda.draft_parts import news, plain, remark, topic
from vaultkit.agenda.drafts import draft_for
from vaultkit.errors import VaultkitError
from vaultkit.present.drafts import render_draft
from vaultkit.present.templates import Templates

FAIR = note("events/Fair.md", "name: Busan Job Fair")
PYCON = note("events/PyCon.md", "name: PyCon 2026")


def draft(kind, *notes, path="people/Jane.md"):
    context = draft_for(list(notes), path, kind, TODAY, "Alex Kim")
    return context, render_draft(Templates(None), context).text()


def jane(meta="", log=""):
    return contact("Jane", "name: Jane Doe\nemail: jane@acme.example\n" + meta, log)


def lead(status, who="contacts", log=""):
    return note("leads/L.md", f"role: SRE\ncompany: Acme\nstatus: {status}\n{who}: \"[[Jane]]\"",
                log or f"- {d(-2)} Interview #interview")


# --- the grammar check ---------------------------------------------------------------------

@pytest.mark.parametrize("bad", [
    "Tell Erik Lund about that you were hired.",
    "Thank you for taking the time to talk with me at Busan Job Fair on Nov 25.",
    "Thank you  for your help.", "Thank you , Jane.", "Thank you.. Jane", "Hi {{ name }}",
    "Your company None", "Roles: []", 'She said "hello.', "Hi ,", "Subject: ",
    "I am looking into it on Nov 20.", "Thanks.\nAnd more.", "We met at .",
    "Hi Jane,\n\n\nThanks.", "Thanks. ", "Follow up from Seoul DevOps Meetup",
])
def test_the_grammar_check_finds(bad):
    assert problems(bad)


@pytest.mark.parametrize("good", [
    "Thank you for taking the time to talk with me at the Busan Job Fair on Nov 25.",
    "We met at PyCon 2026 on Nov 20.", "I work at Acme.", "Best,\nAlex Kim",
    "To: jane@acme.example\nSubject: Thank you — Busan Job Fair\n\nDear Jane,\n\nThanks.\n",
    "[From your notes: coffee]", "I wonder… maybe",
])
def test_the_grammar_check_passes(good):
    assert problems(good) == []


# --- report-back: thanks only for help the vault shows -------------------------------------

def test_report_back_to_a_lead_contact_who_never_helped_is_a_plain_update():
    context, text = draft("report-back", jane(), lead("interviewing"))
    assert context.lead["role_of_contact"] == "contact" and context.contact["helped"] == 0
    assert "I had an interview on Nov 25" in text
    assert "help" not in text.replace("help you", "") and "Thank" not in text
    assert "made a real difference" not in text


def test_report_back_to_the_source_thanks_them_and_offers_help():
    context, text = draft("report-back", jane(), lead("interviewing", who="source"))
    assert context.lead["role_of_contact"] == "source"
    assert "Thank you for passing the lead on to me; it made a real difference." in text
    assert "return the favour, with a job search of your own or anything your business" in text


@pytest.mark.parametrize("kind", ["helped-me", "referral", "intro"])
def test_report_back_thanks_a_contact_whose_help_is_logged(kind):
    helped = jane(log=f"- {d(-9)} (email) Put in a word #{kind}")
    context, text = draft("report-back", helped, lead("offer", log=f"- {d(-1)} Offer #offer"))
    assert context.contact["helped"] == 1
    assert "I received an offer on Nov 26. Thank you for your help; it made a real" in text
    assert "return the favour" in text


def test_report_back_after_a_rejection_thanks_without_claiming_a_result():
    text = draft("report-back", jane(), lead("rejected", who="source"))[1]
    assert "it did not work out. Thank you for passing the lead on to me." in text
    assert "real difference" not in text


@pytest.mark.parametrize("status, said", [
    ("idea", "I am looking into it"), ("inquired", "I sent an inquiry on Nov 20"),
    ("applied", "I applied on Nov 20"), ("interviewing", "I had an interview on Nov 20"),
    ("offer", "I received an offer on Nov 20"), ("hired", "I was hired on Nov 20"),
    ("rejected", "it did not work out"), ("withdrawn", "I withdrew on Nov 20"),
    ("closed", "the position is closed"),
])
def test_news_dates_only_what_reads_well(status, said):
    assert news(status, "Nov 20") == said


# --- thank-you and follow-up-event: the event's name after "at" -----------------------------

@pytest.mark.parametrize("event, at", [(FAIR, "at the Busan Job Fair on Nov 26"),
                                       (PYCON, "at PyCon 2026 on Nov 26")])
def test_thank_you_names_the_event_as_it_reads(event, at):
    link = event.path.removeprefix("events/").removesuffix(".md")
    text = draft("thank-you", jane(f"met: {d(-1)}\nmet_at: \"[[{link}]]\""), event)[1]
    assert f"talk with me {at}." in text


def test_follow_up_event_recalls_the_event_and_the_talk_and_proposes_a_next_step():
    met = jane(f"met: {d(-1)}\ncompany: Acme",
               f"- {d(-1)} (in person) Talked about platform teams at [[Fair]] #met")
    context, text = draft("follow-up-event", met, FAIR)
    assert context.met["at"] == "the Busan Job Fair" and context.met["topic"] == "platform teams"
    assert text.splitlines()[1] == "Subject: Following up from the Busan Job Fair"
    assert ("It was good to meet you at the Busan Job Fair on Nov 26. I enjoyed our "
            "conversation about platform teams.") in text
    assert "a short call or a coffee in the next two weeks, to hear more about your work at " \
           "Acme?" in text


def test_follow_up_event_keeps_a_note_it_cannot_phrase_as_a_reminder_to_edit():
    met = jane(f"met: {d(-1)}", f"- {d(-1)} Great chat, she leads SRE #met [[Fair]]")
    text = draft("follow-up-event", met, FAIR)[1]
    assert "[From your notes: Great chat, she leads SRE]" in text
    assert "conversation about" not in text


@pytest.mark.parametrize("text, said", [
    ("Talked about Kubernetes #met [[Fair]]", "Kubernetes"),
    ("discussed hiring at [[Fair|the fair]]", "hiring"),
    ("We spoke about [[Acme]] and #tags", "Acme"),
    ("Coffee", None), ("Talked about", None), ("", None),
])
def test_topic(text, said):
    assert topic(text, ("Fair",)) == said


@pytest.mark.parametrize("text, said", [
    ("talked about #met", None), ("Talked about [[Fair]]", None), ("", None),
    ("Coffee, she leads SRE", "Coffee, she leads SRE"),
])
def test_remark(text, said):
    assert remark(text, ("Fair",)) == said


def test_an_unknown_status_reads_as_a_status():
    assert news("ghosted", "Nov 20") == "its status is ghosted"


def test_plain_keeps_link_names_drops_tags():
    assert plain("Met [[people/Jane Doe|Jane]] at [[Fair]] #met #ty.", ("Fair",)) == "Met Jane"


# --- introduce: the referrer named only with leave ------------------------------------------

@pytest.mark.parametrize("meta, named", [
    ("referred_by: \"[[Marcus]]\"\nmay_use_name: true", True),
    ("referred_by: \"[[Marcus]]\"\nmay_use_name: false", False),
    ("referred_by: \"[[Marcus]]\"", False),                       # never asked
    ("referred_by: \"[[Marcus]]\"\nmay_use_name: \"yes\"", False),  # not a yes/no
    ("", False),
])
def test_introduce_names_the_referrer_only_when_allowed(meta, named):
    marcus = contact("Marcus", "name: Marcus Chen")
    text = draft("introduce", jane(meta), marcus)[1]
    assert ("Marcus" in text) is named
    assert "short informational interview" in text and "not asking for a job" in text


def test_introduce_says_which_role_while_the_lead_is_live():
    text = draft("introduce", jane(), lead("applied"))[1]
    assert "I am looking for my next role, and SRE at Acme is one of the positions" in text
    assert "positions" not in draft("introduce", jane(), lead("hired"))[1]


# --- odd input ------------------------------------------------------------------------------

def test_odd_front_matter_gives_a_plain_draft():
    odd = contact("Odd", 'name: ""\nemail: [a@x.example, b@x.example]\ncompany: 42\n'
                         "title: [x]\nreferred_by: 7\nmay_use_name: maybe")
    context, text = draft("introduce", odd, path="people/Odd.md")
    assert context.contact["email"] == "a@x.example" and context.contact["company"] == "42"
    assert context.contact["title"] is None and context.referrer is None
    assert problems(text) == []


@pytest.mark.parametrize("email", ["a@x.example\nBcc: evil@y.example", "a b@x", "nobody"])
def test_an_address_that_would_add_a_header_line_is_dropped(email):
    quoted = email.replace("\n", "\\n")
    context, text = draft("thank-you", contact("Jane", f'email: "{quoted}"'))
    assert context.contact["email"] is None and "Bcc" not in text and "To:" not in text


def test_a_lead_without_contacts_says_so():
    with pytest.raises(VaultkitError, match="names no contact in 'source' or 'contacts'"):
        draft("report-back", note("leads/L.md", "status: applied"), path="leads/L.md")


def test_a_draft_for_an_event_asks_for_a_person():
    with pytest.raises(VaultkitError, match="is not a contact .*; name someone you met there"):
        draft("follow-up-event", FAIR, path="events/Fair.md")


def test_a_draft_asked_for_a_lead_is_about_that_lead():
    other = note("leads/M.md", "role: Later\nstatus: offer\ncontacts: \"[[Jane]]\"",
                 f"- {d(-1)} Offer #offer")
    context = draft("report-back", jane(), lead("applied"), other, path="leads/L.md")[0]
    assert context.lead["name"] == "L"


# --- through the CLI ------------------------------------------------------------------------

def test_unknown_kind_lists_the_kinds(run):
    err = run("draft", "haiku", "jane", expect=2).stderr
    assert "'haiku' is not one of" in err and "'introduce'" in err and "Traceback" not in err


def test_cli_odd_contacts_never_trace_back(run, vault):
    write(vault, "people/Odd.md", '---\nname: ""\nemail: [a@x.example]\ncompany: 42\n---\n')
    write(vault, "leads/Lone.md", "---\nrole: Nobody\nstatus: applied\n---\n# Lone\n")
    assert "Dear Odd," in run("draft", "introduce", "Odd").stdout
    err = run("draft", "report-back", "Lone", expect=1).stderr
    assert err.startswith("Error: the lead Lone names no contact") and "Traceback" not in err


def test_cli_mailto_of_a_non_ascii_name(run, vault):
    write(vault, "people/Zoë.md", "---\nname: Zoë Ångström\nemail: zoë@exämple.org\n---\n")
    url = run("draft", "thank-you", "Zoë", "--mailto").stdout.strip()
    assert url.startswith("mailto:zo%C3%AB@ex%C3%A4mple.org?subject=Thank%20you"
                          "&body=Dear%20Zo%C3%AB")
    assert url.isascii()


def test_draft_help_lists_every_kind(run):
    text = run("draft", "--help").stdout
    for kind in ("thank-you", "check-in", "report-back", "ask-referral", "follow-up-inquiry",
                 "introduce", "follow-up-event", "share-news", "announce", "offer-help",
                 "thank-for-help"):
        assert f"  {kind}" in text, kind


@pytest.mark.parametrize("kind, name, words", [
    ("share-news", "Ahmed Hassan", "there is no hire to tell Ahmed Hassan of yet"),
    ("thank-for-help", "Ahmed Hassan", "the vault shows no help from Ahmed Hassan"),
])
def test_a_draft_the_vault_contradicts_is_refused(run, kind, name, words):
    """No "my job search is over" before a hire, no thanks for help nobody gave."""
    failed = run("draft", kind, name, "--date", "2026-11-27", expect=1)
    assert words in failed.stderr and not failed.stdout


def test_no_announce_after_the_search_ended(run, vault):
    config_with(vault, '[search]\nstatus = "employed"\nemployed_on = 2026-11-20\n'
                       'employer = "Contoso"\n')
    failed = run("draft", "announce", "Marcus Chen", "--date", "2026-11-27", expect=1)
    assert "your search ended on Nov 20" in failed.stderr
