"""`vaultkit stats` (issue 16): exact figures on example-vault/ (golden text and JSON), each
rate and the funnel on small hand-built vaults at their edges, the --since/--until bounds,
bad dates and an empty vault."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import snapshot, write
from vaultkit.cli import cli
from vaultkit.insight.channels import channel, sparkline

DATE = "2026-11-27"
CONFIG = """[folders]
people = "contact"
leads = "lead"
events = "event"
orgs = "org"
"""


# --- the example vault ------------------------------------------------------------------

def test_stats_golden_text(run, golden):
    result = run("stats", "--date", DATE)
    golden("insight/stats.txt", result.stdout)
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_stats_golden_json(run, golden):
    result = run("stats", "--date", DATE, "--json")
    data = json.loads(result.stdout)
    golden("insight/stats.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def test_example_figures_checked_by_hand(run):
    """Figures read off the notes themselves (see the report of issue 16)."""
    data = json.loads(run("stats", "--date", DATE, "--json").stdout)
    assert data["schema_version"] == 1
    assert (data["since"], data["until"]) == ("2026-10-05", DATE)
    assert data["notes"] == {"contact": 16, "event": 4, "lead": 6, "note": 6, "org": 3}
    # Ahmed Hassan: met at the fair on Nov 25, no thank-you yet, due Nov 27 (today): pending.
    thanks = data["follow_through"]["thank_you"]
    assert [(c["name"], c["date"], c["due"]) for c in thanks["pending_cases"]] == [
        ("Ahmed Hassan", "2026-11-25", "2026-11-27")]
    # Globex: applied Nov 14 through the job board, nothing since: the agenda's overdue
    # follow-up; Hooli: applied Oct 19, the first interview came only on Nov 3; Umbrella:
    # applied Oct 12, the interview came only on Oct 22.
    follow = data["follow_through"]["follow_up"]
    assert [(c["name"], c["date"]) for c in follow["missed_cases"]] == [
        ("Globex SRE", "2026-11-14"), ("Hooli Cloud Engineer", "2026-10-19"),
        ("Umbrella Cloud Architect", "2026-10-12")]
    # Hooli came from the Seoul DevOps Meetup (an event): heard of Oct 15, applied Oct 19,
    # interviews Nov 3 and 17, the offer Nov 26.
    assert data["funnel"]["by_source"]["event"] == {
        "idea": 1, "applied": 1, "interviewing": 1, "offer": 1, "hired": 0, "ended": 0}
    hooli = next(lead for lead in data["funnel"]["leads"] if lead["name"].startswith("Hooli"))
    assert hooli["stages"] == {"idea": "2026-10-15", "applied": "2026-10-19",
                               "interviewing": "2026-11-03", "offer": "2026-11-26"}
    # Elena Petrova: connected on LinkedIn on Oct 20, the week of Oct 19.
    assert data["weeks"][2]["by_channel"]["linkedin"] == 1
    # Tom Becker gave the Umbrella lead; its interview (Oct 22) was not told him by Oct 25.
    report = data["follow_through"]["report_back"]
    assert [(c["name"], c["date"]) for c in report["missed_cases"]] == [
        ("Tom Becker", "2026-10-22")]
    # Tom's lead was rejected after that interview: it led to one all the same (PRODUCT.md:
    # "a lead that led to an interview ... the lead's source is credited a favour").
    assert [c["name"] for c in data["credits"]] == ["Jane Doe", "John Smith", "Tom Becker"]
    assert data["agenda"]["overdue"] == 5
    assert data["agenda"]["oldest"]["due"] == "2026-11-21"
    assert data["agenda"]["oldest"]["rule"] == "follow-up-inquiry"
    # The last week (Nov 23–27): Jane twice by phone, Ahmed in person, two messages.
    assert data["weeks"][-1] == {"week": "2026-11-23", "new_contacts": 1, "interactions": 5,
                                 "by_channel": {"in person": 1, "phone": 2, "message": 2}}


def test_stats_writes_nothing(run, vault):
    before = snapshot(vault)
    run("stats", "--date", DATE)
    assert snapshot(vault) == before


def test_help_fits_80_columns(run):
    text = run("stats", "--help").stdout
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "--since DATE" in text and "--until DATE" in text and "--date DATE" in text


# --- hand-built vaults ------------------------------------------------------------------

@pytest.fixture
def small(tmp_path):
    root = tmp_path / "small"
    write(root, ".vaultkit/config.toml", CONFIG)
    return root


def stats(root, *args: str, expect: int = 0) -> dict:
    result = CliRunner().invoke(cli, ["--vault", str(root), "--index",
                                      str(root.parent / "index.sqlite3"), "stats", *args],
                                catch_exceptions=False)
    assert result.exit_code == expect, result.output
    return json.loads(result.stdout) if expect == 0 and "--json" in args else result


def person(root, name: str, log: str, front: str = "") -> None:
    write(root, f"people/{name}.md", f"---\nname: {name}\n{front}---\n## Log\n{log}")


def lead(root, name: str, front: str, log: str = "") -> None:
    write(root, f"leads/{name}.md", f"---\n{front}---\n## Log\n{log}")


def test_thank_you_on_day_thank_within_is_kept_a_day_later_missed(small):
    person(small, "On Time", "- 2026-11-10 (in person) Coffee #met\n"
                             "- 2026-11-12 (email) Thanks #thanks\n")
    person(small, "Late", "- 2026-11-10 (in person) Coffee #met\n"
                          "- 2026-11-13 (email) Thanks #thanks\n")
    person(small, "Never", "- 2026-11-10 (in person) Coffee #met\n")
    person(small, "Just Met", "- 2026-11-19 (phone) A first call #met\n")
    rate = stats(small, "--date", "2026-11-20", "--json")["follow_through"]["thank_you"]
    assert (rate["kept"], rate["missed"], rate["pending"], rate["rate"]) == (1, 2, 1, 0.333)
    assert [c["name"] for c in rate["missed_cases"]] == ["Late", "Never"]
    assert rate["missed_cases"][0]["due"] == "2026-11-12"
    assert [c["name"] for c in rate["pending_cases"]] == ["Just Met"]


def test_met_key_is_a_meeting_too(small):
    person(small, "Front", "- 2026-11-11 (email) Thanks #thanks\n", "met: 2026-11-10\n")
    rate = stats(small, "--date", "2026-11-20", "--json")["follow_through"]["thank_you"]
    assert (rate["kept"], rate["missed"]) == (1, 0)


def test_report_back_within_report_within(small):
    person(small, "Told", "- 2026-11-01 (phone) Call\n"
                          "- 2026-11-13 (email) Told her #update\n")
    person(small, "Late", "- 2026-11-01 (phone) Call\n"
                          "- 2026-11-15 (email) Told him #update\n")
    lead(small, "A", 'role: SRE\ncompany: A\nsource: "[[Told]]"\nstatus: interviewing\n',
         "- 2026-11-05 (email) Applied #applied\n- 2026-11-10 (video) Interview #interview\n")
    lead(small, "B", 'role: SRE\ncompany: B\nsource: "[[Late]]"\nstatus: interviewing\n',
         "- 2026-11-05 (email) Applied #applied\n- 2026-11-11 (video) Interview #interview\n")
    rate = stats(small, "--date", "2026-11-20", "--json")["follow_through"]["report_back"]
    assert (rate["kept"], rate["missed"]) == (1, 1)
    assert [(c["name"], c["due"]) for c in rate["missed_cases"]] == [("Late", "2026-11-14")]


def test_an_update_in_the_lead_note_naming_the_source_counts(small):
    person(small, "Told", "- 2026-11-01 (phone) Call\n")
    lead(small, "A", 'role: SRE\nsource: "[[Told]]"\nstatus: interviewing\n',
         "- 2026-11-10 (video) Interview #interview\n"
         "- 2026-11-12 (email) Told [[Told]] #update\n")
    rate = stats(small, "--date", "2026-11-20", "--json")["follow_through"]["report_back"]
    assert (rate["kept"], rate["missed"]) == (1, 0)


@pytest.mark.parametrize("answer, kept, missed, pending", [
    ("2026-11-08", 1, 0, 0),  # on day follow_up_after (7d): in time
    ("2026-11-09", 0, 1, 0),  # a day later: missed
    (None, 0, 1, 0),          # nothing since: missed
])
def test_follow_up_within_follow_up_after(small, answer, kept, missed, pending):
    log = "- 2026-11-01 (web) Applied #applied\n"
    if answer:
        log += f"- {answer} (email) Asked how it stands\n"
    lead(small, "A", "role: SRE\nsource: job board\nstatus: applied\n", log)
    rate = stats(small, "--date", "2026-11-20", "--json")["follow_through"]["follow_up"]
    assert (rate["kept"], rate["missed"], rate["pending"]) == (kept, missed, pending)


def test_a_follow_up_not_yet_due_is_pending(small):
    lead(small, "A", "role: SRE\nstatus: applied\n", "- 2026-11-18 (web) Applied #applied\n")
    rate = stats(small, "--date", "2026-11-20", "--json")["follow_through"]["follow_up"]
    assert (rate["kept"], rate["missed"], rate["pending"], rate["rate"]) == (0, 0, 1, None)


def test_funnel_by_source_and_days_between(small):
    person(small, "Ref", "- 2026-10-01 (phone) Call\n")
    write(small, "events/Fair.md", "---\nname: Fair\ndate: 2026-10-02\n---\n")
    lead(small, "Referred", 'role: A\nsource: "[[Ref]]"\nstatus: offer\n',
         "- 2026-10-03 (phone) Heard of it #lead\n- 2026-10-05 (email) Applied #applied\n"
         "- 2026-10-12 (video) Interview #interview\n- 2026-10-20 (email) Offer #offer\n")
    lead(small, "At Fair", 'role: B\nsource: "[[Fair]]"\nstatus: interviewing\n',
         "- 2026-10-02 (in person) Met them at the fair #lead\n"
         "- 2026-10-06 (email) Inquired #inquired\n")
    lead(small, "Nowhere", "role: C\nstatus: rejected\n",
         "- 2026-10-04 (web) Applied #applied\n- 2026-10-09 (email) Rejected #rejected\n")
    lead(small, "Board", "role: D\nsource: job board\n")
    data = stats(small, "--date", "2026-10-31", "--json")["funnel"]
    sources = {p["name"]: (p["source"], p["source_name"]) for p in data["leads"]}
    assert sources == {"Referred": ("referral", "Ref"), "At Fair": ("event", "Fair"),
                       "Nowhere": ("none", ""), "Board": ("job board", "job board")}
    assert data["reached"] == {"idea": 4, "applied": 3, "interviewing": 2, "offer": 1,
                               "hired": 0, "ended": 1}
    assert data["by_source"]["event"]["interviewing"] == 1
    stages = {p["name"]: p["stages"] for p in data["leads"]}
    # Interviewing by its status alone: reached, on a day the log does not say.
    assert stages["At Fair"] == {"idea": "2026-10-02", "applied": "2026-10-06",
                                 "interviewing": None}
    assert stages["Nowhere"] == {"idea": None, "applied": "2026-10-04"}
    assert data["days_between"]["idea→applied"] == {"median": 3, "count": 2}
    assert data["days_between"]["applied→interviewing"] == {"median": 7, "count": 1}
    assert data["days_between"]["interviewing→offer"] == {"median": 8, "count": 1}


def test_stages_logged_backwards_give_no_negative_days(small):
    """Found in review: a lead applied Nov 20, interviewed Nov 10 and offered Nov 1 gave
    medians of -10 and -9 days. A step that goes back in time is no measure of one."""
    lead(small, "Backwards", "role: A\nstatus: offer\n",
         "- 2026-11-20 (email) Applied #applied\n- 2026-11-10 (video) Interview #interview\n"
         "- 2026-11-01 (email) Offer #offer\n")
    days = stats(small, "--date", "2026-11-27", "--json")["funnel"]["days_between"]
    assert all(d["median"] is None or d["median"] >= 0 for d in days.values()), days
    assert days["applied→interviewing"] == {"median": None, "count": 0}


def test_credits_and_favours(small):
    person(small, "Helper", "- 2026-11-01 (phone) Reviewed my CV #helped-me\n"
                            "- 2026-11-02 (email) Sent her a talk #helped-them\n")
    lead(small, "L", 'role: A\nsource: "[[Helper]]"\nstatus: interviewing\n',
         "- 2026-11-05 (video) Interview #interview\n")
    data = stats(small, "--date", "2026-11-20", "--json")
    assert data["credits"] == [{"name": "Helper", "path": "people/Helper.md",
                                "leads": [{"name": "L", "status": "interviewing"}]}]
    assert data["favours"]["people"] == [{"name": "Helper", "path": "people/Helper.md",
                                          "helped_me": 1, "helped_them": 1, "leads": 1,
                                          "balance": 1}]


def test_a_lead_rejected_after_its_interview_still_credits_its_source(small):
    """Found in review: a lead rejected after its interview left its source out of "whose
    help led to interviews" and of the favours. One rejected with no interview logged
    credits no one; nor does an interview logged after the day asked about."""
    for name in ("Tom", "Ann", "Kim"):
        person(small, name, "- 2026-10-01 (phone) Caught up #checkin\n")
    lead(small, "Rejected later", 'role: A\nsource: "[[Tom]]"\nstatus: rejected\n',
         "- 2026-10-22 (video) Interview #interview\n- 2026-11-02 Rejected #rejected\n")
    lead(small, "Never heard", 'role: B\nsource: "[[Ann]]"\nstatus: rejected\n',
         "- 2026-10-10 Applied #applied\n- 2026-10-30 Rejected #rejected\n")
    lead(small, "Later", 'role: C\nsource: "[[Kim]]"\nstatus: rejected\n',
         "- 2026-11-25 (video) Interview #interview\n- 2026-11-26 Rejected #rejected\n")
    data = stats(small, "--date", "2026-11-20", "--json")
    assert data["credits"] == [{"name": "Tom", "path": "people/Tom.md",
                                "leads": [{"name": "Rejected later", "status": "rejected"}]}]
    assert [(f["name"], f["leads"]) for f in data["favours"]["people"]] == [("Tom", 1)]


def test_a_contact_credited_only_through_a_lead_is_named_and_in_the_favours(small):
    """Found in review: a source with no favour entries and no meeting in the window was
    credited by its path, and left out of the favours."""
    person(small, "Plain Pat", "- 2026-06-01 (email) Catch-up #checkin\n")
    lead(small, "Pat Lead", 'role: A\nsource: "[[Plain Pat]]"\nstatus: offer\n',
         "- 2026-11-05 (video) Interview #interview\n- 2026-11-12 (email) Offer #offer\n")
    data = stats(small, "--date", "2026-11-20", "--json")
    assert data["credits"] == [{"name": "Plain Pat", "path": "people/Plain Pat.md",
                                "leads": [{"name": "Pat Lead", "status": "offer"}]}]
    assert data["favours"]["people"] == [{"name": "Plain Pat", "path": "people/Plain Pat.md",
                                          "helped_me": 0, "helped_them": 0, "leads": 1,
                                          "balance": 1}]


def test_a_lead_first_dated_after_the_window_is_not_in_it(small):
    """Found in review: a lead whose every entry came after --until counted in a past
    window as if it had no date at all, with today's status."""
    lead(small, "Later", "role: A\nstatus: offer\n",
         "- 2026-11-05 (email) Applied #applied\n- 2026-11-12 (email) Offer #offer\n")
    lead(small, "Undated", "role: B\nstatus: idea\n")
    past = stats(small, "--since", "2026-09-01", "--until", "2026-09-30", "--date",
                 "2026-09-30", "--json")["funnel"]
    assert [lead["name"] for lead in past["leads"]] == ["Undated"]
    now = stats(small, "--date", "2026-11-20", "--json")["funnel"]
    assert sorted(lead["name"] for lead in now["leads"]) == ["Later", "Undated"]


