"""`watch` records the items ticked in its agenda note: a real `vaultkit watch` process
and a real observer, the note saved as Obsidian saves it (in place, or a temporary file
renamed over it). Waits poll for a condition with a deadline: a sleep is never the
assertion."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from test_watch import wait_for, watched

from conftest import EXAMPLE
from vaultkit.vault import Vault
from vaultkit.watch_agenda import AgendaNote

TODAY = dt.date.today().isoformat()  # a watch process's day


def hashes(root: Path, *but: Path) -> dict[str, str]:
    skip = {str(p) for p in but}
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*"))
            if p.is_file() and str(p) not in skip}


def tick(text: str, pattern: str, channel: str = "") -> str:
    """Tick the box of the item line matching `pattern`, as a person does in Obsidian."""
    new, count = re.subn(rf"^- \[ \] (.*{pattern}.*\^vk-[0-9a-f]{{10}})$",
                         lambda m: f"- [x] {channel}{m[1]}", text, count=1, flags=re.M)
    assert count == 1, pattern
    return new


def id_of(text: str, pattern: str) -> str:
    return re.search(rf"^- \[.\] .*{pattern}.*\^(vk-[0-9a-f]{{10}})$", text, re.M)[1]


def save_in_place(path: Path, text: str) -> None:
    with open(path, "r+", encoding="utf-8", newline="") as file:
        file.seek(0)
        file.write(text)
        file.truncate()


def save_by_rename(path: Path, text: str) -> None:
    temp = path.with_name(path.name + ".tmp")  # Obsidian's: write aside, rename over it
    temp.write_text(text, encoding="utf-8", newline="")
    os.replace(temp, path)


@contextmanager
def watch_process(tmp_path: Path, agenda: Path):
    """`vaultkit watch --agenda AGENDA` on a copy of the example vault; its output lines
    (stdout and stderr together) are collected in the list it yields."""
    vault = tmp_path / "vault"
    base = [sys.executable, "-m", "vaultkit", "--vault", str(vault),
            "--index", str(tmp_path / "index.sqlite3")]
    proc = subprocess.Popen([*base, "watch", "--agenda", str(agenda), "--debounce", "100"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            cwd=tmp_path)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")),
                              daemon=True)
    reader.start()
    try:
        assert wait_for(lambda: agenda.exists() and "Ahmed Hassan" in agenda.read_text(), 60)
        yield lines
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        reader.join(timeout=10)


@pytest.fixture
def vault(tmp_path) -> Path:
    target = tmp_path / "vault"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.mark.parametrize("save", [save_in_place, save_by_rename])
def test_a_tick_is_logged_within_two_seconds_and_nothing_else_changes(tmp_path, vault, save):
    agenda = vault / "Agenda.md"
    ahmed = vault / "people" / "Ahmed Hassan.md"
    with watch_process(tmp_path, agenda) as lines:
        text = agenda.read_text(encoding="utf-8")
        item = id_of(text, "Ahmed Hassan")
        before = hashes(vault, agenda, ahmed)
        save(agenda, tick(text, "Ahmed Hassan", "(email) "))
        saved = time.monotonic()
        assert wait_for(lambda: "#thanks" in ahmed.read_text(), 2.0), lines
        assert wait_for(lambda: item not in agenda.read_text(), 2.0 - (
            time.monotonic() - saved)), agenda.read_text()
        assert f"- {TODAY} (email) Thanked them for meeting #thanks" in ahmed.read_text()
        assert hashes(vault, agenda, ahmed) == before
        # where it wrote, as the shell names it (watch runs in tmp_path)
        assert wait_for(lambda: any("Wrote vault/Agenda.md" in line for line in lines), 5)
    assert sum("Logged #thanks in people/Ahmed Hassan.md" in line for line in lines) == 1
    assert ahmed.read_text().count("#thanks") == 1


def test_two_ticks_in_one_save_and_two_saves_50_ms_apart(tmp_path, vault):
    agenda = vault / "Agenda.md"
    people = vault / "people"
    with watch_process(tmp_path, agenda) as lines:
        text = agenda.read_text(encoding="utf-8")
        sofia = id_of(text, "Sofia Rossi")
        save_in_place(agenda, tick(tick(text, "Ahmed Hassan"), "Sofia Rossi"))
        assert wait_for(lambda: "#thanks" in (people / "Ahmed Hassan.md").read_text()
                        and "#checkin" in (people / "Sofia Rossi.md").read_text(), 2.0), lines
        assert wait_for(lambda: sofia not in agenda.read_text(), 2.0)
        text = agenda.read_text(encoding="utf-8")
        first = tick(text, "Marcus Chen")
        save_by_rename(agenda, first)
        time.sleep(0.05)  # the pace of the saves, not an assertion
        save_by_rename(agenda, tick(first, "Tom Becker"))  # the editor's buffer has both
        assert wait_for(lambda: "#announce" in (people / "Marcus Chen.md").read_text()
                        and "#helped-them" in (people / "Tom Becker.md").read_text(), 2.0)
        assert wait_for(lambda: "[x]" not in agenda.read_text(), 2.0)
    for note, kind in (("Ahmed Hassan", "#thanks"), ("Sofia Rossi", "#checkin"),
                       ("Marcus Chen", "#announce"), ("Tom Becker", "#helped-them")):
        was = (EXAMPLE / "people" / f"{note}.md").read_text().count(kind)
        assert (people / f"{note}.md").read_text().count(kind) == was + 1, note
        assert sum(line.startswith("Logged ") and kind in line
                   and line.rstrip().endswith(f" in people/{note}.md") for line in lines) == 1


def test_an_agenda_note_outside_the_vault_is_warned_of_and_still_ticks(tmp_path, vault):
    agenda = tmp_path / "Agenda.md"
    with watch_process(tmp_path, agenda) as lines:
        assert wait_for(lambda: any("is outside the vault" in line for line in lines), 5)
        save_in_place(agenda, tick(agenda.read_text(encoding="utf-8"), "Ahmed Hassan"))
        assert wait_for(lambda: "#thanks" in (vault / "people" / "Ahmed Hassan.md")
                        .read_text(), 2.0), lines


DAY = dt.date(2026, 11, 27)  # the in-thread watchers' day


def test_a_stale_tick_is_reported_once_and_ids_in_a_contact_note_are_no_ticks(tmp_path,
                                                                               vault):
    agenda = vault / "Agenda.md"
    lines: list[str] = []
    with watched(vault, tmp_path / "index.sqlite3", agenda, False, lines):
        assert wait_for(lambda: agenda.exists() and "Ahmed Hassan" in agenda.read_text())
        text = agenda.read_text(encoding="utf-8")
        ahmed_id = id_of(text, "Ahmed Hassan")
        other = "- [x] 2026-11-27 · another vault's item ^vk-ffffffffff\n"
        save_in_place(agenda, text + other)
        assert wait_for(lambda: any("vk-ffffffffff matches no item" in x for x in lines))
        note = vault / "people" / "Ahmed Hassan.md"
        # a block id in a contact note: the note's own (a done task), never a tick
        note.write_text(note.read_text() + f"- [x] 2026-11-27 · thanked ^{ahmed_id}\n")
        kim = vault / "people" / "Kim Lee.md"
        kim.write_text(kim.read_text() + "- 2026-11-26 (email) Hello #contacted\n")
        assert wait_for(lambda: "Kim Lee, a name" not in agenda.read_text())
        save_in_place(agenda, agenda.read_text(encoding="utf-8") + other)  # again
        assert wait_for(lambda: "vk-ffffffffff" not in agenda.read_text())
        assert ahmed_id in agenda.read_text()  # the thank-you is still due
    assert sum("vk-ffffffffff" in line for line in lines) == 1, lines
    assert not any(line.startswith("Logged") for line in lines), lines


def test_a_hostile_agenda_note_stops_nothing(tmp_path, vault):
    """Huge (11 MB of ticks), then binary: never a traceback, never a tick recorded. Neither
    says vaultkit made it, so neither is read for ticks nor rendered over (said), until it
    is gone."""
    agenda = vault / "Agenda.md"
    lines: list[str] = []
    with watched(vault, tmp_path / "index.sqlite3", agenda, False, lines):
        assert wait_for(lambda: agenda.exists() and "Ahmed Hassan" in agenda.read_text())
        huge = agenda.with_name("huge.tmp")  # whole, as an editor saves it
        huge.write_bytes(b"- [x] a ^vk-0000000000\n" * 500_000)
        os.replace(huge, agenda)
        assert wait_for(lambda: any("you wrote in it" in x or "did not write" in x
                                    for x in lines), 20), lines
        agenda.write_bytes(b"\x00\xff\xfe- [x] \x80 ^vk-0000000000\n" * 100_000)
        note = vault / "people" / "Ahmed Hassan.md"
        note.write_text(note.read_text() + "- 2026-11-26 (email) Hello #checkin\n")
        assert wait_for(lambda: "+0 ~1" in " ".join(lines), 20), lines
        assert agenda.read_bytes().startswith(b"\x00\xff\xfe")  # left alone
        agenda.unlink()
        note.write_text(note.read_text() + "- 2026-11-27 (email) Thanks #thanks\n")
        assert wait_for(lambda: agenda.exists()
                        and "Send [[people/Ahmed Hassan" not in agenda.read_text())
    assert not any("Traceback" in line or line.startswith("Logged") for line in lines)


class SavedWhileRendering(Vault):
    """A vault during whose render the person saves a tick (the race watch guards)."""

    save_during_render: Path | None = None
    pattern = ""

    def live_agenda_text(self, *args, **kwargs):
        text = super().live_agenda_text(*args, **kwargs)
        path, self.save_during_render = self.save_during_render, None
        if path is not None:
            save_in_place(path, tick(path.read_text(encoding="utf-8"), self.pattern))
        return text


def test_a_tick_saved_while_watch_renders_is_recorded_not_overwritten(tmp_path, vault):
    agenda = vault / "Agenda.md"
    said: list[str] = []
    with SavedWhileRendering.open(vault, tmp_path / "index.sqlite3") as session:
        session.sync()
        note = AgendaNote(session, agenda, "md", None, said.append)
        note.render(DAY, None)
        item = id_of(agenda.read_text(encoding="utf-8"), "Ahmed Hassan")
        session.save_during_render, session.pattern = agenda, "Ahmed Hassan"
        note.render(DAY, set())  # the person ticks while this render runs
        assert "Logged #thanks in people/Ahmed Hassan.md" in said
        assert item not in agenda.read_text()
        assert "#thanks" in (vault / "people" / "Ahmed Hassan.md").read_text()


def test_a_save_that_truncates_then_writes_late_keeps_its_tick(tmp_path, vault):
    """An editor or a sync tool empties the file, then writes it a second later: watch
    must not render over the empty file (the text would go to a deleted one)."""
    agenda = vault / "Agenda.md"
    ahmed = vault / "people" / "Ahmed Hassan.md"
    with watch_process(tmp_path, agenda) as lines:
        text = tick(agenda.read_text(encoding="utf-8"), "Ahmed Hassan", "(email) ")
        with open(agenda, "r+", encoding="utf-8", newline="") as file:
            file.truncate(0)
            file.flush()
            os.fsync(file.fileno())
            time.sleep(1.0)  # the slow writer: not an assertion, the case itself
            file.write(text)
        assert wait_for(lambda: "#thanks" in ahmed.read_text(), 5.0), lines
        assert wait_for(lambda: "Ahmed Hassan|Ahmed Hassan]] a thank-you"
                        not in agenda.read_text(), 5.0)


def test_text_the_person_writes_in_the_agenda_note_is_never_wiped(tmp_path, vault):
    """Ticks are recorded and rendered away; a line of their own stops the rewriting
    (said once) until it is gone."""
    agenda = vault / "Agenda.md"
    lines: list[str] = []
    with watched(vault, tmp_path / "index.sqlite3", agenda, False, lines):
        assert wait_for(lambda: agenda.exists() and "Ahmed Hassan" in agenda.read_text())
        mine = agenda.read_text(encoding="utf-8") + "\nMy own note: call mum about Busan\n"
        save_in_place(agenda, mine)
        note = vault / "people" / "Kim Lee.md"
        note.write_text(note.read_text() + "- 2026-11-26 (email) Hello #contacted\n")
        assert wait_for(lambda: any("you wrote in it" in x for x in lines), 20), lines
        assert wait_for(lambda: "+0 ~1" in " ".join(lines), 20), lines
        assert agenda.read_text(encoding="utf-8") == mine  # kept, though Kim's item went
        agenda.unlink()
        assert wait_for(lambda: agenda.exists() and "call mum" not in agenda.read_text(), 20)
        assert "Kim Lee, a name" not in agenda.read_text()
    assert sum("you wrote in it" in x for x in lines) == 1
