"""What `vaultkit graph` draws, read from the index (read-only, never a note file): the
notes that can be nodes, and every tie a note claims — a front matter key or a log entry
that names another note or a name — with the note it names, when one does.

A link (`[[Jane Doe]]`) is resolved as the index resolves every link (links.py); a plain
name (`referred_by: John Smith`, `company: Globex`, `source: job board`) by the names
commands use (file name, display name, alias), when exactly one note has it. The graph
itself is built from these rows by vaultkit.insight.graph."""

from __future__ import annotations

import json
import sqlite3
from typing import NamedTuple

from vaultkit.index.db import where_in

# The front matter keys that tie notes together, by the kind of note that holds them.
KEYS = {"contact": ("referred_by", "met_at", "company"), "lead": ("source", "contacts"),
        "event": ("attendees",)}
_ALL_KEYS = sorted({key for keys in KEYS.values() for key in keys})


class GraphNote(NamedTuple):
    path: str
    kind: str
    name: str
    influence: int | None  # a contact's (3 when unset, as the agenda); None for the rest


class Tie(NamedTuple):
    """`path` (line `line`) names `target` under `key` — a front matter key, or `referral`
    (a #referral/#intro entry) or `met` (a #met entry); `resolved` is the path of the note
    it names (None: no note, or several)."""

    path: str
    key: str
    target: str
    resolved: str | None
    line: int


class GraphRows(NamedTuple):
    notes: dict[str, GraphNote]
    ties: list[Tie]


_NOTES = """
    SELECT f.id, f.path, n.kind, n.title,
           CASE WHEN n.kind = 'contact' THEN n.r_influence END
    FROM notes n JOIN files f ON f.id = n.file_id"""
_META_LINKS = """
    SELECT l.file_id, substr(l.origin, 6), l.target, l.resolved_id, l.line
    FROM links l WHERE l.origin IN ({})"""
_REFERRALS = """
    SELECT l.file_id, 'referral', l.target, l.resolved_id, l.line
    FROM links l JOIN notes n ON n.file_id = l.file_id
    WHERE l.origin = 'entry' AND l.referral = 1 AND n.kind = 'contact'"""
# A #met entry of a contact that links an event, or of an event that links a person.
_MET = """
    SELECT l.file_id, 'met', l.target, l.resolved_id, l.line
    FROM links l JOIN notes n ON n.file_id = l.file_id
    LEFT JOIN notes t ON t.file_id = l.resolved_id
    WHERE l.origin = 'entry'
      AND ((n.kind = 'contact' AND t.kind = 'event')
           OR (n.kind = 'event' AND (t.kind IS NULL OR t.kind = 'contact')))
      AND EXISTS (SELECT 1 FROM json_each(n.facts_json, '$.q.met') q
                  WHERE json_extract(q.value, '$[1]') = l.line)"""
# Front matter values written as plain text (no link), with the line of their key.
_PLAIN = """
    SELECT n.file_id, j.key, j.type, j.value,
           coalesce(json_extract(n.key_lines_json, '$."' || j.key || '"'), 0)
    FROM notes n, json_each(n.meta_json) j
    WHERE n.kind IN ('contact', 'lead', 'event') AND j.key IN ({})
      AND j.type IN ('text', 'array') AND instr(j.value, '[[') = 0"""


def graph_rows(conn: sqlite3.Connection) -> GraphRows:
    """Every note (path -> GraphNote) and every tie, in the order of path and line."""
    ids: dict[int, str] = {}
    notes: dict[str, GraphNote] = {}
    for file_id, path, kind, title, influence in conn.execute(_NOTES):
        ids[file_id] = path
        notes[path] = GraphNote(path, kind, title, influence)
    marks = ",".join("?" * len(_ALL_KEYS))
    origins = [f"meta:{key}" for key in _ALL_KEYS]
    rows = list(conn.execute(_META_LINKS.format(marks), origins))
    rows += conn.execute(_REFERRALS).fetchall() + conn.execute(_MET).fetchall()
    ties = [Tie(ids[f], key, target, ids.get(resolved), line)
            for f, key, target, resolved, line in rows
            if f in ids and _held(notes[ids[f]].kind, key)]
    ties += _plain_ties(conn, ids, notes)
    ties.sort(key=lambda t: (t.path, t.line, t.key, t.target))
    return GraphRows(notes, ties)


def _held(kind: str, key: str) -> bool:
    return key in ("referral", "met") or key in KEYS.get(kind, ())


def _plain_ties(conn: sqlite3.Connection, ids: dict[int, str],
                notes: dict[str, GraphNote]) -> list[Tie]:
    found: list[tuple[str, str, str, int]] = []
    for file_id, key, kind, value, line in conn.execute(
            _PLAIN.format(",".join("?" * len(_ALL_KEYS))), _ALL_KEYS):
        path = ids[file_id]
        if not _held(notes[path].kind, key):
            continue
        items = json.loads(value) if kind == "array" else [value]
        for item in items:
            if isinstance(item, str) and item.strip() and "[[" not in item:
                found.append((path, key, item.strip(), line))
    named = _named(conn, {text.lower() for _p, _k, text, _l in found}, ids)
    return [Tie(path, key, text, named.get(text.lower()), line)
            for path, key, text, line in found]


def _named(conn: sqlite3.Connection, names: set[str], ids: dict[int, str]) -> dict[str, str]:
    """Of `names` (lower-cased), those exactly one note goes by, to its path."""
    owners: dict[str, set[int]] = {}
    for name, file_id in where_in(
            conn, "SELECT name, file_id FROM names WHERE name IN ({})", sorted(names)):
        owners.setdefault(name, set()).add(file_id)
    return {name: ids[next(iter(found))] for name, found in owners.items()
            if len(found) == 1 and next(iter(found)) in ids}
