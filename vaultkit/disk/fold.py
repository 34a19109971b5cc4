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
    it was: what changed would be lost). The copy is first moved into a hidden folder of
    its own, in one step, and compared there: a save made after that step makes a new
    copy rather than going to the trash with this one."""
    path = root / copy
    hold = path.parent / f".vaultkit-folding-{os.getpid()}"
    try:
        hold.mkdir()
        held = hold / path.name
        os.rename(path, held)
    except OSError as exc:
        _tidy(hold)
        return f"kept: cannot move it ({exc.strerror or exc})"
    try:
        if held.read_bytes() != data:
            return _put_back(held, path)
        if delete:
            held.unlink()
            return "deleted"
        send2trash(held)
        return "trash"
    except OSError as exc:  # send2trash's TrashPermissionError is one
        _put_back(held, path)
        return f"kept: cannot move it to the trash ({exc}); delete it, or use --delete"
    finally:
        _tidy(hold)


def _put_back(held: Path, path: Path) -> str:
    """The copy back at its name (or beside it, when a new copy took the name meanwhile)."""
    for where in (path.name, f"{path.name}.saved-{os.getpid()}"):
        target = path.with_name(where)
        try:
            os.link(held, target)  # never over a file that took the name meanwhile
        except FileExistsError:
            continue
        except OSError:  # no hard links here
            if target.exists():
                continue
            os.rename(held, target)
            break
        held.unlink()
        break
    return f"kept as '{where}': it changed while it was merged (run merge-copy again)"


def _tidy(hold: Path) -> None:
    try:
        hold.rmdir()
    except OSError:
        pass  # not empty: what is in it is kept
