"""Writes that lose nothing and stay in the vault (issue 11, items 1, 4 and 8): vaultkit
writers queue on a lock beside the index; another program's save right before the rename is
seen; nothing is written or read through a symbolic link out of the vault; read-only notes
are refused by their mode bits, whoever runs vaultkit; interrupted writes leave no
temporary files behind for long. Real processes, real files, real locks."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, write
from vaultkit.disk.files import atomic_write
from vaultkit.disk.write import change_note
from vaultkit.errors import ConflictingEdit

NOTE = "people/Jane Doe.md"


def vaultkit(vault: Path, index: Path, *args: str, **kwargs) -> subprocess.Popen:
    """`vaultkit` as its own process, with this checkout on the path."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    return subprocess.Popen([sys.executable, "-m", "vaultkit", "--vault", str(vault),
                             "--index", str(index), *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def entries(vault: Path, mark: str) -> list[str]:
    text = (vault / NOTE).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if mark in line]


# 1. Writers serialise

def test_ten_logs_at_once_lose_no_entry(vault, index_path):
    vaultkit(vault, index_path, "list").communicate()  # the index exists: all race to write
    procs = [vaultkit(vault, index_path, "log", "Jane Doe", f"concurrent {i}", "--kind",
                      "thanks", "--yes") for i in range(10)]
    results = [(proc.wait(timeout=120), *proc.communicate()) for proc in procs]
    written = entries(vault, "concurrent ")
    for number, (code, _out, err) in enumerate(results):
        present = any(line.endswith(f"concurrent {number} #thanks") for line in written)
        # Present, or said so: exit 5 with a message. Never a silent loss.
        assert present or (code == 5 and "Error:" in err), (number, code, err, written)
        assert code in (0, 5), err
    assert sum(code == 0 for code, _o, _e in results) == len(written)


def test_a_waiting_writer_gives_up_naming_the_holder(tmp_path):
    from vaultkit.disk.lock import write_lock
    from vaultkit.errors import WriteLocked

    index = tmp_path / "cache" / "index.sqlite3"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path;"
         "from vaultkit.disk.lock import write_lock\n"
         "with write_lock(Path(sys.argv[1])):\n print('held', flush=True); time.sleep(60)",
         str(index), "import", "--pretend"], stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(WriteLocked) as caught, write_lock(index, wait=0.5):
            pass
        assert time.monotonic() - started >= 0.5
        assert caught.value.exit_code == 5
        assert f"pid {holder.pid}" in str(caught.value)
        assert "import --pretend" in str(caught.value)
    finally:
        holder.kill()
        holder.wait()
    assert not any(p.is_relative_to(tmp_path / "vault") for p in tmp_path.rglob("*.lock"))
    with write_lock(index, wait=0.5):  # released by the holder's death
        pass


def test_the_lock_is_the_vaults_outside_it_whatever_the_index(vault, index_path, run):
    from vaultkit.index.db import lock_file

    run("log", "Jane Doe", "hello", "--yes")
    lock = lock_file(vault)
    assert lock.exists() and not lock.is_relative_to(vault)
    assert not [p for p in vault.rglob("*") if "lock" in p.name.lower()]


def test_writers_with_their_own_indexes_queue_too(vault, tmp_path):
    """A script with VAULTKIT_INDEX of its own beside `watch` on the default index: one
    lock for the vault, so no entry is lost."""
    procs = [vaultkit(vault, tmp_path / f"index{i}.sqlite3", "log", "Jane Doe",
                      f"own index {i}", "--kind", "thanks", "--yes") for i in range(8)]
    results = [(proc.wait(timeout=120), *proc.communicate()) for proc in procs]
    written = entries(vault, "own index ")
    for number, (code, _out, err) in enumerate(results):
        present = any(line.endswith(f"own index {number} #thanks") for line in written)
        assert present or (code == 5 and "Error:" in err), (number, code, err, written)
    assert sum(code == 0 for code, _o, _e in results) == len(written)


def test_a_save_right_before_the_rename_is_not_lost(tmp_path, monkeypatch):
    """An editor saves after vaultkit has written and flushed its new content, before the
    rename: the check made right before the rename sees it, and the change is redone."""
    path = write(tmp_path, "A.md", "one\n")
    real_fsync = os.fsync
    saves = []

    def fsync_then_editor_saves(fd):
        real_fsync(fd)
        if not saves:
            saves.append(1)
            path.write_text("one (edited elsewhere)\n")

    monkeypatch.setattr(os, "fsync", fsync_then_editor_saves)
    change_note(tmp_path, "A.md", lambda text: text + "two\n")
    assert path.read_text() == "one (edited elsewhere)\ntwo\n"


# 4. Nothing through a symbolic link out of the vault

@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def _link(vault: Path, relpath: str, target: Path) -> None:
    """Replace the vault's folder `relpath` by a symbolic link to `target`."""
    link = vault / relpath
    if link.is_dir():
        shutil.rmtree(link)
    link.symlink_to(target, target_is_directory=True)


