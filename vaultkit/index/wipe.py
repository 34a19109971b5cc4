"""Emptying an index in place (index/heal.py, db.open_index): whatever state it is in,
under SQLite's own locks, as one commit that other processes see whole."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path

from vaultkit.index import db, unsynced
from vaultkit.index.write_lock import begin_immediate


def wipe(conn: sqlite3.Connection, path: Path) -> sqlite3.Connection:
    """Empty the database of `conn` in place, whatever its state; the connection to use
    from then on. An empty index with vaultkit's schema, made in memory with the pages'
    size of the old one (a WAL database cannot change it), is copied over it by SQLite's
    backup API in one commit (under SQLite's locks, needing nothing of the old content):
    another process reads the old index or the empty one, never one without tables, and
    a sync finds the empty one stale (no fingerprint) and builds it whole. The backup
    waits for the write lock for BUSY_TIMEOUT_S at most, then raises "database is locked",
    and a Ctrl-C stops it at once (found in review: it waited for ever, deaf to Ctrl-C).
    When the backup fails for damage (a damaged first page), the file and its WAL are
    truncated in place and opened again (the connection's cache of the damaged file
    cannot be trusted)."""
    empty = sqlite3.connect(":memory:", isolation_level=None)
    try:
        empty.execute(f"PRAGMA page_size={_page_size(conn)}")
        db.rebuild_schema(empty, path, db.probe_fts(empty), [])
        # The wait is the progress callback's, a step every 50 ms, not SQLite's busy
        # handler's: that one waits inside SQLite, where a Ctrl-C is not seen
        conn.execute("PRAGMA busy_timeout=0")
        try:
            empty.backup(conn, progress=_waiting_at_most(db.BUSY_TIMEOUT_S), sleep=0.05)
        finally:
            conn.execute(f"PRAGMA busy_timeout={int(db.BUSY_TIMEOUT_S * 1000)}")
        return conn
    except sqlite3.Error as exc:
        if not db.damaged(exc):
            raise  # locked by another process: never truncate what it may be using
    finally:
        empty.close()
    conn.close()
    for suffix in ("", "-wal"):
        with contextlib.suppress(FileNotFoundError):
            os.truncate(f"{path}{suffix}", 0)
    conn = sqlite3.connect(path.absolute(), isolation_level=None, timeout=db.BUSY_TIMEOUT_S)
    conn.execute("PRAGMA journal_mode=WAL").fetchone()
    return db.configure(conn)


def emptied(conn: sqlite3.Connection, path: Path, fresh: bool, marked: str | None
            ) -> tuple[sqlite3.Connection, str | None]:
    """The index opened on `conn` emptied as db.open_index asks: `fresh` (damaged: wipe),
    or its marker TORN (empty_if_torn); the connection to use, and the marker's state
    (None when another process emptied it meanwhile)."""
    if fresh:
        return wipe_if_damaged(conn, path), marked
    conn, done = empty_if_torn(conn, path)
    return conn, marked if done else None


def wipe_if_damaged(conn: sqlite3.Connection, path: Path) -> sqlite3.Connection:
    """wipe() of an index found damaged when it was opened, unless it is found whole under
    the write lock: another process that met the same damage rebuilt it meanwhile (emptied
    again then, it was emptied under that one's reads: found in review). What opening
    reads (the schema, the settings) is what `_whole` reads again, and more."""
    return conn if _whole(conn) else wipe(conn, path)


_TABLES = {"files", "problems", "notes", "links", "names", "settings", "changes", "search"}


def _whole(conn: sqlite3.Connection) -> bool:
    """Under the write lock: every table there, SQLite's quick check passing over every
    page, and a fingerprint (an index built whole since it was emptied). False when any
    of it cannot be read. The lock is waited for as a sync waits (up to BUILD_WAIT_S), and
    not had, "database is locked" is raised: never an emptying without a look (found in
    review: a rebuild that held the lock past 10 s was emptied)."""
    try:
        begin_immediate(conn, db.BUILD_WAIT_S)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            raise
        return False
    except sqlite3.Error:
        return False
    try:
        tables = {name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        return (_TABLES <= tables
                and conn.execute("SELECT COUNT(*) FROM settings").fetchone() is not None
                and conn.execute("PRAGMA quick_check(1)").fetchone()[0] == "ok"
                and conn.execute("SELECT 1 FROM settings WHERE key = 'fingerprint'")
                .fetchone() is not None)
    except sqlite3.Error:
        return False
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def empty_if_torn(conn: sqlite3.Connection, path: Path) -> tuple[sqlite3.Connection, bool]:
    """Empty an index whose marker says it may be torn (unsynced.py), if it still says so
    under the write lock: (the connection to use, whether it was emptied). Its tables are
    dropped and made again in that one write transaction, so that of two processes that
    found the marker torn at once, the second finds it marked for this boot by the first
    and leaves the index alone — emptied again later, it would have been emptied under
    the first one's reads, after its rebuild (found in review: an agenda of no items).
    An index too damaged to drop tables from is emptied by wipe() instead."""
    conn.execute("PRAGMA foreign_keys=OFF")  # dropping tables, not deleting rows one by one
    try:
        try:
            has_fts = db.probe_fts(conn)  # reads the schema: a damaged one raises here
            begin_immediate(conn, db.BUSY_TIMEOUT_S)
        except sqlite3.Error as exc:
            if not db.damaged(exc):
                raise
            return wipe(conn, path), True
        try:
            if unsynced.state(path) != unsynced.TORN or unsynced.handled(conn, path):
                conn.execute("ROLLBACK")
                return conn, False  # emptied meanwhile by another process, and marked
            db.rebuild_schema(conn, path, has_fts, [])
            conn.execute("COMMIT")
            return conn, True
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error) and db.damaged(exc):
                return wipe(conn, path), True
            raise
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("PRAGMA foreign_keys=ON")


def _page_size(conn: sqlite3.Connection) -> int:
    """The page size of the database on `conn`, or SQLite's default where it cannot be
    read (a damaged header: the backup then fails for damage, and the file is truncated)."""
    try:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    except sqlite3.Error:
        return 4096
    return size if isinstance(size, int) and 512 <= size <= 65536 else 4096


def _waiting_at_most(seconds: float):
    """A backup's progress callback that gives up once the destination has been locked
    for `seconds` (Python's backup would retry for ever), and lets a pending Ctrl-C in."""
    deadline = None

    def progress(status: int, _remaining: int, _total: int) -> None:
        nonlocal deadline
        if status not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return
        now = time.monotonic()
        deadline = deadline or now + seconds
        if now >= deadline:
            raise sqlite3.OperationalError("database is locked")

    return progress
