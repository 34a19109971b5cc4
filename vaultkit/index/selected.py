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
from vaultkit.index.links import link_key, link_problem
from vaultkit.index.store import path_names
from vaultkit.model import Note
from vaultkit.notes.identity import duplicate_contacts

Report = tuple[str, int, str]  # (path, line, message), as Vault.check gives them


def indexed_problems(conn: sqlite3.Connection, paths: list[str],
                     region: str | None) -> list[Report]:
    """The problems of the indexed notes at `paths`, their links', and every duplicate
    contact report that one of them is part of."""
    if not paths:
        return []
    return sorted(queries.stored_problems(conn, paths) + duplicate_contacts(
        queries.contact_identities(conn), region, involving=set(paths)))


def parsed_problems(conn: sqlite3.Connection, notes: list[Note],
                    region: str | None) -> list[Report]:
    """The problems of `notes` (parsed here, each in place of the indexed note at its path,
    if any), their links', and the duplicate contact reports they are part of."""
    if not notes:
        return []
    own = [(note.path, p.line, p.message) for note in notes for p in note.problems]
    return sorted(own + _links(conn, notes) + _duplicates(conn, notes, region))


def _links(conn: sqlite3.Connection, notes: list[Note]) -> list[Report]:
    """Each link of `notes` that resolves to no note or to several, among the index's notes
    with `notes` in place of those at their paths (index.links resolves the same way)."""
    keys = sorted({link_key(link.target) for note in notes for link in note.links})
    replaced = {i for (i,) in where_in(conn, "SELECT id FROM files WHERE path IN ({})",
                                       [note.path for note in notes])}
    indexed: dict[str, set[int]] = defaultdict(set)
    for name, file_id in where_in(
            conn, "SELECT name, file_id FROM names WHERE is_alias < 2 AND name IN ({})", keys):
        if file_id not in replaced:
            indexed[name].add(file_id)
    names = [{*path_names(note.path), *(alias.lower() for alias in note.aliases)}
             for note in notes]
    found = []
    for note in notes:
        for link in note.links:
            key = link_key(link.target)
            matches = len(indexed.get(key, ())) + sum(key in own for own in names)
            if matches > 1 or (matches == 0 and not link.referral):
                found.append((note.path, link.line, link_problem(link.target, matches)))
    return found


def _duplicates(conn: sqlite3.Connection, notes: list[Note],
                region: str | None) -> list[Report]:
    paths = {note.path for note in notes}
    contacts = [c for c in queries.contact_identities(conn) if c[0] not in paths]
    contacts += [(n.path, n.meta, n.key_lines) for n in notes if n.kind == "contact"]
    return duplicate_contacts(sorted(contacts, key=lambda c: c[0]), region,
                              involving=paths)
