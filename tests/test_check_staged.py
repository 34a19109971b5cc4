"""`check PATH…` and `check --staged` (a pre-commit hook): some notes alone, and the staged
text of the notes git will commit, whatever the working tree holds. With real git: a
repository in tmp_path, a copy of example-vault/ in it (or in a folder of it), and a real
`.git/hooks/pre-commit`. No test reads the user's git configuration."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE, ROOT, write

JANE = "people/Jane Doe.md"
BAD_MET = "people/Jane Doe.md:12: met: '2026-13-20' is not a date (YYYY-MM-DD)\n"


@pytest.fixture(autouse=True)
def _git_env(tmp_path, monkeypatch):
    """git as on a fresh machine: no global or system config, an identity, no variable
    of an outer git (the suite run from a hook), no repository above tmp_path."""
    for name in [n for n in os.environ if n.startswith("GIT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Test Person")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "test@example.com")


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    return done


def make_repo(top: Path) -> Path:
    git(top, "init", "-q", "-b", "main", ".")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "the vault")
    return top


@pytest.fixture
def repo(vault) -> Path:
    """The vault copy is the repository, everything committed."""
    return make_repo(vault)


def break_jane(vault: Path) -> str:
    """Jane's note with a month 13, written to the working tree; the text it had."""
    path = vault / JANE
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("met: 2026-11-20", "met: 2026-13-20"), encoding="utf-8")
    return good


def test_a_broken_note_staged_fails_though_the_working_tree_is_fixed(repo, run):
    good = break_jane(repo)
    git(repo, "add", JANE)
    (repo / JANE).write_text(good, encoding="utf-8")  # fixed, but the fix is not staged
    assert run("check", "--staged", expect=1).stdout == BAD_MET
    assert run("check").stdout == ""
    as_json = json.loads(run("check", "--staged", "--json", expect=1).stdout)
    assert as_json == [{"path": JANE, "line": 12,
                        "message": "met: '2026-13-20' is not a date (YYYY-MM-DD)",
                        "severity": "error"}]


def test_a_fixed_note_staged_passes_though_the_working_tree_is_broken(repo, run):
    break_jane(repo)
    git(repo, "add", JANE)
    git(repo, "commit", "-q", "-m", "broken")
    good = git(repo, "show", f"HEAD~1:{JANE}").stdout
    (repo / JANE).write_bytes(good)
    git(repo, "add", JANE)  # the fix staged ...
    break_jane(repo)  # ... and broken again in the working tree
    result = run("check", "--staged")
    assert (result.stdout, result.stderr) == ("", "No problems found.\n")
    assert run("check", expect=1).stdout == BAD_MET


def test_conflict_markers_and_links_of_a_staged_note(repo, run):
    write(repo, "people/Merged.md", "---\nname: Merged\n---\n## Log\n<<<<<<< HEAD\n"
          "- 2026-11-20 Met [[Nobody Here]]\n=======\n- 2026-11-21 Met [[Jane]]\n"
          ">>>>>>> theirs\n")
    git(repo, "add", "people/Merged.md")
    (repo / "people/Merged.md").unlink()  # a staged note need not be in the working tree
    assert run("check", "--staged", expect=1).stdout == (
        "people/Merged.md:5: git conflict markers: resolve the merge conflict\n"
        "\nNotices:\n"
        "people/Merged.md:6: link [[Nobody Here]] resolves to no note\n")


def test_a_staged_note_is_compared_with_the_other_contacts(repo, run):
    write(repo, "people/Twin.md", "---\nname: Twin\nemail: JANE.DOE@acme.example\n---\n")
    git(repo, "add", "people/Twin.md")
    assert run("check", "--staged", expect=1).stdout == (
        "people/Twin.md:3: same e-mail as people/Jane Doe.md (JANE.DOE@acme.example): "
        "a duplicate contact?\n")


def test_only_the_notes_of_the_vault_are_checked(repo, run):
    """Hidden folders, excluded notes and other files are staged too; none is a note."""
    write(repo, ".github/PULL_REQUEST_TEMPLATE.md", "---\nname: [x\n---\n")
    write(repo, "templates/contact.md", "---\nmet: {{ met }}\n---\n")
    write(repo, ".vaultkit/config.toml",
          (EXAMPLE / ".vaultkit/config.toml").read_text(encoding="utf-8") + "\n# more\n")
    write(repo, "people/photo.png", b"\x89PNG\r\n")
    git(repo, "add", "-A")
    assert run("check", "--staged").stdout == ""