def test_add_does_not_write_through_a_kind_folder_linked_out(vault, run, outside):
    _link(vault, "leads", outside)
    result = run("add", "lead", "Evil Lead", expect=1)
    assert "leads: a symbolic link out of the vault" in result.stderr
    assert list(outside.iterdir()) == []
    _link(vault, "people", outside)
    result = run("add", "Evil Contact", expect=1)
    assert "people: a symbolic link out of the vault" in result.stderr
    assert list(outside.iterdir()) == []


def test_import_does_not_write_through_people_linked_out(vault, index_path, outside,
                                                         tmp_path):
    from click.testing import CliRunner

    from vaultkit.cli import cli

    _link(vault, "people", outside)
    card = tmp_path / "new.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Evil Card\nEND:VCARD\n")
    result = CliRunner().invoke(cli, ["--vault", str(vault), "--index", str(index_path),
                                      "import", "vcard", str(card)])
    assert list(outside.iterdir()) == []
    assert "people: a symbolic link out of the vault" in result.output


@pytest.mark.parametrize("folder", [".vaultkit", "prep"])
def test_init_does_not_create_through_a_link_out(tmp_path, outside, folder):
    from click.testing import CliRunner

    from vaultkit.cli import cli

    root = tmp_path / "new-vault"
    root.mkdir()
    (root / folder).symlink_to(outside, target_is_directory=True)
    result = CliRunner().invoke(cli, ["init", str(root)])
    assert result.exit_code == 1, result.output
    assert f"{folder}: a symbolic link out of the vault" in result.stderr
    assert list(outside.iterdir()) == []


def test_a_template_linked_out_is_not_read(vault, run, outside):
    secret = outside / "secret.txt"
    secret.write_text("root:x:0:0\n")
    templates = vault / ".vaultkit" / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    (templates / "x").symlink_to(secret)
    (templates / "mine.md.j2").write_text('{% include "x" %}\n')
    result = run("agenda", "--template", "mine.md.j2", expect=4)
    assert "root:x" not in result.stdout
    assert ".vaultkit/templates/x: a symbolic link out of the vault's templates" in \
        result.stderr


def test_an_output_in_the_vault_is_not_written_through_a_link_out(vault, run, outside):
    (vault / "out").symlink_to(outside, target_is_directory=True)
    result = run("agenda", "--format", "md", "--output", str(vault / "out" / "Agenda.md"),
                 expect=1)
    assert "out: a symbolic link out of the vault" in result.stderr
    assert list(outside.iterdir()) == []


# 8. Read-only notes and temporary files

def test_a_read_only_note_is_refused_whoever_runs_it(vault, index_path, run):
    path = vault / NOTE
    before = path.read_bytes()
    os.chmod(path, 0o444)
    result = run("log", "Jane Doe", "should not be written", "--yes", expect=1)
    assert "people/Jane Doe.md" in result.stderr and "read-only" in result.stderr
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_a_read_only_note_is_refused_without_root_powers(vault, index_path):
    """The same with the override capabilities dropped, as a user without them runs it."""
    if os.geteuid() != 0 or not Path("/usr/bin/setpriv").exists():
        pytest.skip("needs root and setpriv to drop capabilities")
    vaultkit(vault, index_path, "list").communicate()
    path = vault / NOTE
    before = path.read_bytes()
    os.chmod(path, 0o444)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.run(
        ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner",
         "--inh-caps=-all", sys.executable, "-m", "vaultkit", "--vault", str(vault),
         "--index", str(index_path), "log", "Jane Doe", "nope", "--yes"],
        capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "read-only" in proc.stderr
    assert path.read_bytes() == before


def _temp(folder: Path, name: str, age_s: float = 0.0) -> Path:
    path = folder / name
    path.write_text("half a note")
    if age_s:
        then = time.time() - age_s
        os.utime(path, (then, then))
    return path


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_write_leaves_only_its_note_and_a_vaultkit_prefix_while_it_writes(tmp_path,
                                                                            monkeypatch):
    path = write(tmp_path, "A.md", "one\n")
    seen = []
    real_replace = os.replace

    def replace(src, dst):
        seen.append(Path(src).name)
        real_replace(src, dst)

    import vaultkit.disk.exchange as swap

    real_exchange = swap.exchange

    def exchange(a, b):
        seen.append(Path(a).name)
        return real_exchange(a, b)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(swap, "exchange", exchange)
    change_note(tmp_path, "A.md", lambda text: text + "two\n")
    assert seen and seen[0].startswith(".vaultkit-A.md.") and seen[0].endswith(".tmp")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["A.md"]
    assert path.read_text() == "one\ntwo\n"


def test_abandoned_temporary_files_are_listed_then_cleared_by_the_next_write(vault, run):
    people = vault / "people"
    dead = _temp(people, f".vaultkit-Jane Doe.md.{_dead_pid()}.0123abcd.tmp")
    other = _temp(people, ".my.md.deadbeef.tmp", age_s=7200)  # someone else's: kept
    fresh = _temp(people, f".vaultkit-Kim.md.{os.getpid()}.00000000.tmp")  # a live writer's
    result = run("check", expect=1)
    assert f"people/{dead.name}: a temporary file left by an interrupted write" in \
        result.stdout
    assert other.name not in result.stdout
    assert fresh.name not in result.stdout
    run("log", "Jane Doe", "after the crash", "--yes")
    assert not dead.exists()
    assert fresh.exists() and other.exists()


