"""A file-sync tool's copy of a note (`Jane Doe.sync-conflict-….md`, `Jane Doe (Anna's
conflicted copy ….md`) is reported by `check`, never a second contact: each tool's name
as seen in its own code, documentation or bug tracker (the address is in the id or beside
it), names that only look alike, and every read command through the CLI."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import write
from vaultkit.config import Config
from vaultkit.disk.copies import original_name
from vaultkit.disk.scan import plain_note, scan
from vaultkit.vault import Vault

JANE = "people/Jane Doe.md"
EXTRA = "- 2026-12-01 (email) Sent her the kombucha article she asked for #promise\n"

# (a copy's file name, the original's, the tool), each as the tool's own words show it
REAL = [
    pytest.param("scanned_words.sync-conflict-20250926-224656-C5H6PTH.md",
                 "scanned_words.md", "Syncthing",
                 id="syncthing-github.com/friebetill/obsidian-file-diff/issues/18"),
    pytest.param("Jane Doe.sync-conflict-20261201-101500-ABCD123.md", "Jane Doe.md",
                 "Syncthing", id="syncthing-docs.syncthing.net/users/faq.html"),
    pytest.param("Testfile.sync-conflict-20160818-134336.md", "Testfile.md",
                 "Syncthing or Obsidian Sync",
                 id="syncthing-2016-github.com/syncthing/syncthing/issues/3524"),
    pytest.param("foo (Miguel Mota's conflicted copy 2014-06-17).md", "foo.md", "Dropbox",
                 id="dropbox-github.com/miguelmota/clean-dropbox-conflicted"),
    pytest.param("MY PUPPY (COLIN SUGGETT's conflicted copy 2021-03-18).md", "MY PUPPY.md",
                 "Dropbox", id="dropbox-github.com/BloomBooks/BloomDesktop/pull/4309"),
    pytest.param("1 - INBOX (michael johnson's conflicted copy).md", "1 - INBOX.md",
                 "Dropbox", id="dropbox-2012-github.com/dtjm/textdropapp.com/issues/62"),
    pytest.param("mydata (conflicted copy 2018-04-10 093612).md", "mydata.md",
                 "Nextcloud/ownCloud",
                 id="nextcloud-docs.nextcloud.com/server/latest/user_manual/desktop/conflicts"),
    pytest.param("TODO (conflicted copy 2026-07-10 070952).md", "TODO.md",
                 "Nextcloud/ownCloud", id="nextcloud-github.com/pbek/QOwnNotes/issues/3662"),
    pytest.param("mydata (conflicted copy alice 2018-04-10 093612).md", "mydata.md",
                 "Nextcloud/ownCloud",
                 id="nextcloud-user-makeConflictFileName-github.com/nextcloud/desktop"),
    pytest.param("Jane Doe_conflict-20261201-101500.md", "Jane Doe.md", "ownCloud",
                 id="owncloud-old-github.com/owncloud/client/pull/6417"),
    pytest.param("notes_conflict_frank-20180115-141200.md", "notes.md", "ownCloud",
                 id="owncloud-old-user-CSYNC_CONFLICT_FILE_USERNAME-propagatedownload.cpp"),
    pytest.param("2026-03-12 (Conflicted copy ThinkPad-T14-G5 202603121129).md",
                 "2026-03-12.md", "Obsidian Sync",
                 id="obsidian-sync-github.com/obsidianmd/obsidian-help/issues/1056"),
    pytest.param("f (1).md", "f.md", "Google Drive",
                 id="google-drive-github.com/Grive/grive/issues/166"),
    pytest.param("Jane Doe-DESKTOP-AB12CD.md", "Jane Doe.md", "OneDrive",
                 id="onedrive-computer-name-github.com/skilion/onedrive/issues/265"),
    pytest.param("Untitled 1.md", "Untitled.md", "Obsidian",
                 id="obsidian-github.com/RainCat1998/obsidian-custom-attachment-location/"
                    "issues/128"),
]

# Names a person gives notes, some of them close to a tool's: never copies, whatever is
# beside them.
ORDINARY = [
    "Jane Doe.md", "Q3 2026-12-01.md", "Acme-HQ.md", "Min-jun Park.md", "Report (2026).md",
    "Jane Doe 2.md",  # vaultkit's own name for a second Jane Doe (disk/names.py)
    # the names ownCloud's reviewers held against a looser pattern (owncloud/client#6417)
    "Romeo and Juliet (Conflicts between families).md",
    "Git handbook (Conflict resolution chapter).md",
    "Jane Doe (conflicted copy).md",  # no tool's own: no date, no person
    "test-hilap.md",  # a Linux host name in lower case (skilion/onedrive#265): not told apart
    "Jane Doe.sync-conflict.md", "x.md.sync-conflict-20261201-101500-ABCD123", ".md",
]


@pytest.mark.parametrize("name, original, tool", REAL)
def test_each_tools_copy_names_its_original(name, original, tool):
    found = original_name(name)
    assert found is not None and (found.original, found.tool) == (original, tool)


@pytest.mark.parametrize("name", ORDINARY)
def test_names_that_only_look_alike_are_no_copies(name):
    assert original_name(name) is None


@given(st.text(max_size=120))
def test_original_name_never_raises_and_never_names_itself(name):
    for candidate in (name, name + ".md", name + " (1).md", name + " 1.md"):
        found = original_name(candidate)
        assert found is None or found.original != candidate


STRICT_TAGS = [
    (".sync-conflict-20261201-101500-ABCD123", "Syncthing"),
    (" (Anna's conflicted copy 2026-12-01)", "Dropbox"),
    (" (conflicted copy 2026-12-01 101500)", "Nextcloud/ownCloud"),
    ("_conflict-20261201-101500", "ownCloud"),
    (" (Conflicted copy Phone 202612011015)", "Obsidian Sync"),
    (" (1)", "Google Drive"),
    (" 1", "Obsidian"),
    (" (conflicted copy 2026-12-01)", "Dropbox or Nextcloud"),
]


@given(st.text(min_size=1, max_size=60).filter(lambda s: s.strip() and "/" not in s),
       st.sampled_from(STRICT_TAGS))
def test_any_note_with_a_tools_tag_is_a_copy_of_that_note(stem, tag):
    found = original_name(f"{stem}{tag[0]}.md")
    assert found is not None and (found.original, found.tool) == (f"{stem}.md", tag[1])


def diverged(vault, name: str) -> None:
    """A copy of Jane Doe's note beside it, with an entry the note has not."""
    text = (vault / JANE).read_text(encoding="utf-8")
    write(vault, f"people/{name}", text + EXTRA)


