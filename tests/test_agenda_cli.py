"""`vaultkit agenda` and `vaultkit draft` on a copy of example-vault/, through the CLI:
golden output in every format, templates and their errors, bad input."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from conftest import snapshot, write
from vaultkit.index import load

DATE = "2026-11-27"


@pytest.mark.parametrize("fmt, golden_name", [
    ("text", "agenda.txt"), ("md", "agenda.md"), ("html", "agenda.html"),
    ("json", "agenda.json")])
def test_agenda_golden(run, golden, fmt, golden_name):
    result = run("agenda", "--date", DATE, "--format", fmt)
    golden(golden_name, result.stdout)
    assert result.stderr == ""


def test_json_schema(run):
    data = json.loads(run("agenda", "--date", DATE, "--format", "json").stdout)
    assert set(data) == {"date", "days", "until", "items", "held", "warnings"}
    assert (data["date"], data["days"], data["until"]) == (DATE, 7, "2026-12-04")
    first = data["items"][0]
    assert set(first) == {"rule", "note", "name", "link", "due", "overdue", "days", "text",
                          "priority", "influence", "related", "draft", "goals", "id",
                          "mentions"}
    assert [i["priority"] for i in data["items"]] == list(range(1, len(data["items"]) + 1))
    every = [p for i in data["items"] for p in i.get("parts", [i])]  # bundled parts too
    assert {i["rule"] for i in every} >= {
        "thank-you", "act-on-lead", "follow-up-inquiry", "report-back", "keep-in-touch",
        "thank-for-help", "offer-help", "reach-out-referral", "create-note", "task",
        "birthday"}
    assert [h["held_until"] for h in data["held"]] == ["2026-11-28", "2026-12-02"]
    assert {w["rule"] for w in data["warnings"]} == {"too-frequent"}


def test_the_json_template_and_its_fast_path_agree(run, vault):
    fast = run("agenda", "--date", DATE, "--format", "json").stdout
    write(vault, ".vaultkit/templates/agenda.json.j2",
          '{% extends "builtin:agenda.json.j2" %}')
    assert run("agenda", "--date", DATE, "--format", "json").stdout == fast


def test_every_rule_appears_with_a_wider_horizon(run):
    data = json.loads(run("agenda", "--date", DATE, "--days", "30", "--format", "json").stdout)
    assert {i["rule"] for i in data["items"] + data["held"]} >= {"prepare-event", "renewal"}


def test_output_file_is_written_whole(run, tmp_path):
    target = tmp_path / "out" / "Agenda.md"
    target.parent.mkdir()
    target.write_text("old\n")
    run("agenda", "--date", DATE, "--format", "md", "--output", str(target))
    assert target.read_text() == run("agenda", "--date", DATE, "--format", "md").stdout
    assert [p.name for p in target.parent.iterdir()] == ["Agenda.md"]


def test_the_md_agenda_inside_the_vault_adds_no_items_or_problems(run, vault):
    before = run("agenda", "--date", DATE, "--format", "json").stdout
    run("agenda", "--date", DATE, "--format", "md", "--output", str(vault / "Agenda.md"))
    assert run("agenda", "--date", DATE, "--format", "json").stdout == before
    run("check")


def test_rule_and_tag_options(run):
    data = json.loads(run("agenda", "--date", DATE, "--format", "json", "--rule", "task",
                          "--rule", "birthday").stdout)
    assert {i["rule"] for i in data["items"]} == {"task", "birthday"}
    data = json.loads(run("agenda", "--date", DATE, "--format", "json",
                          "--tag", "fintech").stdout)
    # Omar Diaz has no note yet: his item belongs to Jane's note, where the name came up.
    # The Busan Fintech Night is tagged fintech too (an event to consider).
    assert {i["name"] for i in data["items"]} == {"Jane Doe", "Ahmed Hassan", "Omar Diaz",
                                                  "Busan Fintech Night"}


@pytest.mark.parametrize("args, words", [
    (["--date", "2026-13-01"], "Error: --date: '2026-13-01' is not a real date (month 13)"),
    (["--date", "tomorrow"], "Error: --date: 'tomorrow' is not a date: write it YYYY-MM-DD"),
    (["--rule", "nagging"], "Invalid value for '--rule'"),
    (["--format", "pdf"], "Invalid value for '--format'"),
    (["--days", "-1"], "Invalid value for '--days'"),
])
def test_usage_errors(run, args, words):
    assert words in run("agenda", *args, expect=2).stderr


def test_a_user_template_can_extend_a_builtin(run, vault):
    write(vault, ".vaultkit/templates/agenda.md.j2",
          '{% extends "builtin:agenda.md.j2" %}\n')
    assert run("agenda", "--date", DATE, "--format", "md").stdout.startswith("# Agenda for")
    write(vault, ".vaultkit/templates/mine.txt.j2",
          "{% for item in overdue %}{{ item.name }}\n{% endfor %}")
    assert run("agenda", "--date", DATE, "--template", "mine.txt.j2").stdout == (
        "Globex SRE\nYuki Tanaka\nKim Lee\nOmar Diaz\nSofia Rossi\n")


@pytest.mark.parametrize("text, message", [
    ("line one\n{% for x in %}\n", "Error: mine.txt.j2:2: Expected an expression, got 'end of "
                                    "statement block'\n"),
    ("one\ntwo\n{{ nothing_here }}\n", "Error: mine.txt.j2:3: 'nothing_here' is undefined\n"),
    ("{{ overdue[0].nope }}", "Error: mine.txt.j2:1: 'dict object' has no attribute "
                                   "'nope'\n"),
])
def test_template_errors_name_template_and_line(run, vault, text, message):
    write(vault, ".vaultkit/templates/mine.txt.j2", text)
    result = run("agenda", "--date", DATE, "--template", "mine.txt.j2", expect=4)
    assert result.stderr == message


def test_missing_template(run):
    result = run("agenda", "--template", "nope.j2", expect=4)
    assert result.stderr == "Error: template not found: nope.j2\n"


def test_templates_are_sandboxed(run, vault):
    write(vault, ".vaultkit/templates/evil.txt.j2", "{{ ''.__class__.__mro__ }}")
    result = run("agenda", "--template", "evil.txt.j2", expect=4)
    assert "__class__" in result.stderr


def test_config_with_the_wrong_type(run, vault):
    config = vault / ".vaultkit" / "config.toml"
    config.write_text(config.read_text().replace('min_gap = "7d"', "min_gap = 7.5"))
    result = run("agenda", expect=3)
    assert result.stderr == (f"Error: {config}: 'rules.min_gap' must be an interval such as "
                             "\"2d\", \"1w\" or \"1m\", not 7.5\n")


def test_markup_in_notes_is_escaped_in_html(run, vault):
    write(vault, "people/Evil.md", '---\nname: "<script>alert(1)</script> & \'Bob\'"\n'
                                   f"met: {DATE}\n---\n")
    html = run("agenda", "--date", DATE, "--format", "html").stdout
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;Bob&#39;" in html
    text = run("agenda", "--date", DATE).stdout
    assert "<script>alert(1)</script> & 'Bob'" in text  # text and md are not HTML


def test_bad_cadence_and_unknown_status_still_give_an_agenda(run, vault):
    write(vault, "people/Odd.md", "---\ncadence: whenever\n---\n## Log\n"
                                  "- 2026-09-01 (email) Hi #checkin\n")
    write(vault, "leads/Odd Lead.md", "---\nstatus: dreaming\n---\n")
    result = run("agenda", "--date", DATE, "--format", "json")
    odd = [i for i in json.loads(result.stdout)["items"] if i["name"] == "Odd"]
    assert odd[0]["due"] == "2026-10-01"  # the default cadence, 30 days
    assert result.stderr == "2 notes have problems; run 'vaultkit check'\n"
    problems = run("check", expect=1).stdout
    assert "people/Odd.md:2: cadence: 'whenever' is not an interval" in problems
    assert "leads/Odd Lead.md:2: status: 'dreaming' is not one of idea" in problems


def test_the_agenda_never_reads_note_files(run, monkeypatch):
    run("index")

    def refuse(*args, **kwargs):
        raise AssertionError("a note file was read")

    monkeypatch.setattr(load, "read", refuse)
    assert json.loads(run("agenda", "--date", DATE, "--format", "json").stdout)["items"]


def test_the_agenda_reflects_an_edit_at_once(run, vault):
    before = run("agenda", "--date", DATE).stdout
    assert "Send Ahmed Hassan a thank-you" in before
    path = vault / "people" / "Ahmed Hassan.md"
    path.write_text(path.read_text() + f"- {DATE} (email) Thanks for the chat #ty\n")
    assert "Send Ahmed Hassan a thank-you" not in run("agenda", "--date", DATE).stdout


def test_html_renders_in_a_real_browser(run, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Chromium is not installed (.ci/run installs it)")
    page = tmp_path / "agenda.html"
    run("agenda", "--date", DATE, "--format", "html", "--output", str(page))
    dom = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
         page.as_uri()], capture_output=True, text=True, timeout=120, check=True).stdout
    data = json.loads(run("agenda", "--date", DATE, "--format", "json").stdout)
    assert dom.count('class="item"') == len(data["items"]) + len(data["held"])
    assert "<h2>Overdue" in dom  # the names in sentences are links (test_agenda_pages)
    assert "Send Ahmed Hassan a thank-you" in re.sub(r"<[^>]+>", "", dom)


# --- drafts ----------------------------------------------------------------------------

def test_draft_thank_you(run, golden):
    golden("draft-thank-you.txt", run("draft", "thank-you", "Ahmed Hassan", "--date",
                                      DATE).stdout)


def test_draft_report_back_names_the_lead(run):
    text = run("draft", "report-back", "jane", "--date", DATE).stdout
    assert text.startswith("To: jane.doe@acme.example\nSubject: An update on Senior Platform "
                           "Engineer at Acme\n")
    assert "I had an interview on Nov 26" in text and "Alex Kim" in text


def test_draft_ask_referral_asks_permission(run):
    text = run("draft", "ask-referral", "John Smith", "--date", DATE).stdout
    assert "two or three people" in text and "may I mention your name" in text


@pytest.mark.parametrize("name, mentioned", [("Kim Lee", True), ("Priya Patel", False)])
def test_drafts_mention_the_referrer_only_with_permission(run, name, mentioned):
    text = run("draft", "thank-you", name, "--date", DATE).stdout
    referrer = "Jane Doe" if mentioned else "Marcus Chen"
    assert (referrer in text) is mentioned


def test_draft_follow_up_from_a_lead(run):
    text = run("draft", "follow-up-inquiry", "Globex SRE", "--date", DATE).stdout
    assert text.startswith("To: yuki.tanaka@globex.example\n")
    assert "my application for Site Reliability Engineer at Globex, sent on Nov 14" in text


def test_draft_mailto(run):
    url = run("draft", "check-in", "Marcus", "--mailto", "--date", DATE).stdout.strip()
    parts = urlsplit(url)
    assert (parts.scheme, unquote(parts.path)) == ("mailto", "marcus.chen@initech.example")
    query = parse_qs(parts.query)
    assert query["subject"] == ["Catching up"]
    assert query["body"][0].startswith("Hi Marcus,\r\n\r\nIt has been a while")
    assert " " not in url and "\n" not in url


def test_draft_errors(run):
    assert "is not a contact" in run("draft", "thank-you", "Acme", expect=1).stderr
    assert "Invalid value" in run("draft", "haiku", "jane", expect=2).stderr
    assert "no note named" in run("draft", "thank-you", "Nobody", expect=1).stderr


def test_read_commands_still_write_nothing_into_the_vault(run, vault):
    before = snapshot(vault)
    run("agenda", "--date", DATE)
    run("draft", "thank-you", "Ahmed", "--date", DATE)
    assert snapshot(vault) == before
