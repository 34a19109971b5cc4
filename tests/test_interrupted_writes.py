"""An interrupted write leaves no temporary file behind: a Ctrl-C (or SIGTERM) that arrives
the moment a temporary file is made — between the system call that creates it and the
code that takes charge of removing it — waits until it is in charge (found in review: 4
of 6 Ctrl-Cs during an import left `.vaultkit-….tmp` files in the vault, which git then
commits). The signal is real (raised at this process, right after the file is created)."""

from __future__ import annotations

import os
import signal
import sqlite3
from pathlib import Path

import pytest

from conftest import stop_after
from vaultkit.disk import files
from vaultkit.disk.temps import TEMP_PREFIX

pytestmark = pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX")


@pytest.fixture
def ctrl_c_as_a_temp_is_made(monkeypatch):
    """SIGINT sent to this process just after the system call that makes a temporary file."""
    real_open = os.open

    def opening(path, flags, *args, **kwargs):
        fd = real_open(path, flags, *args, **kwargs)
        if flags & os.O_CREAT and Path(path).name.startswith(TEMP_PREFIX):
            signal.raise_signal(signal.SIGINT)
        return fd

    monkeypatch.setattr(files.os, "open", opening)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX))


@pytest.mark.parametrize("write", [
    lambda folder: files.atomic_write(folder / "a.md", "new\n"),
    lambda folder: files.create_new(folder / "b.md", "new\n"),
    lambda folder: files.create_all([(folder / f"c{n}.md", "new\n") for n in range(3)]),
], ids=["atomic_write", "create_new", "create_all"])
def test_a_ctrl_c_as_the_temporary_file_is_made_leaves_none(tmp_path, write,
                                                             ctrl_c_as_a_temp_is_made):
    (tmp_path / "a.md").write_text("old\n")
    with pytest.raises(KeyboardInterrupt):
        write(tmp_path)
    assert temps(tmp_path) == []
    assert (tmp_path / "a.md").read_text() == "old\n"  # and the note is as it was


