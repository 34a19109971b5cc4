"""The changes the write commands make to a note on disk — an entry, a ticked task, a
front matter key — each through the safe write (disk/write.py) and the surgical edits
(notes/edit.py); and outputs (agenda notes, exports) written whole."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from vaultkit.disk.bounds import refuse_links_out
from vaultkit.disk.files import atomic_write
from vaultkit.disk.write import change_note
from vaultkit.errors import VaultkitError
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


def tick(root: Path, path: str, needle: str | None, headings: tuple[str, ...] = ("Log",)
         ) -> str:
    """Tick the first open task of the log (containing `needle`); return the task's line."""
    ticked: list[str] = []

    def change(old: str) -> str:
        new, line = tick_task(old, needle, headings)
        ticked.append(line)
        return new

    change_note(root, path, change)
    return ticked[-1].strip()


def set_value(root: Path, path: str, key: str, value: object) -> str:
    """Set front matter `key` to `value`; return the YAML text written."""
    text = yaml_value(value)
    change_note(root, path, lambda old: set_key(old, key, text, path))
    return text


def save_output(root: Path, path: Path, text: str) -> Path:
    """Write a whole output file atomically; a clear error when it cannot be. A file in the
    vault `root` is never written through a symbolic link out of it."""
    refuse_links_out(root, path)
    try:
        atomic_write(path, text)
    except OSError as exc:
        raise VaultkitError(f"{path}: cannot write: {exc.strerror}") from None
    return path
