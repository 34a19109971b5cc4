"""The writing half of a sync (sync.py decides whether there is anything to write): the
changed files' rows, what the notes say (store.merge), the links their names touch and the
change journal, in one write transaction."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaultkit.config import Config
from vaultkit.disk.scanned import token
from vaultkit.index import unsynced
from vaultkit.index.db import BUILD_WAIT_S, Index, unavailable, where_in
from vaultkit.index.journal import record_changes
from vaultkit.index.links import names_of, resolve_links
from vaultkit.index.look import changes, scan
from vaultkit.index.store import attach, delete_derived, merge
from vaultkit.index.sync import LoadAll, Progress, SyncStats, setting
from vaultkit.index.write_lock import begin_immediate

if TYPE_CHECKING:
    from vaultkit.disk.scanned import FileStat
    from vaultkit.index.load import Loaded

SYNC_WAIT_S = BUILD_WAIT_S  # how long a sync waits for another one (a cold build) to finish
FEW = 200  # changed files up to which links are resolved for their names alone


@dataclass
class Known:
    id: int
    mtime_ns: int
    size: int
    sha256: bytes
    indexed_at_ns: int

    def same_stat(self, st: FileStat) -> bool:
        return self.mtime_ns == st.mtime_ns and self.size == st.size


def update(index: Index, config: Config, load: LoadAll, files: dict[str, FileStat],
            only: list[str] | None, fingerprint: str, rebuild: bool, stats: SyncStats,
            progress: Progress | None, walked_at: int | None = None) -> list[str] | None:
    """`files` into the index in one write transaction (file rows, links, journal); a stale
    index (`rebuild`, another fingerprint) loses every row first. Waits SYNC_WAIT_S for a
    cold build; keeps `walked_at` (index/look.py); returns the paths it was limited to."""
    conn = index.conn
    attach(conn)  # not allowed inside a transaction
    bulk = rebuild or setting(conn, "fingerprint") != fingerprint
    try:
        _begin(index, bulk)
        return _update(index, config, load, files, only, fingerprint, rebuild, stats,
                       progress, walked_at)
    finally:
        if bulk:
            conn.execute("PRAGMA synchronous=NORMAL")


def _begin(index: Index, bulk: bool) -> None:
    """Take the write lock (BEGIN IMMEDIATE), waiting SYNC_WAIT_S for it. A bulk write
    (every row rewritten: a cold build) goes without waiting for the disk, once a marker
    says so (unsynced.py); if none can be written, it waits for the disk after all."""
    conn = index.conn
    unsynced_write = bulk and unsynced.able()
    # Not allowed inside a transaction: set before, undone if the marker cannot be made.
    conn.execute(f"PRAGMA synchronous={'OFF' if unsynced_write else 'NORMAL'}")
    try:
        begin_immediate(conn, SYNC_WAIT_S, index.path)
    except sqlite3.OperationalError as exc:  # locked all that time: say so, as opening does
        if "locked" not in str(exc):
            raise
        raise unavailable(index.path, str(exc)) from None
    if unsynced_write:
        try:
            unsynced.mark(index.path)  # under the lock: never removed meanwhile (settle)
        except OSError:
            conn.execute("ROLLBACK")
            _begin(index, False)


def _update(index: Index, config: Config, load: LoadAll, files: dict[str, FileStat],
            only: list[str] | None, fingerprint: str, rebuild: bool, stats: SyncStats,
            progress: Progress | None, walked_at: int | None) -> list[str] | None:
    conn = index.conn
    try:  # Under the write lock: another process may have built it meanwhile.
        stale = rebuild or setting(conn, "fingerprint") != fingerprint
        if stale and only is not None:  # made stale meanwhile: every note, not just these
            files, only = scan(config).files, None
        if stale:
            conn.execute("DELETE FROM files")
            conn.execute("INSERT OR REPLACE INTO settings VALUES ('fingerprint', ?)",
                         (fingerprint,))
        # Again under the write lock: another process may have synced meanwhile.
        _, todo, gone = changes(conn, files, only)
        known = _known(conn, [*todo, *gone])
        # A few changed notes change the resolution of the links to their names alone:
        # the names they had (read here, before they change) and those they have after.
        few = not stale and len(todo) + len(gone) <= FEW
        keys = names_of(conn, [row.id for row in known.values()]) if few else None
        _apply(index, config, load, known, files, todo, gone, stats, progress)
        if stats.changed:
            if keys is not None:
                keys |= names_of(conn, _ids(conn, todo), with_links=True)
            resolve_links(conn, keys)
        _journal(conn, stale, stats, walked_at)
        if conn.execute("PRAGMA synchronous").fetchone()[0] == 0:  # marked (_begin)
            unsynced.touch(index.path)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # not after the COMMIT itself (a Ctrl-C right after it)
            conn.execute("ROLLBACK")
        raise
    return only


def _journal(conn, stale: bool, stats: SyncStats, walked_at: int | None) -> None:
    """The journal of what changed, and when the walk began (`walked_at`, if a walk)."""
    if stale or stats.changed:
        record_changes(conn, None if stale else stats.notes_changed())
    if walked_at is not None:
        conn.execute("INSERT OR REPLACE INTO settings VALUES ('synced_at_ns', ?)",
                     (str(walked_at),))


def _ids(conn, paths: list[str]) -> list[int]:
    return [row[0] for row in where_in(conn, "SELECT id FROM files WHERE path IN ({})",
                                       paths)]


def _known(conn, paths: list[str]) -> dict[str, Known]:
    """The index's rows for `paths` (those that have one)."""
    return {path: Known(*rest) for path, *rest in where_in(
        conn, "SELECT path, id, mtime_ns, size, sha256, indexed_at_ns FROM files"
              " WHERE path IN ({})", paths)}


