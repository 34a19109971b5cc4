"""Bring the index in line with the files: the one `sync()` every command and `watch` use.

Stat first, then hash (git's racy-clean rule): a file whose (mtime, size) is unchanged is
not read, unless its mtime lies within RACY_NS (look.py) of when it was indexed, since an
edit inside the filesystem's time resolution keeps the stat. A changed stat with the same
hash is only a touch; a removed path and an added path with the same hash is a move.

This module decides whether there is anything to write (a watch vouches, or the walk finds
the index current: most syncs); sync_write.py writes, and is imported only then, with
the index's store and the notes' modules it brings.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultkit import __version__
from vaultkit.config import Config
from vaultkit.disk.vouch import vouched
from vaultkit.index import unsynced
from vaultkit.index.beside import ReadBeside
from vaultkit.index.db import BUSY_TIMEOUT_S, Index

if TYPE_CHECKING:
    from vaultkit.index.store import Shard

Progress = Callable[[int, int], None]
# (config, [(path, file id, known sha256 or None)]) -> chunks of (results, shard)
LoadAll = Callable[[Config, list[tuple]], Iterable[tuple[list, "Shard"]]]


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
    fingerprint = fingerprint_of(config)
    stale = rebuild or setting(index.conn, "fingerprint") != fingerprint
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
        from vaultkit.index.sync_write import update  # edge: with something to write

        limited = update(index, config, load, found.files, limit, fingerprint, rebuild,
                          stats, progress, walked_at if only is None else None)
        if only is None and limited is not None:  # one walk: the rest of it is unchanged
            stats.unchanged += found.count - len(found.files)
    unsynced.settle_if_due(index.conn, index.path, int(BUSY_TIMEOUT_S * 1000))  # watch too
    stats.seconds = time.perf_counter() - started
    return stats


def fingerprint_of(config: Config) -> str:
    """What an index built whole for `config` records: another version, settings that
    change what is indexed, or another vault, and it is built whole again."""
    return f"{__version__}:{config.fingerprint()}:{config.root}"


def stale(index: Index, config: Config) -> bool:
    """Whether the index must be built whole before it says anything of the vault: made
    for other settings, or emptied (index/wipe.py) and not yet built again."""
    return setting(index.conn, "fingerprint") != fingerprint_of(config)


def _vouched(index: Index, config: Config, stats: SyncStats) -> bool:
    """Whether a watcher vouched for the index: then it is what a walk would have found,
    the copies of notes its last walk found included."""
    vouch = vouched(config.root, index.path)
    if vouch is None:
        return False
    stats.vouched, stats.copies = True, vouch.copies
    stats.unchanged = index.conn.execute("SELECT COUNT(*) FROM files").fetchone()[0]
    return True


def setting(conn, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None
