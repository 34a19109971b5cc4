"""A running `vaultkit watch` vouching for the index (disk/vouch.py, watch_vouch.py): a
real watch process, real inotify, real files; each command side opens its own Vault.

What must hold: a sync that takes the watcher's word sees every change made before it
(in place, a new note, a removal), and one that cannot get it (no watcher, a watcher killed
or stopped, a polling one, a cookie folder that is a link) walks, so it is never wrong."""

from __future__ import annotations

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
from vaultkit.disk.vouch import SUPPORTED, lock_path
from vaultkit.vault import Vault

pytestmark = pytest.mark.skipif(not SUPPORTED, reason="vouching needs Linux (inotify, flock)")


def held(index: Path) -> bool:
    """Whether a watcher holds the lock (its record says which vault)."""
    from vaultkit.disk.vouch import _held_record

    return _held_record(lock_path(index)) is not None


@contextmanager
def watch(vault: Path, index: Path, *extra: str, prefix: tuple[str, ...] = ()):
    """A watch process; `proc.said` holds its stderr lines as they come (read by a
    thread, so a test can wait for a line rather than sleep)."""
    proc = subprocess.Popen([*prefix, sys.executable, "-m", "vaultkit", "--vault", str(vault),
                             "--index", str(index), "watch", "--debounce", "2000", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.said = []
    reader = threading.Thread(target=lambda: [proc.said.append(line.decode())
                                              for line in proc.stderr], daemon=True)
    reader.start()
    proc.reader = reader
    try:
        yield proc
    finally:
        proc.kill()
        proc.stdout.read()
        proc.wait(timeout=10)
        reader.join(timeout=10)
        proc.stdout.close()
        proc.stderr.close()


WHY_NOT = "Notice: other commands still check every note themselves: "


def why_not(proc) -> list[str]:
    """The reasons a watch gave so far for not vouching."""
    return [line.rstrip("\n").removeprefix(WHY_NOT) for line in list(proc.said)
            if line.startswith(WHY_NOT)]


@pytest.fixture
def vault(tmp_path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "vault")
    return tmp_path / "vault"


def synced(vault: Path, index: Path):
    v = Vault.open(vault, index)
    try:
        return v.sync(), v
    except BaseException:
        v.close()
        raise


def search(vault: Path, index: Path, word: str) -> tuple[bool, list[str]]:
    stats, v = synced(vault, index)
    try:
        return stats.vouched, [hit.path for hit in v.search(word)]
    finally:
        v.close()


def in_index(vault: Path, index: Path, word: str) -> bool:
    """Whether the index finds `word`, as it is: no sync."""
    v = Vault.open(vault, index)
    try:
        return bool(v.search(word))
    finally:
        v.close()


def test_a_vouched_sync_sees_every_edit_made_before_it(vault, tmp_path):
    index = tmp_path / "index.sqlite3"
    note = vault / "people" / "Kim Lee.md"
    with watch(vault, index) as proc:
        assert wait_for(lambda: held(index))
        for n in range(15):
            with open(note, "a", encoding="utf-8") as f:  # in place: no folder changes
                f.write(f"- 2026-11-26 (email) word{n}x\n")
            vouched, hits = search(vault, index, f"word{n}x")
            # The watcher debounces 2 s: only the cookie made it sync at once
            assert vouched and hits == ["people/Kim Lee.md"], n
        (vault / "people" / "New Person.md").write_text("---\ntype: contact\n---\nnewword\n")
        assert search(vault, index, "newword") == (True, ["people/New Person.md"])
        (vault / "people" / "New Person.md").unlink()
        assert search(vault, index, "newword") == (True, [])
        os.replace(note, tmp_path / "moved out.md")  # out of the vault: watchdog holds
        # such a move 0.5 s for its other half, and the events after it too (in order)
        assert search(vault, index, "word3x")[1] == []
        assert wait_for(lambda: search(vault, index, "word3x") == (True, []), 10)
    assert why_not(proc) == []  # it vouched: nothing to explain


def test_without_a_watcher_that_answers_a_sync_walks(vault, tmp_path):
    index = tmp_path / "index.sqlite3"
    note = vault / "people" / "Kim Lee.md"
    with watch(vault, index) as proc:
        assert wait_for(lambda: held(index))
        proc.send_signal(signal.SIGSTOP)  # alive, the lock held, but no answer
        try:
            with open(note, "a", encoding="utf-8") as f:
                f.write("- 2026-11-26 (email) stoppedword\n")
            started = time.monotonic()
            assert search(vault, index, "stoppedword") == (False, ["people/Kim Lee.md"])
            assert time.monotonic() - started < 5
            assert [p.name for p in (vault / ".vaultkit" / "cookies").iterdir()] == [
                ".gitignore"]  # its cookie taken back
        finally:
            proc.send_signal(signal.SIGCONT)
        proc.kill()
        proc.wait(timeout=10)
        assert wait_for(lambda: not held(index))  # the system let go of its lock
        with open(note, "a", encoding="utf-8") as f:
            f.write("- 2026-11-26 (email) killedword\n")
        assert search(vault, index, "killedword") == (False, ["people/Kim Lee.md"])


def test_a_polling_watcher_never_vouches(vault, tmp_path):
    index = tmp_path / "index.sqlite3"
    with watch(vault, index, "--polling") as proc:
        assert wait_for(lambda: why_not(proc), 30)  # said after its first walk's settle
        assert not held(index)
        assert search(vault, index, "platform")[0] is False
    assert why_not(proc) == ["a watch that polls sees a change only at its next look"]


def test_a_cookie_folder_that_is_a_link_is_never_written_through(vault, tmp_path):
    index = tmp_path / "index.sqlite3"
    outside = tmp_path / "outside"
    outside.mkdir()
    (vault / ".vaultkit" / "cookies").symlink_to(outside)  # as a vault from git may hold
    with watch(vault, index) as proc:
        assert wait_for(lambda: why_not(proc), 30)  # said after its first walk's settle
        assert not held(index)
        assert search(vault, index, "platform")[0] is False
    assert list(outside.iterdir()) == []
    cookies = vault / ".vaultkit" / "cookies"
    assert why_not(proc) == [f"{cookies} is a link, not a folder of the vault's own"]


def test_a_watch_says_why_it_cannot_vouch(vault, tmp_path):
    """A vault without `.vaultkit/` (one Obsidian made, given with --vault): the watch
    keeps the index current, but commands walk; it says so once, and why."""
    index = tmp_path / "index.sqlite3"
    shutil.rmtree(vault / ".vaultkit")
    with watch(vault, index) as proc:
        assert wait_for(lambda: why_not(proc), 30)
        (vault / "people" / "New Person.md").write_text("---\ntype: contact\n---\nnewword\n")
        assert wait_for(lambda: in_index(vault, index, "newword"), 15)  # the watch's sync
        assert not held(index)
        assert search(vault, index, "newword") == (False, ["people/New Person.md"])
    assert why_not(proc) == [
        "the vault has no .vaultkit folder (mkdir .vaultkit, or vaultkit init)"]
    assert not (vault / ".vaultkit").exists()  # made by no one but `vaultkit init`


def test_a_vouch_carries_the_copies_a_walk_finds(vault, tmp_path):
    index = tmp_path / "index.sqlite3"
    note = vault / "people" / "Kim Lee.md"
    shutil.copy(note, vault / "people" / "Kim Lee.sync-conflict-20261126-101500-ABCD123.md")
    walked, v = synced(vault, index)
    v.close()
    with watch(vault, index):
        assert wait_for(lambda: held(index))
        stats, v = synced(vault, index)
        try:
            assert stats.vouched and stats.copies == walked.copies != []
        finally:
            v.close()


def test_the_index_command_walks_all_the_same(vault, tmp_path):
    index = tmp_path / "index.sqlite3"
    with watch(vault, index):
        assert wait_for(lambda: held(index))
        v = Vault.open(vault, index)
        try:
            assert v.sync().vouched and not v.sync(trust_watch=False).vouched
        finally:
            v.close()


QUEUE = Path("/proc/sys/fs/inotify/max_queued_events")


@contextmanager
def watch_with_small_queue(vault: Path, index: Path):
    """A watch whose inotify queue holds 64 events (the limit is read when an inotify is
    made: set for it alone, and put back at once), stopped once it vouches."""
    before = QUEUE.read_text()
    QUEUE.write_text("64\n")
    try:
        with watch(vault, index) as proc:
            assert wait_for(lambda: held(index))
            QUEUE.write_text(before)
            proc.send_signal(signal.SIGSTOP)  # reading nothing, as a busy machine may
            yield proc
    finally:
        QUEUE.write_text(before)


@pytest.mark.skipif(not os.access(QUEUE, os.W_OK), reason="needs root: the kernel's queue")
def test_events_the_kernel_dropped_are_never_vouched_for(vault, tmp_path):
    """A queue of 64 events (set for the watcher's inotify only: the limit is read when
    one is made) overflows with 400 new notes: the watcher must not answer for them."""
    index = tmp_path / "index.sqlite3"
    _, v = synced(vault, index)
    base = len(v.notes(kind=None))
    v.close()
    with watch_with_small_queue(vault, index) as proc:
        for n in range(400):
            (vault / "people" / f"Bulk {n}.md").write_text(
                f"---\ntype: contact\n---\nbulkword{n}\n", encoding="utf-8")
        proc.send_signal(signal.SIGCONT)
        stats, v = synced(vault, index)
        try:
            assert len(v.notes(kind=None)) == base + 400
        finally:
            v.close()
        assert wait_for(lambda: held(index))  # its walk after the loss vouches again
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        proc.reader.join(timeout=10)  # every line it wrote, read
        assert "dropped events" in "".join(proc.said)


@pytest.mark.skipif(not os.access(QUEUE, os.W_OK), reason="needs root: the kernel's queue")
def test_reading_the_vault_costs_the_watcher_no_events(vault, tmp_path):
    """The watcher asks for changes only: 200 notes read (grep, a backup, Obsidian) while
    it reads nothing would overflow a queue of 64 with open and close events, and lose
    its vouch. It must still vouch, with no word of dropped events."""
    index = tmp_path / "index.sqlite3"
    synced(vault, index)[1].close()
    for n in range(200):
        (vault / "people" / f"Read {n}.md").write_text(
            f"---\ntype: contact\n---\nreadword{n}\n", encoding="utf-8")
    synced(vault, index)[1].close()
    with watch_with_small_queue(vault, index) as proc:
        for n in range(200):
            (vault / "people" / f"Read {n}.md").read_bytes()
        proc.send_signal(signal.SIGCONT)
        stats, v = synced(vault, index)
        v.close()
        assert stats.vouched
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        proc.reader.join(timeout=10)  # every line it wrote, read
        assert "dropped events" not in "".join(proc.said)


def test_a_mount_of_another_kind_inside_the_vault_is_named(vault, monkeypatch):
    """A network share mounted inside the vault: a change made on another machine reaches
    no watcher here, and the reason names the mount (the mount table, as
    /proc/self/mountinfo would give it)."""
    import vaultkit.watch_mounts as watch_vouch

    real = os.path.realpath(vault)
    table = [("/", "ext4"), (real, "ext4"), (f"{real}/shared", "nfs4"), ("/elsewhere", "nfs")]
    monkeypatch.setattr(watch_vouch, "_mounts", lambda: table)
    assert watch_vouch.why_events_may_be_missed(vault, polling=False) == (
        f"the mount at {real}/shared is of type nfs4, where a change made elsewhere gives "
        "no event")
    monkeypatch.setattr(watch_vouch, "_mounts", lambda: table[:2] + table[3:])
    assert watch_vouch.why_events_may_be_missed(vault, polling=False) is None
    usb = [("/", "ext4"), (real, "exfat")]  # a USB stick: local, its changes all seen
    monkeypatch.setattr(watch_vouch, "_mounts", lambda: usb)
    assert watch_vouch.why_events_may_be_missed(vault, polling=False) is None
    assert watch_vouch.why_events_may_be_missed(vault, polling=True) is not None


def test_a_cookie_folder_gone_while_it_watches_is_said_and_made_again(vault, tmp_path):
    """`git clean -fdX` removes the git-ignored `.vaultkit/cookies/` while a watch holds its
    lock: its next walk makes the folder again and vouches; a cookie folder turned into a
    link meanwhile ends the vouching, and the watch says so."""
    from vaultkit.watch_vouch import Voucher

    index = tmp_path / "index.sqlite3"
    voucher = Voucher(vault, index)
    voucher.unable = None  # as a watch on inotify and a local filesystem
    try:
        voucher.settle([], 0, True, [])
        assert voucher.vouching and voucher.why_not is None
        cookies = vault / ".vaultkit" / "cookies"
        shutil.rmtree(cookies)
        voucher.settle([], 0, True, [])
        assert voucher.vouching and (cookies / ".gitignore").read_text() == "*\n"
        shutil.rmtree(cookies)
        outside = tmp_path / "outside"
        outside.mkdir()
        cookies.symlink_to(outside)
        voucher.settle([], 0, True, [])
        assert not voucher.vouching
        assert voucher.why_not == f"{cookies} is a link, not a folder of the vault's own"
        assert list(outside.iterdir()) == []
        cookies.unlink()
        voucher.settle([], 0, True, [])
        assert voucher.vouching and voucher.why_not is None
    finally:
        voucher.close()


def test_a_gitignore_that_is_a_link_is_never_written_through(vault, tmp_path):
    """A vault from git whose `.vaultkit/cookies/.gitignore` is a link to nowhere: the
    watch writes nothing where it points, and does not vouch."""
    from vaultkit.watch_vouch import Voucher

    target = tmp_path / "evil_target"
    cookies = vault / ".vaultkit" / "cookies"
    cookies.mkdir()
    (cookies / ".gitignore").symlink_to(target)
    voucher = Voucher(vault, tmp_path / "index.sqlite3")
    voucher.unable = None
    try:
        voucher.settle([], 0, True, [])
        assert not voucher.vouching and not target.exists()
        assert voucher.why_not == (
            f"{cookies / '.gitignore'} is a link, not a file of the vault's own")
    finally:
        voucher.close()


def test_a_cookie_folder_a_command_cannot_write_in_is_said(vault, tmp_path):
    """`.vaultkit/cookies/` there but not writable (as a normal user: the mode bits, which
    root would pass over): no command could ask, so the watch does not hold the lock."""
    cookies = vault / ".vaultkit" / "cookies"
    cookies.mkdir()
    (cookies / ".gitignore").write_text("*\n")
    code = f"""
import sys
from pathlib import Path
from vaultkit.watch_vouch import Voucher
v = Voucher(Path({str(vault)!r}), Path({str(tmp_path / "index.sqlite3")!r}))
v.unable = None
v.settle([], 0, True, [])
print(v.vouching, v.why_not)
"""
    cookies.chmod(0o555)
    try:
        out = subprocess.run(["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner",
                              "--inh-caps=-all", sys.executable, "-c", code] if os.geteuid() == 0
                             else [sys.executable, "-c", code],
                             capture_output=True, text=True, check=True).stdout
    finally:
        cookies.chmod(0o755)
    assert out == f"False {cookies}: Permission denied (commands make their cookies there)\n"


def test_a_watch_says_when_it_starts_vouching_after_all(vault, tmp_path, monkeypatch):
    """No `.vaultkit/` at first, so the watch says why commands get nothing from it; a
    person then makes the folder, as the notice tells them: the watch vouches at once,
    not at its next walk of the vault a minute on (that walk never comes here), and
    says so. The folder removed again (`rm -rf .vaultkit`), it stops at once, and says why."""
    import threading

    import vaultkit.watch
    from vaultkit.watch import Watcher

    # Only the events can start its walks: however slow the machine, the minute's walk
    # never comes (a clock stopped short of it would stop the debounce too).
    monkeypatch.setattr(vaultkit.watch, "RECONCILE_S", float("inf"))
    index = tmp_path / "index.sqlite3"
    shutil.rmtree(vault / ".vaultkit")
    lines: list[str] = []
    stop = threading.Event()

    def run() -> None:
        session = Vault.open(vault, index)
        try:
            Watcher(session, say=lines.append, stop=stop, debounce=0.1).run()
        finally:
            session.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        assert wait_for(lambda: any(line.startswith(WHY_NOT) for line in lines), 15)
        assert not held(index)
        (vault / ".vaultkit").mkdir()
        assert wait_for(lambda: held(index), 15)
        assert search(vault, index, "platform")[0] is True
        shutil.rmtree(vault / ".vaultkit")
        assert wait_for(lambda: not held(index), 15)
        assert search(vault, index, "platform")[0] is False
    finally:
        stop.set()
        thread.join(timeout=10)
    no_folder = WHY_NOT + "the vault has no .vaultkit folder (mkdir .vaultkit, or vaultkit init)"
    assert [line for line in lines if line.startswith("Notice:")] == [
        no_folder, "Notice: other commands now trust the index this watch keeps", no_folder]


def test_a_watch_on_a_temporary_index_says_no_command_reads_it(vault, tmp_path):
    """The index's folder is not writable (as a normal user: mode bits, which root passes
    over), so the watch works on a temporary index of its own: no other command reads
    that one, and the watch says so rather than vouch for it."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    drop = (("setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner",
             "--inh-caps=-all") if os.geteuid() == 0 else ())
    try:
        with watch(vault, folder / "index.sqlite3", prefix=drop) as proc:
            assert wait_for(lambda: why_not(proc), 30), proc.said
    finally:
        folder.chmod(0o755)
    assert any("using a temporary index" in line for line in proc.said), proc.said
    assert why_not(proc) == [
        "this watch's index is a temporary one (the notice above says why), which no other "
        "command reads"], proc.said


def test_probes_and_cookies_left_by_killed_processes_are_cleared(vault, tmp_path):
    """A watch killed between making and removing its probe, or a command killed while it
    waited, leaves an empty file in `.vaultkit/cookies/`: the next watch to take the lock
    removes those that are old, and leaves a fresh one (a process at work) and every
    other file alone."""
    from vaultkit.disk.vouch import tag
    from vaultkit.watch_vouch import STALE_COOKIE_S, Voucher

    index = tmp_path / "index.sqlite3"
    cookies = vault / ".vaultkit" / "cookies"
    cookies.mkdir(parents=True, exist_ok=True)
    old = time.time() - STALE_COOKIE_S - 60
    left = {name: cookies / name for name in (
        ".probe-4194301", f"{tag(index)}-4194302-1", ".probe-4194303", "keep.txt")}
    for path in left.values():
        path.write_bytes(b"")
    for name in (".probe-4194301", f"{tag(index)}-4194302-1", "keep.txt"):
        os.utime(left[name], (old, old))
    voucher = Voucher(vault, index)
    voucher.unable = None  # as a watch on inotify and a local filesystem
    try:
        voucher.settle([], 0, True, [])
        assert voucher.vouching
        assert sorted(p.name for p in cookies.iterdir()) == [
            ".gitignore", ".probe-4194303", "keep.txt"]
    finally:
        voucher.close()


def test_answers_and_clean_ups_never_follow_a_cookie_folder_turned_into_a_link(vault,
                                                                              tmp_path):
    """Between the walk's check of the cookie folder and the answers after it, the folder
    may become a link (a hostile pull, a person): the answers and the clearing of dead
    cookies then remove nothing outside the vault."""
    from vaultkit.disk.vouch import tag
    from vaultkit.watch_vouch import STALE_COOKIE_S, Voucher

    index = tmp_path / "index.sqlite3"
    voucher = Voucher(vault, index)
    voucher.unable = None
    try:
        voucher.settle([], 0, True, [])
        assert voucher.vouching
        cookies = vault / ".vaultkit" / "cookies"
        shutil.rmtree(cookies)
        outside = tmp_path / "outside"
        outside.mkdir()
        names = [f"{tag(index)}-4194302-1", ".probe-4194301"]
        old = time.time() - STALE_COOKIE_S - 60
        for name in names:
            (outside / name).write_bytes(b"")
            os.utime(outside / name, (old, old))
        cookies.symlink_to(outside)
        voucher._answer(names[:1])
        voucher._clear_dead()
        assert sorted(p.name for p in outside.iterdir()) == sorted(names)
    finally:
        voucher.close()
