"""Git as the sync engine, with real git: two clones of a copy of example-vault/ set up by
`vaultkit git setup`, edits made on both by vaultkit itself (as processes, as people run
it), A pushes, B pulls — and the merged bytes are what docs/git-sync.md promises."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import EXAMPLE
from tests.gitclones import JANE, Clones, git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

TASK = "- [ ] 2026-12-01 Send Jane the article on hiring trends #promise"
ORIGINAL = (EXAMPLE / JANE).read_text(encoding="utf-8")


@pytest.fixture
def clones(tmp_path) -> Clones:
    return Clones(tmp_path)


def test_setup_writes_attributes_driver_and_says_so(clones):
    assert (clones.a / ".gitattributes").read_text().splitlines()[1:] == [
        "*.md merge=vaultkit", "/Agenda.md merge=ours"]
    driver = clones.git(clones.b, "config", "merge.vaultkit.driver").stdout.strip()
    assert driver.endswith("-m vaultkit merge-file %O %A %B %P")
    again = clones.vaultkit(clones.b, "git", "setup", "--no-hook").stdout
    assert again.splitlines() == ["kept .gitattributes (vaultkit's merge lines are there)",
                                  "kept .gitignore (vaultkit's lines are there)",
                                  "kept the merge driver in .git/config"]
    assert clones.git(clones.b, "status", "--porcelain").stdout == ""


def test_setup_keeps_a_crashed_writes_temporary_file_out_of_git(clones):
    """A write's temporary file (`.vaultkit-NAME.PID.RANDOM.tmp`, beside its note) is left
    only when a process is killed or the machine stops; `git add -A` (Obsidian Git's
    auto-commit) must not commit one to every clone."""
    assert (clones.a / ".gitignore").read_text().splitlines()[1:] == [".vaultkit-*.tmp"]
    left = clones.a / "people" / ".vaultkit-Jane Doe.md.999999.0badf00d.tmp"
    left.write_text("a half-written note\n")
    clones.git(clones.a, "add", "-A")
    staged = clones.git(clones.a, "diff", "--cached", "--name-only").stdout
    assert ".vaultkit-" not in staged


def test_same_day_log_on_both_machines_pulls_without_a_conflict(clones):
    clones.vaultkit(clones.a, "log", "Jane Doe", "Called about the role", "--via", "phone",
                    "--date", "2026-12-01", "--yes")
    clones.vaultkit(clones.b, "log", "Jane Doe", "Sent my CV", "--via", "email",
                    "--date", "2026-12-01", "--yes")
    clones.a_pushes_b_pulls()
    # B pulls: B's entry is ours, first of the day; A's follows it; every other byte kept
    assert clones.read(clones.b) == ORIGINAL + ("- 2026-12-01 (email) Sent my CV\n"
                                                "- 2026-12-01 (phone) Called about the role\n")
    clones.vaultkit(clones.b, "check")


def test_set_on_one_machine_and_snooze_on_the_other(clones):
    clones.vaultkit(clones.a, "set", "Jane Doe", "title", "Director of Engineering")
    clones.vaultkit(clones.b, "snooze", "Jane Doe", "2027-01-10")
    clones.a_pushes_b_pulls()
    assert clones.read(clones.b) == ORIGINAL.replace(
        "title: Engineering Manager", "title: Director of Engineering").replace(
        "influence: 4\n", "influence: 4\nnext: 2027-01-10\n")


def test_the_same_key_set_to_different_values_conflicts_on_that_key_alone(clones):
    clones.vaultkit(clones.a, "set", "Jane Doe", "title", "Director")
    clones.vaultkit(clones.a, "log", "Jane Doe", "Congratulated her", "--date", "2026-12-01",
                    "--yes")
    clones.vaultkit(clones.b, "set", "Jane Doe", "title", "VP Engineering")
    clones.vaultkit(clones.b, "set", "Jane Doe", "location", "Seoul")
    pull = clones.a_pushes_b_pulls(expect=1)
    assert "CONFLICT" in pull.stdout + pull.stderr
    text = clones.read(clones.b)
    assert ("<<<<<<< ours\ntitle: VP Engineering\n=======\ntitle: Director\n"
            ">>>>>>> theirs\n") in text
    assert "location: Seoul\n" in text and "Congratulated her" in text
    check = clones.vaultkit(clones.b, "check", expect=1)
    # one problem: the markers (not also the YAML they break)
    assert check.stdout == f"{JANE}:4: git conflict markers: resolve the merge conflict\n"


def test_a_task_ticked_on_one_machine_while_an_entry_is_added_on_the_other(clones):
    clones.vaultkit(clones.a, "done", "Jane Doe", "article", "--date", "2026-11-29")
    clones.vaultkit(clones.b, "log", "Jane Doe", "Coffee at the office", "--date",
                    "2026-12-02", "--yes")
    clones.a_pushes_b_pulls()
    done = TASK.replace("[ ]", "[x]") + " ✅ 2026-11-29"
    assert clones.read(clones.b) == ORIGINAL.replace(TASK, done) + \
        "- 2026-12-02 Coffee at the office\n"


def test_a_body_paragraph_edited_on_one_machine(clones):
    path = clones.a / JANE
    path.write_text(path.read_text().replace("answers within a day or two.",
                                             "answers the same day."))
    clones.vaultkit(clones.b, "log", "Jane Doe", "Asked about the team", "--date",
                    "2026-12-02", "--yes")
    clones.a_pushes_b_pulls()
    text = clones.read(clones.b)
    assert "answers the same day." in text and "- 2026-12-02 Asked about the team\n" in text


def test_crlf_on_one_machine(clones):
    path = clones.b / JANE
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))  # a Windows editor saved it
    clones.vaultkit(clones.b, "log", "Jane Doe", "From Windows", "--date", "2026-12-02",
                    "--yes")
    clones.vaultkit(clones.a, "log", "Jane Doe", "From Linux", "--date", "2026-12-01",
                    "--yes")
    clones.a_pushes_b_pulls()
    data = (clones.b / JANE).read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n")  # ours (B's) line endings throughout
    assert data.endswith(b"- 2026-12-01 From Linux\r\n- 2026-12-02 From Windows\r\n")


def test_a_note_renamed_on_one_machine_and_logged_on_the_other(clones):
    clones.git(clones.a, "mv", JANE, "people/Jane Doe-Park.md")
    clones.vaultkit(clones.b, "log", "Jane Doe", "Lunch", "--date", "2026-12-02", "--yes")
    clones.a_pushes_b_pulls()
    assert not (clones.b / JANE).exists()
    assert clones.read(clones.b, "people/Jane Doe-Park.md").endswith(
        TASK + "\n- 2026-12-02 Lunch\n")


def test_a_pull_of_200_notes_with_50_changed_on_both_sides(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(EXAMPLE, source)
    for number in range(200):
        (source / "people" / f"Person {number:03}.md").write_text(
            f"---\ntitle: Engineer\ncompany: Firm {number}\n---\n## Log\n"
            f"- 2026-11-01 Met #met\n- [ ] 2026-11-10 Send the deck\n")
    clones = Clones(tmp_path / "git", source)
    for side, day in ((clones.a, "2026-12-01"), (clones.b, "2026-12-02")):
        for number in range(50):
            path = side / "people" / f"Person {number:03}.md"
            text = path.read_text() + f"- {day} (email) from {side.name}\n"
            if side is clones.a:
                text = text.replace("title: Engineer", "title: Lead")
            path.write_text(text)
    started = time.perf_counter()
    clones.a_pushes_b_pulls()
    took = time.perf_counter() - started
    for number in range(50):
        text = clones.read(clones.b, f"people/Person {number:03}.md")
        assert text == (f"---\ntitle: Lead\ncompany: Firm {number}\n---\n## Log\n"
                        "- 2026-11-01 Met #met\n- [ ] 2026-11-10 Send the deck\n"
                        "- 2026-12-01 (email) from a\n- 2026-12-02 (email) from b\n")
    print(f"pull merging 50 notes: {took:.2f} s")  # the figure: benchmarks/bench_merge.py


def test_init_in_a_git_work_tree_sets_up_git_sync_when_asked(tmp_path):
    env = git_env(tmp_path)
    folder = tmp_path / "network"
    folder.mkdir()
    subprocess.run(["git", "init", "-q", str(folder)], env=env, check=True)
    said = subprocess.run([sys.executable, "-m", "vaultkit", "init", str(folder)], env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)
    assert "'vaultkit git setup' makes git" in said.stdout  # nobody to ask: a hint
    assert not (folder / ".gitattributes").exists()
    said = subprocess.run([sys.executable, "-m", "vaultkit", "init", "--git", str(folder)],
                          env=env, capture_output=True, text=True, timeout=60)
    assert "wrote .gitattributes: *.md merge=vaultkit, /Agenda.md merge=ours" in said.stdout
    assert (folder / ".git" / "hooks" / "pre-commit").stat().st_mode & 0o111
    outside = tmp_path / "plain"
    said = subprocess.run([sys.executable, "-m", "vaultkit", "init", str(outside)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert "git setup" not in said.stdout and "git work tree" not in said.stdout


def test_git_setup_outside_a_work_tree_and_beside_a_foreign_hook(tmp_path):
    env = git_env(tmp_path)
    folder = tmp_path / "network"
    shutil.copytree(EXAMPLE, folder)

    def setup() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "vaultkit", "--vault", str(folder), "git",
                               "setup"], env=env, capture_output=True, text=True, timeout=60)

    done = setup()
    assert done.returncode == 2 and "is not in a git work tree" in done.stderr
    assert "Traceback" not in done.stderr
    subprocess.run(["git", "init", "-q", str(folder)], env=env, check=True)
    hook = folder / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nrun-my-linter\n")
    (folder / ".gitattributes").write_text("*.png binary\npeople/*.md merge=union")
    done = setup()
    assert done.returncode == 0
    assert hook.read_text() == "#!/bin/sh\nrun-my-linter\n"  # not vaultkit's: kept
    assert "(not vaultkit's); add to it a line that fails the hook when this fails:" in done.stdout
    assert "'merge=union'" in done.stdout
    assert (folder / ".gitattributes").read_text().startswith(
        "*.png binary\npeople/*.md merge=union\n\n# vaultkit")
    assert setup().stdout.count("kept") == 4  # a second run changes nothing


def test_the_hook_git_setup_installs_refuses_a_broken_staged_note(tmp_path):
    clones = Clones(tmp_path, hook=True)
    path = clones.b / JANE
    good = path.read_text()
    path.write_text(good + "- 2026-13-01 a date that is not one\n")
    clones.git(clones.b, "add", JANE)
    path.write_text(good)  # the working tree is fine again; the staged text is not
    refused = clones.git(clones.b, "commit", "-qm", "broken", expect=1)
    assert f"{JANE}:30: log entry date '2026-13-01' is not a real date" in refused.stderr
    clones.git(clones.b, "add", JANE)
    clones.git(clones.b, "commit", "-qm", "fixed", expect=None)
    assert clones.git(clones.b, "status", "--porcelain").stdout == ""


def test_a_clone_without_the_driver_is_told_and_pull_rebase_is_set_when_unset(tmp_path):
    clones = Clones(tmp_path)
    clones.vaultkit(clones.b, "check")
    clones.git(clones.b, "config", "--unset", "merge.vaultkit.driver")
    said = clones.vaultkit(clones.b, "check", expect=1).stdout
    assert said == (".gitattributes: names vaultkit's merge driver, which this clone has not "
                    "registered: run 'vaultkit git setup' (until then git merges notes line by "
                    "line, and a log on two machines conflicts)\n")
    (tmp_path / "gitconfig").write_text("")  # no pull.rebase anywhere: git would stop a pull
    done = clones.vaultkit(clones.b, "git", "setup", "--no-hook").stdout
    assert "set pull.rebase=false in .git/config" in done
    assert clones.git(clones.b, "config", "--local", "pull.rebase").stdout == "false\n"
    clones.vaultkit(clones.b, "check")


def test_a_task_ticked_on_both_machines_on_two_days_is_kept_once(clones):
    """With the day it was done on the line (✅), both sides' lines differed: both were
    kept. The task is one: the earlier day stands."""
    clones.vaultkit(clones.a, "done", "Jane Doe", "article", "--date", "2026-11-29")
    clones.vaultkit(clones.b, "done", "Jane Doe", "article", "--date", "2026-11-27")
    clones.a_pushes_b_pulls()
    text = clones.read(clones.b)
    assert text.count("Send Jane the article") == 1
    assert TASK.replace("[ ]", "[x]") + " ✅ 2026-11-27" in text
