"""A running `vaultkit watch` vouching that the index is current, so that a command need
not walk the vault to know it (as git's fsmonitor and watchman do): at 100,000 notes the
walk is most of what a read costs, since a note edited in place changes no folder and
only a stat of each note shows it.

The handshake, for one index:
- The watcher holds an exclusive `flock` on `<index>.watching` while it vouches (after
  its first walk, from inotify events, on a local filesystem, no event lost since its
  last walk: watch_vouch.py). The system lets go of the lock when the watcher dies.
- A command that finds the lock held creates a *cookie*, an empty file in the vault's
  `.vaultkit/cookies/`, and waits for it to be removed. inotify gives one watcher its
  events in the order they happened, so when the watcher sees the cookie it has seen
  every change made before the command began; it syncs what they named, then removes
  the cookie. Only then does the command trust the index without a walk.
- Anything else (no lock, another vault, no answer within WAIT_S, an error) and the
  command walks, as it would with no watcher: vouching can only save a walk.

Linux only (inotify's order; `fcntl`). The watcher's record in the lock file carries the
sync tools' copies its last walk found, which a walk would have given the command."""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from xxhash import xxh3_64_hexdigest

from vaultkit.config import MARKER

try:
    import fcntl
except ImportError:  # not Unix: no vouching (SUPPORTED)
    fcntl = None  # type: ignore[assignment]

COOKIES = f"{MARKER}/cookies"  # in the vault: the watcher must see them as it sees notes
WAIT_S = 0.25  # a watcher answers in milliseconds; one busy with a large sync, later
POLL_S = 0.0005
SUPPORTED = sys.platform.startswith("linux") and fcntl is not None
DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC if SUPPORTED else 0


@dataclass(frozen=True)
class Vouch:
    """A watcher's word that the index is current: the sync tools' copies of notes its
    last walk found (what a command's own walk would have told it)."""

    copies: list[str]


def lock_path(index_path: Path) -> Path:
    return index_path.with_name(index_path.name + ".watching")


def tag(index_path: Path) -> str:
    """The cookies of one index's watcher begin with this (two watchers of one vault with
    two indexes must not answer each other's commands)."""
    return xxh3_64_hexdigest(os.fsencode(os.path.abspath(index_path)))


def vouched(root: Path, index_path: Path, wait: float = WAIT_S) -> Vouch | None:
    """The watcher's vouch for the index at `index_path` of the vault at `root`, once it
    has seen every change made before this call; None when no watcher vouches (walk)."""
    if not SUPPORTED:
        return None
    try:
        record = _held_record(lock_path(index_path))
        if record is None or record.get("root") != os.path.abspath(root):
            return None
        copies = [str(c) for c in record.get("copies", [])]
        return Vouch(copies) if _answered(root, index_path, wait) else None
    except (OSError, ValueError, TypeError, AttributeError):
        return None  # a record half written, a folder gone: walk


def _held_record(path: Path) -> dict | None:
    """The record in the lock file, when a watcher holds the lock (None: nobody does)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:  # held: a watcher vouches
            return json.loads(os.read(fd, 1 << 20) or b"null")
        fcntl.flock(fd, fcntl.LOCK_UN)  # free: the watcher is gone
        return None
    finally:
        os.close(fd)


def _answered(root: Path, index_path: Path, wait: float) -> bool:
    """Make a cookie and wait for the watcher to remove it (True), or remove it (False).
    The folders are opened without following links: a vault from git whose
    `.vaultkit/cookies` is a link must not lead the cookie out of it."""
    marker = os.open(root / MARKER, DIR_FLAGS)
    try:
        folder = os.open("cookies", DIR_FLAGS, dir_fd=marker)
    finally:
        os.close(marker)
    try:
        name = f"{tag(index_path)}-{os.getpid()}-{time.monotonic_ns()}"
        os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                         | os.O_CLOEXEC, 0o600, dir_fd=folder))
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not _exists(name, folder):
                return True
            time.sleep(POLL_S)
        try:
            os.unlink(name, dir_fd=folder)
        except FileNotFoundError:
            return True  # answered at the last moment
        return False
    finally:
        os.close(folder)


def _exists(name: str, folder: int) -> bool:
    try:
        os.stat(name, dir_fd=folder, follow_symlinks=False)
        return True
    except FileNotFoundError:
        return False
