"""The index's table of text to search: the note's names, its front matter values and its
body. With FTS5 a full-text table, written as `tune` sets it; without FTS5 (some SQLite
builds) a plain table searched with LIKE (index/search.py)."""

from __future__ import annotations

import sqlite3

SEARCH_TABLE = """CREATE VIRTUAL TABLE search USING fts5(
    title, meta, body, tokenize = "unicode61 remove_diacritics 2")"""
PLAIN_TABLE = """CREATE TABLE search(rowid INTEGER PRIMARY KEY, title TEXT, meta TEXT,
    body TEXT)"""

# How FTS5 writes its index, kept with the table (search_config). A cold build is one
# transaction: FTS5 gathers terms in memory up to `hashsize` bytes (1 MB by default), then
# writes them as a segment, and merges a level's segments once it has `automerge` of them
# (4 by default). Together, 4 MB and 16 cut the main process's full-text share of a cold
# build of 107,008 notes from 3.1-3.9 s to 2.1-2.7 s (three paired runs), for about 4 MB
# more memory while it writes; searches take the same time (six queries measured) and
# find the same (tests/test_fts_settings.py). docs/performance.md, section 1.
FTS_SETTINGS = (("hashsize", 4 << 20), ("automerge", 16))


def tune(conn: sqlite3.Connection) -> None:
    """Give the new full-text table FTS_SETTINGS."""
    for name, value in FTS_SETTINGS:
        try:
            conn.execute("INSERT INTO search(search, rank) VALUES (?, ?)", (name, value))
        except sqlite3.OperationalError:  # a build of SQLite that knows no such setting
            pass  # its default stays: only slower
