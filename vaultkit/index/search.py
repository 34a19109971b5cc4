"""Full-text search of the index: the notes matching every word of a query, best first,
each with a snippet. Never reads a note file.

The order is bm25 (title 10, front matter 3, body 1), then the display name, then the
note's id. bm25 has to be worked out for every matching note, but little else does: the
notes are ranked by score alone first, and only those scoring at least as well as the
last one shown (ties included) are joined with their names and paths; the bodies of the
hits shown alone are read, for their snippets. A word in most notes of a large vault
(`platform` in 100,000 of them) used to join and copy every match before the LIMIT.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from vaultkit.errors import IndexDamaged
from vaultkit.index.db import IN_BATCH, snapshot
from vaultkit.index.snippets import SNIPPET_BYTES, window_snippet


@dataclass(frozen=True)
class Hit:
    path: str
    kind: str
    title: str
    snippet: str
    rank: float


def search(conn: sqlite3.Connection, query: str, has_fts: bool, limit: int = 50) -> list[Hit]:
    """Notes matching every word of `query`, best first; matches in the snippet are marked
    with \\x02 on both sides. User text never reaches MATCH
    unquoted: each word becomes a quoted phrase (`O'Brien`, `e-mail`, `AND` are plain words);
    a NUL character (which would end FTS5's reading of the query) parts words as a space does."""
    words = [w for w in re.split(r"[\s\x00]+", query) if w]
    if not words:
        return []
    if has_fts:
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        return _search_fts(conn, match, words, limit)
    return _search_like(conn, words, limit)


# Every match's score, kept once (SQLite 3.35 and later materialize a CTE read twice, so
# bm25 is not worked out twice; without the hint `MATERIALIZED`, which older SQLite cannot
# parse); `cut`, the score of the last hit shown (none when there is no positive limit, or
# fewer matches); the names and paths of the matches at or above it only.
_RANKED = """
    WITH hits AS (
        SELECT rowid AS id, bm25(search, 10.0, 3.0, 1.0) AS score
        FROM search WHERE search MATCH :match),
    cut AS (SELECT score FROM hits ORDER BY score LIMIT 1 OFFSET max(:limit - 1, 0))
    SELECT h.id, f.path, n.kind, n.title, h.score
    FROM hits h JOIN notes n ON n.file_id = h.id JOIN files f ON f.id = n.file_id
    WHERE :limit <= 0 OR h.score <= coalesce((SELECT score FROM cut), 1e308)
    ORDER BY h.score, n.title, h.id LIMIT :limit"""


def _search_fts(conn: sqlite3.Connection, match: str, words: list[str], limit: int) -> list[Hit]:
    """Ranked by bm25; a note's snippet from FTS5 when its body is small, else from the
    first SNIPPET_BYTES of it (snippets.py says why), the body read once."""
    with snapshot(conn):  # the hits, their heads and snippets of one index (found in
        # review: a sync of another process between them, and a hit had no head)
        rows = conn.execute(_RANKED, {"match": match, "limit": limit}).fetchall()
        heads = _by_id(conn, f"SELECT rowid, substr(body, 1, {SNIPPET_BYTES + 1})"
                       " FROM search WHERE rowid IN ({})", [], [r[0] for r in rows])
        if any(r[0] not in heads for r in rows):  # one snapshot: only damage does this
            raise IndexDamaged("the index's search table lacks the text of a note it finds")
        small = [r[0] for r in rows if len(heads[r[0]]) <= SNIPPET_BYTES]
        snippets = _by_id(conn, "SELECT rowid, snippet(search, -1, char(2), char(2), '…',"
                          " 12) FROM search WHERE search MATCH ? AND rowid IN ({})",
                          [match], small)
    return [Hit(path, kind, title, snippets[rowid] if rowid in snippets
                else window_snippet(heads[rowid], words), rank)
            for rowid, path, kind, title, rank in rows]


def _by_id(conn: sqlite3.Connection, sql: str, args: list, ids: list[int]) -> dict:
    """{rowid: value} of `sql` (its `{}` an IN list) for all of `ids`, in batches that stay
    under SQLite's limit of bound parameters (a --limit in the thousands)."""
    out: dict = {}
    for start in range(0, len(ids), IN_BATCH):
        batch = ids[start : start + IN_BATCH]
        out.update(conn.execute(sql.format(", ".join("?" * len(batch))), [*args, *batch]))
    return out


def _search_like(conn: sqlite3.Connection, words: list[str], limit: int) -> list[Hit]:
    """Fallback where SQLite has no FTS5: every word somewhere in title, front matter or body."""
    clauses = " AND ".join(["(s.title || ' ' || s.meta || ' ' || s.body) LIKE ?"] * len(words))
    rows = conn.execute(
        f"SELECT f.path, n.kind, n.title, substr(s.body, 1, 80), 0 FROM search s"
        f" JOIN notes n ON n.file_id = s.rowid JOIN files f ON f.id = n.file_id"
        f" WHERE {clauses} ORDER BY n.title LIMIT ?",
        [f"%{w}%" for w in words] + [limit])
    return [Hit(*r) for r in rows]
