"""Resolve every `[[link]]` in the index to the note it names, after any change.

A link names a note by file name, by `folder/name` path suffix or by alias, ignoring case
(as Obsidian does). `matches` says how many notes fit: 0 unresolved, 1 resolved, more
ambiguous. Only rows whose result changed are written.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict


def resolve_links(conn: sqlite3.Connection) -> None:
    names: dict[str, set[int]] = defaultdict(set)
    for file_id, name in conn.execute("SELECT file_id, name FROM names"):
        names[name].add(file_id)
    updates = []
    rows = conn.execute("SELECT rowid, target, resolved_id, matches FROM links").fetchall()
    for rowid, target, resolved_id, matches in rows:
        found = names.get(target.lower().strip("/"), ())
        new = (next(iter(found)) if len(found) == 1 else None, len(found))
        if new != (resolved_id, matches):
            updates.append((*new, rowid))
    conn.executemany("UPDATE links SET resolved_id = ?, matches = ? WHERE rowid = ?", updates)
