"""A bulk write of the index (a cold build) that does not wait for the disk, kept safe by a
marker beside the index that names the boot it was written in.

A cold build writes the whole index: 40 MB at 10,000 notes. With SQLite's synchronous=NORMAL
its checkpoint then waits until every byte of it is on the disk (fsync): 0.25 s of a 3.5 s
build at 10,000 notes here, seconds at 100,000. The index is a cache, and the kernel writes
it out within half a minute anyway (vm.dirty_expire_centisecs), so the build asks SQLite not
to wait (synchronous=OFF), as git leaves its index out of what it syncs by default. The
risk that leaves is an index torn by a crash or a power cut in that half minute: SQLite
cannot say so of itself, and a torn index could quietly lack a note. Hence the marker:

- written, and synced, under the index's write lock before the bulk write's first page,
  with the id the kernel gives this boot (Linux's boot_id; without one, the write waits
  for the disk as any other);
- found naming another boot when the index is opened, the index may be torn: it is
  emptied and built again (open_index, with a notice);
- made young again just before the bulk write commits (SQLite checkpoints after the
  commit, outside the lock);
- found naming this boot SETTLE_S after that, by a command opening the index or any sync
  (a watch's too): under the write lock, never waited for, the marker is looked at again,
  the index's files are synced to disk (quick by then: the kernel has written them out)
  and the marker removed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
import time
from pathlib import Path

BOOT_ID = Path("/proc/sys/kernel/random/boot_id")
SUFFIX = ".unsynced"
SETTLE_S = 60.0  # twice the kernel's default age at which dirty pages are written out
TORN, YOUNG, SETTLE = "torn", "young", "settle"


def marker(index_path: Path) -> Path:
    """Beside the file SQLite writes: the one a link at `index_path` leads to, so that an
    index reached by two names (a link, VAULTKIT_INDEX) has one marker (found in review:
    a rebuild through the link went unseen by the other name)."""
    real = Path(os.path.realpath(index_path))
    return real.with_name(real.name + SUFFIX)


def this_boot() -> str | None:
    """The kernel's id of this boot; None where there is none (not Linux)."""
    try:
        return BOOT_ID.read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def able() -> bool:
    """Whether a bulk write may go unsynced here (a boot id to mark it with)."""
    return this_boot() is not None


def mark(index_path: Path) -> None:
    """Write the marker and sync it (and its folder) to disk; OSError if it cannot be,
    and then nothing may be written unsynced."""
    boot = this_boot()
    if boot is None:
        raise OSError("no boot id to mark an unsynced write with")
    path = marker(index_path)
    temp = path.with_name(f"{path.name}.{os.getpid()}")
    _clear_litter(path)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temp)  # left by a killed process of the same id: never written through
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o600)
        try:
            os.write(fd, f"{boot}\n{time.time_ns()}\n".encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
    _sync(path.parent, os.O_RDONLY | os.O_DIRECTORY)


def _clear_litter(path: Path) -> None:
    """Remove the temporary markers (`<marker>.<pid>`) that processes killed while marking
    left beside it: those of a process that is no longer running (one that is, perhaps
    another user's, is left alone)."""
    prefix = path.name + "."
    with contextlib.suppress(OSError), os.scandir(path.parent) as entries:
        for entry in entries:
            pid = entry.name[len(prefix):]
            if entry.name.startswith(prefix) and pid.isdigit() and pid.isascii() and (
                    int(pid) != os.getpid() and not _running(int(pid))):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # another user's, or no pid this system has: not ours to judge
    return True


def genuine(index_path: Path) -> bool:
    """Whether a marker as vaultkit writes it lies beside the index (a regular file: a boot
    id, then a time): the file there was a vaultkit index being built, whatever it holds
    now (index/ownership.py)."""
    try:
        fd = os.open(marker(index_path), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
                     | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        data = os.read(fd, MAX_MARKER_BYTES + 1)
    except OSError:
        return False
    finally:
        os.close(fd)
    lines = data.decode("ascii", "replace").split("\n")
    return (len(data) <= MAX_MARKER_BYTES and len(lines) == 3 and lines[2] == ""
            and lines[0].strip() != "" and lines[0].isprintable()
            and lines[1].isdigit() and lines[1].isascii())


MAX_MARKER_BYTES = 256  # a boot id and a time: anything larger is not vaultkit's marker


def state(index_path: Path) -> str | None:
    """None (no marker), TORN (written in another boot, or not a marker vaultkit can read:
    the index may be torn), YOUNG (this boot's, too young to settle) or SETTLE. Never
    follows a link nor waits on a pipe, and reads a few bytes at most."""
    path = marker(index_path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return None  # no marker can have the name (nor be made: mark() fails)
        return TORN  # a link, a folder, unreadable: the index cannot be vouched for
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return TORN
        boot = os.read(fd, MAX_MARKER_BYTES).decode("ascii", "replace").partition("\n")[0]
    except OSError:
        return TORN
    finally:
        os.close(fd)
    if boot.strip() != this_boot():
        return TORN
    # Its age a minute or more; or a minute in the future, the clock set back since (its
    # age cannot be told, and settling is safe whenever it runs: settle())
    age = time.time() - st.st_mtime
    return SETTLE if age >= SETTLE_S or age <= -SETTLE_S else YOUNG


def wiped(conn: sqlite3.Connection, index_path: Path, marked: str | None, quiet: bool,
          notices: list[str]) -> None:
    """After an index was emptied: if for being TORN, say so (unless `quiet`: a rebuild was
    asked for anyway, or there was no index), and mark it again for this boot, until what
    replaces it is on the disk. Where it cannot be marked (no boot id, a marker vaultkit
    cannot replace), the emptied index is synced to disk and the old marker removed, so
    that it is not rebuilt again at every command: the build that follows then waits for
    the disk itself. A marker that cannot be removed either (another user's in a shared
    folder, a folder with files in it, an immutable file) is recorded in the index as
    dealt with (`handled`), before the index is synced."""
    if marked != TORN:
        return
    if not quiet:
        notices.append(f"the index at {index_path} may not all have reached the disk (its "
                       f"marker {marker(index_path).name} is from before the machine last "
                       "started, or unreadable); rebuilt it")
    try:
        mark(index_path)
        return
    except OSError:
        pass
    path = marker(index_path)
    try:
        _sync_index(index_path)  # before the marker goes: a crash between, and it counts
    except OSError:
        return  # not on the disk: the marker stays, and counts
    try:
        _remove(path)
    except FileNotFoundError:
        pass
    except OSError:
        with contextlib.suppress(OSError, sqlite3.Error):
            conn.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)",
                         (HANDLED, _identity(path)))
            _sync_index(index_path)


HANDLED = "unsynced_marker_handled"  # settings: the marker a wipe could not remove


def handled(conn: sqlite3.Connection, index_path: Path) -> bool:
    """Whether the marker is the very one a wipe of this index could neither replace nor
    remove (wiped): every write since then waited for the disk (a bulk write that cannot
    mark does), so it says nothing of the index any more. Changed in any way, it counts
    again."""
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (HANDLED,)).fetchone()
        return row is not None and row[0] == _identity(marker(index_path))
    except (OSError, sqlite3.Error):
        return False  # an index that cannot be read: as torn as the marker says


