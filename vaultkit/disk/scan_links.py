"""What the walk (disk/scan.py) meets that is not a plain file, looked at after the folder
holding it is closed: a folder to walk, a symbolic link (into the vault: followed, a note
reached twice counted once; out of it: passed over, and said), a device."""

from __future__ import annotations

import os
from typing import NamedTuple

from vaultkit.config import Config
from vaultkit.disk.copies import LAST, original_of_note
from vaultkit.disk.notepaths import plain_note
from vaultkit.disk.scanned import UNREADABLE, FileStat, Scan, digest, stored_mtime


class Below(NamedTuple):
    """An entry of a folder that is not a plain file, as the walk saw it there."""

    path: str  # from the root, as the system takes it
    relpath: str  # in the vault, with `/`
    link: bool  # a symbolic link
    folder: bool  # a folder itself (not a link to one)


def walks_into(sub: Below, config: Config, out: Scan, root_prefix: str) -> bool | None:
    """True for a folder to walk, False for one passed over (a link out of the vault, said
    in `out`; an excluded folder), None for anything else (`branch`: a link to a note, a
    device)."""
    if sub.link and not inside(sub.path, root_prefix):
        out.skipped.append(f"{sub.relpath}: symbolic link out of the vault, not followed")
        return False
    if not (sub.folder or sub.link and os.path.isdir(sub.path)):
        return None
    excluded = config.excluded if config.exclude else None
    return not (excluded and (excluded(sub.relpath) or excluded(sub.relpath + "/")))


def may_be_copy(name: str) -> bool:
    """original_of_note(name), for a name that ends in one of LAST before `.md`, asked only
    when it can say yes: a copy's name holds "onflict", or ends in `)` or `1`, or holds a
    hyphen (copies.py). The walk asks it inline of every note whose name ends in a digit (a
    generated or daily note), sparing most of them a call."""
    return bool((name[-4] in ")1" or "-" in name or "onflict" in name)
                and original_of_note(name))


def branch(sub: Below, config: Config, out: Scan, seen: set, root_prefix: str,
           files: dict | None, copies: list[tuple[str, FileStat]]) -> tuple[int, int]:
    """Anything but a plain file or a folder met by the walk (a symbolic link inside the
    vault, a device…): the count and digest of the notes it gives (a link to a note
    inside the vault taken once)."""
    excluded = config.excluded if config.exclude else None
    name = os.path.basename(sub.path)
    if not (sub.link and name.endswith(".md") and os.path.isfile(sub.path)) or (
            excluded and excluded(sub.relpath)):
        return 0, 0
    st = os.stat(sub.path)
    if (st.st_dev, st.st_ino) in seen or walked_as_itself(sub.path, root_prefix, config):
        return 0, 0  # a second name for a note: one note, under its own path
    seen.add((st.st_dev, st.st_ino))
    if name[-4] in LAST and may_be_copy(name):
        copies.append((name, _stat_of(sub.path, st)))
        return 0, 0
    note = _stat_of(sub.path, st)
    if files is not None:
        files[sub.relpath] = note
    return 1, digest(sub.relpath, note)


def _stat_of(path: str, st: os.stat_result) -> FileStat:
    return FileStat(stored_mtime(st.st_mtime_ns), st.st_size if (
        st.st_mode & 0o444 == 0o444 or os.access(path, os.R_OK)) else UNREADABLE)


def walked_as_itself(link: str, root_prefix: str, config: Config) -> bool:
    """Whether the note a link (inside the vault) leads to is a note the walk takes under
    its own path."""
    target = os.path.realpath(link)
    rel = target[len(root_prefix):].replace(os.sep, "/")
    return plain_note(config, rel) and os.path.isfile(target)


def inside(path: str, root_prefix: str) -> bool:
    real = os.path.realpath(path)
    return real.startswith(root_prefix) or real == root_prefix[:-1]
