"""Resolve every `[[link]]` in the index to the note it names, after any change.

A link names a note as Obsidian resolves it (notes/linkpaths.py): by a path suffix of the
note (`Name`, `folder/Name`, …), and only when no note's path fits, by alias; ignoring case:
the `names` table holds every such key of every note, lower-cased by Python (SQLite's
lower() knows only ASCII), and each link its `target_key`; display names, also in `names`
for commands, do not resolve links. `matches` says how many notes fit in the tier that
decided: 0 unresolved, 1 resolved, more ambiguous; an ambiguous link still goes to one:
in the linking note's folder, else the nearest the vault root (`pick`, here in SQL). Only
rows whose result changed are written.
"""

from __future__ import annotations

import json
import sqlite3

from vaultkit.index.db import where_in

# One aggregate per name (SQLite then scans `links` once, finding each name through an
# automatic index). `rank` sorts the tier (path before alias), then the folders, the length
# and the path: `file_id` is then the row of the least rank (SQLite's documented rule for a
# bare column beside a single min()). `n` counts the notes of the best tier.
_RESOLVE = """
WITH found AS (
    SELECT n.name, n.file_id AS only,
           MIN(printf('%d%04d%06d', n.is_alias,
                      length(f.path) - length(replace(f.path, '/', '')), length(f.path))
               || f.path) AS rank,
           CASE WHEN COUNT(DISTINCT CASE WHEN n.is_alias = 0 THEN n.file_id END) > 0
                THEN COUNT(DISTINCT CASE WHEN n.is_alias = 0 THEN n.file_id END)
                ELSE COUNT(DISTINCT n.file_id) END AS n
    FROM names n JOIN files f ON f.id = n.file_id
    WHERE n.is_alias < 2 AND n.name IN ({keys}) GROUP BY n.name)
UPDATE links SET matches = found.n, resolved_id = found.only
FROM found
WHERE links.target_key = found.name
  AND (links.matches IS NOT found.n OR links.resolved_id IS NOT found.only)
"""
# Of several notes that fit, one in the linking note's folder (`rtrim(path, all but '/')`
# is the folder, with its '/'; of several there, aliases, the shorter path, then the
# first): a second pass over the ambiguous links alone, which are few.
_NEAR = """
WITH amb AS (
    SELECT l.rowid AS link, l.target_key AS key, rtrim(s.path, replace(s.path, '/', '')) AS dir
    FROM links l JOIN files s ON s.id = l.file_id
    WHERE l.matches > 1 AND l.target_key IN ({keys})),
near AS (
    SELECT a.link, substr(MIN(printf('%06d', length(c.path)) || c.path), 7) AS path
    FROM amb a JOIN names n ON n.name = a.key AND n.is_alias = (
            SELECT MIN(is_alias) FROM names WHERE name = a.key AND is_alias < 2)
        JOIN files c ON c.id = n.file_id
    WHERE rtrim(c.path, replace(c.path, '/', '')) = a.dir GROUP BY a.link)
UPDATE links SET resolved_id = (SELECT id FROM files WHERE path = near.path)
FROM near WHERE links.rowid = near.link
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
    conn.execute(_NEAR.format(keys=where), params)
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