def _identity(path: Path) -> str:
    """The marker file as found (not followed): which file it is, and its last change."""
    st = os.lstat(path)
    return ":".join(map(str, (st.st_dev, st.st_ino, st.st_mode, st.st_size, st.st_mtime_ns,
                              st.st_ctime_ns)))


def touch(index_path: Path) -> None:
    """Make the marker young again (under the write lock, just before a bulk write commits):
    the checkpoint that follows the commit, outside the lock, is never settled under it."""
    with contextlib.suppress(OSError):
        os.utime(marker(index_path), follow_symlinks=False)


def settle_if_due(conn: sqlite3.Connection, index_path: Path, busy_timeout_ms: int) -> None:
    """Settle the marker if there is one of this boot a minute old (a command opening the
    index, every sync: a long-running watch too)."""
    if state(index_path) == SETTLE:
        settle(conn, index_path, busy_timeout_ms)


def settle(conn: sqlite3.Connection, index_path: Path, busy_timeout_ms: int) -> bool:
    """Sync the index's files to disk and remove the marker, under the index's write lock,
    taken without waiting, once the marker is found due again under that lock; whether it
    was removed (False: a checkpoint or a write is under way, the marker is no longer due,
    or a file could not be synced: it stays for a later command).

    First a checkpoint of this connection's own (which syncs the index after it): refused
    while another runs — perhaps the bulk write's, which runs after its commit, outside
    the write lock, and does not sync — so the files are synced only once every page of
    the bulk write is in them or still in the WAL. The marker's age is then only what
    makes that sync cheap (the kernel has written the pages out), never what makes it
    safe: a clock set forward cannot settle a build too early."""
    conn.execute("PRAGMA busy_timeout=0")
    try:
        if conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[0]:
            return False  # another checkpoint holds the lock
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return False  # a write under way: perhaps a bulk one, which may mark it again
    finally:
        conn.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
    try:
        if state(index_path) != SETTLE:  # marked again, or settled, since it was looked at
            return False
        _sync_index(index_path)
        os.unlink(marker(index_path))
        return True
    except OSError:
        return False
    finally:
        conn.execute("ROLLBACK")


def _sync_index(index_path: Path) -> None:
    """Sync the index file and its WAL, where SQLite keeps them: beside the file a link
    at the path leads to."""
    real = os.path.realpath(index_path)
    for suffix in ("", "-wal"):
        with contextlib.suppress(FileNotFoundError):
            _sync(Path(f"{real}{suffix}"), os.O_RDONLY)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        os.rmdir(path)  # an empty folder only: what is in one is not vaultkit's to remove
    else:
        os.unlink(path)


def _sync(path: Path, flags: int) -> None:
    fd = os.open(path, flags | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
