"""One command's view of a vault: its config and an index brought up to date by `sync()`."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from vaultkit.config import (
    CONFIG_NAME,
    MARKER,
    Config,
    find_vault,
    load_config,
)
from vaultkit.errors import VaultkitError
from vaultkit.index.db import Index, default_path, open_index
from vaultkit.index.queries import notes_with_problems
from vaultkit.index.sync import (
    Progress,
    SyncStats,
    changes_since,
    sync,
)


@dataclass
class Session:
    config: Config
    index: Index

    @property
    def conn(self):
        return self.index.conn

    def sync(self, *, rebuild: bool = False, progress: Progress | None = None,
             only: list[str] | None = None) -> SyncStats:
        return sync(self.index, self.config, rebuild=rebuild, progress=progress, only=only)

    def changes_since(self, seen: int | None) -> tuple[int, set[str] | None]:
        """What any sync, in any process, changed after journal number `seen`."""
        return changes_since(self.conn, seen)

    def index_version(self) -> int:
        """A number that changes when another connection commits to the index (SQLite's
        data_version): a cheap way to ask whether to look at the journal."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def problem_notice(self) -> str | None:
        """`2 notes have problems; run 'vaultkit check'`, or None."""
        count = notes_with_problems(self.index.conn)
        if not count:
            return None
        noun = "note has" if count == 1 else "notes have"
        return f"{count} {noun} problems; run 'vaultkit check'"

    def agenda(self, today: dt.date, days: int | None = None, rules=(), tag: str | None = None):
        """The agenda for `today` from the index alone (no note file is read). SQL narrows
        the notes to those that may have something due; the rules decide."""
        from vaultkit.agenda.build import build_agenda
        from vaultkit.index.rule_input import IndexLookup, candidate_notes, pending_referrals

        settings = self.rule_settings()
        days = settings.days if days is None else days
        notes = candidate_notes(self.conn, today, settings, days)
        return build_agenda(notes, pending_referrals(self.conn), today, settings, days, rules,
                            tag, lookup=IndexLookup(self.conn))

    def draft(self, kind: str, name: str, today: dt.date):
        """A message draft of `kind` for the contact `name` (a lead: its first contact)."""
        from vaultkit.agenda.build import name_resolver
        from vaultkit.agenda.drafts import draft_context, render_draft
        from vaultkit.index.queries import find_note
        from vaultkit.index.rule_input import rule_notes

        row = find_note(self.conn, name)
        notes = rule_notes(self.conn)
        resolve = name_resolver(notes)
        person = next(n for n in notes if n.path == row.path) if row.kind != "note" else None
        if person is not None and person.kind == "lead":
            person = _lead_contact(person, resolve)
        if person is None or person.kind != "contact":
            raise VaultkitError(f"{row.path} is not a contact (nor a lead with one)")
        context = draft_context(kind, person, notes, resolve, today, self.config.me)
        return render_draft(self.config.root, context)

    def min_gap(self, row) -> dt.timedelta:
        """A contact's minimum gap between contacts: its `min_gap`, else [rules] min_gap."""
        from vaultkit.notes.values import parse_interval

        gap = parse_interval(row.meta.get("min_gap"))
        return gap if isinstance(gap, dt.timedelta) else self.rule_settings().min_gap

    def change(self, name: str, change) -> tuple[object, str]:
        """Apply `change` (text → text) to the note `name`, write it safely, and bring the
        index up to date for that file alone. Returns the note's row and the new text."""
        from vaultkit.disk.write import change_note
        from vaultkit.index.queries import find_note

        row = find_note(self.conn, name)
        text = change_note(self.config.root, row.path, change)
        self.sync(only=[row.path])
        return row, text

    def add(self, kind: str, name: str, values: dict, today: dt.date,
            allow_duplicate: bool = False) -> str:
        """Create a note; return its path. Refuses a name, e-mail or LinkedIn profile the
        vault has already, unless `allow_duplicate`."""
        from vaultkit.disk.files import create_new
        from vaultkit.disk.newnote import note_text, plan_note
        from vaultkit.index.queries import contacts_mentioning, name_paths
        from vaultkit.present.templates import render

        existing = name_paths(self.conn, _named(values, name))
        identities = contacts_mentioning(self.conn, _identity_words(values))
        def taken(stem: str) -> bool:  # a note of that file name anywhere in the vault
            return bool(name_paths(self.conn, [stem])) or any(
                (self.config.root / folder / f"{stem}.md").exists()
                for folder in (*self.config.folders, ""))

        note = plan_note(self.config, kind, name, values, today, existing, identities,
                         allow_duplicate, taken)
        body = render(self.config.root, f"{kind}.md.j2", note.context)
        target = self.config.root / note.path
        try:
            create_new(target, note_text(note, body))
        except FileExistsError:
            raise VaultkitError(f"{note.path} exists already") from None
        except PermissionError:
            raise VaultkitError(f"{note.path}: cannot write: permission denied") from None
        self.sync(only=[note.path])
        return note.path

    def rule_settings(self):
        from vaultkit.agenda.build import rule_settings

        return rule_settings(self.config.rules, self.config.root / MARKER / CONFIG_NAME)

    def close(self) -> None:
        self.index.close()


def open_session(vault: str | os.PathLike | None, index: str | os.PathLike | None) -> Session:
    """Find the vault, read its config and open its index (not yet synced)."""
    root = find_vault(vault)
    config = load_config(root)
    path = Path(index).expanduser() if index else default_path(root)
    return Session(config, open_index(path))


def _lead_contact(lead, resolve):
    """The first contact named in a lead's `source` or `contacts`."""
    from vaultkit.notes.values import links_in

    values = [lead.meta.get("source"), lead.meta.get("contacts")]
    for value in values:
        for item in value if isinstance(value, list) else [value]:
            for target in links_in(item) if isinstance(item, str) else []:
                found = resolve(target)
                if found is not None and found.kind == "contact":
                    return found
    return None


def _named(values: dict, name: str) -> list[str]:
    """The names `add` looks up: the note's own, and those its link keys may name."""
    from vaultkit.disk.newnote import LINK_KEYS

    return [name, *(str(values[key]) for key in LINK_KEYS if values.get(key))]


def _identity_words(values: dict) -> list[str]:
    """Text a duplicate contact's front matter would contain: e-mails, the LinkedIn path."""
    given = values.get("email") or ()
    words = [given] if isinstance(given, str) else list(given)
    if values.get("linkedin"):
        words.append(str(values["linkedin"]).rstrip("/").rsplit("/", 1)[-1])
    return [w for w in words if w]