def test_a_locked_temporary_file_is_kept_however_old(tmp_path):
    folder = tmp_path / "people"
    folder.mkdir()
    busy = _temp(folder, f".vaultkit-A.md.{_dead_pid()}.0badcafe.tmp", age_s=7200)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, sys, time\n"
         "f = open(sys.argv[1], 'rb'); fcntl.flock(f, fcntl.LOCK_EX)\n"
         "print('held', flush=True); time.sleep(60)", str(busy)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        write(tmp_path, "people/A.md", "one\n")
        change_note(tmp_path, "people/A.md", lambda text: text + "two\n")
        assert busy.exists()
    finally:
        holder.kill()
        holder.wait()
    change_note(tmp_path, "people/A.md", lambda text: text + "three\n")
    assert not busy.exists()


@pytest.mark.parametrize("args", [["agenda", "--output"], ["export", "csv", "-o"]])
def test_an_output_never_replaces_a_note(vault, run, args):
    note = vault / "people" / "Jane Doe.md"
    before = note.read_bytes()
    result = run(*args, str(note), expect=5)
    assert "vaultkit did not write" in result.stderr
    assert note.read_bytes() == before
    agenda = vault / "Agenda.md"  # an output of its own, written again and again: fine
    run("agenda", "--format", "md", "--output", str(agenda))
    run("agenda", "--format", "md", "--output", str(agenda))
    assert agenda.read_text().startswith("# Agenda")


def test_a_save_in_the_last_instant_before_the_swap_is_not_lost(vault, index_path,
                                                                 monkeypatch):
    """An editor's save lands after every check vaultkit can make, just before the file is
    put in place: the atomic swap shows what was replaced, the save is put back, and the
    entry is added to it (no check-then-rename window is left)."""
    import vaultkit.disk.exchange as swap
    from vaultkit.vault import Vault

    if swap._renameat2 is None:
        pytest.skip("no renameat2 on this system: the check-then-rename fallback applies")
    note = vault / "people" / "Kim Lee.md"
    real = swap.exchange
    saved = []

    def editor_then_swap(a, b):
        if not saved:  # the editor's save, in the instant before the swap
            saved.append(True)
            text = note.read_text(encoding="utf-8") + "- 2026-11-30 Edited in the editor\n"
            temp = note.with_name(".editor.tmp")
            temp.write_text(text, encoding="utf-8")
            os.replace(temp, note)
        return real(a, b)

    monkeypatch.setattr(swap, "exchange", editor_then_swap)
    opened = Vault.open(vault, index_path)
    try:
        opened.sync()
        opened.log("Kim Lee", "Logged by vaultkit", dt.date(2026, 11, 30))
    finally:
        opened.close()
    text = note.read_text(encoding="utf-8")
    assert "Edited in the editor" in text and "Logged by vaultkit" in text
    assert not [p for p in note.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(os.geteuid() != 0, reason="only root's writes could change an owner")
def test_roots_write_keeps_the_notes_owner(run, vault):
    note = vault / "people" / "Kim Lee.md"
    os.chown(note, 65534, 65534)
    run("log", "Kim Lee", "As root", "--yes")
    st = note.stat()
    assert (st.st_uid, st.st_gid) == (65534, 65534)


@pytest.mark.parametrize("how", ["append", "rename"])
def test_a_save_made_during_the_swap_is_kept_not_deleted(tmp_path, monkeypatch, how):
    """Found by a hostile review: another program saves the note before vaultkit swaps its
    file in, and again while vaultkit's file stands at the note's name (for a moment,
    between the swap and the swap back). That second save is kept beside the note and the
    write refused; before, it went with vaultkit's temporary file."""
    import vaultkit.disk.exchange as swap

    path = write(tmp_path, "A.md", "one\n")
    real_exchange = swap.exchange
    calls = []

    def exchange(a, b):
        if not calls:
            write(tmp_path, "A.md", "one\nan editor's save\n")  # before the swap
        calls.append(1)
        done = real_exchange(a, b)
        if len(calls) == 1:  # vaultkit's file now stands at A.md: a program saves into it
            if how == "append":
                with open(path, "a", encoding="utf-8") as handle:
                    handle.write("saved in the window\n")
            else:
                write(tmp_path, "A.md.new", "one\nsaved in the window\n")
                os.replace(tmp_path / "A.md.new", path)
        return done

    monkeypatch.setattr(swap, "exchange", exchange)
    with pytest.raises(ConflictingEdit, match="kept beside it as 'A.md.saved-"):
        atomic_write(path, "one\nvaultkit's\n", expected=b"one\n")
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("A.md.saved-")]
    assert len(kept) == 1 and "saved in the window\n" in kept[0].read_text()
    assert path.read_text() == "one\nan editor's save\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["A.md", kept[0].name])
