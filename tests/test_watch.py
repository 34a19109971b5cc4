"""`vaultkit watch`: the debouncer on a fake clock, a real observer (native and polling) in a
temporary vault, and a real `vaultkit watch` process edited the way editors save.

Waits poll for a condition with a deadline: a sleep is never the assertion."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import EXAMPLE, wait_for
from vaultkit.vault import Vault
from vaultkit.watch import Debouncer, Watcher, relevant

DATE = "2026-11-27"


def test_debouncer_waits_for_quiet_but_not_forever():
    d = Debouncer(quiet=0.3, max_wait=2.0)
    assert not d.due(0.0)
    d.note(0.0)
    assert not d.due(0.29) and d.due(0.3)
    d.reset()
    for tick in range(0, 25):  # an event every 0.1 s: a git checkout
        d.note(tick / 10)
        if d.due(tick / 10):
            break
    assert tick == 20  # after max_wait, although events keep coming


def test_relevant_paths(tmp_path):
    matters = relevant(tmp_path, tmp_path / "Agenda.md")
    assert matters(str(tmp_path / "people" / "A.md"))
    assert matters(str(tmp_path / ".vaultkit" / "config.toml"))
    assert matters(str(tmp_path / ".vaultkit" / "templates" / "agenda.md.j2"))
    assert matters(str(tmp_path / ".vaultkit"))  # made or removed: vouching begins or ends
    for ignored in (".git/index", ".obsidian/workspace.json", ".trash/A.md", "Agenda.md",
                    "people/.A.md.swp", ".vaultkit/index.sqlite3"):
        assert not matters(str(tmp_path / ignored)), ignored
    assert not matters(str(tmp_path.parent / "elsewhere.md"))


def vim_save(path: Path, text: str) -> None:
    """Write a new file and rename it over the note, as vim and VS Code do."""
    temp = path.with_name(f".{path.name}.swp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


@contextmanager
def watched(vault: Path, index: Path, agenda: Path | None, polling: bool, lines: list,
            watchers: list | None = None):
    """A Watcher running on its own thread for the `with` block; stopped and joined after
    it, whatever happened."""
    thread, stop = watching(vault, index, agenda, polling, lines, [], watchers)
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def watching(vault: Path, index: Path, agenda: Path | None, polling: bool, lines: list,
             result: list, watchers: list | None = None
             ) -> tuple[threading.Thread, threading.Event]:
    """A Watcher on its own thread, which opens the session (SQLite connections belong to
    the thread that made them); it is put in `watchers` when given."""
    import datetime as dt

    stop = threading.Event()

    def run() -> None:
        session = Vault.open(vault, index)
        session.sync()
        watcher = Watcher(session, agenda, "md", None, polling, 0.1, say=lines.append,
                          today=lambda: dt.date(2026, 11, 27), stop=stop)
        if watchers is not None:
            watchers.append(watcher)
        result.append(watcher.run())
        session.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, stop


@pytest.mark.parametrize("polling", [False, True])
def test_a_real_observer_keeps_the_agenda_note_current(tmp_path, polling):
    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE, vault)
    agenda = vault / "Agenda.md"
    lines: list[str] = []
    with watched(vault, tmp_path / "index.sqlite3", agenda, polling, lines):
        assert wait_for(lambda: agenda.exists() and "Ahmed Hassan" in agenda.read_text())
        note = vault / "people" / "Ahmed Hassan.md"
        vim_save(note, note.read_text() + f"- {DATE} (email) Thanks for the chat #thanks\n")
        assert wait_for(lambda: "Send [[people/Ahmed Hassan|Ahmed Hassan]] a thank-you"
                        not in agenda.read_text())
        (vault / "people" / "Broken.md").write_text("---\nname: [x\n---\n")
        assert wait_for(lambda: any(line.startswith("people/Broken.md:2: invalid YAML")
                                    for line in lines))


def test_the_watch_command_as_a_process(tmp_path):
    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE, vault)
    index = str(tmp_path / "index.sqlite3")
    agenda = vault / "Agenda.md"
    base = [sys.executable, "-m", "vaultkit", "--vault", str(vault), "--index", index]
    proc = subprocess.Popen([*base, "watch", "--agenda", str(agenda), "--debounce", "100"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert wait_for(lambda: agenda.exists(), 60)
        before = agenda.read_text()
        note = vault / "people" / "Kim Lee.md"
        # Obsidian's way: write a temporary file and rename it over the note.
        vim_save(note, note.read_text() + "- 2026-11-26 (email) Introduced myself #intro\n")
        # Read commands work while watch holds the index (WAL, busy timeout).
        for _ in range(3):
            result = subprocess.run([*base, "agenda", "--format", "json"], capture_output=True,
                                    timeout=60)
            assert result.returncode == 0, result.stderr
        assert wait_for(lambda: agenda.read_text() != before, 30)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        proc.kill()
        out, err = proc.communicate(timeout=10)
    assert b"Watching" in err
    shown = subprocess.run([*base, "show", "Kim Lee", "--json"], capture_output=True,
                           timeout=60)
    assert b"Introduced myself" in shown.stdout


def test_the_vault_folder_disappearing_stops_with_a_message(tmp_path):
    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE, vault)
    lines: list[str] = []
    result: list[int] = []
    thread, _stop = watching(vault, tmp_path / "index.sqlite3", None, True, lines, result)
    time.sleep(0.5)  # let it start; not an assertion
    shutil.rmtree(vault)
    thread.join(timeout=20)
    assert result == [1]
    assert any("is gone" in line for line in lines)


def vim_backup_save(path: Path, text: str) -> None:
    """vim's other way: rename the note to a backup, write it anew, drop the backup."""
    backup = path.with_name(path.name + "~")
    os.replace(path, backup)
    path.write_text(text, encoding="utf-8")
    backup.unlink()


