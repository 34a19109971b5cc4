"""`vaultkit watch`: keep the index, and a live agenda note, current while people edit.
Handed a Vault, whose methods it calls: it knows no SQLite. Events only mark what changed;
after a quiet period the same `sync()` every command uses runs (for the notes the events
named, or a walk), and the agenda note is rewritten when its text changed. The only user of
watchdog; its handler, on the observer's thread, only notes paths (an exception there
would silently kill the observer; SQLite connections belong to the thread that made them)."""

from __future__ import annotations

import datetime as dt
import errno
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from vaultkit.config import CONFIG_NAME, MARKER, Config
from vaultkit.disk.scan import plain_note
from vaultkit.errors import VaultkitError
from vaultkit.present.oneline import one_line
from vaultkit.watch_agenda import AgendaNote, schedule

if TYPE_CHECKING:
    from vaultkit.vault import Vault

# Events of a file being read (inotify IN_OPEN, IN_CLOSE_NOWRITE); watchdog's names.
READS = frozenset({"opened", "closed_no_write"})
RECONCILE_S = 60.0  # a full sync now and then, in case the system dropped events


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
    except the vault's own config and templates; not the agenda note vaultkit writes."""
    root_text = str(root)
    inside = os.path.join(root_text, "")
    own = str(output) if output else None
    settings = os.path.join(MARKER, "")

    def check(path: str) -> bool:
        if not path or path == own or not (path.startswith(inside) or path == root_text):
            return False
        rel = os.path.relpath(path, root_text)
        if rel.startswith(settings) or rel == MARKER:
            return rel == os.path.join(MARKER, CONFIG_NAME) or rel.startswith(
                os.path.join(MARKER, "templates"))
        return not any(part.startswith(".") for part in rel.split(os.sep))

    return check


class Changes(FileSystemEventHandler):
    """Notes each event's paths in `changed` and wakes the loop. Runs on the observer's
    thread: an exception here would silently kill the observer."""

    def __init__(self, root: Path, agenda: Path | None, config: Callable[[], Config],
                 changed: Changed, wake: threading.Event):
        self.matters = relevant(root, agenda)
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


@dataclass
class Watcher:
    vault: Vault
    agenda_path: Path | None = None
    fmt: str = "md"
    days: int | None = None
    polling: bool = False
    debounce: float = 0.3
    say: Callable[[str], None] = print
    today: Callable[[], dt.date] = dt.date.today
    clock: Callable[[], float] = time.monotonic
    stop: threading.Event = field(default_factory=threading.Event)
    ready: threading.Event = field(default_factory=threading.Event)  # watching, rendered
    syncs: int = 0
    _seen: int | None = None  # the index journal's number last rendered
    _problems: set = field(default_factory=set)
    _note: AgendaNote | None = None  # the agenda note (watch_agenda.py)

    def run(self) -> int:
        """Watch until `stop` is set (0) or the vault disappears (1)."""
        root = self.vault.root
        if self.agenda_path is not None:
            self._note = AgendaNote(self.vault, self.agenda_path, self.fmt, self.days, self.say)
        wake = threading.Event()
        changed = Changed()
        observer = self._start(root, wake, changed)
        try:
            return self._loop(root, wake, changed)
        finally:
            observer.stop()
            observer.join(timeout=5)

    def _loop(self, root: Path, wake: threading.Event, changed: Changed) -> int:
        """Watch; a damaged index is rebuilt in place and watching starts afresh."""
        while True:
            try:
                return self._watch(root, wake, changed)
            except Exception as exc:  # noqa: BLE001 - heal re-raises what is not damage
                self.vault.heal(exc)

    def _watch(self, root: Path, wake: threading.Event, changed: Changed) -> int:
        debouncer = Debouncer(self.debounce)
        # What changed before the observer started is in no event: walk once now.
        self.vault.sync()
        self._notices()
        self._problems = self.vault.problems()
        self._seen, _ = self.vault.changes_since(None)
        day = self.today()
        self._render(day, None)
        version = self.vault.index_version()
        reconciled = self.clock()
        self.ready.set()
        while not self.stop.is_set():
            wake.wait(0.05)
            wake.clear()
            now = self.clock()
            if changed.pending():
                debouncer.note(now)
            if not root.is_dir():
                self.say(f"Error: the vault folder {root} is gone; stopped watching")
                return 1
            reconcile = now - reconciled >= RECONCILE_S
            if debouncer.due(now) or reconcile:
                debouncer.reset()
                paths = changed.take()  # [] when only the agenda note was saved: no sync
                if (paths != [] or reconcile) and self._sync(paths, reconcile):
                    reconciled = now
            elif self.vault.index_version() != version:
                # Another process synced (a `log`, another watcher): what it changed is in
                # the index's journal, and our own events may now find nothing.
                self._report()
            elif self.today() == day:
                continue
            version = self.vault.index_version()
            day = self._render_changes()
        return 0

    def _start(self, root: Path, wake: threading.Event, changed: Changed):
        own = self.agenda_path.resolve() if self.agenda_path else None
        handler = Changes(root, own, lambda: self.vault.config, changed, wake)
        if not self.polling:
            observer = Observer()
            try:
                schedule(observer, handler, root, own)
                observer.start()
                return observer
            except OSError as exc:
                if exc.errno not in (errno.ENOSPC, errno.EMFILE):
                    raise VaultkitError(f"cannot watch {root}: {exc.strerror}") from None
                self.say("Notice: the system's limit of watched folders is reached; "
                         "watching by polling instead")
        observer = PollingObserver(timeout=0.5)
        schedule(observer, handler, root, own)
        observer.start()
        return observer

    def _render_changes(self) -> dt.date:
        """Render the agenda of today after what the journal says changed since the last
        render (whoever synced it); return the day rendered."""
        day = self.today()
        self._seen, paths = self.vault.changes_since(self._seen)
        self._render(day, paths)
        return day

    def _report(self) -> None:
        """Say each new problem."""
        after = self.vault.problems()
        for path, line, message in sorted(after - self._problems):
            self.say(one_line(f"{path}:{line}: {message}"))
        self._problems = after

    def _sync(self, paths: list[str] | None, reconcile: bool) -> bool:
        """Sync the notes at `paths` (None, or a reconcile: walk the vault); say what
        changed and each new problem. Returns whether the vault was walked."""
        if paths is None:  # a template may be new: compile them afresh
            self.vault.forget_templates()
        self._reload_config()
        started = time.perf_counter()
        stats = self.vault.sync(only=None if reconcile else paths)
        self._notices()
        self.syncs += 1
        took = (time.perf_counter() - started) * 1000
        if stats.changed or stats.touched:
            moved = f" >{stats.moved}" if stats.moved else ""
            self.say(f"+{stats.added} ~{stats.modified} -{stats.removed}{moved} "
                     f"in {took:.0f} ms")
        self._report()
        return reconcile or paths is None

    def _notices(self) -> None:
        while self.vault.notices:  # the index healed, or opened again
            self.say(f"Notice: {self.vault.notices.pop(0)}")

    def _reload_config(self) -> None:
        try:
            self.vault.reload_config()
        except VaultkitError as exc:
            self.say(f"Error: {exc} (keeping the settings read before)")

    def _render(self, day: dt.date, changed: set[str] | None) -> None:
        """Bring the agenda note up to date after the notes at `changed` (None: all)."""
        if self._note is not None:
            self._note.render(day, changed)
