"""The changes the write commands make to a note on disk — an entry, a ticked task, a
front matter key — each through the safe write (disk/write.py) and the surgical edits
(notes/edit.py); and outputs (agenda notes, exports) written whole."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from vaultkit.disk.bounds import refuse_links_out
from vaultkit.disk.files import atomic_write
from vaultkit.disk.write import change_note
from vaultkit.errors import VaultkitError, WouldOverwrite
from vaultkit.notes.anatomy import scan
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


def save_output(root: Path, path: Path, text: str,
                log_headings: tuple[str, ...] = ("Log",)) -> Path:
    """Write a whole output file atomically; a clear error when it cannot be. Never
    through a symbolic link out of the vault `root`, never over what is not a regular file
    (a device, a folder), and in the vault never over a note or a setting: only over an
    earlier output (refuse_a_note says which)."""
    refuse_links_out(root, path)
    refuse_a_note(root, path, log_headings)
    try:
        atomic_write(path, text)
    except OSError as exc:
        raise VaultkitError(f"{path}: cannot write: {exc.strerror}") from None
    return path


# An agenda note vaultkit wrote says so near its top, or ends its items with their ids.
_OURS_MARK = "Made by vaultkit"
_OURS_ID = re.compile(r" \^vk-[0-9a-f]{10}[ \t]*(?:✅ \d{4}-\d{2}-\d{2})?[ \t]*\r?$", re.M)
_HEAD_CHARS = 4096


def refuse_a_note(root: Path, path: Path, log_headings: tuple[str, ...]) -> None:
    """Refuse (exit 5) to write an output over what a person keeps: anything that is not
    a regular file; in the vault, a file in a hidden folder (.vaultkit, .git, .obsidian),
    a note with front matter or a log, and a Markdown file that is no earlier output of
    vaultkit's (a plain note: `Start here.md`, a hand-written `Agenda.md`)."""
    real = Path(os.path.realpath(path))
    if real.exists() and not real.is_file():
        raise WouldOverwrite(f"{path}: not a regular file (a folder or a device): nothing "
                             "written, choose another file")
    inside = real.is_relative_to(Path(os.path.realpath(root)))
    if not inside:
        return
    rel = real.relative_to(Path(os.path.realpath(root)))
    if any(part.startswith(".") for part in rel.parts[:-1]):
        raise WouldOverwrite(f"{path}: in a hidden folder of the vault (settings, git, "
                             "Obsidian's): nothing written, choose another file")
    if not real.is_file():
        return
    old = _text_of(real)
    found = scan(old, log_headings) if old is not None else None
    if old is None or found.front is not None or found.logs or old.startswith("---"):
        raise WouldOverwrite(f"{path}: a note of the vault (it has front matter or a log, "
                             "or is not text); vaultkit writes an output only where no note "
                             "is: nothing written, choose another file")
    if real.suffix.lower() == ".md" and old.strip() and not is_our_output(old):
        raise WouldOverwrite(f"{path}: a note of the vault that vaultkit did not write (no "
                             f"'{_OURS_MARK}' line, no ^vk- ids): nothing written, choose "
                             "another file or move it away")


def is_our_output(text: str) -> bool:
    """Whether `text` is an agenda note vaultkit wrote (the built-in templates say so in
    their first lines; a vault's own agenda template keeps the items' ^vk- ids)."""
    return _OURS_MARK in text[:_HEAD_CHARS] or _OURS_ID.search(text) is not None


def _text_of(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # unreadable as text: not an output of ours either
