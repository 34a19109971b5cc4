"""A cold build does not wait for the disk, and is never trusted torn (index/unsynced.py):
the marker is on the disk before the build's first row, names the boot it was written in,
makes an index of another boot be rebuilt, and is removed, a minute on, only once the index
is synced. Real SQLite, real files; the boot id is a file the test writes."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from vaultkit.index import unsynced
from vaultkit.vault import Vault


@pytest.fixture
def boot(tmp_path, monkeypatch):
    """The kernel's boot id, as a file the test may change (a reboot)."""
    path = tmp_path / "boot_id"
    path.write_text("boot-one\n")
    monkeypatch.setattr(unsynced, "BOOT_ID", path)
    return path


def marker_of(index_path):
    real = Path(os.path.realpath(index_path))  # beside the file SQLite writes
    return real.with_name(real.name + ".unsynced")


def notes(index_path) -> int:
    conn = sqlite3.connect(index_path)
    try:
        return conn.execute("SELECT COUNT(*) FROM files").fetchone()[0]
    finally:
        conn.close()


def given_pages_of_8_kb(index_path) -> None:
    """The index made again with pages of 8 KB (SQLite's default is 4), back in WAL mode,
    which cannot change the page size again."""
    conn = sqlite3.connect(index_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA page_size=8192")
    conn.execute("VACUUM")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()


def traced_build(vault, index_path):
    """A cold build, with each statement SQLite ran and whether the marker was there."""
    seen: list[tuple[str, bool]] = []
    opened = Vault.open(vault, index_path)
    try:
        opened.index.conn.set_trace_callback(
            lambda sql: seen.append((sql, marker_of(index_path).exists())))
        stats = opened.sync()
        mode = opened.index.conn.execute("PRAGMA synchronous").fetchone()[0]
    finally:
        opened.close()
    return stats, seen, mode


def test_a_cold_build_is_marked_before_its_first_row_and_waits_for_no_disk(vault, index_path,
                                                                         boot):
    stats, seen, mode = traced_build(vault, index_path)
    assert stats.added > 20
    statements = [sql.strip().split("\n")[0] for sql, _ in seen]
    off = statements.index("PRAGMA synchronous=OFF")
    begin = statements.index("BEGIN IMMEDIATE")
    assert off < begin  # SQLite refuses to change it inside a transaction
    writes = [(sql, there) for sql, there in seen[begin:] if sql.lstrip().startswith(
        ("INSERT", "DELETE", "UPDATE"))]
    assert writes and all(there for _, there in writes)
    assert mode == 1  # NORMAL again for whatever this connection writes next
    assert marker_of(index_path).read_text().split("\n")[0] == "boot-one"
    assert notes(index_path) == stats.added


def test_an_index_built_in_another_boot_is_rebuilt_and_one_of_this_boot_is_kept(
        vault, index_path, boot):
    built = Vault.open(vault, index_path)
    count = built.sync().added
    built.close()
    again = Vault.open(vault, index_path)  # the same boot: trusted, not rebuilt
    assert again.notices == [] and notes(index_path) == count
    again.close()

    boot.write_text("boot-two\n")  # the machine stopped and started again
    reopened = Vault.open(vault, index_path)
    try:
        assert len(reopened.notices) == 1
        assert "may not all have reached the disk" in reopened.notices[0]
        assert reopened.notices[0].endswith("rebuilt it")
        assert notes(index_path) == 0  # emptied before anything reads it
        # Kept, naming this boot, until what replaces the old index is on the disk.
        assert marker_of(index_path).read_text().startswith("boot-two\n")
        assert reopened.sync().added == count
    finally:
        reopened.close()
    assert notes(index_path) == count


def test_the_marker_is_removed_a_minute_on_once_the_index_is_synced(vault, index_path, boot):
    built = Vault.open(vault, index_path)
    count = built.sync().added
    built.close()
    marker = marker_of(index_path)
    young = time.time() - unsynced.SETTLE_S + 30
    os.utime(marker, (young, young))
    Vault.open(vault, index_path).close()
    assert marker.exists()  # the kernel may not have written it out yet
    old = time.time() - unsynced.SETTLE_S - 1
    os.utime(marker, (old, old))
    Vault.open(vault, index_path).close()
    assert not marker.exists()
    boot.write_text("boot-two\n")  # a later boot trusts it now
    reopened = Vault.open(vault, index_path)
    assert reopened.notices == [] and notes(index_path) == count
    reopened.close()


def test_a_marker_stays_when_the_index_cannot_be_synced(vault, index_path, boot,
                                                       monkeypatch):
    """An index whose files the disk will not sync (an I/O error) keeps its marker, and the
    command that tried goes on without a word; the next one that can sync removes it."""
    built = Vault.open(vault, index_path)
    count = built.sync().added
    built.close()
    marker = marker_of(index_path)
    old = time.time() - unsynced.SETTLE_S - 1
    os.utime(marker, (old, old))
    synced = []

    def failing_fsync(fd):
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    opened = Vault.open(vault, index_path)
    try:
        assert opened.sync().added == 0 and opened.notices == []
    finally:
        opened.close()
    assert synced and synced[0] == os.path.realpath(index_path)  # it tried, then kept it
    assert marker.exists()
    monkeypatch.undo()
    monkeypatch.setattr(unsynced, "BOOT_ID", boot)
    Vault.open(vault, index_path).close()
    assert not marker.exists() and notes(index_path) == count


def test_the_marker_stays_while_another_process_writes(vault, index_path, boot):
    """Settling never waits for the write lock, and never removes the marker while a write
    (perhaps a bulk one, marking again) holds it."""
    built = Vault.open(vault, index_path)
    built.sync()
    built.close()
    marker = marker_of(index_path)
    old = time.time() - unsynced.SETTLE_S - 1
    os.utime(marker, (old, old))
    writer = sqlite3.connect(index_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        began = time.monotonic()
        Vault.open(vault, index_path).close()
        assert time.monotonic() - began < 5  # did not wait for the busy timeout
        assert marker.exists()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    Vault.open(vault, index_path).close()
    assert not marker.exists()


def test_without_a_boot_id_a_cold_build_waits_for_the_disk(vault, index_path, boot):
    boot.unlink()
    stats, seen, mode = traced_build(vault, index_path)
    assert stats.added > 20 and mode == 1
    assert "PRAGMA synchronous=OFF" not in [sql for sql, _ in seen]
    assert not marker_of(index_path).exists()


def test_a_marker_that_cannot_be_written_leaves_the_build_to_wait_for_the_disk(
        vault, index_path, boot):
    index_path.parent.mkdir(parents=True)
    # Where mark() writes the marker first, a folder: a real failure to write it.
    (index_path.parent / f"{index_path.name}.unsynced.{os.getpid()}").mkdir()
    stats, seen, mode = traced_build(vault, index_path)
    statements = [sql for sql, _ in seen]
    begins = [i for i, sql in enumerate(statements) if sql == "BEGIN IMMEDIATE"]
    assert len(begins) == 2  # begun again, after a ROLLBACK, waiting for the disk this time
    assert "ROLLBACK" in statements[begins[0]:begins[1]]
    assert "PRAGMA synchronous=NORMAL" in statements[begins[0]:begins[1]]
    assert not marker_of(index_path).exists()
    assert stats.added > 20 and notes(index_path) == stats.added and mode == 1


@pytest.mark.parametrize("odd", ["folder", "fifo", "endless", "dangling link", "garbage"])
def test_a_marker_vaultkit_cannot_read_means_one_rebuild_never_a_hang(vault, index_path, boot,
                                                                     tmp_path, odd):
    """vaultkit's own file turned into something else: the index cannot be vouched for, so
    it is rebuilt, with the notice, once; never a wait on a pipe, never a read without end,
    and what is in the way is replaced (an empty folder removed)."""
    built = Vault.open(vault, index_path)
    count = built.sync().added
    built.close()
    marker = marker_of(index_path)
    marker.unlink()
    if odd == "folder":
        marker.mkdir()
    elif odd == "fifo":
        os.mkfifo(marker)
    elif odd == "endless":
        marker.symlink_to("/dev/zero")
    elif odd == "dangling link":
        marker.symlink_to(tmp_path / "nowhere")
    else:
        marker.write_bytes(b"\xff" * 100_000)
    began = time.monotonic()
    reopened = Vault.open(vault, index_path)
    try:
        assert time.monotonic() - began < 10
        assert any(notice.endswith("rebuilt it") for notice in reopened.notices)
        assert reopened.sync().added == count
    finally:
        reopened.close()
    assert marker.read_text().startswith("boot-one\n")  # this boot's, a regular file
    again = Vault.open(vault, index_path)
    assert again.notices == [] and notes(index_path) == count
    again.close()


def test_an_index_that_cannot_be_marked_again_is_synced_and_trusted_after_one_rebuild(
        vault, index_path, boot):
    """A marker of another boot, and now no boot id to mark with (a sandbox hiding /proc):
    emptied and rebuilt once, then synced and trusted, not rebuilt at every command."""
    built = Vault.open(vault, index_path)
    count = built.sync().added
    built.close()
    boot.unlink()
    for notices in ([1], []):
        reopened = Vault.open(vault, index_path)
        try:
            assert len(reopened.notices) == len(notices)
            reopened.sync()
        finally:
            reopened.close()
        assert not marker_of(index_path).exists() and notes(index_path) == count


def test_a_sync_settles_a_due_marker_as_a_long_running_watch_does(vault, index_path, boot):
    session = Vault.open(vault, index_path)
    try:
        session.sync()
        old = time.time() - unsynced.SETTLE_S - 1
        os.utime(marker_of(index_path), (old, old))
        session.sync()  # no change to write: still settles
        assert not marker_of(index_path).exists()
    finally:
        session.close()


def test_the_marker_is_young_when_the_bulk_write_commits(vault, index_path, boot):
    """Made young again just before the commit, under the lock: the checkpoint that follows
    the commit outside the lock is never taken for settled, however long the build was
    (here a build that outlives the minute: its marker aged at its first row)."""
    opened = Vault.open(vault, index_path)
    old = time.time() - unsynced.SETTLE_S - 1

    def age(sql: str) -> None:
        if sql.startswith("INSERT") and marker_of(index_path).exists():
            os.utime(marker_of(index_path), (old, old))

    try:
        opened.index.conn.set_trace_callback(age)
        assert opened.sync().added > 20
        opened.index.conn.set_trace_callback(None)
        assert unsynced.state(index_path) == unsynced.YOUNG
    finally:
        opened.close()


def test_settling_looks_again_under_the_lock(vault, index_path, boot):
    """Found due, then marked again by a bulk write before the lock was had: kept."""
    built = Vault.open(vault, index_path)
    built.sync()
    old = time.time() - unsynced.SETTLE_S - 1
    os.utime(marker_of(index_path), (old, old))
    assert unsynced.state(index_path) == unsynced.SETTLE
    unsynced.mark(index_path)  # what another build did meanwhile
    assert unsynced.settle(built.index.conn, index_path, 1000) is False
    assert marker_of(index_path).exists()
    built.close()


def test_settling_an_index_reached_through_a_link(vault, index_path, boot, tmp_path,
                                                 monkeypatch):
    """`--index` a link: SQLite keeps the WAL beside the file it leads to, and that is what
    is synced; the marker, beside that file too, is then removed."""
    real = tmp_path / "real" / "index.sqlite3"
    real.parent.mkdir()
    index_path.parent.mkdir(parents=True)
    index_path.symlink_to(real)
    built = Vault.open(vault, index_path)
    count = built.sync().added
    built.close()
    old = time.time() - unsynced.SETTLE_S - 1
    os.utime(marker_of(index_path), (old, old))
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    Vault.open(vault, index_path).close()
    assert not marker_of(index_path).exists() and notes(real) == count
    assert str(real) in synced and f"{real}-wal" in synced


@pytest.mark.parametrize("built_by", ["link", "file"])
def test_an_index_reached_by_two_names_has_one_marker(vault, index_path, boot, tmp_path,
                                                      built_by):
    """Built through a link (VAULTKIT_INDEX, say) and opened by the file's own name after a
    restart, or the other way round: the marker is found either way, and the index rebuilt."""
    real = tmp_path / "real" / "index.sqlite3"
    real.parent.mkdir()
    index_path.parent.mkdir(parents=True)
    index_path.symlink_to(real)
    first, then = (index_path, real) if built_by == "link" else (real, index_path)
    built = Vault.open(vault, first)
    count = built.sync().added
    built.close()
    assert (real.parent / "index.sqlite3.unsynced").exists()
    assert not (index_path.parent / "index.sqlite3.unsynced").exists()
    boot.write_text("boot-two\n")
    reopened = Vault.open(vault, then)
    try:
        assert len(reopened.notices) == 1 and "rebuilt it" in reopened.notices[0]
        assert reopened.sync().added == count
    finally:
        reopened.close()


def test_a_leftover_temporary_marker_is_never_written_through(vault, index_path, boot, tmp_path):
    """What a killed process of the same id left where the marker is first written, here a
    link to a file elsewhere: replaced, the file it led to untouched."""
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep me\n")
    index_path.parent.mkdir(parents=True)
    (index_path.parent / f"{index_path.name}.unsynced.{os.getpid()}").symlink_to(elsewhere)
    stats, _seen, _mode = traced_build(vault, index_path)
    assert elsewhere.read_text() == "keep me\n"
    assert marker_of(index_path).read_text().startswith("boot-one\n")
    assert not marker_of(index_path).is_symlink()
    assert stats.added > 20


def test_the_temporary_markers_of_killed_processes_are_cleared(vault, index_path, boot):
    """A process killed while it marked leaves `<marker>.<pid>`: the next mark removes
    those of processes no longer running, and nothing else beside the index."""
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead = int(gone.stdout)
    living = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        index_path.parent.mkdir(parents=True)
        name = f"{index_path.name}.unsynced"
        litter = index_path.parent / f"{name}.{dead}"
        kept = [index_path.parent / f"{name}.{living.pid}", index_path.parent / f"{name}.bak",
                index_path.parent / f"{name}.12x"]
        for path in [litter, *kept]:
            path.write_text("boot-one\n1\n")
        traced_build(vault, index_path)
        assert not litter.exists()
        assert all(path.exists() for path in kept)
    finally:
        living.kill()
        living.wait()


def tables(conn) -> set[str]:
    return {name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}


def test_an_emptied_index_is_whole_and_stale_in_one_commit(vault, index_path, boot):
    """What another process reads while an index is emptied to be built again: the old
    index, or an empty one with every table and no fingerprint (so a sync builds it whole),
    never a database without tables."""
    from vaultkit.index.wipe import wipe

    built = Vault.open(vault, index_path)
    built.sync()
    schema = tables(built.conn)
    reader = sqlite3.connect(index_path)
    try:
        built.index.conn = wipe(built.conn, index_path)
        assert tables(reader) == schema
        assert reader.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 0
        assert reader.execute("SELECT COUNT(*) FROM settings").fetchone()[0] == 0
        assert built.index_stale()
        assert built.sync().added > 20 and not built.index_stale()
    finally:
        reader.close()
        built.close()


def test_an_index_with_other_pages_is_emptied_too(vault, index_path, boot):
    """Pages of 8 KB (a WAL database cannot change its page size, so the empty one copied
    over it must have them too): rebuilt in place, never a temporary index at every
    command."""
    built = Vault.open(vault, index_path)
    count = built.sync().added
    built.close()
    given_pages_of_8_kb(index_path)
    boot.write_text("boot-two\n")
    reopened = Vault.open(vault, index_path)
    try:
        assert reopened.index.temporary is None, reopened.notices
        assert len(reopened.notices) == 1 and "rebuilt it" in reopened.notices[0]
        assert reopened.sync().added == count
    finally:
        reopened.close()


def test_emptying_an_index_another_connection_holds_waits_a_bounded_time(
        vault, index_path, boot, monkeypatch):
    """SQLite's backup, left to itself, waits for ever for a write lock another process
    holds (a `sqlite3` shell inside BEGIN, a stopped vaultkit): the wait is bounded, and
    the command then answers from a temporary index, saying why."""
    from vaultkit.index import db

    built = Vault.open(vault, index_path)
    count = built.sync().added
    built.close()
    monkeypatch.setattr(db, "BUSY_TIMEOUT_S", 0.3)
    monkeypatch.setattr(db, "BUILD_WAIT_S", 1)
    boot.write_text("boot-two\n")
    holder = sqlite3.connect(index_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        began = time.monotonic()
        opened = Vault.open(vault, index_path)
        took = time.monotonic() - began
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    try:
        assert took < 10
        assert opened.index.temporary is not None
        assert any("locked" in notice and "writable" not in notice
                   for notice in opened.notices), opened.notices
        assert opened.sync().added == count  # the answers are still the vault's
    finally:
        opened.close()
    assert notes(index_path) == count  # untouched: rebuilt by the next command
    reopened = Vault.open(vault, index_path)
    assert "rebuilt it" in reopened.notices[0]
    reopened.close()


def test_a_marker_that_can_be_neither_replaced_nor_removed_costs_one_rebuild(
        vault, index_path, boot):
    """A folder with a file in it where the marker goes (as another user's marker in a shared
    folder, or an immutable one, it can be neither replaced nor removed): rebuilt once and
    recorded as dealt with, then trusted; changed, it counts again."""
    built = Vault.open(vault, index_path)
    count = built.sync().added
    built.close()
    marker = marker_of(index_path)
    marker.unlink()
    marker.mkdir()
    (marker / "x").write_text("")
    for rebuilt in (True, False, False):
        reopened = Vault.open(vault, index_path)
        try:
            assert len(reopened.notices) == int(rebuilt), reopened.notices
            assert reopened.sync().added == (count if rebuilt else 0)
        finally:
            reopened.close()
        assert marker.is_dir() and notes(index_path) == count
    (marker / "y").write_text("")  # another file in it: not the marker dealt with
    reopened = Vault.open(vault, index_path)
    assert len(reopened.notices) == 1
    reopened.close()


def test_an_index_name_too_long_for_its_marker_is_trusted_and_synced(vault, tmp_path, boot):
    """An index whose name leaves no room for `.unsynced` (255 bytes a name): no marker can
    be, so none is looked for, and the build waits for the disk."""
    index_path = tmp_path / ("x" * 247)
    for notices in ([], [], []):
        opened = Vault.open(vault, index_path)
        try:
            assert opened.notices == notices
            opened.sync()
            assert opened.index.conn.execute("PRAGMA synchronous").fetchone()[0] == 1
        finally:
            opened.close()
    assert notes(index_path) > 20


def test_completion_offers_no_name_from_an_index_that_may_be_torn(vault, index_path, boot):
    """Shell completion reads the index as it is, never rebuilding it: after a restart with
    its marker there, it offers nothing rather than what a torn index says."""
    from vaultkit.index.names import completion_names

    built = Vault.open(vault, index_path)
    built.sync()
    built.close()
    assert completion_names("Ahmed", vault, index_path) == ["Ahmed Hassan"]
    boot.write_text("boot-two\n")
    assert completion_names("Ahmed", vault, index_path) == []
    Vault.open(vault, index_path).close()  # a command rebuilds it
    after = Vault.open(vault, index_path)
    after.sync()
    after.close()
    assert completion_names("Ahmed", vault, index_path) == ["Ahmed Hassan"]


def test_a_torn_marker_with_no_index_says_nothing(vault, index_path, boot):
    """A marker left where no index is any more (deleted by hand): nothing to rebuild, so
    no notice; the new index is marked for this boot."""
    built = Vault.open(vault, index_path)
    built.sync()
    built.close()
    for suffix in ("", "-wal", "-shm"):
        index_path.with_name(index_path.name + suffix).unlink(missing_ok=True)
    boot.write_text("boot-two\n")
    opened = Vault.open(vault, index_path)
    try:
        assert opened.notices == []
        assert opened.sync().added > 20
    finally:
        opened.close()
    assert marker_of(index_path).read_text().startswith("boot-two\n")


def test_an_index_named_like_a_uri_is_that_file(vault, tmp_path, monkeypatch, boot):
    """`--index file:x.db`, relative: the file of that name in the current folder, never a
    URI that SQLite reads as another file."""
    monkeypatch.chdir(tmp_path)
    opened = Vault.open(vault, "file:x.db")
    try:
        assert opened.notices == [] and opened.index.temporary is None
        assert opened.sync().added > 20
    finally:
        opened.close()
    assert (tmp_path / "file:x.db").is_file() and not (tmp_path / "x.db").exists()


def test_settling_waits_for_a_checkpoint_under_way(vault, index_path, boot):
    """A checkpoint running in another process (as a bulk write's does after its commit,
    outside the write lock, without syncing): settling leaves the marker for later, however
    old it looks, rather than sync the index before every page is in it. The other process
    holds SQLite's checkpoint lock as a checkpoint does: byte 121 of the `-shm` file
    (WALINDEX_LOCK_OFFSET 120, then the writer's, then the checkpointer's slot)."""
    import subprocess
    import sys

    built = Vault.open(vault, index_path)
    built.sync()
    built.close()
    old = time.time() - unsynced.SETTLE_S - 1
    os.utime(marker_of(index_path), (old, old))
    keeper = sqlite3.connect(index_path, isolation_level=None)  # keeps the -shm there
    keeper.execute("SELECT COUNT(*) FROM files").fetchone()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, os, sys, time\n"
         "fd = os.open(sys.argv[1], os.O_RDWR)\n"
         "fcntl.lockf(fd, fcntl.LOCK_EX, 1, 121)\n"
         "print('held', flush=True)\n"
         "time.sleep(60)", f"{index_path}-shm"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        probe = sqlite3.connect(index_path, isolation_level=None, timeout=0)
        assert probe.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[0] == 1  # busy
        probe.close()
        opened = Vault.open(vault, index_path)  # settles when it can: not now
        try:
            assert marker_of(index_path).exists()
        finally:
            opened.close()
    finally:
        holder.kill()
        holder.wait()
    Vault.open(vault, index_path).close()
    assert not marker_of(index_path).exists()
    keeper.close()


def test_a_marker_dated_in_the_future_is_settled(vault, index_path, boot):
    """The clock set back since the build (its age cannot be told): settled all the same,
    since settling is safe whenever it runs, rather than never and rebuilt at every restart."""
    built = Vault.open(vault, index_path)
    built.sync()
    built.close()
    ahead = time.time() + 3600
    os.utime(marker_of(index_path), (ahead, ahead))
    Vault.open(vault, index_path).close()
    assert not marker_of(index_path).exists()


def has_open(pid: int, path) -> bool:
    """Whether the process `pid` has the file at `path` open (Linux's /proc)."""
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}") == str(path)
                   for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


def test_a_ctrl_c_stops_a_command_waiting_to_empty_an_index(vault, index_path, tmp_path):
    """A command waiting for the write lock to empty a torn index (another process holds
    it): a Ctrl-C stops it at once, as any other wait of vaultkit's."""
    import signal

    from conftest import index_locked_by_another_process, stoppable_vaultkit, stopped, wait_for

    built = Vault.open(vault, index_path)
    built.sync()
    built.close()
    marker_of(index_path).write_text("another-boot\n1\n")
    with index_locked_by_another_process(index_path):
        command = stoppable_vaultkit("--vault", str(vault), "--index", str(index_path), "list")
        try:
            assert wait_for(lambda: has_open(command.pid, index_path), 30)  # opened: wiping
            time.sleep(0.3)  # waiting by now (the sleep sets the scene; it is not the verdict)
            assert command.poll() is None
            took, err = stopped(command, signal.SIGINT, 30)
            assert took < 2, err
            assert command.returncode == 1 and "Aborted" in err
        finally:
            if command.poll() is None:
                command.kill()
                command.communicate()


def test_a_process_that_found_the_marker_torn_too_late_leaves_the_rebuilt_index_alone(
        vault, index_path, boot, monkeypatch):
    """Two commands open the index at once after a restart: both read the marker torn; the
    first empties the index, marks it for this boot and builds it again. The second, its
    look at the marker now stale, looks again under the write lock and leaves the index
    alone: emptied then, it would have been emptied under the first one's reads."""
    built = Vault.open(vault, index_path)
    count = built.sync().added
    built.close()
    boot.write_text("boot-two\n")
    first = Vault.open(vault, index_path)
    assert first.sync().added == count and len(first.notices) == 1
    looks = []
    real_state = unsynced.state

    def torn_once(path):  # what it read before the first marked it, then what is there
        looks.append(path)
        return unsynced.TORN if len(looks) == 1 else real_state(path)

    monkeypatch.setattr(unsynced, "state", torn_once)
    second = Vault.open(vault, index_path)
    try:
        assert len(looks) >= 2  # looked again
        assert second.notices == [] and notes(index_path) == count
        assert first.search("Jane") and first.sync().added == 0  # the first's reads too
        assert second.sync().added == 0
    finally:
        second.close()
        first.close()


def test_zeros_where_a_marked_build_was_are_rebuilt_not_refused(vault, index_path, boot):
    """What a crash can leave of a build that did not wait for the disk: a file of zeros.
    With vaultkit's marker beside it the file was vaultkit's index: rebuilt. Without one,
    zeros are no index of vaultkit's, and still refused."""
    from vaultkit.errors import NotAnIndex

    built = Vault.open(vault, index_path)
    count = built.sync().added
    built.close()
    index_path.with_name(index_path.name + "-wal").unlink(missing_ok=True)
    index_path.write_bytes(b"\0" * index_path.stat().st_size)
    boot.write_text("boot-two\n")
    reopened = Vault.open(vault, index_path)
    try:
        assert len(reopened.notices) >= 1 and reopened.index.temporary is None
        assert reopened.sync().added == count
    finally:
        reopened.close()
    other = index_path.with_name("other.sqlite3")
    other.write_bytes(b"\0" * 4096)
    with pytest.raises(NotAnIndex):
        Vault.open(vault, other)
    assert other.read_bytes() == b"\0" * 4096


@pytest.mark.parametrize("case", ["zeros, then data", "a marker too large"])
def test_a_file_of_someones_is_never_taken_for_a_lost_build(vault, tmp_path, boot, case):
    """Only a file of nothing but zeros, with a marker as vaultkit writes it beside it,
    counts as a lost build: a disk image begins with 32 KB of zeros (found in review: it
    was rebuilt over), and a large file beside it is no marker of vaultkit's."""
    from vaultkit.errors import NotAnIndex

    image = tmp_path / "disk.img"
    data = b"\0" * 32768 + b"IMPORTANT DATA" if case == "zeros, then data" else b"\0" * 8192
    image.write_bytes(data)
    beside = image.with_name(image.name + ".unsynced")
    beside.write_text("another-boot\n1\n" if case == "zeros, then data"
                      else "x\n1\n" + "y" * 5000)
    marker_text = beside.read_bytes()
    with pytest.raises(NotAnIndex):
        Vault.open(vault, image)
    assert image.read_bytes() == data and beside.read_bytes() == marker_text


def test_a_file_of_zeros_larger_than_any_index_is_not_read_through(vault, tmp_path, boot,
                                                                   monkeypatch):
    """Zeros beyond what an index could hold (a sparse file of a terabyte): refused without
    reading it all, and left as it is."""
    from vaultkit.errors import NotAnIndex
    from vaultkit.index import ownership

    monkeypatch.setattr(ownership, "ZEROS_READ_AT_MOST", 8192)
    big = tmp_path / "big.img"
    big.write_bytes(b"\0" * 16384)
    big.with_name(big.name + ".unsynced").write_text("another-boot\n1\n")
    with pytest.raises(NotAnIndex):
        Vault.open(vault, big)
    assert big.read_bytes() == b"\0" * 16384


def test_a_damaged_index_with_other_pages_is_emptied_in_place(vault, index_path, boot):
    """The backup that empties a damaged index (wipe) copies pages of the old file's size:
    into a WAL database of 8 KB pages, one of 4 KB fails ("readonly database")."""
    from vaultkit.index.wipe import wipe

    built = Vault.open(vault, index_path)
    built.sync()
    built.close()
    given_pages_of_8_kb(index_path)
    conn = wipe(sqlite3.connect(index_path, isolation_level=None), index_path)
    try:
        assert conn.execute("PRAGMA page_size").fetchone()[0] == 8192
        assert conn.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 0
    finally:
        conn.close()