@pytest.mark.parametrize("stop", ["SIGTERM", "SIGHUP"])
def test_sigterm_stops_an_import_as_a_ctrl_c_does_leaving_no_temporary_file(vault, tmp_path,
                                                                             stop):
    """`kill PID` (SIGTERM: a service manager, a timeout) or the terminal closed (SIGHUP)
    in the middle of an import: the command stops as on a Ctrl-C, through its clean-up,
    exit 128 + the signal (143, 129). Before, either ended the process where it stood:
    thousands of temporary files (whole notes) were left in people/ (SIGHUP: found in
    review, 12-06)."""
    import subprocess
    import sys
    import time

    from conftest import ROOT

    rows = "\n".join(f"Person {n:05d},p{n}@example.com,Org {n % 50}" for n in range(6000))
    (tmp_path / "in.csv").write_text("Full Name,E-mail,Employer\n" + rows + "\n")
    command = subprocess.Popen(
        [sys.executable, "-m", "vaultkit", "--vault", str(vault), "--index",
         str(tmp_path / "index.sqlite3"), "import", "csv", str(tmp_path / "in.csv"),
         "--map", "Full Name=name", "--map", "E-mail=email", "--map", "Employer=company"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 60
        while not temps(vault / "people") and command.poll() is None:
            assert time.monotonic() < deadline, "no temporary file was ever made"
            time.sleep(0.002)
        assert command.poll() is None, "the import ended before it could be stopped"
        command.send_signal(getattr(signal, stop))
        _out, err = command.communicate(timeout=60)
    finally:
        if command.poll() is None:
            command.kill()
            command.communicate()
    assert command.returncode == 128 + getattr(signal, stop), err
    assert "Traceback" not in err
    assert temps(vault / "people") == []


def test_a_second_ctrl_c_during_the_clean_up_leaves_no_temporary_file(tmp_path, monkeypatch):
    """The first Ctrl-C stops an import's writes; a second, sent while its clean-up removes
    the temporary files one by one, waits until all are gone (it left most behind)."""
    real_unlink = Path.unlink
    sent = []

    def unlinking(self, missing_ok=False):
        if self.name.startswith(TEMP_PREFIX) and not sent:
            sent.append(True)
            signal.raise_signal(signal.SIGINT)  # the second Ctrl-C, as the clean-up begins
        return real_unlink(self, missing_ok=missing_ok)

    def files_then_ctrl_c():
        for n in range(50):
            yield tmp_path / f"n{n}.md", "new\n"
        raise KeyboardInterrupt  # the first Ctrl-C, once fifty are written beside

    monkeypatch.setattr(Path, "unlink", unlinking)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            files.create_all(files_then_ctrl_c())
    finally:
        signal.signal(signal.SIGINT, previous)
    assert sent and temps(tmp_path) == []


class _StoppedRightAfterCommit(sqlite3.Connection):
    """A connection whose COMMIT is followed at once by a Ctrl-C, as a signal's handler runs
    right after the statement returns."""

    armed = False  # the next COMMIT, once set

    def execute(self, sql, *args):
        cursor = super().execute(sql, *args)
        if sql == "COMMIT" and _StoppedRightAfterCommit.armed:
            _StoppedRightAfterCommit.armed = False
            raise KeyboardInterrupt
        return cursor


def test_a_ctrl_c_right_after_the_syncs_commit_is_a_ctrl_c(vault, index_path, monkeypatch):
    """The rollback after a stop is only of a transaction still open: one right after the
    COMMIT raised `cannot rollback - no transaction is active` instead, and the command
    said "unexpected error"."""
    from vaultkit.vault import Vault

    real_connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: real_connect(
        *a, **k, factory=_StoppedRightAfterCommit))
    for stop_at in ("making the schema", "the sync"):
        _StoppedRightAfterCommit.armed = stop_at == "making the schema"
        with pytest.raises(KeyboardInterrupt):
            opened = Vault.open(vault, index_path)
            try:
                _StoppedRightAfterCommit.armed = True
                opened.sync()
            finally:
                _StoppedRightAfterCommit.armed = False
                opened.close()
    monkeypatch.setattr(sqlite3, "connect", real_connect)
    conn = sqlite3.connect(index_path)
    try:  # and what was committed stays
        assert conn.execute("SELECT COUNT(*) FROM files").fetchone()[0] > 20
    finally:
        conn.close()


@pytest.mark.parametrize("cause, code", [(KeyboardInterrupt(), 1), (SystemExit(143), 143)],
                         ids=["Ctrl-C", "SIGTERM"])
def test_an_import_stopped_before_the_index_took_its_notes_in_counts_them(cause, code):
    """What `import` says when stopped after writing its notes (Writes.index_written): how
    many, and not to run it again; the stop's own exit code."""
    from vaultkit.errors import WrittenNotIndexed

    said = WrittenNotIndexed([f"people/P{n}.md" for n in range(4000)], cause)
    assert str(said).startswith("4000 notes were written, but the command was stopped")
    assert "do not run the command again" in str(said)
    assert said.exit_code == code


def _people(vault: Path) -> list[str]:
    return sorted(p.name for p in (vault / "people").iterdir() if p.suffix == ".md")


@pytest.mark.parametrize("stop, code", [(KeyboardInterrupt, 1), (SystemExit(143), 143)],
                         ids=["Ctrl-C", "SIGTERM"])
def test_an_import_stopped_while_linking_its_new_notes_says_how_many_and_finishes_again(
        vault, run, tmp_path, monkeypatch, stop, code):
    """Stopped while its new notes are linked to their names (disk.files.create_all), some
    of them written: the import said `Aborted!` alone (found in review), so no one knew
    what it had done. It says how many were written and that the same import finishes
    the job; run again, it creates the rest and leaves the written ones as they are."""
    rows = "".join(f"Stopped Person {n:02d},s{n}@example.com\n" for n in range(30))
    (tmp_path / "in.csv").write_text("Full Name,E-mail\n" + rows)
    before = _people(vault)
    restore = stop_after(monkeypatch, files, "_link", 10, stop)
    args = ("import", "csv", str(tmp_path / "in.csv"), "--map", "Full Name=name",
            "--map", "E-mail=email")
    result = run(*args, expect=code)
    assert "10 of 30 notes were written (each whole); run the same import again to finish" \
        in result.stderr, result.stderr
    assert "run the same import again" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert len(_people(vault)) == len(before) + 10
    assert temps(vault / "people") == []

    restore()
    again = run(*args)
    assert "created 20" in again.stdout and "unchanged 10" in again.stdout, again.stdout
    assert len(_people(vault)) == len(before) + 30  # no one twice


def test_an_import_stopped_while_filling_in_notes_says_how_many_were_filled_in(
        vault, run, tmp_path, monkeypatch):
    """Stopped between two of the matched notes it fills in: how many were written."""
    from vaultkit.imports import apply

    for n in range(5):
        (vault / "people" / f"Filled Person {n}.md").write_text(
            f"---\nname: Filled Person {n}\nkind: contact\n---\n")
    rows = "".join(f"Filled Person {n},Org {n}\n" for n in range(5))
    (tmp_path / "in.csv").write_text("Full Name,Employer\n" + rows)
    run("index")
    restore = stop_after(monkeypatch, apply, "change_note", 2)
    args = ("import", "csv", str(tmp_path / "in.csv"), "--map", "Full Name=name",
            "--map", "Employer=company")
    result = run(*args, expect=1)
    assert "2 of 5 notes were written" in result.stderr, result.stderr
    restore()
    again = run(*args)
    assert "updated 3" in again.stdout and "unchanged 2" in again.stdout, again.stdout


def test_an_import_counts_notes_not_records_when_stopped(vault, run, tmp_path, monkeypatch):
    """Found in review: the count was of records, so a person on two rows counted twice
    ("7 of 10" where 5 notes had been written, with nothing left to do). Every note
    written, only the index is left: said as for any command stopped there
    (Writes.index_written)."""
    from vaultkit.imports import apply

    names = [f"Twice Person {n}" for n in range(5)]
    (tmp_path / "in.csv").write_text(  # everyone twice: the second row adds the employer
        "Full Name,Employer\n" + "".join(f"{name},\n" for name in names)
        + "".join(f"{name},Org {n}\n" for n, name in enumerate(names)))
    stop_after(monkeypatch, apply, "change_note", 2)  # two of the second rows taken in
    result = run("import", "csv", str(tmp_path / "in.csv"), "--map", "Full Name=name",
                 "--map", "Employer=company", expect=1)
    assert sorted(p.stem for p in (vault / "people").glob("Twice*.md")) == names
    assert result.stderr.startswith("Error: 5 notes were written, but the command was stopped"
                                     ), result.stderr


def test_an_import_stopped_after_its_last_note_says_they_were_written(vault, run, tmp_path,
                                                                      monkeypatch):
    """Found in review: stopped after the last note was written and before the index was
    asked to take them in, it said `Aborted!` alone."""
    from vaultkit.imports import apply

    rows = "".join(f"Last Person {n:02d},l{n}@example.com\n" for n in range(30))
    (tmp_path / "in.csv").write_text("Full Name,E-mail\n" + rows)

    def stopped(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(apply._Count, "done", stopped)
    result = run("import", "csv", str(tmp_path / "in.csv"), "--map", "Full Name=name",
                 "--map", "E-mail=email", expect=1)
    assert result.stderr.startswith("Error: 30 notes were written, but the command was stopped"
                                    ), result.stderr