def test_check_paths_reports_those_notes_alone(vault, run, tmp_path, monkeypatch):
    write(vault, "people/Broken.md", "---\nname: Broken\nmet: 2026-13-01\n---\n"
                                     "## Log\n- 2026-11-20 Met [[Nobody Here]]\n")
    write(vault, "people/Other.md", "---\nname: [x\n---\n[[Nobody Either]]\n")
    write(vault, "people/Twin.md", "---\nemail: JANE.DOE@acme.example\n---\n")
    # Other.md's link is in its body, which the rules do not read: not checked
    assert len(run("check", expect=1).stdout.splitlines()) == 6
    assert "Nobody Either" in run("check", "--all-links", expect=1).stdout
    monkeypatch.chdir(vault / "people")  # paths relative to the current folder
    result = run("check", "Broken.md", "photo.png", "Deleted.md", expect=1)
    assert result.stdout == (
        "people/Broken.md:3: met: '2026-13-01' is not a date (YYYY-MM-DD)\n"
        "\nNotices:\n"
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


def test_paths_and_staged_go_alone(repo, run):
    assert "go alone" in run("check", "--staged", JANE, expect=2).stderr
    assert "go alone" in run("check", "--staged", "--prep", expect=2).stderr


def test_a_hidden_or_excluded_note_named_is_passed_over_with_a_notice(vault, run):
    write(vault, "templates/contact.md", "---\nmet: {{ met }}\n---\n")
    result = run("check", str(vault / "templates/contact.md"))
    assert result.stdout == ""
    assert "not checked: vaultkit does not read it as a note" in result.stderr


def vaultkit(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vaultkit", *args], cwd=cwd,
                          capture_output=True, timeout=120)


def test_outside_a_git_work_tree_is_said_plainly(vault, index_path):
    done = vaultkit("--vault", str(vault), "--index", str(index_path), "check", "--staged",
                    cwd=vault)
    assert done.returncode == 2
    assert done.stderr.decode() == (f"Error: {vault} is not in a git work tree (--staged "
                                    "checks what git has staged for the next commit)\n")
    assert done.stdout == b""


def test_without_git_is_said_plainly(repo, run, tmp_path):
    empty = tmp_path / "no-git"
    empty.mkdir()
    result = run("check", "--staged", expect=2, env={"PATH": str(empty)})
    assert result.stderr == "Error: git is not installed (or not on PATH)\n"


def install_hook(top: Path, vault: Path, index: Path) -> None:
    """A plain `.git/hooks/pre-commit` (no framework) that runs this vaultkit."""
    hook = top / ".git" / "hooks" / "pre-commit"
    command = [sys.executable, "-m", "vaultkit", "--vault", str(vault), "--index", str(index),
               "check", "--staged"]
    hook.write_text(f"#!/bin/sh\nexec {shlex.join(command)}\n", encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)


@pytest.fixture(params=["the repository", "a folder of it"])
def hooked(request, tmp_path, index_path) -> tuple[Path, Path]:
    """(the repository's top, the vault in it): a repository with the pre-commit hook."""
    top = tmp_path / "repo"
    vault = top if request.param == "the repository" else top / "notes" / "network"
    shutil.copytree(EXAMPLE, vault)
    write(top, "README.md", "Not a note of the vault when it is a folder: [[Nobody]]\n")
    make_repo(top)
    install_hook(top, vault, index_path)
    return top, vault


def commit(top: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "commit", "-q", "-m", "change", *args], cwd=top,
                          capture_output=True, timeout=120)


def head(top: Path) -> str:
    return git(top, "rev-parse", "HEAD").stdout.decode().strip()


def test_the_hook_refuses_a_broken_staged_note_and_lets_a_clean_one_through(hooked):
    top, vault = hooked
    before = head(top)
    good = break_jane(vault)
    write(vault, "people/New Person.md", "---\nname: New Person\nmet: 2026-11-26\n---\n")
    git(top, "add", "-A")
    (vault / JANE).write_text(good, encoding="utf-8")  # fixed but not staged
    refused = commit(top)
    assert refused.returncode != 0
    assert refused.stderr.decode() == BAD_MET  # git shows a hook's output on stderr
    assert b"Traceback" not in refused.stderr
    assert head(top) == before
    git(top, "add", "-A")  # the fix staged: the new note goes through
    (vault / "people/Kim Lee.md").write_text("---\nname: [broken\n---\n", encoding="utf-8")
    done = commit(top)  # Kim's broken note is in the working tree alone: not committed
    assert done.returncode == 0, done.stdout + done.stderr
    assert head(top) != before


def test_the_hook_sees_the_index_of_a_commit_of_named_paths(hooked):
    """`git commit PATH` commits the working tree's PATH through a temporary index (git
    gives the hook GIT_INDEX_FILE): a broken note committed so is refused."""
    top, vault = hooked
    break_jane(vault)
    refused = commit(top, "--", str((vault / JANE).relative_to(top)))
    assert refused.returncode != 0
    assert refused.stderr.decode() == BAD_MET


def test_odd_file_names_staged(repo, run):
    """Spaces and accents, a newline (-z: one name, not two), bytes that are not UTF-8."""
    broken = "---\nmet: 2026-13-01\n---\n"
    write(repo, "people/Zoë Müller – Ops.md", broken)
    write(repo, "people/Two\nlines.md", broken)
    latin1 = os.fsencode(repo / "people") + b"/Caf\xe9.md"
    Path(os.fsdecode(latin1)).write_bytes(broken.encode())
    git(repo, "add", "-A")
    Path(os.fsdecode(latin1)).unlink()  # the index cannot hold such a name: staged only
    assert run("check", "--staged", expect=1).stdout == (
        "people/Caf\\xe9.md: the file name is not UTF-8 text: rename the note (vaultkit "
        "cannot index it)\n"
        "people/Two\\nlines.md:2: met: '2026-13-01' is not a date (YYYY-MM-DD)\n"
        "people/Zoë Müller – Ops.md:2: met: '2026-13-01' is not a date (YYYY-MM-DD)\n")


def test_the_hook_of_the_pre_commit_framework():
    """pre-commit passes the `.md` files it commits to `vaultkit check` (its stash makes
    each the staged text); tried with pre-commit 4.7 itself (`pre-commit try-repo`)."""
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["language"]) == (
        "vaultkit-check", "vaultkit check", "python")
    assert hook.get("pass_filenames", True) and hook["require_serial"]
    assert re.search(hook["files"], "people/Zoë Müller.md")
    assert not re.search(hook["files"], "people/photo.png")
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "vaultkit" in scripts["project"]["scripts"]
