"""Which paths the walk (disk/scan.py) takes as notes, asked of one path at a time: a
sync of some paths alone (`plain_note`, `beside_its_note`) must agree with a walk, and a
name that is not UTF-8 is shown and refused alike everywhere."""

from __future__ import annotations

import os

from vaultkit.config import Config
from vaultkit.disk.copies import original_name


def utf8_name(name: str) -> bool:
    """Whether a name from the file system is UTF-8 text (else it holds the surrogates
    Python decodes other bytes to, which SQLite and the terminal refuse)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_name(name: str) -> str:
    """A name that is not UTF-8, shown with its other bytes as `\\xe9`."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def plain_note(config: Config, relpath: str) -> bool:
    """Whether the walk would surely take `relpath` (relative, with `/`) as a note, present or
    not: a `.md` name, no hidden part, not excluded, no symbolic link on the way, no name of a
    copy (whether it is one depends on its folder). A sync of such paths alone agrees with a
    walk; for any other path only a walk can tell."""
    parts = relpath.split("/")
    if not relpath.endswith(".md") or any(not p or p[0] == "." for p in parts):
        return False
    if not relpath.isascii() and not utf8_name(relpath):
        return False
    if original_name(parts[-1]):
        return False
    if config.exclude:
        folders = ("/".join(parts[:n]) for n in range(1, len(parts)))
        if config.excluded(relpath) or any(config.excluded(f) or config.excluded(f + "/")
                                           for f in folders):
            return False
    path = os.path.join(config.root, *parts)
    return os.path.realpath(path) == os.path.join(os.path.realpath(config.root), *parts)


def beside_its_note(config: Config, relpath: str) -> bool:
    """Whether the walk keeps the file at `relpath` out of its notes as a copy beside the
    note it copies (a sync of `relpath` alone asks, to agree with the walk)."""
    folder, _, name = relpath.rpartition("/")
    copy = original_name(name)
    return copy is not None and os.path.lexists(os.path.join(config.root, folder,
                                                             copy.original))