def _apply(index: Index, config: Config, load: LoadAll, known: dict[str, Known],
           files: dict[str, FileStat], todo: list[str], gone_paths: list[str],
           stats: SyncStats, progress: Progress | None) -> None:
    conn = index.conn
    now = time.time_ns()
    stats.unchanged = len(files) - len(todo)
    gone = {p: known[p] for p in gone_paths}
    by_hash = {row.sha256: row.id for row in gone.values()}
    next_id = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM files").fetchone()[0]
    jobs = []
    for path in todo:
        row = known.get(path)
        jobs.append((path, row.id if row else next_id, row.sha256 if row else None))
        next_id += 0 if row else 1
    done = 0
    for results, shard in load(config, jobs):
        added: list[tuple] = []
        moves: dict[int, int] = {}
        for loaded in results:
            moved_from = _record(conn, loaded, known.get(loaded.path), by_hash, now, stats,
                                 added)
            if moved_from is not None:
                moves[loaded.file_id] = moved_from
                stats.moved_from[loaded.path] = next(
                    p for p, r in gone.items() if r.id == moved_from)
                gone = {p: r for p, r in gone.items() if r.id != moved_from}
        conn.executemany("INSERT INTO files(id, path, mtime_ns, size, sha256, indexed_at_ns,"
                         " token) VALUES (?,?,?,?,?,?,?)", added)
        merge(conn, shard, moves)
        done += len(results)
        if progress:
            progress(done, len(jobs))
    for path, row in gone.items():
        conn.execute("DELETE FROM files WHERE id = ?", (row.id,))
        stats.count("removed", path)


def _record(conn, loaded: Loaded, row: Known | None, by_hash: dict[bytes, int], now: int,
            stats: SyncStats, added: list[tuple]) -> int | None:
    """Update the file row for what loading one path found (a new file's row goes to
    `added`); return the id of a removed file it moved from."""
    path, st = loaded.path, loaded.st
    if loaded.status == "gone":  # deleted since the scan
        if row is not None:
            conn.execute("DELETE FROM files WHERE id = ?", (row.id,))
            stats.count("removed", path)
        return None
    if loaded.status == "same":
        conn.execute("UPDATE files SET mtime_ns = ?, size = ?, indexed_at_ns = ?, token = ?"
                     " WHERE id = ?", (st.mtime_ns, st.size, now, _token(path, st), row.id))
        if row.same_stat(st):
            stats.unchanged += 1
        else:
            stats.count("touched", path)
        return None
    moved_from = by_hash.pop(loaded.sha, None) if row is None else None
    if row is not None:
        what = "modified"
        delete_derived(conn, row.id)
        conn.execute("UPDATE files SET mtime_ns = ?, size = ?, sha256 = ?, indexed_at_ns = ?,"
                     " token = ? WHERE id = ?",
                     (st.mtime_ns, st.size, loaded.sha, now, _token(path, st), row.id))
    elif moved_from is not None:
        what = "moved"
        delete_derived(conn, moved_from)
        conn.execute("UPDATE files SET path = ?, mtime_ns = ?, size = ?, indexed_at_ns = ?,"
                     " token = ? WHERE id = ?",
                     (path, st.mtime_ns, st.size, now, _token(path, st), moved_from))
    else:
        what = "added"
        added.append((loaded.file_id, path, st.mtime_ns, st.size, loaded.sha, now,
                      _token(path, st)))
    stats.count(what, path)
    if loaded.failed:
        stats.count("failed", path)
    return moved_from


def _token(path: str, st: FileStat) -> int:
    """The files row's token: what the walk adds to its digest for this note, so that a
    later no-op sync agrees (index/look.agrees)."""
    return token(path, st.mtime_ns, st.size)
