"""The changes the write commands make to a note on disk — an entry, a ticked task, a
front matter key — each through the safe write (disk/write.py) and the surgical edits
(notes/edit.py); and outputs (agenda notes, exports) written whole."""

from __future__ import annotations

import datetime as dt
import os
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
    """Write a whole output file atomically; a clear error when it cannot be. A file in the
    vault `root` is never written through a symbolic link out of it, and never over a
    note: a file with front matter or a log is a person's, not an earlier output."""
    refuse_links_out(root, path)
    refuse_a_note(root, path, log_headings)
    try:
        atomic_write(path, text)
    except OSError as exc:
        raise VaultkitError(f"{path}: cannot write: {exc.strerror}") from None
    return path


def refuse_a_note(root: Path, path: Path, log_headings: tuple[str, ...]) -> None:
    real = Path(os.path.realpath(path))
    if not real.is_file() or not real.is_relative_to(Path(os.path.realpath(root))):
        return
    try:
        old = real.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        old = "---"  # unreadable as text: not an output of ours either
    found = scan(old, log_headings)
    if found.front is not None or found.logs or old.startswith("---"):
        raise WouldOverwrite(f"{path}: a note of the vault (it has front matter or a log); "
                             "vaultkit writes an output only where no note is: nothing "
                             "written, choose another file")
