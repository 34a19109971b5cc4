"""`vaultkit watch`: keep the index, and a live agenda note, current while people edit.
Handed a Vault, whose methods it calls: it knows no SQLite. Events only mark what changed
(watch_events.py, on the observer's thread); after a quiet period the same `sync()` every
command uses runs (for the notes the events named, or a walk), and the agenda note is
rewritten when its text changed. A command that asks (a cookie) is answered at once, after
a sync of what the events before it named: the watcher vouches that the index is current,
and the command need not walk the vault (watch_vouch.py, disk/vouch.py)."""

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

from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from vaultkit.disk.scan import plain_note
from vaultkit.errors import VaultkitError
from vaultkit.present.oneline import one_line
from vaultkit.watch_agenda import AgendaNote, outside, schedule
from vaultkit.watch_events import WRITES, Changed, Changes, Debouncer, relevant  # noqa: F401 (relevant: re-exported)
from vaultkit.watch_mounts import why_events_may_be_missed
from vaultkit.watch_vouch import Voucher

if TYPE_CHECKING:
    from vaultkit.vault import Vault

RECONCILE_S = 60.0  # a full sync now and then, in case the system dropped events


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
    _voucher: Voucher | None = None  # vouching for the index to commands (watch_vouch.py)
    _copies: list[str] | None = None  # the copies of notes the last walk found
    _own: str | None = None  # the agenda note's path in the vault, if it is a note there
    _lost_said: int = 0  # the voucher's count of events lost, last said
    _why_not_said: str | None = None  # why the watch cannot vouch, last said
    _observer: object = None  # watchdog's

    def run(self) -> int:
        """Watch until `stop` is set (0) or the vault disappears (1)."""
        root = self.vault.root
        if self.agenda_path is not None:
            self._note = AgendaNote(self.vault, self.agenda_path, self.fmt, self.days, self.say)
        wake = threading.Event()
        changed = Changed()
        observer = self._observer = self._start(root, wake, changed)
        try:
            return self._loop(root, wake, changed)
        finally:
            observer.stop()
            observer.join(timeout=5)
            self._voucher.close()

    def _loop(self, root: Path, wake: threading.Event, changed: Changed) -> int:
        """Watch; a damaged index is rebuilt in place and watching starts afresh."""
        while True:
            try:
                return self._watch(root, wake, changed)
            except Exception as exc:  # noqa: BLE001 - heal re-raises what is not damage
                self._voucher.withdraw()  # until the walk of watching afresh
                self.vault.heal(exc)

    def _watch(self, root: Path, wake: threading.Event, changed: Changed) -> int:
        debouncer = Debouncer(self.debounce)
        day = self._settle_in()
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
            if debouncer.due(now) or reconcile or changed.asked():
                debouncer.reset()
                if self._round(changed, reconcile):
                    reconciled = now
            elif self.vault.index_version() != version:
                if self.vault.index_stale():
                    continue  # as below
                # Another process synced (a `log`, another watcher): what it changed is in
                # the index's journal, and our own events may now find nothing.
                self._report()
            elif self.today() == day:
                continue
            if self.vault.index_stale():
                # Emptied by another process, which builds it again (index/wipe.py): report
                # and render once it has, never from the empty index (found in review: an
                # agenda note said "Nothing due" meanwhile); should that process die, the
                # walk of the next minute builds it.
                continue
            version = self.vault.index_version()
            day = self._render_changes()
        return 0

    def _settle_in(self) -> dt.date:
        """The first walk, what it had to say, and the agenda note: the day rendered."""
        self._first_walk()
        self._notices()
        self._problems = self.vault.problems()
        self._seen, _ = self.vault.changes_since(None)
        day = self.today()
        self._render(day, None)
        return day

    def _first_walk(self) -> None:
        """What changed before the observer started is in no event: walk once now, and
        vouch from then on (or say why not)."""
        if self.vault.index.temporary is not None and self._voucher.able:
            self._voucher.unable = ("this watch's index is a temporary one (the notice above "
                                    "says why), which no other command reads")
        since = self._voucher.generation
        self._copies = self.vault.sync(trust_watch=False).copies  # it is the watch
        self._voucher.settle([], since, True, self._copies)
        self._say_why_not()

    def _say_why_not(self) -> None:
        """Say, once, why this watch cannot vouch for the index, so that a person knows
        why commands are no faster while it runs (docs/commands.md, `watch`)."""
        why, vouching = self._voucher.why_not, self._voucher.vouching
        if why is not None and why != self._why_not_said:
            self.say(f"Notice: other commands still check every note themselves: "
                     f"{one_line(why)}")
        elif why is None and self._why_not_said is not None and vouching:
            self.say("Notice: other commands now trust the index this watch keeps")
        if why is not None or vouching:  # else another watch vouches: nothing to say
            self._why_not_said = why

    def _round(self, changed: Changed, reconcile: bool) -> bool:
        """Sync what the events named (a walk, if they said so or `reconcile`), then answer
        the cookies of the commands that asked meanwhile; whether the vault was walked."""
        if self._voucher.able and not all(e.is_alive() for e in self._observer.emitters):
            # its events stopped: never vouch again (said here, not as a refusal)
            self._voucher.unable = self._why_not_said = "the system stopped sending events"
            self._lost_said = self._voucher.generation + 1  # said here, not as an overflow
            self.say("Notice: the system stopped sending events: walking the vault now "
                     "and every minute")
            self._voucher.lost()
        since = self._voucher.generation
        if since != self._lost_said:
            self.say("Notice: the system dropped events (its inotify queue overflowed): "
                     "walking the vault")
            self._lost_said = since
        cookies = changed.take_cookies()  # first: the events before them are in take()
        paths = changed.take()  # [] when only the agenda note was saved: no sync
        if cookies and paths is not None and self._own is not None:
            paths = sorted({*paths, self._own})  # written here, so in no event of ours
        walked = (paths != [] or reconcile) and self._sync(paths, reconcile)
        self._voucher.settle(cookies, since, walked, self._copies)
        if walked:
            self._say_why_not()
        return walked

    def _start(self, root: Path, wake: threading.Event, changed: Changed):
        own = self.agenda_path.resolve() if self.agenda_path else None
        self._own = self._own_note(root, own)
        voucher = self._voucher = Voucher(
            root, self.vault.index.path, on_lost=lambda: (changed.add(None), wake.set()))
        handler = Changes(root, own, lambda: self.vault.config, changed, wake,
                          voucher.is_cookie)
        if not self.polling:
            observer = Observer()
            try:
                schedule(observer, handler, root, own, WRITES)
                voucher.unable = why_events_may_be_missed(root, polling=False)
                voucher.start()
                observer.start()
                return observer
            except OSError as exc:
                if exc.errno not in (errno.ENOSPC, errno.EMFILE):
                    raise VaultkitError(f"cannot watch {root}: {exc.strerror}") from None
                self.say("Notice: the system's limit of watched folders is reached; "
                         "watching by polling instead")
        observer = PollingObserver(timeout=0.5)
        voucher.unable = why_events_may_be_missed(root, polling=True)
        schedule(observer, handler, root, own, WRITES)
        observer.start()
        return observer

    def _own_note(self, root: Path, own: Path | None) -> str | None:
        """The agenda note's path relative to the vault, when the vault takes it as a note."""
        if own is None or outside(root, own):
            return None
        rel = os.path.relpath(own, os.path.realpath(root)).replace(os.sep, "/")
        return rel if plain_note(self.vault.config, rel) else None

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
        stats = self.vault.sync(only=None if reconcile else paths, trust_watch=False)
        if stats.copies is not None:
            self._copies = stats.copies
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
