"""New notes (`vaultkit add`): the front matter from data by the YAML emitter, the body from
a template, a safe file name in the kind's folder — and never a second note for someone the
vault already has."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vaultkit.config import Config
from vaultkit.disk.names import safe_file_name, unused_name
from vaultkit.errors import VaultkitError
from vaultkit.notes.addresses import normalise_email, normalise_linkedin
from vaultkit.notes.checks import check_meta
from vaultkit.notes.emit import new_front_matter

KINDS = ("contact", "lead", "event", "org")
DEFAULT_FOLDERS = {"contact": "people", "lead": "leads", "event": "events", "org": "orgs"}
# Keys whose value names another note: written as a link when such a note exists.
LINK_KEYS = ("company", "met_at", "referred_by", "source", "org")
# The order keys are written in, per kind (PRODUCT.md §3); others follow as given.
KEY_ORDER = {
    "contact": ("name", "title", "company", "email", "phone", "linkedin", "location", "tags",
                "circle", "met", "connected", "met_at", "referred_by", "may_use_name", "cadence",
                "min_gap", "influence", "status", "next", "birthday"),
    "lead": ("role", "company", "source", "contacts", "status", "advertised", "url", "next"),
    "event": ("name", "date", "end", "location", "kind", "org", "cost", "attendees"),
    "org": ("kind", "website", "member", "renews"),
}


@dataclass(frozen=True)
class NewNoteContext:
    """The context of templates/KIND.md.j2 (contact, lead, event, org)."""

    kind: str
    name: str
    meta: dict  # the front matter written above the body
    today: str  # ISO date


@dataclass(frozen=True)
class NewNote:
    path: str  # relative to the vault
    meta: dict
    context: NewNoteContext
    front: str  # the front matter's text (frontmatter_new.dump_new), without the `---` lines


def plan_note(config: Config, kind: str, name: str, values: dict, today: dt.date,
              existing: dict[str, str], identities, allow_duplicate: bool,
              taken: Callable[[str], bool]) -> NewNote:
    """Where the note goes and what it says. `existing` maps the lower-cased names the
    note and its link keys use to the paths of notes that have them; `identities` is
    [(path, front matter)] of the contacts that may be the same person; `taken(stem)`
    says whether a note file name is in use."""
    name = " ".join(name.split())
    if not name:
        raise VaultkitError("the note needs a name")
    if not allow_duplicate:
        _refuse_duplicates(name, values, existing, identities)
    meta = {"name": name} if kind in ("contact", "event") else {}
    for key, value in values.items():
        if value in (None, (), [], ""):
            continue
        if key in LINK_KEYS and isinstance(value, str) and value.lower() in existing:
            value = f"[[{Path(existing[value.lower()]).stem}]]"
        meta[key] = list(value) if isinstance(value, tuple) else value
    rank = {key: number for number, key in enumerate(KEY_ORDER[kind])}
    meta = dict(sorted(meta.items(), key=lambda item: rank.get(item[0], len(rank))))
    front, as_read = new_front_matter(meta)
    problems = check_meta(as_read, kind, lambda key: 0)
    if problems:
        raise VaultkitError("; ".join(p.message for p in problems))
    folder = kind_folder(config, kind)
    stem = unused_name(safe_file_name(name), taken)
    path = f"{folder}/{stem}.md" if folder else f"{stem}.md"
    return NewNote(path, meta, NewNoteContext(kind, name, meta, today.isoformat()), front)


def note_text(note: NewNote, body: str) -> str:
    return f"---\n{note.front}---\n{body}"


def kind_folder(config: Config, kind: str) -> str:
    """The folder new notes of `kind` go to: the first the config maps to it."""
    for folder, folder_kind in config.folders.items():
        if folder_kind == kind:
            return folder
    return DEFAULT_FOLDERS[kind]


def _refuse_duplicates(name: str, values: dict, existing: dict[str, str], identities) -> None:
    if name.lower() in existing:
        raise VaultkitError(f"a note named '{name}' exists already: {existing[name.lower()]}; "
                            "use --new to add another")
    given = values.get("email") or ()
    emails = {normalise_email(e) for e in ([given] if isinstance(given, str) else given) if e}
    linkedin = normalise_linkedin(values.get("linkedin") or "") if values.get("linkedin") \
        else None
    for path, meta in identities:
        theirs = meta.get("email")
        theirs = theirs if isinstance(theirs, list) else [theirs]
        if emails & {normalise_email(str(e)) for e in theirs if e}:
            raise VaultkitError(f"{path} has that e-mail already; use --new to add another")
        if linkedin and meta.get("linkedin") and \
                normalise_linkedin(str(meta["linkedin"])) == linkedin:
            raise VaultkitError(f"{path} has that LinkedIn profile already; use --new to add "
                                "another")
