"""Bring the index in line with the files: the one `sync()` every command and `watch` use.

Stat first, then hash (git's racy-clean rule): a file whose (mtime, size) is unchanged is
not read, unless its mtime lies within RACY_NS (look.py) of when it was indexed, since an
edit inside the filesystem's time resolution keeps the stat. A changed stat with the same
hash is only a touch; a removed path and an added path with the same hash is a move.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultkit import __version__
from vaultkit.config import Config
from vaultkit.disk.scanned import token
from vaultkit.disk.vouch import vouched
from vaultkit.index.beside import ReadBeside
from vaultkit.index.db import BUILD_WAIT_S, BUSY_TIMEOUT_S, Index, where_in
from vaultkit.index.journal import record_changes
from vaultkit.index.links import names_of, resolve_links
from vaultkit.index.store import Shard, attach, delete_derived, merge

if TYPE_CHECKING:
    from vaultkit.disk.scanned import FileStat
    from vaultkit.index.load import Loaded

SYNC_WAIT_S = BUILD_WAIT_S  # how long a sync waits for another one (a cold build) to finish
FEW = 200  # changed files up to which links are resolved for their names alone

Progress = Callable[[int, int], None]
# (config, [(path, file id, known sha256 or None)]) -> chunks of (results, shard)
LoadAll = Callable[[Config, list[tuple]], Iterable[tuple[list, Shard]]]


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
    moved_from: dict[str, str] = field(default_factory=dict)  # new path: old path
    copies: list[str] | None = None  # sync-conflict copies the walk found (None: no walk)
    vouched: bool = False  # no walk: a running watch vouched the index current (vouch.py)

    def notes_changed(self) -> set[str]:
        """Every path whose note is new, different or gone (both ends of a move)."""
        return {path for what in ("added", "modified", "moved", "removed")
                for path in self.paths.get(what, [])} | set(self.moved_from.values())

    @property
    def total(self) -> int:
        return self.added + self.modified + self.touched + self.moved + self.unchanged

    @property
    def changed(self) -> bool:
        return bool(self.added or self.modified or self.moved or self.removed)

    def count(self, what: str, path: str) -> None:
        setattr(self, what, getattr(self, what) + 1)
        self.paths.setdefault(what, []).append(path)

    def summary(self) -> str:
        """One line for people, naming only what happened (`index --json` has every count):
        a sync that changed everything still fits 80 columns."""
        counts = [f"{mark}{n} {word}" for mark, n, word in (
            ("+", self.added, "added"), ("~", self.modified, "modified"),
            ("=", self.touched, "touched"), (">", self.moved, "moved"),
            ("-", self.removed, "removed"), ("!", self.failed, "failed")) if n]
        return (f"Indexed {self.total} notes in {self.seconds:.2f}s: "
                f"{' '.join(counts) if counts else 'no changes'}")


@dataclass
class _Known:
    id: int
    mtime_ns: int
    size: int
    sha256: bytes
    indexed_at_ns: int

    def same_stat(self, st: FileStat) -> bool:
        return self.mtime_ns == st.mtime_ns and self.size == st.size


def sync(index: Index, config: Config, load: LoadAll, *, rebuild: bool = False,
         progress: Progress | None = None, only: list[str] | None = None,
         read: ReadBeside | None = None, trust_watch: bool = False) -> SyncStats:
    """Update the index from the vault; return what changed. With `only`, look at those
    paths alone (after vaultkit wrote them): no walk of the vault. `load` reads and parses
    the files that changed (index.load.load_all); it is handed in so that a sync that
    finds nothing to do never loads the note parser. `read`: made beside the walk, and
    kept if the index is found current (index/beside.py). `trust_watch`: no walk either
    when a running `vaultkit watch` vouches that the index is current (disk/vouch.py)."""
    started = time.perf_counter()
    stats = SyncStats()
    if read is not None:  # kept only from this sync's look (not one heal.sync retries)
        read.kept, read.result = False, None
    fingerprint = f"{__version__}:{config.fingerprint()}:{config.root}"
    stale = rebuild or _setting(index.conn, "fingerprint") != fingerprint
    if only is not None and stale:  # the whole index is out of date: not just these paths
        return sync(index, config, load, rebuild=rebuild, progress=progress)
    if only is None and not stale and trust_watch and _vouched(index, config, stats):
        stats.seconds = time.perf_counter() - started
        return stats
    # edge: a sync a watch vouches for does not walk, nor pay for the walk's modules
    from vaultkit.index.look import look

    walked_at = time.time_ns()
    found, current, limit = look(index.conn, config, only, stale, index.second_reader, read)
    stats.skipped = found.skipped
    if only is None:
        stats.copies = [copy for copy, _ in found.copies + found.lone_copies]
    if current:
        stats.unchanged = found.count
    else:
        limited = _update(index, config, load, found.files, limit, fingerprint, rebuild,
                          stats, progress, walked_at if only is None else None)
        if only is None and limited is not None:  # one walk: the rest of it is unchanged
            stats.unchanged += found.count - len(found.files)
    stats.seconds = time.perf_counter() - started
    return stats


def _vouched(index: Index, config: Config, stats: SyncStats) -> bool:
    """Whether a watcher vouched for the index: then it is what a walk would have found,
    the copies of notes its last walk found included."""
    vouch = vouched(config.root, index.path)
    if vouch is None:
        return False
    stats.vouched, stats.copies = True, vouch.copies
    stats.unchanged = index.conn.execute("SELECT COUNT(*) FROM files").fetchone()[0]
    return True


def _update(index: Index, config: Config, load: LoadAll, files: dict[str, FileStat],
            only: list[str] | None, fingerprint: str, rebuild: bool, stats: SyncStats,
            progress: Progress | None, walked_at: int | None = None) -> list[str] | None:
    """`files` into the index in one write transaction (file rows, links, journal); a stale
    index (`rebuild`, another fingerprint) loses every row first. Waits SYNC_WAIT_S for a
    cold build; keeps `walked_at` (index/look.py); returns the paths it was limited to."""
    from vaultkit.index.look import changes, scan  # edge: as look in sync()
    conn = index.conn
    attach(conn)  # not allowed inside a transaction
    conn.execute(f"PRAGMA busy_timeout={SYNC_WAIT_S * 1000}")
    try:
        conn.execute("BEGIN IMMEDIATE")
    finally:
        conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    try:  # Under the write lock: another process may have built it meanwhile.
        stale = rebuild or _setting(conn, "fingerprint") != fingerprint
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
        conn.execute("COMMIT")
    except BaseException:
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


def _setting(conn, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _known(conn, paths: list[str]) -> dict[str, _Known]:
    """The index's rows for `paths` (those that have one)."""
    return {path: _Known(*rest) for path, *rest in where_in(
        conn, "SELECT path, id, mtime_ns, size, sha256, indexed_at_ns FROM files"
              " WHERE path IN ({})", paths)}


def _apply(index: Index, config: Config, load: LoadAll, known: dict[str, _Known],
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


def _record(conn, loaded: Loaded, row: _Known | None, by_hash: dict[bytes, int], now: int,
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
