"""Taking the index's write lock when another process may hold it for long (its cold
build): tried again and again in Python, where a Ctrl-C is seen, rather than waited for in
SQLite's busy handler, which a Ctrl-C does not reach (found in review: a sync waiting for
another process's cold build could not be stopped for up to ten minutes). A wait of more
than NOTICE_AFTER_S is said, once, to `say_waiting` (the CLI prints it on stderr): ten
minutes of silence looked like a hang."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

TRY_EVERY_S = 0.05
NOTICE_AFTER_S = 2.0
say_waiting: Callable[[str], None] | None = None  # set by whoever shows the user notices


def begin_immediate(conn: sqlite3.Connection, seconds: float, path: Path | None = None
                    ) -> None:
    """BEGIN IMMEDIATE, tried every TRY_EVERY_S for `seconds`, then "database is locked"
    as SQLite says it. The connection's busy timeout is the same after as before. `path`:
    the index's, for the notice of a long wait."""
    busy_ms = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout=0")
    began = time.monotonic()
    said = False
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                waited = time.monotonic() - began
                if "locked" not in str(exc) or waited >= seconds:
                    raise
            if not said and waited >= NOTICE_AFTER_S and say_waiting is not None:
                said = True
                say_waiting(_waiting(path, seconds))
            time.sleep(TRY_EVERY_S)
    finally:
        conn.execute(f"PRAGMA busy_timeout={int(busy_ms)}")


def _waiting(path: Path | None, seconds: float) -> str:
    where = f" at {path}" if path is not None else ""
    longest = f"{seconds / 60:.0f} minutes" if seconds >= 120 else f"{seconds:.0f} s"
    return (f"waiting for another process to finish writing the index{where} (a cold "
            f"build?); up to {longest}, Ctrl-C stops")
