"""Writing notes: atomic, only the intended lines, never over another program's save."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat

import pytest

from conftest import write
from vaultkit.disk.write import change_note
from vaultkit.errors import ConflictingEdit, VaultkitError
from vaultkit.notes.edit import EditError


def test_a_save_between_read_and_write_is_redone_once(tmp_path):
    path = write(tmp_path, "A.md", "one\n")
    calls = []

    def change(text):
        calls.append(text)
        if len(calls) == 1:  # another editor saves while vaultkit works
            path.write_text("one (edited elsewhere)\n")
        return text + "two\n"

    assert change_note(tmp_path, "A.md", change) == "one (edited elsewhere)\ntwo\n"
    assert path.read_text() == "one (edited elsewhere)\ntwo\n"
    assert calls == ["one\n", "one (edited elsewhere)\n"]


def test_a_note_that_keeps_changing_is_not_written(tmp_path):
    path = write(tmp_path, "A.md", "one\n")

    def change(text):
        path.write_text(text + "x")  # someone saves every time
        return text + "mine\n"

    with pytest.raises(ConflictingEdit) as caught:
        change_note(tmp_path, "A.md", change)
    assert caught.value.exit_code == 5
    assert "mine" not in path.read_text()


def test_permissions_kept_and_no_temporary_files_left(tmp_path):
    path = write(tmp_path, "A.md", "one\n")
    os.chmod(path, 0o640)
    change_note(tmp_path, "A.md", lambda text: text + "two\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["A.md"]


def test_refusals(tmp_path):
    write(tmp_path, "Conflict.md", "<<<<<<< HEAD\na\n=======\nb\n>>>>>>> other\n")
    with pytest.raises(EditError, match="conflict markers"):
        change_note(tmp_path, "Conflict.md", lambda t: t + "x")
    write(tmp_path, "Latin1.md", b"caf\xe9\n")
    with pytest.raises(EditError, match="not UTF-8"):
        change_note(tmp_path, "Latin1.md", lambda t: t + "x")
    outside = write(tmp_path / "outside", "Secret.md", "secret\n")
    vault = tmp_path / "vault"
    vault.mkdir()
    os.symlink(outside, vault / "Linked.md")
    with pytest.raises(VaultkitError, match="symbolic link out of the vault"):
        change_note(vault, "Linked.md", lambda t: t + "x")
    assert outside.read_text() == "secret\n"


def test_a_symlink_inside_the_vault_is_written_through(tmp_path):
    real = write(tmp_path, "archive/Real.md", "one\n")
    os.symlink(real, tmp_path / "Link.md")
    change_note(tmp_path, "Link.md", lambda t: t + "two\n")
    assert (tmp_path / "Link.md").is_symlink() and real.read_text() == "one\ntwo\n"


# --- through the CLI, as a new user would ----------------------------------------------

def diff(before: str, after: str) -> list[str]:
    """Lines added and removed, in order: enough to prove nothing else changed."""
    import difflib

    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_a_bad_rules_setting_stops_only_what_reads_it(run, vault):
    """`log` on a lead reads no [rules] setting, so a bad one does not stop it (it stops
    the agenda, which does)."""
    config = vault / ".vaultkit" / "config.toml"
    text = config.read_text()
    assert 'thank_within = "2d"' in text
    config.write_text(text.replace('thank_within = "2d"', 'thank_within = "2x"'))
    result = run("log", "Acme Platform Engineer", "Got an offer", "--kind", "offer",
                 "--date", "2026-11-27")
    assert "status: offer" in result.stdout
    assert "thank_within" in run("agenda", "--date", "2026-11-27", expect=3).stderr


def test_log_a_thank_you(run, vault):
    path = vault / "people" / "Ahmed Hassan.md"
    before = path.read_text()
    result = run("log", "Ahmed", "Sent a thank-you note", "--via", "email", "--kind",
                 "thanks", "--date", "2026-11-26")
    assert diff(before, path.read_text()) == [
        "+- 2026-11-26 (email) Sent a thank-you note #thanks"]
    assert result.stdout == "people/Ahmed Hassan.md: - 2026-11-26 (email) Sent a thank-you " \
                            "note #thanks\n"
    agenda = json.loads(run("agenda", "--date", "2026-11-27", "--format", "json").stdout)
    assert not [i for i in agenda["items"] if i["rule"] == "thank-you"]


def test_log_on_a_lead_sets_its_status(run, vault):
    path = vault / "leads" / "Globex SRE.md"
    before = path.read_text()
    run("log", "Globex SRE", "Phone screen", "--kind", "interview", "--date", "2026-11-27")
    assert diff(before, path.read_text()) == [
        "-status: applied", "+status: interviewing", "+- 2026-11-27 Phone screen #interview"]


def test_log_met_fills_an_empty_met(run, vault):
    path = write(vault, "people/New Person.md", "---\nname: New Person\n---\n# New\n")
    run("log", "New Person", "Met at the fair", "--kind", "met", "--date", "2026-11-20")
    assert path.read_text() == ("---\nname: New Person\nmet: 2026-11-20\n---\n# New\n\n"
                                "## Log\n- 2026-11-20 Met at the fair #met\n")


def test_log_warns_when_too_soon(run, vault):
    # Jane is a contact of a live lead: her minimum gap is active_min_gap, 2 days.
    result = run("log", "Jane", "Coffee", "--date", "2026-11-26", "--yes")
    assert result.stderr.startswith("Warning: the last contact with Jane Doe was on Nov 25 "
                                    "(the day before); their minimum gap is 2 days while "
                                    "Acme Platform Engineer is live.")
    assert "- 2026-11-26 Coffee" in (vault / "people" / "Jane Doe.md").read_text()


def test_log_task_done_snooze_set(run, vault):
    path = vault / "people" / "Jane Doe.md"
    before = path.read_text()
    run("log", "jane", "Send the slides", "--task", "--date", "2026-12-03")
    run("done", "jane", "article", "--date", "2026-11-28")
    run("snooze", "jane", "2026-12-20")
    run("set", "jane", "title", "Director: Engineering")
    run("set", "jane", "country", "no")
    assert diff(before, path.read_text()) == [
        "-title: Engineering Manager",
        '+title: "Director: Engineering"',
        "+next: 2026-12-20",
        '+country: "no"',
        "-- [ ] 2026-12-01 Send Jane the article on hiring trends #promise",
        "+- [x] 2026-12-01 Send Jane the article on hiring trends #promise ✅ 2026-11-28",
        "+- [ ] 2026-12-03 Send the slides",
    ]
    run("check")


def test_write_errors(run, vault):
    write(vault, "people/Broken.md", "---\nname: [x\n---\n## Log\n")
    result = run("set", "Broken", "title", "X", expect=1)
    assert result.stderr.startswith("Error: people/Broken.md:2: invalid YAML")
    assert "not a key" in run("set", "jane", "bad key!", "x", expect=1).stderr
    assert "no open task" in run("done", "Ahmed", expect=1).stderr
    assert "UNTIL: 'someday' is not a date" in run("snooze", "jane", "someday", expect=2).stderr
    assert "Invalid value" in run("log", "jane", " ", expect=2).stderr


def test_a_read_only_note_gives_a_clear_error(tmp_path, monkeypatch):
    # As root, chmod does not stop writes: make the write itself fail as it would.
    import vaultkit.disk.write as write_module

    write(tmp_path, "A.md", "one\n")

    def denied(path, text, unchanged=None):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(write_module, "atomic_write", denied)
    with pytest.raises(VaultkitError) as caught:
        change_note(tmp_path, "A.md", lambda t: t + "two\n")
    assert str(caught.value) == ("A.md: cannot write: permission denied (is the file or its "
                                 "folder read-only?)")
    assert (tmp_path / "A.md").read_text() == "one\n"


def test_after_a_write_only_that_note_is_indexed(vault, index_path, monkeypatch):
    import vaultkit.disk.scan as scan_module
    import vaultkit.index.look as look_module
    from vaultkit.vault import Vault

    session = Vault.open(vault, index_path)
    session.sync()

    def no_walk(config, **options):
        raise AssertionError("the whole vault was walked")

    monkeypatch.setattr(look_module, "scan", no_walk)  # a sync's walk
    monkeypatch.setattr(scan_module, "scan", no_walk)  # and a stale one's, imported late
    session.log("Kim Lee", "Hello", dt.date(2026, 11, 26), via="email", kinds=["intro"])
    from vaultkit.index.queries import find_note, note_detail

    assert [e.kinds for e in note_detail(session.conn, find_note(session.conn, "Kim Lee"))
            .entries] == [("intro",)]
    session.close()


def test_log_asks_on_a_terminal_before_contact_too_soon(vault, index_path):
    """A real process on a pseudo-terminal: the question is asked, `n` writes nothing."""
    import pty
    import subprocess
    import sys

    main, secondary = pty.openpty()
    path = vault / "people" / "Jane Doe.md"
    before = path.read_text()
    proc = subprocess.Popen(
        [sys.executable, "-m", "vaultkit", "--vault", str(vault), "--index", str(index_path),
         "log", "Jane", "Coffee", "--date", "2026-11-26"],
        stdin=secondary, stdout=secondary, stderr=secondary)
    os.close(secondary)
    import select
    import time

    seen = b""
    deadline = time.monotonic() + 60
    try:
        while b"anyway?" not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 1)
            if ready:
                try:
                    chunk = os.read(main, 1024)
                except OSError:  # the process closed its terminal
                    break
                seen += chunk
        os.write(main, b"n\n")
        assert proc.wait(timeout=60) == 1
    finally:
        proc.kill()
        os.close(main)
    assert b"minimum gap is 2 days" in seen and b"Add the entry anyway?" in seen
    assert path.read_text() == before


def test_create_all_writes_every_file_whole_and_never_over_one(tmp_path):
    from vaultkit.disk.files import create_all

    taken = write(tmp_path, "people/Taken.md", "mine\n")
    files = [(tmp_path / "people" / f"N{i}.md", f"note {i}\n") for i in range(50)]
    files.insert(10, (taken, "theirs\n"))
    files.append((tmp_path / "new folder" / "Deep.md", "deep\n"))
    errors = create_all(iter(files))
    assert [type(e).__name__ for e in errors if e] == ["FileExistsError"]
    assert errors[10] is not None
    assert taken.read_text() == "mine\n"
    for (path, text), error in zip(files, errors, strict=True):
        if error is None:
            assert path.read_text() == text
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_create_all_leaves_nothing_when_the_files_cannot_be_made(tmp_path):
    from vaultkit.disk.files import create_all

    def files():
        for i in range(20):
            yield tmp_path / f"N{i}.md", f"note {i}\n"
        raise RuntimeError("a record could not be read")

    with pytest.raises(RuntimeError):
        create_all(files())
    assert list(tmp_path.iterdir()) == []


def test_a_crlf_note_in_conflict_is_a_problem_and_never_edited(run, vault):
    path = vault / "people" / "Ahmed Hassan.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines += ["<<<<<<< HEAD", "- 2026-11-01 mine", "=======", "- 2026-11-02 theirs",
              ">>>>>>> other", ""]
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    before = path.read_bytes()
    conflict = len(lines) - 5
    assert (f"people/Ahmed Hassan.md:{conflict}: git conflict markers: resolve the merge "
            "conflict\n") in run("check", expect=1).stdout
    result = run("log", "Ahmed", "Sent a thank-you note", "--date", "2026-11-26", expect=5)
    assert "has git conflict markers; resolve the merge first" in result.stderr
    assert path.read_bytes() == before
