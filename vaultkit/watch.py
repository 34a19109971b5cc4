"""`vaultkit watch`: keep the index, and a live agenda note, current while people edit.

Events only mark what changed; after a quiet period the same `sync()` every command uses
runs — for the notes named by the events when each is a plain note, else with a walk of
the vault — and the agenda note is rewritten when its text changed. The only module that
imports watchdog. The handler runs on the observer's thread and does nothing but note the
paths: an exception there would silently kill the observer, and SQLite connections belong
to the thread that made them.
"""

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

from vaultkit.config import CONFIG_NAME, MARKER, load_config
from vaultkit.disk.files import atomic_write, plain_note
from vaultkit.errors import VaultkitError
from vaultkit.session import Session

if TYPE_CHECKING:
    from vaultkit.agenda.live import LiveAgenda
    from vaultkit.present.templates import Templates

# Events of a file being read (inotify IN_OPEN, IN_CLOSE_NOWRITE); watchdog's names.
READS = frozenset({"opened", "closed_no_write"})
RECONCILE_S = 60.0  # a full sync now and then, in case the system dropped events


@dataclass
class Debouncer:
    """Wait for `quiet` seconds without events, but never more than `max_wait` after the
    first: a `git checkout` of hundreds of files gives a handful of syncs, not hundreds."""

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


@dataclass
class Watcher:
    session: Session
    agenda_path: Path | None = None
    fmt: str = "md"
    days: int | None = None
    polling: bool = False
    debounce: float = 0.3
    say: Callable[[str], None] = print
    today: Callable[[], dt.date] = dt.date.today
    clock: Callable[[], float] = time.monotonic
    stop: threading.Event = field(default_factory=threading.Event)
    syncs: int = 0
    _seen: int | None = None  # the index journal's number last rendered
    _live: LiveAgenda | None = None
    _templates: Templates | None = None

    def run(self) -> int:
        """Watch until `stop` is set (0) or the vault disappears (1)."""
        root = self.session.config.root
        wake = threading.Event()
        changed = Changed()
        observer = self._start(root, wake, changed)
        debouncer = Debouncer(self.debounce)
        problems = self._problems()
        day = self.today()
        self._seen, _ = self.session.changes_since(None)
        self._render(day, None)
        version = self.session.index_version()
        reconciled = self.clock()
        try:
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
                    paths = changed.take()
                    if reconcile or paths is None:
                        reconciled = now
                    if paths is None:  # a template may be new: compile them afresh
                        self._templates = None
                    problems = self._sync(problems, None if reconcile else paths)
                elif self.session.index_version() != version:
                    # Another process synced (a `log`, another watcher): what it changed is
                    # in the index's journal, and our own events may now find nothing.
                    problems = self._report(problems)
                elif self.today() == day:
                    continue
                version = self.session.index_version()
                day = self._render_changes()
        finally:
            observer.stop()
            observer.join(timeout=5)
        return 0

    def _start(self, root: Path, wake: threading.Event, changed: Changed):
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        matters = relevant(root, self.agenda_path.resolve() if self.agenda_path else None)
        session = self.session  # its config is reloaded by each sync: read it at each event
        root_text = str(root)

        class Changes(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                if event.event_type in READS:
                    return  # the sync's own reading of a note would start another sync
                if event.is_directory and event.event_type == "modified":
                    return  # comes with the events of the files inside
                try:
                    paths = [os.fsdecode(p) for p in (event.src_path,
                             getattr(event, "dest_path", "")) if p]
                    paths = [p for p in paths if matters(p)]
                    if not paths:
                        return
                    rels = [os.path.relpath(p, root_text).replace(os.sep, "/") for p in paths]
                    if event.is_directory or not all(plain_note(session.config, r) for r in rels):
                        changed.add(None)
                    else:
                        for rel in rels:
                            changed.add(rel)
                except Exception:  # noqa: BLE001 - would kill the observer thread
                    changed.add(None)
                wake.set()

        if not self.polling:
            observer = Observer()
            try:
                observer.schedule(Changes(), str(root), recursive=True)
                observer.start()
                return observer
            except OSError as exc:
                if exc.errno not in (errno.ENOSPC, errno.EMFILE):
                    raise VaultkitError(f"cannot watch {root}: {exc.strerror}") from None
                self.say("Notice: the system's limit of watched folders is reached; "
                         "watching by polling instead")
        observer = PollingObserver(timeout=0.5)
        observer.schedule(Changes(), str(root), recursive=True)
        observer.start()
        return observer

    def _render_changes(self) -> dt.date:
        """Render the agenda of today after what the journal says changed since the last
        render (whoever synced it); return the day rendered."""
        day = self.today()
        self._seen, paths = self.session.changes_since(self._seen)
        self._render(day, paths)
        return day

    def _report(self, before: set) -> set:
        """Say each new problem; return the problems now."""
        after = self._problems()
        for path, line, message in sorted(after - before):
            self.say(f"{path}:{line}: {message}")
        return after

    def _sync(self, before: set, paths: list[str] | None) -> set:
        """Sync; say what changed and each new problem; return the problems now."""
        self._reload_config()
        started = time.perf_counter()
        stats = self.session.sync(only=paths)
        self.syncs += 1
        took = (time.perf_counter() - started) * 1000
        if stats.changed or stats.touched:
            moved = f" >{stats.moved}" if stats.moved else ""
            self.say(f"+{stats.added} ~{stats.modified} -{stats.removed}{moved} "
                     f"in {took:.0f} ms")
        return self._report(before)

    def _reload_config(self) -> None:
        try:
            self.session.config = load_config(self.session.config.root)
        except VaultkitError as exc:
            self.say(f"Error: {exc} (keeping the settings read before)")

    def _problems(self) -> set:
        from vaultkit.index.queries import stored_problems

        return set(stored_problems(self.session.conn))

    def _render(self, day: dt.date, changed: set[str] | None) -> None:
        """Bring the agenda note up to date, after the notes at `changed` changed (None:
        anything may have)."""
        if self.agenda_path is None:
            return
        from vaultkit.agenda.live import LiveAgenda
        from vaultkit.present.agenda import render_agenda
        from vaultkit.present.templates import Templates

        root = self.session.config.root
        if self._live is None:
            self._live = LiveAgenda(self.session.conn)
        if self._templates is None:
            self._templates = Templates(root)
        try:
            settings = self.session.rule_settings()
            days = settings.days if self.days is None else self.days
            agenda = self._live.agenda(day, settings, days, changed)
            text = render_agenda(root, agenda, self.fmt, templates=self._templates)
        except VaultkitError as exc:  # a template or setting being edited: say, go on
            self.say(f"Error: {exc}")
            return
        try:
            current = self.agenda_path.read_text(encoding="utf-8")
        except OSError:
            current = None
        if text != current:  # unchanged: no write, so editors do not flicker, git sees nothing
            atomic_write(self.agenda_path, text)