def test_backup_saves_settings_and_the_watch_limit(tmp_path, monkeypatch):
    """vim's backup-and-rewrite save; a changed [rules] setting re-renders the agenda; with
    the system's watch limit reached, it polls instead."""
    import errno

    import watchdog.observers

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "inotify watch limit reached")

    monkeypatch.setattr(watchdog.observers.Observer, "schedule", full)
    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE, vault)
    agenda = vault / "Agenda.md"
    lines: list[str] = []
    with watched(vault, tmp_path / "index.sqlite3", agenda, False, lines):
        assert wait_for(lambda: agenda.exists() and "Ahmed Hassan" in agenda.read_text())
        assert any("watching by polling instead" in line for line in lines)
        note = vault / "people" / "Ahmed Hassan.md"
        vim_backup_save(note, note.read_text() + f"- {DATE} (email) Thanks #thanks\n")
        assert wait_for(lambda: "Send [[people/Ahmed Hassan|Ahmed Hassan]] a thank-you"
                        not in agenda.read_text())
        assert "birthday" in agenda.read_text()  # Raj Singh's and Lucía's, within 7 days
        config = vault / ".vaultkit" / "config.toml"
        config.write_text(config.read_text().replace("days = 7", "days = 1"))
        assert wait_for(lambda: "birthday" not in agenda.read_text())
    assert sorted(p.name for p in (vault / "people").iterdir()) == sorted(
        p.name for p in (EXAMPLE / "people").iterdir())


def test_reading_notes_does_not_start_a_sync(tmp_path):
    """The sync reads the notes it indexes; were reads events, every sync would start the
    next one (watchdog reports opens and closes on Linux)."""
    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE, vault)
    agenda = vault / "Agenda.md"
    lines: list[str] = []
    watchers: list[Watcher] = []
    with watched(vault, tmp_path / "index.sqlite3", agenda, False, lines, watchers):
        assert wait_for(lambda: agenda.exists())
        watcher = watchers[0]
        before = watcher.syncs
        for note in sorted(vault.rglob("*.md")):
            note.read_bytes()
        assert not wait_for(lambda: watcher.syncs > before, 1.0)
        note = vault / "people" / "Ahmed Hassan.md"
        vim_save(note, note.read_text() + f"- {DATE} (email) Thanks for the chat #thanks\n")
        assert wait_for(lambda: "~1 -0 in " in " ".join(lines)), lines
        assert not wait_for(lambda: watcher.syncs > before + 1, 1.0)
        assert watcher.syncs == before + 1