def test_the_walk_sets_copies_apart(tmp_path):
    write(tmp_path, "people/Jane Doe.md", "x\n")
    write(tmp_path, "people/Jane Doe.sync-conflict-20261201-101500-ABCD123.md", "y\n")
    write(tmp_path, "people/Jane Doe (Anna's conflicted copy 2026-12-01) (1).md", "y\n")
    write(tmp_path, "people/Jane Doe (Anna's conflicted copy 2026-12-01).md", "y\n")
    write(tmp_path, "Report (1).md", "alone, a loose name is a note\n")
    write(tmp_path, "Ghost (Anna's conflicted copy 2026-12-01).md", "alone, a strict one\n")
    found = scan(Config(root=tmp_path))
    assert sorted(found.files) == ["Ghost (Anna's conflicted copy 2026-12-01).md",
                                   "Report (1).md", "people/Jane Doe.md"]
    assert sorted(found.copies) == [  # a copy of a copy: of the note they both copy
        ("people/Jane Doe (Anna's conflicted copy 2026-12-01) (1).md", "people/Jane Doe.md"),
        ("people/Jane Doe (Anna's conflicted copy 2026-12-01).md", "people/Jane Doe.md"),
        ("people/Jane Doe.sync-conflict-20261201-101500-ABCD123.md", "people/Jane Doe.md")]
    assert found.lone_copies == [("Ghost (Anna's conflicted copy 2026-12-01).md", "Ghost.md")]


@pytest.mark.parametrize("name", [
    "Jane Doe.sync-conflict-20261201-101500-ABCD123.md",
    "Jane Doe (Anna's conflicted copy 2026-12-01).md",
    "Jane Doe (conflicted copy 2026-12-01 101500).md",
    "Jane Doe (1).md", "Jane Doe-DESKTOP-AB12CD.md", "Jane Doe 1.md"])
def test_no_read_command_shows_a_copy(run, vault, name):
    before = {args: run(*args).stdout for args in (
        ("list",), ("list", "--kind", "all", "--json"),
        ("agenda", "--date", "2026-12-10", "--format", "json"))}
    diverged(vault, name)
    for args, output in before.items():
        assert run(*args).stdout == output, args
    assert "kombucha" not in run("search", "kombucha").stdout
    shown = json.loads(run("show", "Jane Doe", "--json").stdout)
    assert shown["path"] == JANE and "kombucha" not in json.dumps(shown)


def test_a_copy_indexed_earlier_leaves_the_index(run, vault):
    (vault / JANE).rename(vault / "people" / "Jane Doe.txt")
    shutil.copy(vault / "people" / "Jane Doe.txt", vault / "people" / "Jane Doe (1).md")
    alone = [row["path"] for row in json.loads(run("list", "--json").stdout)]
    assert "people/Jane Doe (1).md" in alone  # no original beside it: a note
    (vault / "people" / "Jane Doe.txt").rename(vault / JANE)
    paths = [row["path"] for row in json.loads(run("list", "--json").stdout)]
    assert JANE in paths and "people/Jane Doe (1).md" not in paths


