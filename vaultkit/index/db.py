"""The SQLite cache: where it lives, its schema, and opening it safely.

The index is a cache of the notes (PRODUCT.md §2): it lives outside the vault, and a
vaultkit index of another schema is rebuilt in place. Only vaultkit's own files are ever
replaced: a file at the path that is not empty and not marked with vaultkit's application id
(a note, another program's database) is refused, and left as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from vaultkit.errors import IndexDamaged, IndexUnavailable
from vaultkit.index import fulltext, unsynced
from vaultkit.index.cache_folder import sha256_hex, user_cache_folder
from vaultkit.index.ownership import APPLICATION_ID, refuse_foreign
from vaultkit.index.write_lock import begin_immediate

SCHEMA_VERSION = 17
BUSY_TIMEOUT_S = 10.0
BUILD_WAIT_S = 600  # how long making the schema waits for another process's cold build
IN_BATCH = 500  # values bound per `IN (...)` list: under SQLite's limit of parameters

_TABLES = [
    """CREATE TABLE files(
    id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL, sha256 BLOB NOT NULL, indexed_at_ns INTEGER NOT NULL,
    token INTEGER NOT NULL)""",  # disk.scan.token(path, mtime_ns, size): index/look.agrees
    """CREATE TABLE problems(
    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    line INTEGER NOT NULL, message TEXT NOT NULL)""",
    """CREATE INDEX problems_file ON problems(file_id)""",
    """CREATE TABLE notes(
    file_id INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
    kind TEXT NOT NULL, name TEXT NOT NULL, title TEXT NOT NULL, last_contact TEXT,
    meta_json TEXT NOT NULL, key_lines_json TEXT NOT NULL, facts_json TEXT NOT NULL,
    entries_json TEXT NOT NULL,
    r_last_date TEXT, r_last_contact TEXT, r_recent TEXT, r_last_touch TEXT, r_last_met TEXT,
    r_cadence INTEGER, r_next TEXT, r_status TEXT, r_help_balance INTEGER,
    r_unthanked_help TEXT, r_referral_pending INTEGER, r_has_tasks INTEGER,
    r_has_birthday INTEGER, r_met TEXT, r_influence INTEGER, r_cadence_text TEXT,
    r_min_gap INTEGER, r_last_thanks TEXT, r_helped_me INTEGER, r_helped_them INTEGER)""",
    """CREATE INDEX notes_kind ON notes(kind)""",
    """CREATE TABLE links(
    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    line INTEGER NOT NULL, target TEXT NOT NULL, target_key TEXT NOT NULL,
    origin TEXT NOT NULL, referral INTEGER NOT NULL, date TEXT, resolved_id INTEGER,
    matches INTEGER NOT NULL DEFAULT 0)""",
    """CREATE INDEX links_file ON links(file_id)""",
    """CREATE INDEX links_resolved ON links(resolved_id)""",
    """CREATE TABLE names(
    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    name TEXT NOT NULL, is_alias INTEGER NOT NULL)""",
    """CREATE INDEX names_name ON names(name)""",
    # A deleted files row deletes its names: without this each deletion read every name
    # (found in review: dropping 21,407 notes for a rebuild took 33 s, 0.8 s with it)
    """CREATE INDEX names_file ON names(file_id)""",
    """CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    # What each sync changed, whoever ran it (a command, another watcher): `watch` reads it
    # to learn of changes it did not sync itself. A NULL path: anything may have changed.
    """CREATE TABLE changes(seq INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT)""",
]

_SEARCH_GONE = """CREATE TRIGGER notes_search_gone AFTER DELETE ON notes BEGIN
        DELETE FROM search WHERE rowid = old.file_id;
    END"""


