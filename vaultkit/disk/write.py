"""Changing a note on disk: read, change the text, and replace the file atomically — only if
nobody saved it meanwhile. The text changes themselves are edit.py's."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from vaultkit.disk.files import atomic_write
from vaultkit.errors import ConflictingEdit, VaultkitError
from vaultkit.notes.edit import EditError, refuse_conflicts


def change_note(root: Path, relpath: str, change: Callable[[str], str]) -> str:
    """Apply `change` to the note's text and write the result; return it.

    If another program saved the note between the read and the write, read it again and
    redo the change once; if it changed again, stop with ConflictingEdit, nothing written.
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
        if _read(path, relpath) != data:
            continue  # saved by someone else meanwhile
        _write(path, relpath, new)
        return new
    raise ConflictingEdit(f"{relpath}: another program keeps changing it; nothing was written, "
                          "try again")


def _target(root: Path, relpath: str) -> Path:
    """The file to write: the note, or where its symbolic link leads inside the vault."""
    path = root / relpath
    real = Path(os.path.realpath(path))
    if not str(real).startswith(str(Path(os.path.realpath(root))) + os.sep):
        raise VaultkitError(f"{relpath}: a symbolic link out of the vault; not written")
    return real


def _read(path: Path, relpath: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise VaultkitError(f"{relpath}: no longer exists") from None
    except OSError as exc:
        raise VaultkitError(f"{relpath}: cannot read: {exc.strerror}") from None


def _write(path: Path, relpath: str, text: str) -> None:
    try:
        atomic_write(path, text)
    except PermissionError:
        raise VaultkitError(f"{relpath}: cannot write: permission denied (is the file or its "
                            "folder read-only?)") from None
    except OSError as exc:
        raise VaultkitError(f"{relpath}: cannot write: {exc.strerror}") from None