def test_a_loose_name_is_a_copy_only_beside_its_original(run, vault):
    write(vault, "people/Ada Byron (1).md", "---\nname: Ada Byron\n---\n")
    write(vault, "people/Q3 2026.md", "---\nname: Q3 2026\n---\n")
    write(vault, "people/Q3 2026-12-01.md", "---\nname: Q3 review\n---\n")
    write(vault, "people/Q3 2026-LAPTOP-9Z.md", "---\nname: Q3 2026\n---\n")
    names = [row["name"] for row in json.loads(run("list", "--json").stdout)]
    assert "Ada Byron" in names and "Q3 review" in names and names.count("Q3 2026") == 1
    result = run("check", expect=1)
    assert "Ada Byron (1).md" not in result.stdout and "Q3 2026-12-01" not in result.stdout
    assert "people/Q3 2026-LAPTOP-9Z.md: looks like a OneDrive" in result.stdout
    write(vault, "people/Ada Byron.md", "---\nname: Ada Byron\n---\n")
    names = [row["name"] for row in json.loads(run("list", "--json").stdout)]
    assert names.count("Ada Byron") == 1


def test_the_dated_copy_people_reported_is_a_copy_beside_its_original(run, vault):
    """`Jane Doe (conflicted copy 2026-12-01).md`, as the issue's users found it: no tool's
    own material shows the name, so it counts only beside its original."""
    diverged(vault, "Jane Doe (conflicted copy 2026-12-01).md")
    write(vault, "people/Nobody (conflicted copy 2026-12-01).md", "---\nname: Nobody\n---\n")
    names = [row["name"] for row in json.loads(run("list", "--json").stdout)]
    assert names.count("Jane Doe") == 1 and "Nobody" in names
    result = run("check", expect=1)
    assert ("people/Jane Doe (conflicted copy 2026-12-01).md: looks like a Dropbox or "
            "Nextcloud sync-conflict copy of 'people/Jane Doe.md'") in result.stdout
    assert "Nobody" not in result.stdout


def test_vaultkits_own_second_name_is_no_copy_but_obsidians_first_is(run, vault):
    run("add", "Jane Doe", "--new", "--company", "Globex")
    diverged(vault, "Jane Doe 1.md")
    paths = [row["path"] for row in json.loads(run("list", "--json").stdout)]
    assert "people/Jane Doe 2.md" in paths and "people/Jane Doe 1.md" not in paths


def test_check_reports_each_copy_and_exits_1(run, vault):
    diverged(vault, "Jane Doe.sync-conflict-20261201-101500-ABCD123.md")
    diverged(vault, "Jane Doe (Anna's conflicted copy 2026-12-01).md")
    diverged(vault, "Jane Doe 1.md")
    write(vault, "people/Ghost.sync-conflict-20261201-101500-ABCD123.md", "---\nname: G\n---\n")
    result = run("check", expect=1)
    assert result.stdout.splitlines() == [
        "people/Ghost.sync-conflict-20261201-101500-ABCD123.md: looks like a Syncthing "
        "sync-conflict copy of 'people/Ghost.md', which is not there: read as a note until "
        "you rename it 'Ghost.md'",
        "people/Jane Doe (Anna's conflicted copy 2026-12-01).md: looks like a Dropbox "
        "sync-conflict copy of 'people/Jane Doe.md'; fold it in with: vaultkit merge-copy "
        "\"people/Jane Doe (Anna's conflicted copy 2026-12-01).md\"",
        "people/Jane Doe 1.md: looks like an Obsidian duplicate of 'people/Jane Doe.md'; "
        "fold it in with: vaultkit merge-copy 'people/Jane Doe 1.md'",
        "people/Jane Doe.sync-conflict-20261201-101500-ABCD123.md: looks like a Syncthing "
        "sync-conflict copy of 'people/Jane Doe.md'; fold it in with: vaultkit merge-copy "
        "'people/Jane Doe.sync-conflict-20261201-101500-ABCD123.md'"]
    as_json = json.loads(run("check", "--json", expect=1).stdout)
    assert {"path": "people/Jane Doe 1.md", "line": 0}.items() <= as_json[2].items()


def test_every_command_tells_of_copies(run, vault):
    assert run("list").stderr == ""
    diverged(vault, "Jane Doe.sync-conflict-20261201-101500-ABCD123.md")
    notice = "1 note has problems; run 'vaultkit check'\n"
    assert run("list").stderr == notice
    assert run("agenda", "--date", "2026-12-10").stderr == notice
    assert run("search", "platform").stderr == notice


def test_a_sync_of_a_copy_alone_agrees_with_the_walk(vault, index_path):
    copy = "people/Jane Doe (1).md"
    diverged(vault, "Jane Doe (1).md")
    config = Config(root=vault)
    assert not plain_note(config, copy)  # `watch` syncs the vault, not the path alone
    with Vault.open(vault, index_path) as opened:
        opened.sync()
        opened.sync(only=[copy])
        assert copy not in [note.path for note in opened.notes()]
        assert opened.problem_count() == 1
