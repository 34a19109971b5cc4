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
- found naming this boot SETTLE_S after it was written, by any command that opens the
  index: the index's files are synced to disk (quick by then: the kernel has written
  them out) and the marker removed, under the write lock, so that no bulk write is under
  way meanwhile; never waiting for that lock.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path

BOOT_ID = Path("/proc/sys/kernel/random/boot_id")
SUFFIX = ".unsynced"
SETTLE_S = 60.0  # twice the kernel's default age at which dirty pages are written out
TORN, YOUNG, SETTLE = "torn", "young", "settle"


def marker(index_path: Path) -> Path:
    return index_path.with_name(index_path.name + SUFFIX)


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


def state(index_path: Path) -> str | None:
    """None (no marker), TORN (written in another boot: the index may be torn), YOUNG
    (this boot's, too young to settle) or SETTLE."""
    path = marker(index_path)
    try:
        with open(path, encoding="ascii", errors="replace") as handle:
            boot = handle.readline().strip()
        age = time.time() - os.stat(path).st_mtime
    except FileNotFoundError:
        return None
    except OSError:
        return TORN  # vaultkit's own file, made unreadable: the index cannot be vouched for
    if boot != this_boot():
        return TORN
    return SETTLE if age >= SETTLE_S else YOUNG


def wiped(index_path: Path, marked: str | None, fresh: bool, notices: list[str]) -> None:
    """After an index was emptied: if for being TORN, say so (unless a rebuild was asked
    for anyway), and mark it again for this boot, until what replaces it is on the disk
    (if it cannot be, the old mark stays, and it is rebuilt again next time)."""
    if marked != TORN:
        return
    if not fresh:
        notices.append(f"the index at {index_path} was written shortly before the machine "
                       "last stopped and may not all have reached the disk; rebuilt it")
    with contextlib.suppress(OSError):
        mark(index_path)


def settle(conn: sqlite3.Connection, index_path: Path, busy_timeout_ms: int) -> bool:
    """Sync the index's files to disk and remove the marker, under the index's write lock,
    taken without waiting; whether it was removed (False: the lock is held, or a file could
    not be synced: it stays for a later command)."""
    conn.execute("PRAGMA busy_timeout=0")
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return False  # a write under way: perhaps a bulk one, which may mark it again
    finally:
        conn.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
    try:
        for suffix in ("", "-wal"):
            with contextlib.suppress(FileNotFoundError):
                _sync(Path(f"{index_path}{suffix}"), os.O_RDONLY)
        os.unlink(marker(index_path))
        return True
    except OSError:
        return False
    finally:
        conn.execute("ROLLBACK")


def _sync(path: Path, flags: int) -> None:
    fd = os.open(path, flags | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
