"""`check` of some notes alone (`check PATH…`): their own problems, their links that resolve
to no note or to several, and the duplicate contacts they are part of."""

from __future__ import annotations

import sqlite3

from vaultkit.index import queries
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

