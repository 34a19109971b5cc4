"""One unreadable note or folder is a problem in `check` (`path: cannot be read: permission
denied`), never an error of the whole command. The tests run vaultkit without the override
capabilities (setpriv), so that root is refused as any other user is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not Path("/usr/bin/setpriv").exists(),
    reason="needs root and setpriv to drop the capabilities that read any file")

NOTE = "people/Marcus Chen.md"


def vaultkit(vault: Path, index: Path, *args: str) -> subprocess.CompletedProcess:
    """`vaultkit` as a user without the power to read what its mode forbids."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run(
        ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner",
         "--inh-caps=-all", sys.executable, "-m", "vaultkit", "--vault", str(vault),
         "--index", str(index), *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def locked(vault, index_path):
    (vault / "private").mkdir()
    (vault / "private" / "Secret.md").write_text("---\ntags: [contact]\n---\nHidden.\n")
    os.chmod(vault / NOTE, 0)
    os.chmod(vault / "private", 0)
    yield vault
    os.chmod(vault / NOTE, 0o644)
    os.chmod(vault / "private", 0o755)


@pytest.mark.parametrize("fresh", [True, False])
def test_an_unreadable_note_and_folder_are_problems_in_check(locked, index_path, fresh):
    if not fresh:  # indexed while readable, then locked
        os.chmod(locked / NOTE, 0o644)
        assert vaultkit(locked, index_path, "index").returncode == 0
        os.chmod(locked / NOTE, 0)
    done = vaultkit(locked, index_path, "check")
    assert done.returncode == 1, done.stderr
    assert "unexpected" not in done.stderr and "Traceback" not in done.stderr
    assert f"{NOTE}: cannot be read: permission denied" in done.stdout.splitlines()
    assert "private: cannot be read: permission denied" in done.stdout.splitlines()


@pytest.mark.parametrize("args", [
    ["list"], ["agenda", "--date", "2026-03-10"], ["search", "coffee"], ["export", "ics",
    "--output", "{tmp}/out.ics"], ["log", "Jane Doe", "Coffee", "--yes"]])
def test_every_command_answers_beside_an_unreadable_note(locked, index_path, args, tmp_path):
    done = vaultkit(locked, index_path, *[a.format(tmp=tmp_path) for a in args])
    assert "unexpected" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr


def test_a_note_readable_again_is_read_again(locked, index_path):
    vaultkit(locked, index_path, "check")
    os.chmod(locked / NOTE, 0o644)
    done = vaultkit(locked, index_path, "check")
    assert f"{NOTE}: cannot be read" not in done.stdout
    assert "Marcus Chen" in vaultkit(locked, index_path, "list").stdout


def test_a_file_name_that_is_not_utf8_is_a_problem_not_a_crash(run, vault):
    """Found while building `check --staged`: one such name broke every command."""
    folder = os.fsencode(vault / "people")
    with open(os.path.join(folder, b"Caf\xe9.md"), "wb") as handle:
        handle.write(b"---\nname: Cafe\n---\n")
    os.mkdir(os.path.join(folder, b"dir\xff"))
    with open(os.path.join(folder, b"dir\xff", b"Inside.md"), "wb") as handle:
        handle.write(b"---\nname: Inside\n---\n")
    listed = run("list")
    assert "Jane Doe" in listed.stdout and "Cafe" not in listed.stdout
    result = run("check", expect=1)
    assert ("people/Caf\\xe9.md: the file name is not UTF-8 text: rename the note (vaultkit "
            "cannot index it)\n") in result.stdout
    assert "people/dir\\xff: the file name is not UTF-8 text" in result.stdout


def test_a_folder_read_but_not_searched_is_a_problem_not_silence(vault, index_path):
    """Found in review: a folder with `r` but no `x` (mode 644) lists its names, but none
    of its notes can be stat'ed or read: its notes left the index and nothing was said."""
    (vault / "private").mkdir()
    (vault / "private" / "Secret.md").write_text("---\ntags: [contact]\n---\nHidden.\n")
    (vault / "private" / "deeper").mkdir()
    (vault / "private" / "deeper" / "Also.md").write_text("---\nname: Also\n---\n")
    os.chmod(vault / "private", 0o644)
    try:
        done = vaultkit(vault, index_path, "check")
    finally:
        os.chmod(vault / "private", 0o755)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "private: cannot be read: permission denied" in done.stdout.splitlines()
    assert "Jane Doe" in vaultkit(vault, index_path, "list").stdout  # the rest is there
