"""Applying the ticks of an agenda note (agenda/ticks.py) through the Vault's own writes
(log, done, set, add: atomic, each refusing rather than guessing). `Writes.apply_ticks`
runs this under the vault's write lock, which the writes it calls take again (the lock is
re-entrant within a thread), so a tick is matched against the agenda as the index holds it
after every other writer: one applied by another watcher, or by `agenda apply`, is gone
from the agenda by then and is reported as matching nothing, never logged twice."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.agenda import ticks
from vaultkit.agenda.ids import item_id
from vaultkit.agenda.ticks import Action, Tick
from vaultkit.errors import VaultkitError
from vaultkit.notes.entry import entry_line
from vaultkit.notes.values import parse_date

if TYPE_CHECKING:
    from vaultkit.vault import Vault

MAX_DAYS = 3660


@dataclass
class Applied:
    """What applying an agenda note's ticks did."""

    done: list[str] = field(default_factory=list)  # "Logged #thanks in people/….md"
    stale: list[Tick] = field(default_factory=list)  # ticks that match no current item
    refused: list[tuple[Tick, str]] = field(default_factory=list)  # and why
    paths: set[str] = field(default_factory=set)  # the notes written
    wrote: Path | None = None  # the agenda note, rendered again (apply_agenda_note)

    def __bool__(self) -> bool:
        return bool(self.done or self.stale or self.refused)


def apply_ticks(vault: Vault, text: str, today: dt.date, days: int | None = None) -> Applied:
    """Record each ticked item of the agenda note `text` that is on the agenda of `today`
    (wide enough for every date the note shows)."""
    found = ticks.ticks_in(text)
    out = Applied()
    if not found:
        return out
    vault.sync(trust_watch=False)  # what other writers did before the lock was ours (a
    # walk: `watch` applies ticks, and would wait for its own word)
    wide = max([vault.rule_settings().days, days or 0]
               + [(t.due - today).days for t in found if t.due])

    def current() -> dict:
        return {item_id(one): one for one in vault.agenda(today, min(wide, MAX_DAYS)).items}

    items, judged = current(), set()
    for tick in found:
        item = items.get(tick.id)
        if item is not None and item.note in out.paths - judged:
            # An earlier tick wrote this note (`no` to an event, then its prepare-event):
            # is the item still asked for?
            items, judged = current(), set(out.paths)
            item = items.get(tick.id)
        if item is None:
            out.stale.append(tick)
            continue
        try:
            for action in ticks.actions(item, today, tick.channel, _tasks(vault, item)):
                out.done.extend(_write(vault, action, today, out.paths))
        except (ValueError, VaultkitError) as exc:
            out.refused.append((tick, str(exc)))
    return out


def _tasks(vault: Vault, item) -> list:
    """The open tasks of the note a task item (or a write-once's task part) is about."""
    if item.rule not in ("task", "write-once"):
        return []
    note = vault.rules.lookup().note(item.note)
    return note.facts.get("t", []) if note else []


def _write(vault: Vault, action: Action, today: dt.date, paths: set[str]) -> list[str]:
    """Make one action's writes; what each did, in a few words."""
    if action.create:
        path = vault.add("contact", action.create, action.values, today)
        paths.add(path)
        said = [f"Created {path}"]
        if Path(path).stem != action.create:  # a name no file may have (CON, a: b?)
            # The link that named them must still find the note (links resolve by
            # alias last), or the item would never go.
            vault.set(path, "aliases", [action.create])
            said.append(f"Set aliases: {action.create} in {path}")
        return said
    said: list[str] = []
    if action.kinds:
        said.append(_entry(vault, action, today, paths))
    if action.task:
        path, _task = vault.done(action.note, action.task, today)
        paths.add(path)
        said.append(f"Ticked the task in {path}")
    for key, value in action.keys:
        path, written = vault.set(action.note, key, value)
        paths.add(path)
        said.append(f"Set {key}: {written} in {path}")
    if action.settle_next:
        planned = parse_date(vault.find(action.note).meta.get("next"))
        if planned is not None and planned > today:
            path, written = vault.set(action.note, "next", today)
            said.append(f"Set next: {written} in {path}")
    return said


def _entry(vault: Vault, action: Action, today: dt.date, paths: set[str]) -> str:
    kinds = " ".join(f"#{k}" for k in action.kinds)
    line = entry_line(today, action.text, action.via, list(action.kinds), False)
    row = vault.find(action.note)
    if _has_line(vault.root / row.path, line):
        return f"Already logged {kinds} in {row.path}"
    path, _line, _extra = vault.log(row.path, action.text, today, via=action.via,
                                    kinds=action.kinds)
    paths.add(path)
    return f"Logged {kinds} in {path}"


def _has_line(path: Path, line: str) -> bool:
    """Whether the note has this entry line already (a tick applied twice)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(one.strip() == line for one in text.splitlines())


def read_agenda_note(path: Path) -> str:
    """An agenda note's text for its ticks: at most ticks.MAX_CHARS of it, bytes that are
    not UTF-8 replaced (a binary file has no ticks, and is no reason to stop)."""
    try:
        with open(path, "rb") as file:
            data = file.read(ticks.MAX_CHARS)
    except FileNotFoundError:
        raise VaultkitError(f"{path}: no such agenda note") from None
    except OSError as exc:
        raise VaultkitError(f"{path}: cannot read: {exc.strerror}") from None
    return data.decode("utf-8", errors="replace")
