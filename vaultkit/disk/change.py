"""The changes the write commands make to a note on disk — an entry, a ticked task, a
front matter key — each through the safe write (disk/write.py) and the surgical edits
(notes/edit.py); and outputs (agenda notes, exports) written whole."""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from vaultkit.disk.bounds import refuse_links_out
from vaultkit.disk.files import atomic_write
from vaultkit.disk.write import change_note
from vaultkit.errors import VaultkitError, WouldOverwrite
from vaultkit.notes.edit import add_log_line, set_key, tick_task, yaml_value


def log_entry(root: Path, path: str, line: str, day: dt.date, extra: list[tuple[str, str]],
              headings: tuple[str, ...]) -> None:
    """Add `line` to the log in date order, and set the keys the entry sets."""
    def change(old: str) -> str:
        new = add_log_line(old, line, day.isoformat(), headings)
        for key, value in extra:
            new = set_key(new, key, value, path)
        return new

    change_note(root, path, change)


def tick(root: Path, path: str, needle: str | None, headings: tuple[str, ...] = ("Log",),
         done_on: dt.date | None = None) -> str:
    """Tick the first open task of the log (containing `needle`), done on `done_on`;
    return the task's line."""
    ticked: list[str] = []

    def change(old: str) -> str:
        new, line = tick_task(old, needle, headings, done_on)
        ticked.append(line)
        return new

    change_note(root, path, change)
    return ticked[-1].strip()


def set_value(root: Path, path: str, key: str, value: object) -> str:
    """Set front matter `key` to `value`; return the YAML text written."""
    text = yaml_value(value)
    change_note(root, path, lambda old: set_key(old, key, text, path))
    return text


def save_output(root: Path, path: Path, text: str | Iterable[bytes],
                log_headings: tuple[str, ...] = ("Log",), known: str | None = None) -> Path:
    """Write a whole output file atomically; a clear error when it cannot be. Never
    through a symbolic link out of the vault `root` (one inside it: to the file it names),
    never over what is not a regular file (a device, a folder, a FIFO), and in the vault
    never over anything vaultkit cannot tell it wrote (refuse_a_note)."""
    refuse_links_out(root, path)
    refuse_a_note(root, path, log_headings, known)
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    try:
        atomic_write(target, text)
    except OSError as exc:
        raise VaultkitError(f"{path}: cannot write: {exc.strerror}") from None
    return path


# What vaultkit's outputs say in their first lines: the agenda notes ("Made by vaultkit:
# edit the notes, not this file"), the HTML pages (a comment), the calendars (PRODID).
_OURS_MARKS = ("Made by vaultkit", "PRODID:-//vaultkit//")
_HEAD_LINES = 5


def refuse_a_note(root: Path, path: Path, log_headings: tuple[str, ...],
                  known: str | None = None) -> None:
    """Refuse (exit 5) to write an output over what a person keeps: anything that is not
    a regular file; in the vault, a hidden file or one in a hidden folder (.gitignore,
    .vaultkit/, .git/, .obsidian/), and any file that does not say in its first lines that
    vaultkit made it — a note, a plain note, a hand-written Agenda.md, a todo.txt — unless
    it is `known`: what the caller wrote there itself (watch, of a text agenda)."""
    try:
        real = Path(os.path.realpath(path))
        kind = real.stat().st_mode if real.exists() else None
    except OSError as exc:
        raise VaultkitError(f"{path}: cannot write: {exc.strerror}") from None
    if kind is not None and not stat.S_ISREG(kind):
        raise WouldOverwrite(f"{path}: not a regular file (a folder, a device or a pipe): "
                             "nothing written, choose another file")
    base = Path(os.path.realpath(root))
    if not real.is_relative_to(base):
        return
    if any(part.startswith(".") for part in real.relative_to(base).parts):
        raise WouldOverwrite(f"{path}: a hidden file of the vault or in its hidden folders "
                             "(settings, git, Obsidian's): nothing written, choose another "
                             "file")
    old = _text_of(real) if kind is not None else ""
    if old is None or (old.strip() and not is_our_output(old) and old != known):
        raise WouldOverwrite(
            f"{path}: a file of the vault that vaultkit did not write, as far as it can "
            "tell (its first lines do not say 'Made by vaultkit': a vault's own agenda "
            "template must keep that line; a CSV or JSON export never says it, so write "
            "those outside the vault): nothing written; choose another file, or move this "
            "one away")


def is_our_output(text: str) -> bool:
    """Whether `text` says, in its first lines, that vaultkit made it."""
    head = text[:2000].splitlines()[:_HEAD_LINES]
    return any(mark in line for line in head for mark in _OURS_MARKS)


def _text_of(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # unreadable as text: not an output of ours either
