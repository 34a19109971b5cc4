"""New notes, for `add` and for imports alike: the front matter planned from data (never a
second note for someone the vault has), the body from the kind's template, the file
created whole and never over another."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from vaultkit.config import Config
from vaultkit.disk.bounds import refuse_links_out
from vaultkit.disk.files import create_new
from vaultkit.disk.newnote import LINK_KEYS, NewNote, note_text, plan_note
from vaultkit.errors import VaultkitError
from vaultkit.present.templates import Templates


@dataclass(frozen=True)
class Taken:
    """What the vault has already: the lower-cased names a new note and its link keys
    use, mapped to the paths of notes that have them; (path, front matter) of contacts
    that may be the same person; and whether a note file name is in use."""

    existing: dict[str, str]
    identities: list
    used: Callable[[str], bool]


def new_note(config: Config, templates: Templates, kind: str, name: str, values: dict,
             today: dt.date, taken: Taken, allow_duplicate: bool) -> tuple[NewNote, str]:
    """Where a new note goes and its whole text."""
    note = plan_note(config, kind, name, values, today, taken.existing, taken.identities,
                     allow_duplicate, taken.used)
    return note, note_text(note, templates.render(f"{kind}.md.j2", note.context))


def add_note(config: Config, templates: Templates, kind: str, name: str, values: dict,
             today: dt.date, taken: Taken, allow_duplicate: bool) -> str:
    """Create the note; return its path."""
    def used(stem: str) -> bool:  # in the index, or a file of that name in any kind folder
        return taken.used(stem) or any((config.root / folder / f"{stem}.md").exists()
                                       for folder in (*config.folders, ""))

    note, text = new_note(config, templates, kind, name, values, today,
                          Taken(taken.existing, taken.identities, used), allow_duplicate)
    refuse_links_out(config.root, config.root / note.path)
    try:
        create_new(config.root / note.path, text)
    except FileExistsError:
        raise VaultkitError(f"{note.path} exists already") from None
    except PermissionError:
        raise VaultkitError(f"{note.path}: cannot write: permission denied") from None
    except OSError as exc:  # a full disk, a device error: nothing was written
        raise VaultkitError(f"{note.path}: cannot write: {exc.strerror}") from None
    return note.path


def names_to_check(values: dict, name: str) -> list[str]:
    """The names `add` looks up: the note's own, and those its link keys may name."""
    return [name, *(str(values[key]) for key in LINK_KEYS if values.get(key))]


def identity_words(values: dict) -> list[str]:
    """Text a duplicate contact's front matter would contain: e-mails, the LinkedIn path."""
    given = values.get("email") or ()
    words = [given] if isinstance(given, str) else list(given)
    if values.get("linkedin"):
        words.append(str(values["linkedin"]).rstrip("/").rsplit("/", 1)[-1])
    return [w for w in words if w]
