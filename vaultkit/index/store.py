"""Write one parsed note's rows into the index (inside the caller's transaction)."""

from __future__ import annotations

import json
import sqlite3

from ..model import Note


def insert_note(conn: sqlite3.Connection, file_id: int, note: Note, has_fts: bool) -> None:
    meta_json = json.dumps(note.meta, ensure_ascii=False)
    conn.execute(
        "INSERT INTO notes(file_id, kind, name, title, meta_json, key_lines_json, body)"
        " VALUES (?,?,?,?,?,?,?)",
        (file_id, note.kind, note.name, note.title, meta_json, json.dumps(note.key_lines),
         note.body),
    )
    if has_fts:
        conn.execute(
            "INSERT INTO search(rowid, title, meta, body) VALUES (?,?,?,?)",
            (file_id, " ".join((note.title, note.name, *note.aliases)),
             " ".join(_words(note.meta)), note.body),
        )
    conn.executemany(
        "INSERT INTO names(file_id, name, is_alias) VALUES (?,?,?)",
        [(file_id, name, 0) for name in _path_names(note.path)]
        + [(file_id, alias.lower(), 1) for alias in note.aliases],
    )
    if note.entries:
        conn.executemany(
            "INSERT INTO entries(file_id, line, date, time, channel, text, kinds, links_json,"
            " task) VALUES (?,?,?,?,?,?,?,?,?)",
            [(file_id, e.line, e.date, e.time, e.channel, e.text, _kinds(e.kinds),
              json.dumps(e.links, ensure_ascii=False), e.task) for e in note.entries],
        )
    if note.links:
        conn.executemany(
            "INSERT INTO links(file_id, line, target, origin, referral) VALUES (?,?,?,?,?)",
            [(file_id, link.line, link.target, link.origin, int(link.referral))
             for link in note.links],
        )
    if note.problems:
        conn.executemany(
            "INSERT INTO problems(file_id, line, message) VALUES (?,?,?)",
            [(file_id, p.line, p.message) for p in note.problems],
        )


def delete_derived(conn: sqlite3.Connection, file_id: int) -> None:
    """Remove every row derived from a file, keeping the file row (and so its id)."""
    for table in ("notes", "entries", "links", "names", "problems"):
        conn.execute(f"DELETE FROM {table} WHERE file_id = ?", (file_id,))


def _kinds(kinds: tuple[str, ...]) -> str:
    """Space-delimited on both sides, so `kinds LIKE '% note %'` matches whole kinds."""
    return f" {' '.join(kinds)} " if kinds else " "


def _path_names(path: str) -> list[str]:
    """Every name a link may use for this note: `Name`, `folder/Name`, … (lower-case)."""
    parts = path[: -len(".md")].lower().split("/")
    return ["/".join(parts[i:]) for i in range(len(parts) - 1, -1, -1)]


def _words(value: object) -> list[str]:
    if isinstance(value, dict):
        return [w for v in value.values() for w in _words(v)]
    if isinstance(value, list):
        return [w for v in value for w in _words(v)]
    return [] if value is None or isinstance(value, bool) else [str(value)]
