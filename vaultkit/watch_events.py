"""What `vaultkit watch` hears: watchdog's events on the observer's thread, noted as the
paths a sync must look at (or a walk), the agenda note saved, and the cookies of commands
asking the watcher to vouch for the index (watch_vouch.py), and the debouncer that says when
to sync. An exception on the observer's thread would silently kill it: none leaves here."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)

from vaultkit.config import CONFIG_NAME, MARKER, Config
from vaultkit.disk.scan import plain_note

# Events of a file being read (inotify IN_OPEN, IN_CLOSE_NOWRITE); watchdog's names.
READS = frozenset({"opened", "closed_no_write"})
# What to ask the system for: every change, no read. Reads would come by the hundred
# thousand when anything reads the vault (the sync itself, Obsidian, a backup, grep) and
# overflow the kernel's queue, which loses events and, with them, the watcher's vouch.
WRITES = [DirCreatedEvent, DirDeletedEvent, DirModifiedEvent, DirMovedEvent, FileClosedEvent,
          FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent]


@dataclass
class Debouncer:
    """`quiet` seconds without events, at most `max_wait` after the first (a checkout of
    hundreds of files: a handful of syncs)."""

    quiet: float = 0.3
    max_wait: float = 2.0
    first: float | None = None
    last: float | None = None

    def note(self, now: float) -> None:
        if self.first is None:
            self.first = now
        self.last = now

    def due(self, now: float) -> bool:
        if self.first is None or self.last is None:
            return False
        return now - self.last >= self.quiet or now - self.first >= self.max_wait

    def reset(self) -> None:
        self.first = self.last = None


class Changed:
    """What the events since the last sync named: note paths, or None for "walk the
    vault" (a folder, a setting, a template, anything not a plain note). Shared with the
    observer's thread, hence the lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paths: set[str] = set()
        self._walk = False
        self._new = False
        self._cookies: list[str] = []

    def add(self, path: str | None) -> None:
        with self._lock:
            if path is None:
                self._walk = True
            else:
                self._paths.add(path)
            self._new = True

    def touch_agenda(self) -> None:
        """The agenda note was saved: render (and read its ticks) after the quiet."""
        with self._lock:
            self._new = True

    def cookie(self, name: str) -> None:
        """A command asks the watcher to vouch for the index (disk/vouch.py)."""
        with self._lock:
            self._cookies.append(name)

    def asked(self) -> bool:
        with self._lock:
            return bool(self._cookies)

    def take_cookies(self) -> list[str]:
        """The cookies so far, before take(): what the events before them named is taken
        with the paths then."""
        with self._lock:
            cookies, self._cookies = self._cookies, []
            return cookies

    def pending(self) -> bool:
        """Whether anything was added since the last call (for the debouncer)."""
        with self._lock:
            new, self._new = self._new, False
            return new

    def take(self) -> list[str] | None:
        """The paths to sync, or None for a walk; then starts afresh."""
        with self._lock:
            paths = None if self._walk else sorted(self._paths)
            self._paths, self._walk = set(), False
            return paths


def relevant(root: Path, output: Path | None) -> Callable[[str], bool]:
    """Whether a path's event matters: not in a hidden folder (.git, .obsidian, .trash),
    except the vault's own config and templates, and `.vaultkit` itself (made or removed:
    the walk it starts begins or ends the vouching, watch_vouch.py); not the agenda note
    vaultkit writes."""
    root_text = str(root)
    inside = os.path.join(root_text, "")
    own = str(output) if output else None
    settings = os.path.join(MARKER, "")

    def check(path: str) -> bool:
        if not path or path == own or not (path.startswith(inside) or path == root_text):
            return False
        rel = os.path.relpath(path, root_text)
        if rel == MARKER:
            return True
        if rel.startswith(settings):
            return rel == os.path.join(MARKER, CONFIG_NAME) or rel.startswith(
                os.path.join(MARKER, "templates"))
        return not any(part.startswith(".") for part in rel.split(os.sep))

    return check


class Changes(FileSystemEventHandler):
    """Notes each event's paths in `changed` and wakes the loop. Runs on the observer's
    thread: an exception here would silently kill the observer."""

    def __init__(self, root: Path, agenda: Path | None, config: Callable[[], Config],
                 changed: Changed, wake: threading.Event,
                 cookie: Callable[[str], str | None] = lambda relpath: None):
        self.matters = relevant(root, agenda)
        self.cookie = cookie  # the name of a cookie of this watcher's index, or None
        self.agenda = str(agenda) if agenda else None
        self.root = str(root)
        self.config = config  # reloaded by each sync: read it at each event
        self.changed = changed
        self.wake = wake

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in READS:
            return  # the sync's own reading of a note would start another sync
        if event.is_directory and event.event_type == "modified":
            return  # comes with the events of the files inside
        try:
            paths = [os.fsdecode(p) for p in (event.src_path, getattr(event, "dest_path", ""))
                     if p]
            if self._cookie(event, paths):
                return
            if self.agenda in paths:  # saved in place, or a temporary file renamed over it
                self.changed.touch_agenda()
                self.wake.set()
            rels = [os.path.relpath(p, self.root).replace(os.sep, "/")
                    for p in paths if self.matters(p)]
            if not rels:
                return
            if event.is_directory or not all(plain_note(self.config(), r) for r in rels):
                self.changed.add(None)
            else:
                for rel in rels:
                    self.changed.add(rel)
        except Exception:  # noqa: BLE001 - would kill the observer thread
            self.changed.add(None)
        self.wake.set()

    def _cookie(self, event: FileSystemEvent, paths: list[str]) -> bool:
        """Whether the event is of a cookie (watch_vouch.py): its making is noted."""
        if len(paths) != 1:
            return False
        name = self.cookie(os.path.relpath(paths[0], self.root).replace(os.sep, "/"))
        if name is None:
            return False
        if event.event_type == "created" and not event.is_directory:
            self.changed.cookie(name)
            self.wake.set()
        return True
