"""Taking the index's write lock when another process may hold it for long (its cold
build): tried again and again in Python, where a Ctrl-C is seen, rather than waited for in
SQLite's busy handler, which a Ctrl-C does not reach (found in review: a sync waiting for
another process's cold build could not be stopped for up to ten minutes)."""

from __future__ import annotations

import sqlite3
import time

TRY_EVERY_S = 0.05


def begin_immediate(conn: sqlite3.Connection, seconds: float) -> None:
    """BEGIN IMMEDIATE, tried every TRY_EVERY_S for `seconds`, then "database is locked"
    as SQLite says it. The connection's busy timeout is the same after as before."""
    busy_ms = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout=0")
    deadline = time.monotonic() + seconds
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() >= deadline:
                    raise
            time.sleep(TRY_EVERY_S)
    finally:
        conn.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
