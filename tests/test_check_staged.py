"""`check PATH…`: some notes alone, as a hook passes the files it commits: their own
problems, their links', the duplicate contacts they are part of."""

from __future__ import annotations

import pytest

from conftest import write

JANE = "people/Jane Doe.md"


def test_check_paths_reports_those_notes_alone(vault, run, tmp_path, monkeypatch):
    write(vault, "people/Broken.md", "---\nname: Broken\nmet: 2026-13-01\n---\n"
                                     "## Log\n- 2026-11-20 Met [[Nobody Here]]\n")
    write(vault, "people/Other.md", "---\nname: [x\n---\n[[Nobody Either]]\n")
    write(vault, "people/Twin.md", "---\nemail: JANE.DOE@acme.example\n---\n")
    assert len(run("check", expect=1).stdout.splitlines()) == 5
    monkeypatch.chdir(vault / "people")  # paths relative to the current folder
    result = run("check", "Broken.md", "photo.png", "Deleted.md", expect=1)
    assert result.stdout == (
        "people/Broken.md:3: met: '2026-13-01' is not a date (YYYY-MM-DD)\n"
        "people/Broken.md:6: link [[Nobody Here]] resolves to no note\n")
    assert "Notice: Deleted.md: no such note (deleted?); not checked" in result.stderr
    monkeypatch.chdir(tmp_path)
    # a duplicate contact report involves both notes: each one checked alone shows it
    twin = ("people/Twin.md:2: same e-mail as people/Jane Doe.md (JANE.DOE@acme.example): "
            "a duplicate contact?\n")
    assert run("check", str(vault / JANE), expect=1).stdout == twin
    assert run("check", f"vault/{JANE}", "vault/people/Twin.md", "vault/people/Twin.md",
               expect=1).stdout == twin
    assert run("check", "vault/people/Kim Lee.md", "vault/people/Priya Patel.md").stdout == ""
    assert run("check", "vault/people/notes.txt").stdout == ""  # not .md: passed over


@pytest.mark.parametrize(("where", "said"), [
    ("elsewhere.md", "elsewhere.md: outside the vault"),
    ("vault/people", "vault/people: a folder, not a note"),
    ("vault/../vault/../x.md", "vault/../vault/../x.md: outside the vault"),
])
def test_a_path_outside_the_vault_or_a_folder_is_an_error(vault, run, tmp_path,
                                                          monkeypatch, where, said):
    (tmp_path / "elsewhere.md").write_text("---\n---\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("check", where, expect=2)
    assert result.stderr.startswith(f"Error: {said}"), result.stderr
    assert result.stdout == ""


def test_a_hidden_or_excluded_note_named_is_passed_over_with_a_notice(vault, run):
    write(vault, "templates/contact.md", "---\nmet: {{ met }}\n---\n")
    result = run("check", str(vault / "templates/contact.md"))
    assert result.stdout == ""
    assert "not checked: vaultkit does not read it as a note" in result.stderr
