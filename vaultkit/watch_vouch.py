"""`vaultkit watch`'s side of the handshake of disk/vouch.py: hold the lock while every
change to the vault reaches the watcher as an event, and answer each command's cookie once
what the events before it named is in the index.

The watcher vouches only where the events are whole: inotify (not polling), a local
filesystem for the vault and every mount inside it (a network share, a VM's shared folder
and FUSE give no event for a change made elsewhere), and no event lost since its last
walk. watchdog drops events when the kernel's queue overflows and says so only in a log
record: the lock is let go the moment that record is made, on the emitter's thread,
before any later event is handed on; the next walk takes it again."""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

from vaultkit.disk.vouch import COOKIES, SUPPORTED, fcntl, lock_path, tag

STALE_COOKIE_S = 60.0  # a command waits WAIT_S: a cookie older than this one's is dead
LOCAL = frozenset({"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "f2fs", "zfs", "bcachefs",
                   "overlay", "jfs", "reiserfs", "ramfs", "nilfs2"})
WATCHDOG_LOGGER = "watchdog.observers"


class Voucher:
    """Whether this watcher vouches for its index, and its answers to the cookies."""

    def __init__(self, root: Path, index_path: Path,
                 on_lost: Callable[[], None] = lambda: None):
        self.root, self.index_path, self.tag = root, index_path, tag(index_path)
        self.on_lost = on_lost  # what else must follow (watch: a walk)
        # Why a change may reach no event (why_events_may_be_missed), for a person; None
        # once the watcher has found that every change does.
        self.unable: str | None = "the watch has not started"
        self.refused: str | None = None  # why the last walk could not take the lock
        self.generation = 0  # one more each time events were lost
        self._fd: int | None = None
        self._record: bytes | None = None
        self._lock = threading.Lock()
        self._overflow = _Overflow(self.lost)

    def start(self) -> None:
        if self.able:
            logging.getLogger(WATCHDOG_LOGGER).addHandler(self._overflow)

    def close(self) -> None:
        logging.getLogger(WATCHDOG_LOGGER).removeHandler(self._overflow)
        with self._lock:
            self._release()

    def withdraw(self) -> None:
        """Vouch for nothing until the next settle after a walk (an error in a sync)."""
        with self._lock:
            self._release()

    def lost(self) -> None:
        """Events were lost (any thread): vouch for nothing until the next walk."""
        with self._lock:
            self.generation += 1
            self._release()
        self.on_lost()

    @property
    def able(self) -> bool:
        return self.unable is None

    @property
    def why_not(self) -> str | None:
        """Why commands walk the vault as they do without a watch, while they must."""
        return self.unable or self.refused

    @property
    def vouching(self) -> bool:
        return self._fd is not None

    def is_cookie(self, relpath: str) -> str | None:
        """The cookie's name when `relpath` (relative, `/`) is one of this index's."""
        folder, _, name = relpath.rpartition("/")
        return name if folder == COOKIES and name.startswith(self.tag + "-") else None

    def settle(self, cookies: list[str], since: int, walked: bool, copies: list[str] | None
               ) -> None:
        """After a sync of everything the events named up to `cookies` (a walk, if
        `walked`), begun at `generation` `since`: vouch, and answer the cookies, unless
        events were lost since then, or there was none to walk since they were."""
        with self._lock:
            if not self.able or self.generation != since or not (walked or self.vouching):
                return
            try:
                if walked:
                    self._hold(copies or [])
                    self.refused = None
            except OSError as exc:  # the folder or the lock file cannot be made: vouch for
                self.refused = _why(exc)  # nothing, and say why
                self._release()
            if not self.vouching:
                return
        self._answer(cookies)

    def _hold(self, copies: list[str]) -> None:
        record = json.dumps({"root": os.path.abspath(self.root), "pid": os.getpid(),
                             "copies": sorted(copies)}).encode()
        if self._fd is None:
            _cookie_folder(self.root)
            fd = os.open(lock_path(self.index_path), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW
                         | os.O_CLOEXEC, 0o600)
            if not _locked(fd):  # another watcher of this index vouches
                os.close(fd)
                return
            self._fd, self._record = fd, None
            self._clear_dead()
        if record != self._record:  # the copies changed: a command reads them from here
            os.ftruncate(self._fd, 0)
            os.pwrite(self._fd, record, 0)
            self._record = record

    def _release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # and the lock with it
            self._fd = None

    def _answer(self, cookies: list[str]) -> None:
        folder = self.root / COOKIES
        for name in cookies:
            try:
                os.unlink(folder / name)
            except OSError:
                pass  # the command gave up waiting, and removed it

    def _clear_dead(self) -> None:
        """Cookies left by commands killed while they waited."""
        folder = self.root / COOKIES
        now = time.time()
        for entry in os.scandir(folder):
            try:
                if entry.name.startswith(self.tag + "-") and now - entry.stat(
                        follow_symlinks=False).st_mtime > STALE_COOKIE_S:
                    os.unlink(entry.path)
            except OSError:
                pass


class _Overflow(logging.Handler):
    """watchdog's word that the kernel dropped events (inotify's IN_Q_OVERFLOW)."""

    def __init__(self, lost):
        super().__init__(logging.WARNING)
        self._lost = lost

    def emit(self, record: logging.LogRecord) -> None:
        if "overflow" in str(record.msg).lower():
            self._lost()


def _why(exc: OSError) -> str:
    """An OSError as a person reads it: the file, then what is wrong."""
    if exc.strerror and exc.filename:
        return f"{exc.filename}: {exc.strerror}"
    return str(exc)


def _locked(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _cookie_folder(root: Path) -> None:
    """`.vaultkit/cookies/`, which git is told to leave alone (a `.gitignore` of `*`); in a
    vault with a `.vaultkit` folder only (one is never made here: it marks a vault)."""
    folder = root / COOKIES
    for one in (folder.parent, folder):
        if one.is_symlink():
            raise OSError(f"{one} is a link, not a folder of the vault's own")
    if not folder.parent.is_dir():
        raise OSError(f"the vault has no {folder.parent.name} folder (mkdir "
                      f"{folder.parent.name}, or vaultkit init)")
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")


def why_events_may_be_missed(root: Path, polling: bool) -> str | None:
    """Why a change to the vault may reach a watcher as no event, for a person; None when
    every change does: inotify, and the vault on a local filesystem, with no other kind of
    mount inside it."""
    if polling:
        return "a watch that polls sees a change only at its next look"
    if not SUPPORTED:
        return "vouching needs Linux (inotify and flock)"
    try:
        mounts = _mounts()
    except OSError as exc:
        return f"the mounts are unknown (/proc/self/mountinfo: {exc.strerror or exc})"
    real = os.path.realpath(root)
    holding = max((m for m in mounts if _within(real, m[0])), key=lambda m: len(m[0]),
                  default=None)
    if holding is None:
        return f"no mount holds {real}"
    inside = [m for m in mounts if _within(m[0], real) and m[0] != real]
    for point, kind in [holding, *inside]:
        if kind not in LOCAL:  # a change made on another machine gives no event here
            return f"{point} is a {kind} filesystem, where a change made elsewhere gives no event"
    return None


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _mounts() -> list[tuple[str, str]]:
    """(mount point, filesystem type) of each mount (/proc/self/mountinfo)."""
    out = []
    with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as info:
        for line in info:
            fields = line.split()
            if "-" in fields:
                point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), fields[4])
                out.append((point, fields[fields.index("-") + 1]))
    return out
