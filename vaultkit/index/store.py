"""Index rows of parsed notes: built in a private in-memory database (a shard), then merged
into the index with `INSERT … SELECT` inside the caller's transaction.

Shards let worker processes do all the per-row work: what crosses to the main process is one
serialized database per chunk of notes, and the merge runs in SQLite's C code, with no
Python object per row. The shard tables have the derived tables' columns, in order.
"""

from __future__ import annotations

import json
import sqlite3

import orjson

from vaultkit.model import Note
from vaultkit.notes.facts import SUMMARY, note_facts, rule_summary
from vaultkit.notes.linkpaths import link_key

SHARD = "shard"  # the schema name the index connection attaches shards under
# One encoder for all: json.dumps builds a new one per call when given any option.
_standard = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def _json(value: object) -> str:
    """`value` as JSON text: through orjson (C, a sixth of the json module's time: four
    columns a note, 0.3 s of a cold index of 10,000), or the json module for what orjson
    refuses (an integer past 64 bits, a lone surrogate from a YAML escape). Only ever read
    back as JSON (json.loads, SQLite's json functions), so orjson's spacing is no matter."""
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:  # a TypeError
        return _standard(value)

COLUMNS = {
    "notes": ("file_id", "kind", "name", "title", "last_contact", "meta_json",
              "key_lines_json", "facts_json", "entries_json",
              *(f"r_{name}" for name in SUMMARY)),
    "search": ("rowid", "title", "meta", "body"),
    "names": ("file_id", "name", "is_alias"),
    "links": ("file_id", "line", "target", "target_key", "origin", "referral", "date"),
    "problems": ("file_id", "line", "message"),
}
_ID = {table: columns[0] for table, columns in COLUMNS.items()}


class Shard:
    """The rows of many notes, collected in a private in-memory database."""

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple]] = {table: [] for table in COLUMNS}

    def add(self, file_id: int, note: Note) -> None:
        rows = self.rows
        facts = note_facts(note)
        title, aliases = note.title, note.aliases
        rows["notes"].append((file_id, note.kind, note.name, title, note.last_contact,
                              _json(note.meta), _json(note.key_lines), _json(facts),
                              _json([_entry(e) for e in note.entries]),
                              *rule_summary(note, facts)))
        rows["search"].append((file_id, " ".join((title, note.name, *aliases)),
                               " ".join(_words(note.meta)), note.body))
        rows["names"].extend((file_id, name, 0) for name in path_names(note.path))
        rows["names"].extend((file_id, alias.lower(), 1) for alias in aliases)
        if title.lower() != note.name.lower():  # for `show` and the like, never for links
            rows["names"].append((file_id, title.lower(), TITLE))
        rows["links"].extend(
            (file_id, link.line, link.target, link_key(link.target, note.path), link.origin,
             int(link.referral), link.date) for link in note.links)
        rows["problems"].extend((file_id, p.line, p.message) for p in note.problems)

    def serialize(self) -> bytes:
        conn = sqlite3.connect(":memory:")
        try:
            # Every table is created before any row goes in, so that each shard has the same
            # schema on the same root pages: the index connection keeps its merge statements
            # prepared across shards, and SQLite only re-prepares them when the schema
            # cookie changes, which a fresh shard's does not.
            for table, columns in COLUMNS.items():
                conn.execute(f"CREATE TABLE {table}({', '.join(columns)})")
            for table, columns in COLUMNS.items():
                marks = ",".join("?" * len(columns))
                conn.executemany(f"INSERT INTO {table} VALUES ({marks})", self.rows[table])
            conn.commit()
            return conn.serialize()
        finally:
            conn.close()


def attach(conn: sqlite3.Connection) -> None:
    """Make room for shards on the index connection (outside any transaction)."""
    attached = {row[1] for row in conn.execute("PRAGMA database_list")}
    if SHARD not in attached:
        conn.execute(f"ATTACH ':memory:' AS {SHARD}")


def merge(conn: sqlite3.Connection, data: bytes, moves: dict[int, int]) -> None:
    """Copy a shard's rows into the index. `moves` maps the id a note was parsed under to
    the id of the file row it took over (a moved file keeps its id)."""
    conn.deserialize(data, name=SHARD)
    for new, old in moves.items():
        for table, key in _ID.items():
            conn.execute(f"UPDATE {SHARD}.{table} SET {key} = ? WHERE {key} = ?", (old, new))
    for table, columns in COLUMNS.items():
        names = ", ".join(columns)
        conn.execute(f"INSERT INTO main.{table}({names}) SELECT {names} FROM {SHARD}.{table}")


TITLE = 2  # names.is_alias for a display name: found by commands, not by links


def delete_derived(conn: sqlite3.Connection, file_id: int) -> None:
    """Remove every row derived from a file, keeping the file row (and so its id)."""
    for table in ("notes", "links", "names", "problems"):
        conn.execute(f"DELETE FROM main.{table} WHERE file_id = ?", (file_id,))


def _entry(e) -> list:
    """A log entry as stored in `entries_json`: [line, date, time, channel, text, [kinds],
    [links], task]."""
    return [e.line, e.date, e.time, e.channel, e.text, list(e.kinds), list(e.links), e.task]


def path_names(path: str) -> list[str]:
    """Every name a link may use for this note: `Name`, `folder/Name`, … (lower-case)."""
    parts = path[: -len(".md")].lower().split("/")
    return ["/".join(parts[i:]) for i in range(len(parts) - 1, -1, -1)]


def _words(meta: dict) -> list[str]:
    """The front matter's values as text, for search (keys would match every note)."""
    out: list[str] = []
    stack = list(meta.values())
    while stack:
        value = stack.pop()
        if type(value) is str:
            out.append(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif value is not None and not isinstance(value, bool):
            out.append(str(value))
    return out