def test_since_and_until_are_inclusive(small):
    person(small, "P", "- 2026-11-01 (email) Before\n- 2026-11-02 (Email) First day\n"
                       "- 2026-11-08 Last day, no channel\n- 2026-11-09 (phone) After\n")
    data = stats(small, "--since", "2026-11-02", "--until", "2026-11-08", "--date",
                 "2026-11-20", "--json")
    assert [w["week"] for w in data["weeks"]] == ["2026-11-02"]
    assert data["weeks"][0]["interactions"] == 2
    assert data["channels"] == {"e-mail": 1, "none": 1}


def test_notes_and_open_tasks_are_not_interactions(small):
    person(small, "P", "- 2026-11-02 (email) Wrote #note\n- [ ] 2026-11-03 Call back\n"
                       "- [x] 2026-11-04 (phone) Called back\n")
    data = stats(small, "--since", "2026-11-01", "--until", "2026-11-08", "--date",
                 "2026-11-20", "--json")
    assert data["channels"] == {"phone": 1}


@pytest.mark.parametrize("args, message", [
    (["--since", "2026-02-30"], "--since: '2026-02-30' is not a real date"),
    (["--until", "yesterday"], "--until: 'yesterday' is not a date"),
    (["--date", "2026-13-01"], "--date: '2026-13-01' is not a real date (month 13)"),
    (["--since", "2026-11-10", "--until", "2026-11-01"], "is after --until"),
])
def test_bad_dates_exit_2(small, args, message):
    result = stats(small, *args, expect=2)
    assert message in result.output
    assert "Traceback" not in result.output


