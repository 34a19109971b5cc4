"""The vault's write lock: every vaultkit write to a vault (log, done, snooze, set, add,
import, init, an agenda note or export written into it) holds it, so vaultkit processes
queue instead of racing. The only user of filelock.

The lock is an advisory lock (flock on Unix, LockFileEx on Windows, through filelock) on a
file of the vault's own in the user cache folder (where its default index lives, whatever
`--index` a command is given: every writer of one vault takes the same lock), never in
the vault: the vault is synced, shared through git and
opened by editors, and a lock file there would travel with it. A lock held by a process
that dies (kill -9 included) is released by the system, so there is no stale lock to
clear. A companion file (`….lock.holder`) records the holder's pid and command, for the
message a writer that waited in vain shows.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock

from vaultkit.errors import WriteLocked

WAIT_S = 10.0  # how long a writer waits for another one before it gives up


@contextmanager
def write_lock(path: Path, wait: float = WAIT_S) -> Iterator[None]:
    """Hold the vault's write lock (the file at `path`) while the block runs; WriteLocked
    (exit 5) when another process holds it for longer than `wait` seconds."""
    holder = path.with_name(path.name + ".holder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(path, timeout=wait, thread_local=False)
        lock.acquire()
    except filelock.Timeout:
        raise WriteLocked(f"another vaultkit process is writing to this vault "
                          f"({_holder(holder)}); waited {wait:g} s; nothing was written, "
                          f"try again (the lock: {path})") from None
    except OSError as exc:
        raise WriteLocked(f"{path}: cannot take the write lock: {exc.strerror}") from None
    try:
        _record(holder)
        yield
    finally:
        _clear(holder)  # before the release: never over the next holder's record
        lock.release()


def _record(holder: Path) -> None:
    """Say who holds the lock: `pid command…` (best effort: the lock works without it)."""
    try:
        holder.write_text(f"{os.getpid()} {' '.join(_command())}\n", encoding="utf-8")
    except OSError:
        pass


def _clear(holder: Path) -> None:
    try:
        holder.write_text("", encoding="utf-8")
    except OSError:
        pass


def _command() -> list[str]:
    argv = list(sys.argv)
    if argv and argv[0].endswith(("__main__.py", "vaultkit")):
        argv[0] = "vaultkit"
    return argv


def _holder(holder: Path) -> str:
    try:
        pid, _, command = holder.read_text(encoding="utf-8").strip().partition(" ")
    except OSError:
        return "holder unknown"
    return f"pid {pid}: {command}" if pid.isdigit() else "holder unknown"
