"""A parsed note as index rows, and writing those rows (inside the caller's transaction).

Rows are plain tuples whose first field is the file id: they are cheap to send from a worker
process, and a move only has to swap that first field.
"""

from __future__ import annotations

import json
import sqlite3

from ..model import Note
from .links import link_key

INSERTS = {
    "notes": "INSERT INTO notes(file_id, kind, name, title, last_contact, meta_json,"
             " key_lines_json) VALUES (?,?,?,?,?,?,?)",
    "search": "INSERT INTO search(rowid, title, meta, body) VALUES (?,?,?,?)",
    "names": "INSERT INTO names(file_id, name, is_alias) VALUES (?,?,?)",
    "entries": "INSERT INTO entries(file_id, line, date, time, channel, text, kinds, links,"
               " task) VALUES (?,?,?,?,?,?,?,?,?)",
    "links": "INSERT INTO links(file_id, line, target, target_key, origin, referral)"
             " VALUES (?,?,?,?,?,?)",
    "problems": "INSERT INTO problems(file_id, line, message) VALUES (?,?,?)",
}
_INSERT_FILE = ("INSERT INTO files(id, path, mtime_ns, size, sha256, indexed_at_ns)"
                " VALUES (?,?,?,?,?,?)")
_DERIVED = ("notes", "entries", "links", "names", "problems")

Rows = dict[str, list[tuple]]


def note_rows(file_id: int, note: Note) -> Rows:
    """Every row the index holds for one note, by table."""
    return {
        "notes": [(file_id, note.kind, note.name, note.title, note.last_contact,
                   json.dumps(note.meta, ensure_ascii=False), json.dumps(note.key_lines))],
        "search": [(file_id, " ".join((note.title, note.name, *note.aliases)),
                    " ".join(_words(note.meta)), note.body)],
        "names": [(file_id, name, 0) for name in _path_names(note.path)]
                 + [(file_id, alias.lower(), 1) for alias in note.aliases],
        "entries": [(file_id, e.line, e.date, e.time, e.channel, e.text, kinds_text(e.kinds),
                     "\n".join(e.links), e.task) for e in note.entries],
        "links": [(file_id, link.line, link.target, link_key(link.target), link.origin,
                   int(link.referral)) for link in note.links],
        "problems": [(file_id, p.line, p.message) for p in note.problems],
    }


def with_id(rows: Rows, file_id: int) -> Rows:
    """The same rows for another file id (a moved file keeps its old id)."""
    return {table: [(file_id, *row[1:]) for row in rs] for table, rs in rows.items()}


class Writer:
    """Collects rows of many notes and inserts them with one `executemany` per table:
    per-note statements cost more than the parsing on a large vault."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.files: list[tuple] = []
        self.rows: Rows = {t: [] for t in INSERTS}

    def add(self, rows: Rows, file_row: tuple | None = None) -> None:
        if file_row:
            self.files.append(file_row)
        for table, collected in self.rows.items():
            collected.extend(rows[table])

    def flush(self) -> None:
        if self.files:  # first: the other rows refer to them
            self.conn.executemany(_INSERT_FILE, self.files)
            self.files.clear()
        for table, collected in self.rows.items():
            if collected:
                self.conn.executemany(INSERTS[table], collected)
                collected.clear()


def delete_derived(conn: sqlite3.Connection, file_id: int) -> None:
    """Remove every row derived from a file, keeping the file row (and so its id)."""
    for table in _DERIVED:
        conn.execute(f"DELETE FROM {table} WHERE file_id = ?", (file_id,))


def kinds_text(kinds: tuple[str, ...]) -> str:
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
