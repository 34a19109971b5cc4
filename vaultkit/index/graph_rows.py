"""What `vaultkit graph` draws, read from the index (read-only, never a note file): the
notes that can be nodes, and every tie a note claims — a front matter key or a log entry
that names another note or a name — with the note it names, when one does.

A link (`[[Jane Doe]]`) is resolved as the index resolves every link (links.py); a plain
name (`referred_by: John Smith`, `company: Globex`, `source: job board`) by the names
commands use (file name, display name, alias), when exactly one note has it. The graph
itself is built from these rows by vaultkit.insight.graph."""

from __future__ import annotations

import json
import re
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
    day: str | None  # an event's `date:` (YYYY-MM-DD, as written), None for the rest


class Tie(NamedTuple):
    """`path` (line `line`) names `target` under `key` — a front matter key, or `referral`
    (a #referral/#intro entry) or `met` (a #met entry); `resolved` is the path of the note
    it names (None: no note, or several). Ties sort by path and line."""

    path: str
    line: int
    key: str
    target: str
    resolved: str | None


class GraphRows(NamedTuple):
    notes: dict[str, GraphNote]
    ties: list[Tie]


# Each note, with the values of the tying keys its kind holds (a JSON list, in _ALL_KEYS
# order) when one is plain text: a link is read from the links table instead.
_NOTES = """
    SELECT f.id, f.path, n.kind, n.title,
           CASE WHEN n.kind = 'contact' THEN n.r_influence END,
           CASE WHEN n.kind = 'event' THEN substr(json_extract(n.meta_json, '$.date'), 1, 10)
           END,
           CASE WHEN n.kind IN ('contact', 'lead', 'event') THEN json_extract(n.meta_json, {})
           END
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
_KEY_LINES = "SELECT file_id, key_lines_json FROM notes WHERE file_id IN ({})"


def graph_rows(conn: sqlite3.Connection) -> GraphRows:
    """Every note (path -> GraphNote) and every tie, in the order of path and line."""
    ids: dict[int, str] = {}
    notes: dict[str, GraphNote] = {}
    values: list[tuple[int, str]] = []
    paths = ", ".join(f"'$.{key}'" for key in _ALL_KEYS)
    for file_id, path, kind, title, influence, day, held in conn.execute(
            _NOTES.format(paths)):
        ids[file_id] = path
        notes[path] = GraphNote(path, kind, title, influence, day)
        if held is not None and any("[[" not in text for text in _STRING.findall(held)):
            values.append((file_id, held))  # a plain value among them
    marks = ",".join("?" * len(_ALL_KEYS))
    origins = [f"meta:{key}" for key in _ALL_KEYS]
    rows = list(conn.execute(_META_LINKS.format(marks), origins))
    rows += conn.execute(_REFERRALS).fetchall() + conn.execute(_MET).fetchall()
    # A link's target is shown by its note's name: `[[people/Kim Lee]]` is `Kim Lee`;
    # plain text (`company: AT&T / Bell Labs`) is shown as it is written.
    ties = [Tie(ids[f], line, key, target.rsplit("/", 1)[-1], ids.get(resolved))
            for f, key, target, resolved, line in rows
            if f in ids and _held(notes[ids[f]].kind, key)]
    ties += _plain_ties(conn, ids, notes, values)
    ties.sort()
    return GraphRows(notes, ties)


_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')  # a JSON string's text
_HELD = {(kind, key) for kind, keys in KEYS.items() for key in keys}


def _held(kind: str, key: str) -> bool:
    return key in ("referral", "met") or (kind, key) in _HELD


def _plain_ties(conn: sqlite3.Connection, ids: dict[int, str],
                notes: dict[str, GraphNote], values: list[tuple[int, str]]) -> list[Tie]:
    """The ties written as plain text among `values` (file id, its keys' values)."""
    found: list[tuple[int, str, str]] = []
    for file_id, held in values:
        for key, value in zip(_ALL_KEYS, json.loads(held), strict=True):
            if value is None or not _held(notes[ids[file_id]].kind, key):
                continue
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and item.strip() and "[[" not in item:
                    found.append((file_id, key, item.strip()))
    if not found:
        return []
    lines = {f: json.loads(text) for f, text in where_in(
        conn, _KEY_LINES, sorted({f for f, _k, _t in found}))}
    named = _named(conn, {text.lower() for _f, _k, text in found}, ids)
    return [Tie(ids[f], lines[f].get(key, 0), key, text, named.get(text.lower()))
            for f, key, text in found]


def _named(conn: sqlite3.Connection, names: set[str], ids: dict[int, str]) -> dict[str, str]:
    """Of `names` (lower-cased), those exactly one note goes by, to its path."""
    owners: dict[str, set[int]] = {}
    for name, file_id in where_in(
            conn, "SELECT name, file_id FROM names WHERE name IN ({})", sorted(names)):
        owners.setdefault(name, set()).add(file_id)
    return {name: ids[next(iter(found))] for name, found in owners.items()
            if len(found) == 1 and next(iter(found)) in ids}
