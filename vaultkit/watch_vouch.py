"""`vaultkit watch`'s side of the handshake of disk/vouch.py: hold the lock while every
change to the vault reaches the watcher as an event, and answer each command's cookie once
what the events before it named is in the index.

The watcher vouches only where the events are whole: inotify (not polling), a local
filesystem for the vault and every mount inside it (watch_mounts.py), and no event lost
since its last walk; and only while a command could ask (its cookie folder is checked at
each walk). watchdog drops events when the kernel's queue overflows and says so only in a log
record: the lock is let go the moment that record is made, on the emitter's thread,
before any later event is handed on; the next walk takes it again."""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path

from vaultkit.disk.vouch import COOKIES, DIR_FLAGS, MARKER, fcntl, lock_path, tag

PROBE = ".probe-"  # the name of a watch's trial cookie, before its PID
STALE_COOKIE_S = 60.0  # a command waits WAIT_S: a cookie older than this one's is dead
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
        try:  # on every walk: the folder may have gone, or turned into a link, since
            _cookie_folder(self.root)
        except OSError:
            self._release()  # no command could ask: vouch for nothing, and say why
            raise
        if self._fd is None:
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
        with _cookie_folder_fd(self.root) as folder:
            for name in cookies if folder is not None else ():
                try:
                    os.unlink(name, dir_fd=folder)
                except OSError:
                    pass  # the command gave up waiting, and removed it

    def _clear_dead(self) -> None:
        """Cookies left by commands killed while they waited, and probes by watches killed
        while they tried one (_try_a_cookie: a probe lives for two system calls)."""
        now = time.time()
        with _cookie_folder_fd(self.root) as folder:
            for entry in os.scandir(folder) if folder is not None else ():
                try:
                    if entry.name.startswith((self.tag + "-", PROBE)) and now - entry.stat(
                            follow_symlinks=False).st_mtime > STALE_COOKIE_S:
                        os.unlink(entry.name, dir_fd=folder)
                except OSError:
                    pass


@contextlib.contextmanager
def _cookie_folder_fd(root: Path):
    """The cookie folder's descriptor, opened without following a link (it may have
    become one since the walk checked it), or None when it cannot be: the names inside
    are then removed nowhere."""
    try:
        parent = _open_folder(root / MARKER, None, "")
    except OSError:
        yield None
        return
    try:
        folder = _open_folder(root / COOKIES, parent, "")
    except OSError:
        folder = None
    finally:
        os.close(parent)
    try:
        yield folder
    finally:
        if folder is not None:
            os.close(folder)


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
    if exc.errno == errno.ELOOP and exc.filename:  # opened with O_NOFOLLOW
        return f"{exc.filename} is a link, not a file of its own"
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
    """`.vaultkit/cookies/`, which git is told to leave alone (a `.gitignore` of `*`), made
    if need be and tried as a command uses it (disk/vouch.py: a cookie made and removed);
    in a vault with a `.vaultkit` folder only (one is never made here: it marks a vault).
    Opened without following links, so a vault from git whose folder or `.gitignore` is a
    link never leads a write out of it. OSError, saying what is wrong, when it cannot be."""
    marker = root / MARKER
    folder = _open_folder(marker, None, f"(mkdir {MARKER}, or vaultkit init)")
    try:
        cookies = _open_folder(marker / "cookies", folder, "", make=True)
    finally:
        os.close(folder)
    try:
        _ensure_ignored(cookies, marker / "cookies" / ".gitignore")
        _try_a_cookie(cookies, marker / "cookies")
    finally:
        os.close(cookies)


def _try_a_cookie(cookies: int, path: Path) -> None:
    """Make and remove a file in the cookie folder, as a command's cookie is made."""
    probe = f"{PROBE}{os.getpid()}"  # hidden and no tag: no watcher takes it for a cookie
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                         0o600, dir_fd=cookies))
        os.unlink(probe, dir_fd=cookies)
    except OSError as exc:
        raise OSError(f"{path}: {exc.strerror or exc} (commands make their cookies "
                      "there)") from None


def _open_folder(path: Path, parent: int | None, hint: str, make: bool = False) -> int:
    """The folder at `path` (`parent`: the descriptor of its folder) opened without
    following a link; OSError saying, for a person, why not."""
    name = path.name if parent is not None else path
    try:
        st = os.stat(name, dir_fd=parent, follow_symlinks=False)
    except FileNotFoundError:
        if not make:
            raise OSError(f"the vault has no {path.name} folder {hint}".rstrip()) from None
        try:
            os.mkdir(name, 0o755, dir_fd=parent)
        except FileExistsError:
            pass  # made meanwhile (another watcher): opened below, as any
        except OSError as exc:
            raise OSError(f"{path}: {exc.strerror or exc}") from None
        st = os.stat(name, dir_fd=parent, follow_symlinks=False)
    if stat.S_ISLNK(st.st_mode):
        raise OSError(f"{path} is a link, not a folder of the vault's own")
    if not stat.S_ISDIR(st.st_mode):
        raise OSError(f"{path} is a file, not a folder")
    try:
        return os.open(name, DIR_FLAGS, dir_fd=parent)
    except OSError as exc:
        raise OSError(f"{path}: {exc.strerror or exc}") from None


def _ensure_ignored(cookies: int, path: Path) -> None:
    """The `.gitignore` of `*` in the cookie folder, written if it is missing, never
    through a link."""
    try:
        st = os.stat(".gitignore", dir_fd=cookies, follow_symlinks=False)
    except FileNotFoundError:
        try:
            fd = os.open(".gitignore", os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                         | os.O_CLOEXEC, 0o644, dir_fd=cookies)
        except FileExistsError:
            return  # written meanwhile
        except OSError as exc:
            raise OSError(f"{path}: {exc.strerror or exc}") from None
        try:
            os.write(fd, b"*\n")
        finally:
            os.close(fd)
        return
    if stat.S_ISLNK(st.st_mode):
        raise OSError(f"{path} is a link, not a file of the vault's own")