@dataclass
class Index:
    """An open index: the connection, where it is, and notices for the user."""

    conn: sqlite3.Connection
    path: Path
    has_fts: bool
    notices: list[str] = field(default_factory=list)
    identity: tuple[int, int] = (0, 0)  # (st_dev, st_ino) of the file opened
    temporary: Path | None = None  # a private folder holding it, removed on close

    def close(self) -> None:
        self.conn.close()
        if self.temporary is not None:
            import shutil  # edge: a temporary index only

            shutil.rmtree(self.temporary, ignore_errors=True)

    @contextlib.contextmanager
    def second_reader(self) -> Iterator[sqlite3.Connection | None]:
        """Another connection to the same index, read-only, for a thread of its own: SQLite
        lets go of Python's lock while it runs a query, so a long query there runs on the
        second core while this connection's caller works in Python (vault_insight.py). Its
        snapshot is its own: a write committed between the two connections' reads shows in
        one and not the other. None when the file at the path is no longer the one this
        index opened (deleted or replaced since: `watch`, a rebuild), or cannot be opened:
        the caller reads on this connection then. `mode=rw`: never made again, empty."""
        conn = None
        try:
            if self._same_file():
                conn = sqlite3.connect(f"{self.path.absolute().as_uri()}?mode=rw", uri=True,
                                       isolation_level=None, timeout=BUSY_TIMEOUT_S,
                                       check_same_thread=False)
                configure(conn).execute("PRAGMA query_only=ON")
                if not self._same_file():  # replaced while it was being opened
                    conn.close()
                    conn = None
        except sqlite3.Error:
            if conn is not None:
                conn.close()
            conn = None
        try:
            yield conn
        finally:
            if conn is not None:
                conn.close()

    def _same_file(self) -> bool:
        try:
            st = os.stat(self.path)
        except OSError:
            return False
        return (st.st_dev, st.st_ino) == self.identity


# Operational errors that say the file's content is damaged; the others (locked, busy,
# readonly, disk full, a query's own syntax error) are about the process, the machine or
# the query, and a rebuild would not help.
_DAMAGE = ("malformed", "corrupt", "not a database", "no such table", "could not decode")


def damaged(exc: BaseException) -> bool:
    """Whether `exc` says the index's content is damaged (a rebuild repairs it)."""
    if isinstance(exc, IndexDamaged):
        return True
    if isinstance(exc, json.JSONDecodeError):
        return True  # a JSON column of the index no longer what vaultkit wrote in it
    if not isinstance(exc, sqlite3.DatabaseError) or isinstance(exc, sqlite3.ProgrammingError):
        return False
    if isinstance(exc, sqlite3.OperationalError):
        return any(word in str(exc).lower() for word in _DAMAGE)
    return True  # DatabaseError itself, IntegrityError, DataError: the content is wrong


@contextlib.contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """The reads of the block in one snapshot of the index (a read transaction), unless
    the connection is in a transaction already: another process's commit between two of
    them (a sync, a rebuild) is then seen by neither or both."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("ROLLBACK")  # it only read


def where_in(conn: sqlite3.Connection, query: str, values: list) -> Iterator[tuple]:
    """The rows of `query` (its `{}` an IN list) for all of `values`, in batches that stay
    under SQLite's limit of bound parameters."""
    for start in range(0, len(values), IN_BATCH):
        batch = values[start : start + IN_BATCH]
        yield from conn.execute(query.format(",".join("?" * len(batch))), batch)


def default_path(vault_root: Path) -> Path:
    """`<user cache>/vaultkit/<hash of the vault's real path>/index.sqlite3`, found as
    platformdirs and hashlib find it, without their imports (cache_folder.py)."""
    key = sha256_hex(str(vault_root.resolve()).encode())[:16]
    return Path(user_cache_folder()) / key / "index.sqlite3"


def lock_file(vault_root: Path) -> Path:
    """The vault's write lock (disk/lock.py): beside its default index, in the user cache
    folder, whatever `--index` a command is given — one lock for every writer of a vault."""
    return default_path(vault_root).with_name("write.lock")