def test_plain_note_is_what_the_walk_would_take(tmp_path):
    from vaultkit.config import load_config
    from vaultkit.disk.scan import plain_note

    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE, vault)  # exclude = ["templates/**"]
    config = load_config(vault)
    outside = tmp_path / "outside"
    outside.mkdir()
    (vault / "linked").symlink_to(outside)
    assert plain_note(config, "people/Ahmed Hassan.md")
    assert plain_note(config, "people/new/Not Yet Written.md")  # present or not
    assert not plain_note(config, "templates/contact.md")  # excluded folder
    assert not plain_note(config, "people/.hidden.md")
    assert not plain_note(config, "people/Ahmed Hassan.md~")
    assert not plain_note(config, "linked/Someone.md")  # through a symbolic link


def test_folder_renames_and_new_folders_reach_the_index(tmp_path):
    """Folder events make the watcher walk the vault: a note's own events do not tell."""
    import sqlite3

    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE, vault)
    index = tmp_path / "index.sqlite3"
    lines: list[str] = []

    def paths() -> set[str]:
        """The indexed paths; none while the watcher is still creating the index (the file
        exists before its tables do)."""
        conn = sqlite3.connect(f"{index.as_uri()}?mode=ro", uri=True)
        try:
            return {row[0] for row in conn.execute("SELECT path FROM files")}
        except sqlite3.OperationalError:
            return set()
        finally:
            conn.close()

    watchers: list[Watcher] = []
    with watched(vault, index, None, False, lines, watchers):
        assert wait_for(lambda: watchers and watchers[0].ready.is_set())
        assert "people/Ahmed Hassan.md" in paths()
        os.rename(vault / "people", vault / "contacts")
        assert wait_for(lambda: "contacts/Ahmed Hassan.md" in paths()
                        and not any(p.startswith("people/") for p in paths()))
        (vault / "contacts" / "alumni").mkdir()
        (vault / "contacts" / "alumni" / "New Person.md").write_text(
            "---\nname: New Person\n---\n", encoding="utf-8")
        assert wait_for(lambda: "contacts/alumni/New Person.md" in paths())
        os.remove(vault / "contacts" / "alumni" / "New Person.md")
        assert wait_for(lambda: "contacts/alumni/New Person.md" not in paths())


def test_a_change_before_the_observer_starts_is_not_lost(tmp_path):
    """The command syncs, then starts watching: a note saved in between is in no event,
    and must still reach the index (and the agenda note) without waiting for the walk
    once a minute."""
    import datetime as dt

    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE, vault)
    agenda = vault / "Agenda.md"
    note = vault / "people" / "Ahmed Hassan.md"
    watchers: list[Watcher] = []
    stop = threading.Event()

    def run() -> None:  # SQLite connections belong to the thread that made them
        opened = Vault.open(vault, tmp_path / "index.sqlite3")
        opened.sync()
        vim_save(note, note.read_text() + f"- {DATE} (email) Thanks for the chat #thanks\n")
        watcher = Watcher(opened, agenda, "md", None, False, 0.1, say=lambda line: None,
                          today=lambda: dt.date(2026, 11, 27), stop=stop)
        watchers.append(watcher)
        watcher.run()
        opened.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        assert wait_for(lambda: watchers and watchers[0].ready.is_set())
        assert "Agenda for" in agenda.read_text()  # the agenda is there …
        # … without his thank-you item, at once (not after the walk once a minute).
        assert "Send [[people/Ahmed Hassan|Ahmed Hassan]] a thank-you" not in agenda.read_text()
    finally:
        stop.set()
        thread.join(timeout=10)


