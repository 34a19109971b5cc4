"""The rows the exports read (exports/gather.py), one at a time as they are written, so
that memory stays flat however large the vault. Never reads a note file."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

from vaultkit.model import StoredNote
from vaultkit.notes.facts import SUMMARY

# A note as the rules see it, the columns index/rule_input.py reads.
_RULE_COLUMNS = ("f.path, n.kind, n.name, n.title, n.meta_json, n.facts_json, "
                 + ", ".join(f"n.r_{field}" for field in SUMMARY))


def notes_for_export(conn: sqlite3.Connection, kind: str | None
                     ) -> Iterator[tuple[str, str, str, str, dict, list]]:
    """(path, kind, file name, display name, front matter, entries as stored) of every
    note, or of those of `kind`, by path."""
    where, args = ("WHERE n.kind = ?", [kind]) if kind else ("", [])
    rows = conn.execute(
        "SELECT f.path, n.kind, n.name, n.title, n.meta_json, n.entries_json FROM notes n"
        f" JOIN files f ON f.id = n.file_id {where} ORDER BY f.path", args)
    return ((p, k, n, t, json.loads(m), json.loads(e)) for p, k, n, t, m, e in rows)


def contacts_by_name(conn: sqlite3.Connection) -> Iterator[StoredNote]:
    """Every contact as the rules see it (index.rule_input), in the order Python sorts
    `(title.lower(), path)`: SQLite's NOCASE folds ASCII alone, so it is given Python's
    `str.lower` (its BINARY order of UTF-8 is the order of code points, as Python's). SQLite
    sorts, spilling to a temporary file past a few megabytes: no list of every contact."""
    conn.create_function("vk_lower", 1, str.lower, deterministic=True)
    rows = conn.execute(f"SELECT {_RULE_COLUMNS} FROM notes n JOIN files f ON f.id = n.file_id"
                        " WHERE n.kind = 'contact' ORDER BY vk_lower(n.title), f.path")
    for path, kind, name, title, meta, facts, *summary in rows:
        yield StoredNote(path, kind, name, title, meta, summary=summary, facts=facts)
