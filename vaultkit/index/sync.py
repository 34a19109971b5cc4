"""Bring the index in line with the files: the one `sync()` every command and `watch` use.

Stat first, then hash (git's racy-clean rule): a file whose (mtime, size) is unchanged is
not read, unless its mtime lies within RACY_NS of when it was indexed, since an edit inside
the filesystem's time resolution keeps the stat. A changed stat with the same hash is only a
touch; a removed path and an added path with the same hash is a move.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import __version__
from ..config import Config
from ..note import parse_note
from ..vault import FileStat, read, scan
from .db import Index
from .links import resolve_links
from .store import delete_derived, insert_note

RACY_NS = 2_000_000_000
BATCH = 500

Progress = Callable[[int, int], None]


@dataclass
class SyncStats:
    added: int = 0
    modified: int = 0
    touched: int = 0
    moved: int = 0
    removed: int = 0
    failed: int = 0  # notes (re)parsed in this sync that have problems
    unchanged: int = 0
    seconds: float = 0.0
    paths: dict[str, list[str]] = field(default_factory=dict)  # what happened to which path
    skipped: list[str] = field(default_factory=list)  # passed over by the scan

    @property
    def total(self) -> int:
        return self.added + self.modified + self.touched + self.moved + self.unchanged

    @property
    def changed(self) -> bool:
        return bool(self.added or self.modified or self.moved or self.removed)

    def note(self, what: str, path: str) -> None:
        self.paths.setdefault(what, []).append(path)

    def summary(self) -> str:
        return (
            f"Indexed {self.total} notes in {self.seconds:.2f}s: +{self.added} added "
            f"~{self.modified} modified ={self.touched} touched >{self.moved} moved "
            f"-{self.removed} removed !{self.failed} failed"
        )


@dataclass
class _Known:
    id: int
    mtime_ns: int
    size: int
    sha256: bytes
    indexed_at_ns: int

    def same_stat(self, st: FileStat) -> bool:
        return self.mtime_ns == st.mtime_ns and self.size == st.size

    def racy(self) -> bool:
        return self.mtime_ns >= self.indexed_at_ns - RACY_NS


def sync(index: Index, config: Config, *, rebuild: bool = False,
         progress: Progress | None = None) -> SyncStats:
    """Update the index from the vault; return what changed."""
    started = time.perf_counter()
    stats = SyncStats()
    found = scan(config)
    stats.skipped = found.skipped
    conn = index.conn
    fingerprint = f"{__version__}:{config.fingerprint()}:{config.root}"
    stale = rebuild or _setting(conn, "fingerprint") != fingerprint
    if not stale and not _work(_known(conn), found.files):
        stats.unchanged = len(found.files)
        stats.seconds = time.perf_counter() - started
        return stats
    conn.execute("BEGIN IMMEDIATE")
    try:
        if stale:
            conn.execute("DELETE FROM files")
            conn.execute("INSERT OR REPLACE INTO settings VALUES ('fingerprint', ?)",
                         (fingerprint,))
        # Re-read under the write lock: another process may have synced meanwhile.
        _apply(index, config, _known(conn), found.files, stats, progress)
        if stats.changed:
            resolve_links(conn)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    stats.seconds = time.perf_counter() - started
    return stats


def _setting(conn, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _known(conn) -> dict[str, _Known]:
    rows = conn.execute("SELECT path, id, mtime_ns, size, sha256, indexed_at_ns FROM files")
    return {path: _Known(*rest) for path, *rest in rows}


def _work(known: dict[str, _Known], files: dict[str, FileStat]) -> bool:
    if known.keys() != files.keys():
        return True
    return any(not k.same_stat(files[p]) or k.racy() for p, k in known.items())


def _apply(index: Index, config: Config, known: dict[str, _Known],
           files: dict[str, FileStat], stats: SyncStats,
           progress: Progress | None) -> None:
    now = time.time_ns()
    todo = sorted(p for p, st in files.items()
                  if p not in known or not known[p].same_stat(st) or known[p].racy())
    stats.unchanged = len(files) - len(todo)
    gone = {p: known[p] for p in known.keys() - files.keys()}
    by_hash = {row.sha256: row.id for row in gone.values()}
    kept: set[int] = set()  # ids of files that moved, or were re-read after all
    for done, path in enumerate(todo, 1):
        kept.add(_one(index, config, path, known.get(path), by_hash, now, stats))
        if progress and (done % BATCH == 0 or done == len(todo)):
            progress(done, len(todo))
    for path, row in gone.items():
        if row.id not in kept:
            index.conn.execute("DELETE FROM files WHERE id = ?", (row.id,))
            stats.removed += 1
            stats.note("removed", path)


def _one(index: Index, config: Config, path: str, row: _Known | None,
         by_hash: dict[bytes, int], now: int, stats: SyncStats) -> int | None:
    """Index one new or changed path; return the id of a file row it took over by a move."""
    conn = index.conn
    got = read(config.root, path)
    if got is None:  # deleted since the scan
        if row is not None:
            conn.execute("DELETE FROM files WHERE id = ?", (row.id,))
            stats.removed += 1
            stats.note("removed", path)
        return None
    data, st = got
    sha = hashlib.sha256(data).digest()
    if row is not None and row.sha256 == sha:
        conn.execute("UPDATE files SET mtime_ns = ?, size = ?, indexed_at_ns = ? WHERE id = ?",
                     (st.mtime_ns, st.size, now, row.id))
        if row.same_stat(st):
            stats.unchanged += 1
        else:
            stats.touched += 1
            stats.note("touched", path)
        return None
    note = parse_note(path, data, config)
    moved_from = by_hash.pop(sha, None) if row is None else None
    if row is not None:
        file_id, what = row.id, "modified"
        conn.execute("UPDATE files SET mtime_ns = ?, size = ?, sha256 = ?, indexed_at_ns = ?"
                     " WHERE id = ?", (st.mtime_ns, st.size, sha, now, file_id))
    elif moved_from is not None:
        file_id, what = moved_from, "moved"
        conn.execute("UPDATE files SET path = ?, mtime_ns = ?, size = ?, indexed_at_ns = ?"
                     " WHERE id = ?", (path, st.mtime_ns, st.size, now, file_id))
    else:
        file_id, what = conn.execute(
            "INSERT INTO files(path, mtime_ns, size, sha256, indexed_at_ns) VALUES (?,?,?,?,?)",
            (path, st.mtime_ns, st.size, sha, now)).lastrowid, "added"
    if what != "added":
        delete_derived(conn, file_id)
    insert_note(conn, file_id, note, index.has_fts)
    setattr(stats, what, getattr(stats, what) + 1)
    stats.note(what, path)
    if note.problems:
        stats.failed += 1
        stats.note("failed", path)
    return moved_from
