"""Resolve every `[[link]]` in the index to the note it names, after any change.

A link names a note by file name, by `folder/name` path suffix or by alias, ignoring case
(as Obsidian does): the `names` table holds every such key of every note, lower-cased by
Python (SQLite's lower() knows only ASCII), and each link its `target_key`; display names,
also in `names` for commands, do not resolve links. `matches` says
how many notes fit: 0 unresolved, 1 resolved, more ambiguous. Only rows whose result
changed are written.
"""

from __future__ import annotations

import sqlite3

_RESOLVE = """
WITH found AS (
    SELECT name, COUNT(DISTINCT file_id) AS n,
           CASE WHEN COUNT(DISTINCT file_id) = 1 THEN MIN(file_id) END AS only
    FROM names WHERE is_alias < 2 AND name IN (SELECT target_key FROM links) GROUP BY name)
UPDATE links SET matches = found.n, resolved_id = found.only
FROM found
WHERE links.target_key = found.name
  AND (links.matches IS NOT found.n OR links.resolved_id IS NOT found.only)
"""
_UNRESOLVE = """
UPDATE links SET matches = 0, resolved_id = NULL
WHERE matches != 0 AND target_key NOT IN (SELECT name FROM names WHERE is_alias < 2)
"""


def resolve_links(conn: sqlite3.Connection) -> None:
    conn.execute(_RESOLVE)
    conn.execute(_UNRESOLVE)


def link_key(target: str) -> str:
    """The form a link target is looked up by in `names`."""
    return target.lower().strip("/")
