"""`check` tells errors (exit 1) from notices (links to notes not written yet, links several
notes fit: exit 0 unless --strict), and checks links only where the rules read them (the
front matter and log of contacts, leads, events, orgs) unless --all-links. One function,
notes.severity.is_error, classifies; `check --json` says it per problem (`severity`)."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner

from conftest import PLAIN_CONFIG as CONFIG
from conftest import write
from vaultkit.cli import cli
from vaultkit.notes.severity import ERROR, NOTICE, is_error, link_problem, severity


@pytest.fixture
def vault_at(tmp_path):
    def build(files: dict[str, str]):
        root = tmp_path / "vault"
        write(root, ".vaultkit/config.toml", CONFIG)
        for path, text in files.items():
            write(root, path, text)

        def run(*args: str, expect: int = 0):
            result = CliRunner().invoke(
                cli, ["--vault", str(root), "--index", str(tmp_path / "i.sqlite3"), *args],
                catch_exceptions=False)
            assert result.exit_code == expect, (result.stdout, result.stderr)
            return result

        return root, run

    return build


CONTACT = "---\nname: Kim Lee\ncompany: \"[[Acme]]\"\n---\n## Log\n"


def test_a_dangling_link_in_a_contacts_log_is_a_notice(vault_at):
    _root, run = vault_at({
        "people/Kim Lee.md": CONTACT + "- 2026-01-05 lunch with [[Someone New]]\n",
        "orgs/Acme.md": "",
    })
    result = run("check")
    assert result.stdout == (
        "Notices:\npeople/Kim Lee.md:6: link [[Someone New]] resolves to no note\n")
    assert result.stderr == "No errors; 1 notice.\n"
    run("check", "--strict", expect=1)
    assert json.loads(run("check", "--json").stdout) == [
        {"path": "people/Kim Lee.md", "line": 6, "severity": "notice",
         "message": "link [[Someone New]] resolves to no note"}]


def test_a_dangling_link_in_the_front_matter_of_a_lead_is_a_notice(vault_at):
    _root, run = vault_at({"leads/Role.md": "---\ncompany: \"[[Nowhere Inc]]\"\n---\n"})
    assert run("check").stdout == (
        "Notices:\nleads/Role.md:2: link [[Nowhere Inc]] resolves to no note\n")


def test_body_links_are_checked_with_all_links(vault_at):
    root, run = vault_at({
        "people/Kim Lee.md": CONTACT + "- 2026-01-05 lunch\n\n## Notes\nSee [[Idea]].\n",
        "orgs/Acme.md": "",
        "Ideas/Plain.md": "Some day: [[Not Yet Written]] and [[Idea]]\n",
    })
    result = run("check")
    assert (result.stdout, result.stderr) == ("", "No problems found.\n")
    result = run("check", "--all-links")
    assert result.stdout == (
        "Notices:\n"
        "Ideas/Plain.md:1: link [[Idea]] resolves to no note\n"
        "Ideas/Plain.md:1: link [[Not Yet Written]] resolves to no note\n"
        "people/Kim Lee.md:9: link [[Idea]] resolves to no note\n")
    run("check", "--all-links", "--strict", expect=1)
    run("check", "--strict")  # nothing in what the rules read
    plain = str(root / "Ideas/Plain.md")
    run("check", plain)
    assert "Not Yet Written" in run("check", "--all-links", plain).stdout


def test_an_ambiguous_link_is_a_notice(vault_at):
    _root, run = vault_at({
        "people/Kim Lee.md": CONTACT + "- 2026-01-05 met [[Sam]]\n",
        "orgs/Acme.md": "", "people/Sam.md": "", "archive/Sam.md": "",
    })
    result = run("check")
    assert result.stdout == (
        "Notices:\npeople/Kim Lee.md:6: link [[Sam]] matches 2 notes; it goes to "
        "people/Sam.md, use [[folder/name]] to pick one\n")
    run("check", "--strict", expect=1)


def test_errors_come_first_and_exit_1_with_notices_after(vault_at):
    _root, run = vault_at({
        "people/Kim Lee.md": "---\nname: Kim Lee\nmet: 2026-13-01\n---\n## Log\n"
                             "- 2026-01-05 met [[Nobody]]\n",
    })
    result = run("check", expect=1)
    assert result.stdout == (
        "people/Kim Lee.md:3: met: '2026-13-01' is not a date (YYYY-MM-DD)\n"
        "\nNotices:\npeople/Kim Lee.md:6: link [[Nobody]] resolves to no note\n")
    assert result.stderr == ""
    assert [p["severity"] for p in json.loads(run("check", "--json", expect=1).stdout)] == [
        "error", "notice"]


def test_notices_do_not_count_as_notes_with_problems(vault_at):
    _root, run = vault_at({
        "people/Kim Lee.md": CONTACT + "- 2026-01-05 lunch with [[Someone New]]\n",
    })
    assert run("list").stderr == ""
    write(_root, "people/Broken.md", "---\nname: [x\n---\n")
    assert run("list").stderr == "1 note has problems; run 'vaultkit check'\n"


@pytest.mark.parametrize("message", [
    "invalid YAML: mapping values are not allowed in this context",
    "met: '2026-13-01' is not a date (YYYY-MM-DD)",
    "cadence: 'often' is not an interval (e.g. 14d, 2w, 3m, monthly or never)",
    "git conflict markers: resolve the merge conflict",
    "same e-mail as people/Jane Doe.md (JANE.DOE@acme.example): a duplicate contact?",
    "log entry date '2026-1-5' is not YYYY-MM-DD (e.g. 2026-01-05)",
    "not UTF-8 text (byte 0xe9); save it as UTF-8",
    "a link [[X]] resolves to no note",  # not the message link_problem makes
])
def test_every_other_message_is_an_error(message):
    assert severity(message) == ERROR and is_error(message)


@pytest.mark.parametrize(("target", "matches", "chosen"), [
    ("Someone", 0, None), ("A|b]] x [[c", 0, None), ("Sam", 2, "people/Sam.md"),
    ("Sam", 12, None),
])
def test_link_messages_are_notices(target, matches, chosen):
    message = link_problem(target, matches, chosen)
    assert severity(message) == NOTICE and not is_error(message)


def obsidian_like(seed: int = 15) -> dict[str, str]:
    """A few hundred notes as an Obsidian user keeps them: daily notes linking ahead to
    notes not written yet, nested project folders, the same file name in several folders,
    aliases that are also another note's name, code with [[ ]] in it, and contacts whose
    logs name people with no note yet."""
    rng = random.Random(seed)
    files: dict[str, str] = {}
    people = [f"Person {i:03}" for i in range(60)]
    for i, name in enumerate(people):
        alias = people[(i + 1) % len(people)] if i % 10 == 0 else f"P{i}"
        log = "".join(f"- 2026-0{m}-1{m} (call) talked about [[Project {rng.randrange(40)}]]"
                      f" and [[Not Yet {rng.randrange(30)}]]\n" for m in range(1, 4))
        files[f"people/{name}.md"] = (
            f"---\nname: {name}\naliases: [{alias}]\ncadence: 30d\ntags: [friend]\n---\n"
            f"## Log\n{log}\n## Notes\nMet through [[{rng.choice(people)}]].\n")
    for i in range(40):
        folder = f"Projects/{'Active' if i % 2 else 'Archive'}/{i % 5}"
        files[f"{folder}/Project {i}.md"] = (
            f"---\naliases: [P{i}, Proj {i}]\n---\n# Project {i}\nOwner [[{rng.choice(people)}]]"
            f" · see [[Project {(i + 1) % 40}]] · ideas in [[Someday {i}]]\n"
            "```python\nlinks = '[[Not A Link]]'\n```\n"
            "Write it as `[[Page|label]]` or ``[[Other]]`` in Obsidian.\n")
        files[f"{folder}/README.md"] = f"Folder {folder}: [[README]] [[./Project {i}]]\n"
    for day in range(1, 201):
        month, dom = divmod(day - 1, 28)
        files[f"Daily/2026-{month + 1:02}-{dom + 1:02}.md"] = (
            f"# Day {day}\n- [ ] call [[{rng.choice(people)}]]\n"
            f"- thought about [[Topic {rng.randrange(80)}]] (not written yet)\n"
            f"- [[Project {rng.randrange(40)}|the project]] moved on\n")
    files["orgs/Acme.md"] = "---\naliases: [ACME Corp]\n---\n"
    files["leads/Acme Role.md"] = "---\ncompany: \"[[Acme]]\"\nstatus: applied\n---\n"
    return files


def test_an_obsidian_like_vault_passes_and_lists_notices(vault_at):
    files = obsidian_like()
    assert len(files) > 300
    root, run = vault_at(files)
    result = run("check")
    lines = result.stdout.splitlines()
    assert lines[0] == "Notices:" and len(lines) > 30
    assert all("resolves to no note" in line or "matches" in line for line in lines[1:])
    assert not any("Not A Link" in line or "[[Page" in line or "[[Other]]" in line
                   for line in lines)
    assert not any(line.startswith(("Daily/", "Projects/")) for line in lines)  # bodies
    assert result.stderr.startswith("No errors; ")
    everything = run("check", "--all-links").stdout
    assert "Daily/" in everything and "[[Not A Link]]" not in everything
    run("check", "--strict", expect=1)
    # one real error makes it fail
    write(root, "people/Person 007.md", "---\nname: Person 007\ncadence: often\n---\n")
    result = run("check", expect=1)
    assert result.stdout.startswith("people/Person 007.md:3: cadence: 'often' is not an")
    assert "\nNotices:\n" in result.stdout


def test_watch_reports_links_as_check_reads_them(tmp_path):
    from vaultkit.vault import Vault

    root = tmp_path / "v"
    write(root, ".vaultkit/config.toml", CONFIG)
    write(root, "people/Kim Lee.md", CONTACT + "- 2026-01-05 met [[New Person]]\n")
    write(root, "Daily/2026-01-05.md", "- [[Some Idea]]\n")
    vault = Vault.open(root, tmp_path / "i.sqlite3")
    try:
        vault.sync()
        assert {message for _p, _l, message in vault.problems()} == {
            "link [[Acme]] resolves to no note", "link [[New Person]] resolves to no note"}
    finally:
        vault.close()