def open_index(path: Path, fresh: bool = False) -> Index:
    """Open (creating or rebuilding as needed) the index at `path`; IndexDamaged when it
    is vaultkit's but damaged. `fresh`: empty it in place first (index/heal.py)."""
    notices: list[str] = []
    conn = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        refuse_foreign(path)
        existed = path.exists()
        # Absolute: a relative name beginning `file:` is then never read as a URI
        # (SQLite may take URIs in any file name: found in review, one made a file in cwd).
        conn = sqlite3.connect(path.absolute(), isolation_level=None, timeout=BUSY_TIMEOUT_S)
        marked = unsynced.state(path)  # a cold build's marker (unsynced.py)
        if marked == unsynced.TORN and unsynced.handled(conn, path):
            marked = None  # one a wipe could not remove, dealt with then
        if fresh or marked == unsynced.TORN:
            from vaultkit.index.wipe import emptied  # edge: an index emptied (rare)

            conn, marked = emptied(conn, path, fresh, marked)
        conn.execute("PRAGMA journal_mode=WAL").fetchone()
        configure(conn)
        has_fts = probe_fts(conn)
        ensure_schema(conn, path, has_fts, notices)
        conn.execute("SELECT COUNT(*) FROM settings").fetchone()  # a first page read
        if fresh or marked == unsynced.TORN:
            unsynced.wiped(conn, path, marked, fresh or not existed, notices)
        if marked == unsynced.SETTLE:
            unsynced.settle(conn, path, int(BUSY_TIMEOUT_S * 1000))
        st = os.stat(path)
    except (sqlite3.Error, OSError) as exc:
        if conn is not None:
            conn.close()
        if damaged(exc):
            raise IndexDamaged(f"the index at {path} is damaged: {exc}") from exc
        why = str(exc) if isinstance(exc, sqlite3.Error) else exc.strerror or str(exc)
        raise unavailable(path, why) from None
    return Index(conn, path, has_fts, notices, (st.st_dev, st.st_ino))


def unavailable(path: Path, why: str) -> IndexUnavailable:
    advice = ("another process held it locked all that time (stop it, or wait for it)"
              if "locked" in why else
              "choose a writable place with --index PATH (or VAULTKIT_INDEX)")
    return IndexUnavailable(f"cannot use the index at {path}: {why}; {advice}")


def configure(conn: sqlite3.Connection) -> sqlite3.Connection:
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    return conn


def probe_fts(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_probe USING fts5(x)")
        conn.execute("DROP TABLE temp.fts_probe")
        return True
    except sqlite3.OperationalError:
        return False


def ensure_schema(conn: sqlite3.Connection, path: Path, has_fts: bool, notices: list) -> None:
    if _is_current(conn, has_fts):
        return
    conn.execute("PRAGMA foreign_keys=OFF")  # a no-op inside a transaction, so set it first
    # Another process may have made the schema and gone straight on to its cold build,
    # which holds the write lock for longer than the busy timeout: wait for it, as a sync
    # does (sync_write.SYNC_WAIT_S), rather than fail with "database is locked".
    begin_immediate(conn, BUILD_WAIT_S, path)
    try:
        if not _is_current(conn, has_fts):  # another process may have built it meanwhile
            rebuild_schema(conn, path, has_fts, notices)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # not after the COMMIT itself (a Ctrl-C right after it)
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("PRAGMA foreign_keys=ON")


def rebuild_schema(conn: sqlite3.Connection, path: Path, has_fts: bool, notices: list) -> None:
    objects = conn.execute(
        "SELECT type, name, sql LIKE 'CREATE VIRTUAL%' FROM sqlite_master"
        " WHERE type IN ('table', 'view', 'trigger') AND name NOT LIKE 'sqlite_%'"
        " ORDER BY 3 DESC"  # virtual tables first: dropping one drops its shadow tables
    ).fetchall()
    if objects:
        notices.append(f"the index at {path} was from another version or program; rebuilt it")
    for kind, name, _virtual in objects:
        conn.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
    for statement in [*_TABLES, fulltext.SEARCH_TABLE if has_fts else fulltext.PLAIN_TABLE,
                      _SEARCH_GONE]:
        conn.execute(statement)
    if has_fts:
        fulltext.tune(conn)
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION * 2 + int(has_fts)}")


def _is_current(conn: sqlite3.Connection, has_fts: bool) -> bool:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    return app_id == APPLICATION_ID and version == SCHEMA_VERSION * 2 + int(has_fts)

