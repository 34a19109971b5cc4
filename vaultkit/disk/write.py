"""Changing a note on disk: read, change the text, and replace the file atomically — only if
nobody saved it meanwhile. The text changes themselves are edit.py's."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from vaultkit.disk.bounds import refuse_links_out
from vaultkit.disk.files import atomic_write
from vaultkit.errors import ConflictingEdit, VaultkitError
from vaultkit.notes.edit import EditError, refuse_conflicts


def change_note(root: Path, relpath: str, change: Callable[[str], str]) -> str:
    """Apply `change` to the note's text and write the result; return it.

    If another program saved the note between the read and the rename — checked after the
    new content is written and flushed, right before the rename — read it again and redo
    the change once; if it changed again, stop with ConflictingEdit, nothing written.
    (vaultkit's own writers queue on the write lock, disk/lock.py; this is for editors.)
    """
    path = _target(root, relpath)
    for _attempt in range(2):
        data = _read(path, relpath)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise EditError(f"{relpath}: not UTF-8 text; vaultkit will not rewrite it") from None
        refuse_conflicts(text, relpath)
        new = change(text)
        if new == text:
            return text
        if _write(path, relpath, new, data):
            return new
    raise ConflictingEdit(f"{relpath}: another program keeps changing it; nothing was written, "
                          "try again")


def _target(root: Path, relpath: str) -> Path:
    """The file to write: the note, or where its symbolic link leads inside the vault."""
    path = root / relpath
    refuse_links_out(root, path, "not written")
    return Path(os.path.realpath(path))


def _read(path: Path, relpath: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise VaultkitError(f"{relpath}: no longer exists") from None
    except OSError as exc:
        raise VaultkitError(f"{relpath}: cannot read: {exc.strerror}") from None


def _write(path: Path, relpath: str, text: str, expected: bytes) -> bool:
    try:
        return atomic_write(path, text, expected)
    except PermissionError:
        raise VaultkitError(f"{relpath}: cannot write: permission denied (is the file or its "
                            "folder read-only?)") from None
    except OSError as exc:
        raise VaultkitError(f"{relpath}: cannot write: {exc.strerror}") from None
