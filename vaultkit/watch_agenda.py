"""The agenda note `watch` keeps (watch.py hands it the Vault): rendering it, and the
boxes a person ticks in it (agenda/ticks.py). A saved note whose text is not what watch
last wrote is read for ticks; those are recorded through the Vault (`apply_ticks`: log,
done, set, add, under the write lock), then the note is rendered again, so the ticked
items are gone. Just before each write the note is read again: a tick saved while the
agenda was being rendered is recorded before the write, never written over."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.agenda.ticks import keep_ticked, untick
from vaultkit.disk.change import is_our_output
from vaultkit.errors import VaultkitError, WouldOverwrite
from vaultkit.present.oneline import one_line

if TYPE_CHECKING:
    from vaultkit.vault import Vault

ROUNDS = 5  # ticks saved again and again while rendering: at most this many applies a write
MAX_BYTES = 10_000_000  # a larger agenda note is not read for ticks


def exc_text(path: Path) -> str:
    return (f"{shown(path)}: now a note that vaultkit did not write: it is no longer "
            "written (move it away, and watch writes it again)")


def shown(path: Path) -> str:
    """A path as messages show it: relative to the current folder when below it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def outside(root: Path, path: Path) -> bool:
    """Whether the agenda note is outside the vault (its links will not resolve)."""
    real = Path(os.path.realpath(path))
    return not real.is_relative_to(Path(os.path.realpath(root)))


def schedule(observer, handler, root: Path, agenda: Path | None, events: list) -> None:
    """Watch the vault, and an agenda note outside it in its own folder (for its ticks),
    for the `events` (watchdog's classes) only."""
    observer.schedule(handler, str(root), recursive=True, event_filter=events)
    if agenda is not None and outside(root, agenda):
        observer.schedule(handler, str(agenda.parent), recursive=False, event_filter=events)


class AgendaNote:
    def __init__(self, vault: Vault, path: Path, fmt: str, days: int | None,
                 say: Callable[[str], None]):
        self.vault = vault
        self.path = path
        self.fmt = fmt
        self.days = days
        self.say = say
        self.written: str | None = None  # the text watch last wrote (or found there)
        self._applied: str | None = None  # the text whose ticks were last recorded
        self._said: set[str] = set()  # the ticks reported as not recorded
        self._kept: tuple[str, list] = ("", [])  # a note's text, its ticks not recorded

    def read(self) -> str | None:
        if not self.path.is_file():  # gone, or a FIFO (opening one waits for a writer)
            return None
        try:
            with open(self.path, "rb") as file:
                data = file.read(MAX_BYTES + 1)
        except OSError:
            return None
        return data.decode("utf-8", errors="replace")

    def render(self, day: dt.date, changed: set[str] | None) -> None:
        """Bring the note up to date after the notes at `changed` (None: all), recording
        the ticks the note holds first."""
        try:
            text = self.vault.live_agenda_text(day, self.fmt, self.days, changed)
            current = self.read()
            for _round in range(ROUNDS):
                written = text is not None and self.ticked(day, current)
                if not written:
                    break
                text = self.vault.live_agenda_text(day, self.fmt, self.days, written)
                current = self.read()  # saved again meanwhile? apply that too
        except VaultkitError as exc:  # a template or setting being edited: say, go on
            self.say(f"Error: {exc}")
            self._applied = None  # the write lock held too long, say: the ticks again later
            return
        if text is None or self._wait(current):  # None: the index is being built again
            return
        text = keep_ticked(text, *self._kept)  # what could not be recorded stays ticked
        if text == current:  # unchanged: no write, so editors do not flicker, git sees nothing
            self.written = text
            return
        try:
            self.vault.save(self.path, text, known=self.written)
        except WouldOverwrite:
            if self.written is None:  # a note of the person's from the start: stop watching
                raise
            self.say(f"Error: {exc_text(self.path)}")
            return
        except VaultkitError as exc:
            self.say(f"Error: {exc}")
            return
        self.written = text
        self.say(f"Wrote {shown(self.path)}")

    def _wait(self, current: str | None) -> bool:
        """Whether to leave the note as it is for now: emptied (an editor or a sync tool
        truncates, then writes the new text, some a good while later: writing now would
        put that text in a deleted file), or written in by the person beyond ticking its
        boxes (their text would be lost: said once; the note is written again once it is
        gone, or the note deleted)."""
        if current == "" and self.written:
            return True
        edited = (self.fmt == "md" and self.written is not None and current is not None
                  and current != self.written
                  and untick(current, self.written) != untick(self.written))
        if edited:
            self._once("edited", f"Error: {shown(self.path)}: you wrote in it, and vaultkit "
                                 "writes it anew: not written until your text is in a note "
                                 "(or the file deleted)")
        else:
            self._said.discard("edited")
        return edited

    def ticked(self, day: dt.date, current: str | None) -> set[str]:
        """Record the ticks of the note's text `current`, unless it is what watch wrote;
        the notes written."""
        if (self.fmt != "md" or current is None or current in (self.written, self._applied)
                or not ("[x]" in current or "[X]" in current) or not is_our_output(current)):
            return set()  # a note that is no agenda vaultkit wrote has no ticks for it
        self._applied = current
        if len(current) > MAX_BYTES:
            self._once("size", f"Error: {shown(self.path)}: larger than {MAX_BYTES} bytes: "
                               "its ticks are not read")
            return set()
        applied = self.vault.apply_ticks(current, day, self.days)
        self._kept = (current, [tick for tick, _why in applied.refused])
        for line in applied.done:
            self.say(line)
        where = shown(self.path)
        for tick, why in applied.refused:
            self._once(tick.id, f"{where}:{tick.line}: not recorded: {one_line(why)}")
        for tick in applied.stale:
            self._once(tick.id, f"{where}:{tick.line}: ticked {tick.id} matches no item "
                                "of today's agenda (done already, or not one of vaultkit's):"
                                " not recorded")
        return applied.paths

    def _once(self, key: str, message: str) -> None:
        if key not in self._said:
            self._said.add(key)
            self.say(message)
