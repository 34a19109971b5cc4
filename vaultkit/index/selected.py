"""`check` of some notes alone (`check PATH…`, `check --staged`): their own problems, their
links that resolve to no note or to several, and the duplicate contacts they are part of.
The notes are the index's (`indexed_problems`), or parsed from other text (a staged
version: `parsed_problems`), which then stands in for what the index holds at its path:
their links are resolved, and their contacts compared, against the rest of the index."""

from __future__ import annotations

import sqlite3
from collections import defaultdict

from vaultkit.index import queries
from vaultkit.index.db import where_in
from vaultkit.index.store import path_names
from vaultkit.model import Note
from vaultkit.notes.identity import duplicate_contacts
from vaultkit.notes.linkpaths import ALIAS, FILE, link_key, pick
from vaultkit.notes.severity import link_problem

Report = tuple[str, int, str]  # (path, line, message), as Vault.check gives them


def indexed_problems(conn: sqlite3.Connection, paths: list[str],
                     region: str | None, all_links: bool = True) -> list[Report]:
    """The problems of the indexed notes at `paths`, their links', and every duplicate
    contact report that one of them is part of."""
    if not paths:
        return []
    return sorted(queries.stored_problems(conn, paths, all_links) + duplicate_contacts(
        queries.contact_identities(conn), region, involving=set(paths)))


def parsed_problems(conn: sqlite3.Connection, notes: list[Note],
                    region: str | None, all_links: bool = True) -> list[Report]:
    """The problems of `notes` (parsed here, each in place of the indexed note at its path,
    if any), their links', and the duplicate contact reports they are part of."""
    if not notes:
        return []
    own = [(note.path, p.line, p.message) for note in notes for p in note.problems]
    return sorted(own + _links(conn, notes, all_links) + _duplicates(conn, notes, region))


def _links(conn: sqlite3.Connection, notes: list[Note], all_links: bool) -> list[Report]:
    """Each link of `notes` that resolves to no note or that several fit, among the index's
    notes with `notes` in place of those at their paths (index.links resolves the same
    way); without `all_links`, only those the rules read (stored_problems)."""
    keys = sorted({link_key(link.target, note.path) for note in notes for link in note.links})
    replaced = set(note.path for note in notes)
    fits: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for name, tier, path in where_in(conn, "SELECT n.name, n.is_alias, f.path FROM names n"
                                     " JOIN files f ON f.id = n.file_id"
                                     " WHERE n.is_alias < 2 AND n.name IN ({})", keys):
        if path not in replaced:
            fits[name].append((tier, path, path))
    for note in notes:
        for name in path_names(note.path):
            fits[name].append((FILE, note.path, note.path))
        for alias in {alias.lower() for alias in note.aliases}:
            fits[alias].append((ALIAS, note.path, note.path))
    found = []
    for note in notes:
        for link in note.links if all_links or note.kind != "note" else ():
            if link.origin == "body" and not all_links:
                continue
            matches, chosen = pick(fits.get(link_key(link.target, note.path), []), note.path)
            if matches > 1 or (matches == 0 and not link.referral):
                found.append((note.path, link.line,
                              link_problem(link.target, matches, chosen)))
    return found


def _duplicates(conn: sqlite3.Connection, notes: list[Note],
                region: str | None) -> list[Report]:
    paths = {note.path for note in notes}
    contacts = [c for c in queries.contact_identities(conn) if c[0] not in paths]
    contacts += [(n.path, n.meta, n.key_lines) for n in notes if n.kind == "contact"]
    return duplicate_contacts(sorted(contacts, key=lambda c: c[0]), region,
                              involving=paths)
