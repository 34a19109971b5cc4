"""`vaultkit init`, `vaultkit add` and `check --prep`, as a new user would run them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import snapshot, write
from test_write import diff
from vaultkit.cli import cli
from vaultkit.disk.names import safe_file_name


def invoke(*args, expect=0):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == expect, (result.stdout, result.stderr)
    return result


def test_a_new_user_session(tmp_path):
    root, index = tmp_path / "network", str(tmp_path / "index.sqlite3")
    made = invoke("init", str(root)).stdout.splitlines()
    assert "created .vaultkit/config.toml" in made and "created prep/Résumé.md" in made
    v = ["--vault", str(root), "--index", index]
    assert invoke(*v, "check", "--prep", expect=1).stdout.count("still empty") == 5
    invoke(*v, "add", "Jane Doe", "--company", "Acme", "--title", "Engineering Manager",
           "--email", "jane@acme.example", "--met", "2026-11-20", "--at", "Busan Job Fair",
           "--referred-by", "John Smith", "--may-use-name", "--tag", "fintech")
    note = (root / "people" / "Jane Doe.md").read_text()
    assert note == (
        "---\nname: Jane Doe\ntitle: Engineering Manager\ncompany: Acme\n"
        "email: jane@acme.example\ntags:\n  - fintech\nmet: 2026-11-20\n"
        "met_at: Busan Job Fair\nreferred_by: John Smith\nmay_use_name: true\n---\n"
        "# Jane Doe\n\nEngineering Manager at Acme.\n\n## Log\n")
    agenda = json.loads(invoke(*v, "agenda", "--date", "2026-11-21", "--format",
                               "json").stdout)
    assert [i["rule"] for i in agenda["items"]] == ["thank-you"]
    path = root / "people" / "Jane Doe.md"
    steps = [
        (["log", "jane", "Sent a thank-you note", "--via", "email", "--kind", "thanks",
          "--date", "2026-11-21"], ["+- 2026-11-21 (email) Sent a thank-you note #thanks"]),
        (["log", "jane", "Send her the article", "--task", "--date", "2026-12-01"],
         ["+- [ ] 2026-12-01 Send her the article"]),
        (["log", "jane", "Checked in about the team", "--via", "phone", "--kind", "checkin",
          "--date", "2026-12-22"], ["+- 2026-12-22 (phone) Checked in about the team #checkin"]),
        (["snooze", "jane", "2027-01-15"], ["+next: 2027-01-15"]),
        (["done", "jane", "article", "--date", "2026-12-02"],
         ["-- [ ] 2026-12-01 Send her the article",
          "+- [x] 2026-12-01 Send her the article ✅ 2026-12-02"]),
    ]
    for args, expected in steps:
        before = path.read_text()
        invoke(*v, *args)
        assert diff(before, path.read_text()) == expected, args
    def agenda(day):
        return json.loads(invoke(*v, "agenda", "--date", day, "--format", "json").stdout)

    early = agenda("2026-11-21")  # thanked; the task ticked; the check-in still ahead
    assert early["items"] == []  # the ticked task and the check-in are ahead of that day
    assert [w["rule"] for w in early["warnings"]] == ["future-entry", "future-entry"]
    assert agenda("2027-01-05")["items"] == []  # snoozed until Jan 15
    assert [(i["rule"], i["due"]) for i in agenda("2027-01-10")["items"]] == [
        ("keep-in-touch", "2027-01-15")]
    invoke(*v, "check")


def test_init_on_an_existing_folder_adds_only_what_is_missing(tmp_path):
    root = tmp_path / "obsidian"
    write(root, "prep/Résumé.md", "My résumé\n")
    write(root, ".vaultkit/config.toml", "[vault]\n")
    write(root, ".obsidian/app.json", "{}")
    before = snapshot(root)
    report = invoke("init", str(root)).stdout.splitlines()
    assert "kept prep/Résumé.md (exists)" in report
    assert "kept .vaultkit/config.toml (exists)" in report
    after = snapshot(root)
    assert {k: v for k, v in after.items() if k in before} == before


def test_links_to_notes_the_vault_has(run, vault):
    run("add", "Omar Diaz", "--company", "Acme", "--at", "Busan Job Fair", "--referred-by",
        "jane doe", "--met", "2026-11-26")
    text = (vault / "people" / "Omar Diaz.md").read_text()
    assert 'company: "[[Acme]]"' in text and 'met_at: "[[Busan Job Fair]]"' in text
    assert 'referred_by: "[[Jane Doe]]"' in text
    run("check")  # the referral link in Jane's log now resolves


@pytest.mark.parametrize("args, words", [
    (["Jane Doe"], "a note named 'Jane Doe' exists already: people/Jane Doe.md"),
    (["jane"], "a note named 'jane' exists already"),
    (["Someone", "--email", "JANE.DOE@acme.example"], "people/Jane Doe.md has that e-mail"),
    (["Someone", "--linkedin", "linkedin.com/in/Jane-Doe-Example"],
     "people/Jane Doe.md has that LinkedIn profile"),
])
def test_duplicates_are_refused(run, args, words):
    assert words in run("add", *args, expect=1).stderr


def test_new_allows_a_second_note_with_a_distinct_file(run, vault):
    run("add", "Jane Doe", "--new", "--company", "Globex")
    assert (vault / "people" / "Jane Doe 2.md").exists()
    assert (vault / "people" / "Jane Doe.md").read_text().count("Acme") >= 1


def test_other_kinds(run, vault):
    run("add", "lead", "Hooli SRE", "--role", "SRE", "--company", "Hooli", "--status",
        "applied", "--source", "Jane Doe")
    assert (vault / "leads" / "Hooli SRE.md").read_text().startswith(
        '---\nrole: SRE\ncompany: Hooli\nsource: "[[Jane Doe]]"\nstatus: applied\n---\n')
    run("add", "event", "Seoul Meetup", "--date", "2026-12-02", "--set", "location=Seoul")
    assert "date: 2026-12-02\nlocation: Seoul" in (vault / "events" / "Seoul Meetup.md"
                                                   ).read_text()
    run("add", "org", "Hooli", "--website", "https://hooli.example", "--member")
    assert (vault / "orgs" / "Hooli.md").exists()


@pytest.mark.parametrize("args, words", [
    (["X", "--set", "met=2026-13-01"], "met: '2026-13-01' is not a date"),
    (["X", "--status", "gone"], "status: 'gone' is not one of active"),
    (["X", "--cadence", "sometimes"], "cadence: 'sometimes' is not an interval"),
    (["X", "--set", "novalue"], "is not KEY=VALUE"),
])
def test_bad_values(run, vault, args, words):
    result = run("add", *args, expect=2 if "KEY=VALUE" in words else 1)
    assert words in result.stderr
    assert not (vault / "people" / "X.md").exists()


def test_a_name_cannot_inject_front_matter(run, vault):
    run("add", "x: y\nz: injected")
    text = (vault / "people" / "x y z injected.md").read_text()
    assert text.startswith("---\nname: 'x: y z: injected'\n---\n")


@pytest.mark.parametrize("name, file_name", [
    ("Jane Doe", "Jane Doe"), ("../../x", "x"), ("a/b", "a b"), ("CON", "CON (note)"),
    ("com1.txt", "com1.txt (note)"), ("What? #1 [draft]", "What 1 draft"), ("  . ", "Untitled"),
    ("é" * 300, "é" * 60), ("Zoë\u0308", "Zoë\u0308"),
])
def test_safe_file_names(name, file_name):
    assert safe_file_name(name) == file_name


def test_check_prep_on_the_example(run):
    result = run("check", "--prep")
    assert (result.stdout, result.stderr) == ("", "Every prep note has something in it.\n")
