"""`vaultkit merge-copy COPY`: a sync tool's conflict copy folded into its original with the
merge driver's rules (from what the two have in common), the copy moved to the system
trash (a real freedesktop.org Trash under XDG_DATA_HOME) or deleted, what was merged said,
and every refusal clear, with nothing written."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import write

JANE = "people/Jane Doe.md"
COPY = "people/Jane Doe.sync-conflict-20261201-101500-ABCD123.md"
FROM_PHONE = "- 2026-12-02 (phone) Called from the phone\n"
FROM_LAPTOP = "- 2026-12-01 (email) Sent from the laptop\n"


@pytest.fixture
def trash(tmp_path, monkeypatch):
    data = tmp_path / "xdg-data"
    data.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    return data / "Trash"


def merge_copy(vault, index_path, *args: str, expect: int = 0, env: dict | None = None):
    """merge-copy as a process: send2trash reads XDG_DATA_HOME once, when it is imported."""
    done = subprocess.run([sys.executable, "-m", "vaultkit", "--vault", str(vault), "--index",
                           str(index_path), "merge-copy", *args], capture_output=True,
                          text=True, timeout=60, cwd=vault, env={**os.environ, **(env or {})})
    assert done.returncode == expect, (done.stdout, done.stderr)
    return done


def diverge(vault, copy_change=lambda t: t, original_change=lambda t: t, copy=COPY):
    text = (vault / JANE).read_text(encoding="utf-8")
    write(vault, copy, copy_change(text + FROM_PHONE))
    write(vault, JANE, original_change(text + FROM_LAPTOP))
    return text


def test_a_copy_is_folded_in_and_goes_to_the_trash(run, vault, index_path, trash):
    text = diverge(vault, lambda t: t.replace("influence: 4", "influence: 4\nbirthday: 1990-05-01"))
    result = merge_copy(vault, index_path, COPY)  # relative to the current folder: the vault
    assert result.stdout == (f"Merged {COPY} into {JANE}: 1 log entry and 1 key (birthday) "
                             "from the copy.\nThe copy is in the trash.\n")
    merged = (vault / JANE).read_text(encoding="utf-8")
    assert merged == text.replace("influence: 4", "influence: 4\nbirthday: 1990-05-01") + \
        FROM_LAPTOP + FROM_PHONE
    assert not (vault / COPY).exists()
    name = COPY.rsplit("/", 1)[1]
    assert (trash / "files" / name).read_text(encoding="utf-8").endswith(FROM_PHONE)
    assert (trash / "info" / f"{name}.trashinfo").exists()
    listed = [row["path"] for row in json.loads(run("list", "--json").stdout)]
    assert listed.count(JANE) == 1
    run("check")  # no copy left, no problem


def test_different_values_are_marked_in_the_original_and_exit_1(run, vault, index_path,
                                                                 trash):
    """With no common ancestor, a key the two hold differently is a conflict, whichever
    side changed it: only the person knows which is right."""
    diverge(vault, lambda t: t.replace("title: Engineering Manager", "title: Director"),
            lambda t: t.replace("title: Engineering Manager", "title: VP Engineering"))
    result = merge_copy(vault, index_path, str(vault / COPY), expect=1)
    assert "1 log entry from the copy" in result.stdout
    assert "1 conflict marked in people/Jane Doe.md" in result.stdout
    merged = (vault / JANE).read_text(encoding="utf-8")
    assert (f"<<<<<<< {JANE}\ntitle: VP Engineering\n=======\ntitle: Director\n"
            f">>>>>>> {COPY}\n") in merged
    assert merged.endswith(FROM_LAPTOP + FROM_PHONE)
    assert "git conflict markers" in run("check", expect=1).stdout


def test_delete_deletes_and_a_dropbox_copy_with_an_apostrophe(vault, index_path, trash):
    copy = "people/Jane Doe (Anna's conflicted copy 2026-12-01).md"
    diverge(vault, copy=copy)
    result = merge_copy(vault, index_path, str(vault / copy), "--delete")
    assert result.stdout.endswith("The copy is deleted.\n")
    assert not (vault / copy).exists() and not trash.exists()


@pytest.mark.parametrize("given, message", [
    ("people/Jane Doe.md", "not a name a sync tool gives its conflict copies"),
    ("people/Ghost.sync-conflict-20261201-101500-ABCD123.md", "which is not there"),
    ("people/Nobody.sync-conflict-20261201-101500-ABCD123.md", "no such file"),
])
def test_what_is_no_copy_of_a_note_is_refused(run, vault, given, message):
    if "Ghost" in given:
        write(vault, given, "---\nname: Ghost\n---\n")
    before = {p: p.read_bytes() for p in vault.rglob("*.md")}
    result = run("merge-copy", str(vault / given), expect=2)
    assert message in result.stderr and result.stderr.startswith("Error: ")
    assert {p: p.read_bytes() for p in vault.rglob("*.md")} == before


def test_outside_the_vault_is_refused(run, vault, tmp_path):
    outside = tmp_path / "Jane Doe.sync-conflict-20261201-101500-ABCD123.md"
    outside.write_text("x")
    assert "outside the vault" in run("merge-copy", str(outside), expect=2).stderr


def test_an_original_with_conflict_markers_is_refused_nothing_written(run, vault):
    diverge(vault, original_change=lambda t: t + "<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n")
    before = (vault / JANE).read_bytes(), (vault / COPY).read_bytes()
    result = run("merge-copy", str(vault / COPY), expect=5)
    assert "git conflict markers" in result.stderr
    assert ((vault / JANE).read_bytes(), (vault / COPY).read_bytes()) == before


def test_a_copy_that_cannot_go_to_the_trash_is_kept_and_said(vault, index_path, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the trash folder would be")
    diverge(vault)
    result = merge_copy(vault, index_path, COPY, expect=1, env={"XDG_DATA_HOME": str(blocked)})
    assert "The copy was kept: cannot move it to the trash" in result.stdout
    assert (vault / COPY).exists()
    assert (vault / JANE).read_text(encoding="utf-8").endswith(FROM_LAPTOP + FROM_PHONE)
    again = merge_copy(vault, index_path, COPY, "--delete")  # folding again adds nothing
    assert "0 log entries" in again.stdout
    assert (vault / JANE).read_text(encoding="utf-8").count(FROM_PHONE) == 1


def test_crlf_and_bom_of_the_original_are_kept(vault, index_path, trash):
    diverge(vault, original_change=lambda t: "\ufeff" + t.replace("\n", "\r\n"))
    merge_copy(vault, index_path, str(vault / COPY))
    data = (vault / JANE).read_bytes()
    assert data.startswith("\ufeff".encode()) and data.count(b"\n") == data.count(b"\r\n")
    assert data.endswith(FROM_PHONE.replace("\n", "\r\n").encode())
    assert os.path.exists(trash / "files")


def test_a_save_to_the_copy_just_before_it_is_removed_is_kept(vault, index_path, trash,
                                                              monkeypatch):
    """The copy is moved aside in one step, then compared: a save that landed before that
    step (injected here) is found, and the copy put back, changed, for another fold."""
    from vaultkit.vault import Vault

    diverge(vault)
    real_rename = os.rename

    def rename(src, dst):
        if str(src).endswith(COPY.rsplit("/", 1)[1]):
            with open(src, "a", encoding="utf-8") as handle:
                handle.write("- 2026-12-03 saved on the phone just now\n")
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with Vault.open(vault, index_path) as opened:
        done = opened.merge_copy(vault / COPY)
    assert done.removed.startswith("kept as 'Jane Doe.sync-conflict-")
    assert (vault / COPY).read_text(encoding="utf-8").endswith("saved on the phone just now\n")
    assert [p.name for p in (vault / "people").iterdir() if p.name.startswith(".")] == []


def test_a_copy_that_is_not_utf8_is_refused_nothing_written(run, vault):
    diverge(vault)
    (vault / COPY).write_bytes((vault / COPY).read_bytes() + b"caf\xe9\n")
    before = (vault / JANE).read_bytes(), (vault / COPY).read_bytes()
    result = run("merge-copy", str(vault / COPY), expect=1)
    assert "not UTF-8 text; vaultkit will not merge it" in result.stderr
    assert ((vault / JANE).read_bytes(), (vault / COPY).read_bytes()) == before
