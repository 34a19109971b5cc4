"""The notes that paths given on a command line name (`check PATH…`): each relative to the
current folder or absolute, inside the vault. A hook passes every file it was given, so a
path that is not `.md` is passed over in silence, and one that no longer exists or that the
walk does not take as a note (hidden, excluded, a symbolic link) with a notice; a path
outside the vault, or a folder, is an error."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import NamedTuple

from vaultkit.config import Config
from vaultkit.disk.scan import plain_note
from vaultkit.errors import NotANote


class Given(NamedTuple):
    notes: list[str]  # relative to the vault, with `/`, each once, in the order given
    notices: list[str]  # `.md` paths passed over, and why


def notes_given(config: Config, paths: Iterable[str | os.PathLike],
                cwd: str | None = None) -> Given:
    """The vault's notes among `paths` (relative to `cwd`, default the current folder).
    Raises NotANote for a path outside the vault, or one that names a folder."""
    root = os.path.realpath(config.root)
    notes: list[str] = []
    notices: list[str] = []
    for given in paths:
        text = os.fspath(given)
        rel = _in_vault(root, os.path.join(cwd or os.getcwd(), text))
        if rel is None:
            raise NotANote(f"{text}: outside the vault ({config.root})")
        full = os.path.join(root, rel)
        if os.path.isdir(full):
            raise NotANote(f"{text}: a folder, not a note (name the notes in it)")
        if not text.endswith(".md"):
            continue  # a staged picture, the config: not a note, and nothing to say
        rel = rel.replace(os.sep, "/")
        if not os.path.exists(full):
            notices.append(f"{text}: no such note (deleted?); not checked")
        elif not os.path.isfile(full):
            raise NotANote(f"{text}: not a regular file, so not a note")
        elif not plain_note(config, rel):
            notices.append(f"{text}: not checked: vaultkit does not read it as a note "
                           "(hidden, excluded, or reached through a symbolic link)")
        elif rel not in notes:
            notes.append(rel)
    return Given(notes, notices)


def vault_path(config: Config, given: str | os.PathLike, cwd: str | None = None) -> str:
    """`given` (relative to `cwd`, default the current folder, or absolute) as a path in
    the vault, with `/`; NotANote when it lies outside."""
    text = os.fspath(given)
    rel = _in_vault(os.path.realpath(config.root), os.path.join(cwd or os.getcwd(), text))
    if rel is None or rel == ".":
        raise NotANote(f"{text}: outside the vault ({config.root})")
    return rel.replace(os.sep, "/")


def _in_vault(root: str, path: str) -> str | None:
    """`path` relative to the (real) vault root, or None when it lies outside. The folders
    on the way are resolved (a link to the vault, `..`); the last name is kept as given, so
    a link to a note stays a link."""
    folder, name = os.path.split(path)
    if name in ("", ".", ".."):
        folder, name = os.path.realpath(path), ""
    else:
        folder = os.path.realpath(folder)
    full = os.path.join(folder, name) if name else folder
    if full == root:
        return "."
    if not full.startswith(root.rstrip(os.sep) + os.sep):
        return None
    return full[len(root.rstrip(os.sep)) + 1:]