def test_empty_vault(small):
    data = stats(small, "--date", "2026-11-20", "--json")
    assert data["notes"] == {} and data["channels"] == {}
    assert data["follow_through"]["thank_you"]["rate"] is None
    assert data["funnel"]["reached"]["idea"] == 0 and data["agenda"]["oldest"] is None
    text = stats(small, "--date", "2026-11-20").stdout
    assert "Agenda     nothing overdue" in text
    assert max(len(line) for line in text.splitlines()) <= 80


@pytest.mark.parametrize("written, meant", [
    ("in person", "in person"), ("In-Person", "in person"), ("Email", "e-mail"),
    ("e-mail", "e-mail"), ("LinkedIn", "linkedin"), ("call", "phone"), (None, "none"),
    ("  ", "none"), ("carrier pigeon", "other")])
def test_channels(written, meant):
    assert channel(written) == meant


def test_sparkline():
    assert sparkline([0, 1, 2, 4]) == "▁▃▅█"
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([]) == ""


def test_meetings_on_the_bounds_count_and_past_them_not(small):
    person(small, "First Day", "- 2026-11-02 (in person) Coffee #met\n"
                               "- 2026-11-02 (email) Thanks the same day #thanks\n")
    person(small, "Last Day", "- 2026-11-08 (in person) Lunch #met\n")
    person(small, "Before", "- 2026-11-01 (in person) Coffee #met\n")
    person(small, "After", "- 2026-11-09 (in person) Coffee #met\n")
    rate = stats(small, "--since", "2026-11-02", "--until", "2026-11-08", "--date",
                 "2026-11-20", "--json")["follow_through"]["thank_you"]
    assert (rate["kept"], rate["missed"]) == (1, 1)
    assert [c["name"] for c in rate["missed_cases"]] == ["Last Day"]


def test_a_lead_outside_the_window_is_left_out_of_the_funnel(small):
    lead(small, "Old", "role: A\nstatus: applied\n", "- 2026-01-05 (web) Applied #applied\n")
    lead(small, "New", "role: B\nstatus: applied\n", "- 2026-11-05 (web) Applied #applied\n")
    data = stats(small, "--since", "2026-11-01", "--date", "2026-11-20", "--json")
    assert [p["name"] for p in data["funnel"]["leads"]] == ["New"]


def test_an_absurd_window_is_refused_not_computed_for_minutes(run):
    result = run("stats", "--since", "0001-01-01", "--until", "9999-12-31", expect=2)
    assert "over 10 years" in result.stderr


def test_the_week_table_stays_aligned_across_a_new_year(run):
    text = run("stats", "--date", "2027-01-10").stdout
    table = text.split("Week of", 1)[1].split("Talks a week", 1)[0].splitlines()
    rows = [line for line in table[1:] if line.strip()]
    assert any(", 2026" in row for row in rows) and any("Jan 4" in row for row in rows)
    assert len({len(row) for row in rows}) == 1  # every row as wide: columns line up