def test_a_broken_setting_is_reported_and_watching_goes_on(tmp_path):
    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE, vault)
    agenda = vault / "Agenda.md"
    lines: list[str] = []
    with watched(vault, tmp_path / "index.sqlite3", agenda, False, lines):
        assert wait_for(lambda: agenda.exists() and "Ahmed Hassan" in agenda.read_text())
        config = vault / ".vaultkit" / "config.toml"
        vim_save(config, config.read_text(encoding="utf-8") + "\n[rules\n")
        assert wait_for(lambda: any(line.startswith("Error: ") and
                                    line.endswith("(keeping the settings read before)")
                                    for line in lines)), lines
        note = vault / "people" / "Ahmed Hassan.md"
        vim_save(note, note.read_text() + f"- {DATE} (email) Thanks for the chat #thanks\n")
        assert wait_for(lambda: "Send [[people/Ahmed Hassan|Ahmed Hassan]] a thank-you"
                        not in agenda.read_text())


def test_the_live_agenda_follows_a_change_another_command_indexed(tmp_path):
    """Another vaultkit command syncs the index before the watcher does (here: a `log`
    while the watcher's debounce is long): the watcher learns of the change from the index
    and the agenda note follows within 2 s, not at its own next sync."""
    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE, vault)
    index = str(tmp_path / "index.sqlite3")
    agenda = vault / "Agenda.md"
    note = vault / "people" / "Ahmed Hassan.md"  # met today, so a thank-you is due
    today = dt.date.today().isoformat()
    note.write_text(note.read_text().replace("2026-11-25", today), encoding="utf-8")
    base = [sys.executable, "-m", "vaultkit", "--vault", str(vault), "--index", index]
    item = "Send [[people/Ahmed Hassan|Ahmed Hassan]] a thank-you"
    # A debounce of a minute: the watcher's own sync cannot be what updates the note.
    proc = subprocess.Popen([*base, "watch", "--agenda", str(agenda), "--debounce", "60000"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert wait_for(lambda: agenda.exists(), 60)
        assert wait_for(lambda: item in agenda.read_text(), 10)
        logged = subprocess.run([*base, "log", "Ahmed Hassan", "Sent a thank-you note",
                                 "--kind", "thanks", "--yes"], capture_output=True,
                                timeout=60)
        assert logged.returncode == 0, logged.stderr
        assert wait_for(lambda: item not in agenda.read_text(), 2.0), agenda.read_text()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def test_the_live_agenda_waits_while_another_process_builds_the_index_again(tmp_path,
                                                                            monkeypatch):
    """Another process empties the index to build it again (after a restart, its marker
    says it may be torn: index/unsynced.py): the agenda note keeps what it said until the
    index is whole again, and never says the emptied index's "Nothing due"."""
    from vaultkit.index import unsynced

    boot = tmp_path / "boot_id"
    boot.write_text("boot-one\n")
    monkeypatch.setattr(unsynced, "BOOT_ID", boot)
    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE, vault)
    index = tmp_path / "index.sqlite3"
    agenda = vault / "Agenda.md"
    lines: list[str] = []
    with watched(vault, index, agenda, False, lines):
        assert wait_for(lambda: agenda.exists() and "Ahmed Hassan" in agenda.read_text(), 30)
        before = agenda.read_text()
        boot.write_text("boot-two\n")  # as if the machine had stopped and started again
        emptied = Vault.open(vault, index)  # empties the index; its sync comes later
        try:
            assert emptied.notices and emptied.index_stale()
            deadline = time.monotonic() + 1.5  # thirty times the watcher's poll
            while time.monotonic() < deadline:
                assert agenda.read_text() == before
                time.sleep(0.02)
            emptied.sync()
        finally:
            emptied.close()
        assert wait_for(lambda: not any("Nothing due" in line for line in lines), 1)
        time.sleep(0.5)  # the watcher renders what the rebuilt index says
        assert agenda.read_text() == before
