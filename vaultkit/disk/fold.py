"""`vaultkit merge-copy COPY`: a sync tool's conflict copy folded into its original note
(merge/note.py's rules, the original as ours), the original written as every write is
(disk/write.py: atomically, never over another program's save, never into a note with
conflict markers), then the copy moved to the system trash (send2trash: the Trash of
freedesktop.org on Linux, the Finder's on macOS, the Recycle Bin on Windows) or deleted.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from send2trash import send2trash

from vaultkit.config import Config
from vaultkit.disk.bounds import refuse_links_out
from vaultkit.disk.copies import original_name
from vaultkit.disk.write import change_note
from vaultkit.errors import NotANote, VaultkitError
from vaultkit.merge.lines import Labels
from vaultkit.merge.note import Folded, fold_copy
from vaultkit.notes.edit import refuse_conflicts


class CopyFolded(NamedTuple):
    original: str  # relative to the vault, with `/`
    copy: str
    folded: Folded
    removed: str  # "trash", "deleted", or why the copy was kept


def fold_into_original(config: Config, copy: str, delete: bool = False) -> CopyFolded:
    """Fold the copy at `copy` (relative to the vault) into its original."""
    root = Path(config.root)
    data = _read(root, copy)
    original = _original(root, copy)
    try:
        copy_text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise VaultkitError(f"{copy}: not UTF-8 text; vaultkit will not merge it") from None
    refuse_conflicts(copy_text, copy)
    labels = Labels(original, copy)
    result: list[Folded] = []

    def fold(text: str) -> str:
        result.append(fold_copy(text, copy_text, config.log_headings, labels))
        return result[-1].text

    change_note(root, original, fold)
    return CopyFolded(original, copy, result[-1], _remove(root, copy, data, delete))


def _original(root: Path, copy: str) -> str:
    folder, name = os.path.split(copy)
    found = original_name(name)
    if found is None:
        raise NotANote(f"{copy}: not a name a sync tool gives its conflict copies (see "
                       "docs/vault-format.md); nothing merged")
    original = f"{folder}/{found.original}" if folder else found.original
    if not (root / original).is_file():
        raise NotANote(f"{copy}: looks like a {found.tool} copy of '{original}', which is "
                       "not there: rename the copy instead; nothing merged")
    return original


def _read(root: Path, relpath: str) -> bytes:
    path = root / relpath
    refuse_links_out(root, path, "not read")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise NotANote(f"{relpath}: no such file") from None
    except OSError as exc:
        raise VaultkitError(f"{relpath}: cannot read: {exc.strerror}") from None


def _remove(root: Path, copy: str, data: bytes, delete: bool) -> str:
    """Trash or delete the copy — unless it changed since it was read (it was merged as
    it was: what changed would be lost)."""
    path = root / copy
    try:
        if path.read_bytes() != data:
            return "kept: it changed while it was merged (run merge-copy again)"
        if delete:
            path.unlink()
            return "deleted"
        send2trash(path)
        return "trash"
    except OSError as exc:  # send2trash's TrashPermissionError is one
        return f"kept: cannot move it to the trash ({exc}); delete it, or use --delete"
