"""Resolve every `[[link]]` in the index to the note it names, after any change.

A link names a note by file name, by `folder/name` path suffix or by alias, ignoring case
(as Obsidian does): the `names` table holds every such key of every note, lower-cased by
Python (SQLite's lower() knows only ASCII), and each link its `target_key`; display names,
also in `names` for commands, do not resolve links. `matches` says
how many notes fit: 0 unresolved, 1 resolved, more ambiguous. Only rows whose result
changed are written.
"""

from __future__ import annotations

import json
import sqlite3

from vaultkit.index.db import where_in

_RESOLVE = """
WITH found AS (
    SELECT name, COUNT(DISTINCT file_id) AS n,
           CASE WHEN COUNT(DISTINCT file_id) = 1 THEN MIN(file_id) END AS only
    FROM names WHERE is_alias < 2 AND name IN ({keys}) GROUP BY name)
UPDATE links SET matches = found.n, resolved_id = found.only
FROM found
WHERE links.target_key = found.name
  AND (links.matches IS NOT found.n OR links.resolved_id IS NOT found.only)
"""
_UNRESOLVE = """
UPDATE links SET matches = 0, resolved_id = NULL
WHERE matches != 0 AND target_key IN ({keys})
  AND target_key NOT IN (SELECT name FROM names WHERE is_alias < 2)
"""
_ALL = "SELECT target_key FROM links"
_SOME = "SELECT value FROM json_each(:keys)"


def resolve_links(conn: sqlite3.Connection, keys: set[str] | None = None) -> None:
    """Resolve every link, or those whose target is one of `keys`: enough after a change,
    given the names the changed notes had before and have now, and their links' targets
    (names_of)."""
    where = _ALL if keys is None else _SOME
    params = {} if keys is None else {"keys": json.dumps(sorted(keys))}
    conn.execute(_RESOLVE.format(keys=where), params)
    conn.execute(_UNRESOLVE.format(keys=where), params)


def names_of(conn: sqlite3.Connection, file_ids: list[int], with_links: bool = False
             ) -> set[str]:
    """The names links may use for these files, and with `with_links` their links'
    targets."""
    keys = {name for (name,) in where_in(
        conn, "SELECT name FROM names WHERE is_alias < 2 AND file_id IN ({})", file_ids)}
    if with_links:
        keys.update(key for (key,) in where_in(
            conn, "SELECT target_key FROM links WHERE file_id IN ({})", file_ids))
    return keys


def link_key(target: str) -> str:
    """The form a link target is looked up by in `names`."""
    return target.lower().strip("/")


def link_problem(target: str, matches: int) -> str:
    """What `check` says of a link that resolves to no note (0 matches) or to several."""
    if matches == 0:
        return f"link [[{target}]] resolves to no note"
    return f"link [[{target}]] matches {matches} notes; use [[folder/name]] to pick one"
