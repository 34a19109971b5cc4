"""What a sync looks at, and whether the index agrees with it already (index/sync.py): the
walk of the vault, or the paths a write names, against the files table, without the write
lock. Stat only, then git's racy-clean rule: a file whose mtime lies within RACY_NS of when
it was indexed is read again, since an edit inside the filesystem's time resolution keeps
the stat."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager

from vaultkit.config import Config
from vaultkit.disk.scan import FileStat, Scan, beside_its_note, digest, scan, stored_mtime
from vaultkit.index.beside import Beside, ReadBeside, Sums
from vaultkit.index.db import where_in

RACY_NS = 2_000_000_000
SPLIT_AT = 5_000  # notes in the index from which the walk is shared by two processes


def look(conn, config: Config, only: list[str] | None, stale: bool,
         aside: Callable[[], AbstractContextManager] | None = None,
         read: ReadBeside | None = None) -> tuple[Scan, bool, list[str] | None]:
    """What the sync looks at (a walk, or the paths `only`), whether the index agrees with
    it already, and which paths an update may be limited to (None: every note).

    Most syncs find nothing to do: learn that without taking the write lock, from a walk
    that keeps no note but those changed since the last sync (few), only the count and
    digest of all. Next most common, a person edited or added a few notes: when the rest
    of the walk sums to what the rest of the index does, those are the update, and one
    walk was enough. Only otherwise (a note removed or renamed, a racy row, one changed
    with an older mtime) does a second walk keep every note's stat. `aside`: a second
    connection to the index for a thread (Index.second_reader), or None; `read`: a read
    to make beside the walk (index/beside.py), kept if the index is found current."""
    if only is not None:
        found = stat_paths(config, only)
        return found, not stale and not changes(conn, found.files, only)[0], only
    if not stale:
        found, (count, total, racy), beside = _walked_and_summed(conn, config, aside, read)
        current = not racy and count == found.count and total == found.digest
        if beside is not None:
            beside.keep(current)
        if current:
            return found, True, None
        if found.files and (not racy or _racy(conn) <= found.files.keys()) and _apart(
                conn, found) == (count, total):
            return found, False, sorted(found.files)  # racy ones among them: read again
    return scan(config), False, None


def _walked_and_summed(conn, config: Config, aside: Callable[[], AbstractContextManager] | None,
                       read: ReadBeside | None) -> tuple[Scan, Sums, Beside | None]:
    """The walk that keeps only the notes changed since the last, and the index's sums.
    From SPLIT_AT notes side by side: the walk on two processes (disk/scan_split.py), the
    sums and `read` on a second connection in a thread beside it (index/beside.py: 15 ms
    of sums of 100,000 rows, and a search, off the walk's time)."""
    after = _synced_at(conn)
    if aside is None or conn.execute("SELECT COUNT(*) FROM files").fetchone()[0] < SPLIT_AT:
        return scan(config, keep=False, changed_after=after), _sums(conn), None
    with aside() as other:
        beside = Beside(other, _sums, read)
        found = scan(config, keep=False, changed_after=after, split=True, beside=beside)
    return found, beside.sums or _sums(conn), beside


def _sums(conn) -> tuple[int, int, int]:
    """(rows, the sum of their tokens, racy rows) of the files table: scan.token of each
    row's path and stat is kept in the row, so SQLite sums them in one pass, in halves of
    31 bits that cannot overflow, with no row brought into Python. A racy row (git's
    racy-clean rule) is read again, so it never agrees."""
    count, high, low, racy = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(token >> 31), 0), COALESCE(SUM(token & 2147483647), 0),"
        " COALESCE(SUM(mtime_ns >= indexed_at_ns - ?), 0) FROM files", (RACY_NS,)).fetchone()
    return count, (high << 31) + low, racy


def _apart(conn, found: Scan) -> tuple[int, int]:
    """The count and digest of the walk `found` with its kept notes taken out, and those of
    the index's rows at their paths added back: the index's own sums when the index holds
    every other note as the walk found it (a chance of about 2**-62 otherwise)."""
    count = found.count - len(found.files)
    total = found.digest - sum(digest(path, st) for path, st in found.files.items())
    for row_count, high, low in where_in(
            conn, "SELECT COUNT(*), COALESCE(SUM(token >> 31), 0),"
                  " COALESCE(SUM(token & 2147483647), 0) FROM files WHERE path IN ({})",
            list(found.files)):
        count, total = count + row_count, total + (high << 31) + low
    return count, total


def _racy(conn) -> set[str]:
    """The paths of the racy rows (few: notes written within RACY_NS of being indexed)."""
    return {path for (path,) in conn.execute(
        "SELECT path FROM files WHERE mtime_ns >= indexed_at_ns - ?", (RACY_NS,))}


def agrees(conn, found: Scan) -> bool:
    """Whether the index's files are the notes of the walk `found`, none of them racy."""
    count, total, racy = _sums(conn)
    return count == found.count and not racy and total == found.digest


def _synced_at(conn) -> int | None:
    """When the index was last brought in line with a walk (ns), as index/sync.py keeps it:
    a note changed since has a later mtime, unless a tool set an older one."""
    row = conn.execute("SELECT value FROM settings WHERE key = 'synced_at_ns'").fetchone()
    try:
        return int(row[0]) - RACY_NS if row else None
    except (TypeError, ValueError):  # not a number (written by hand?): keep none, walk again
        return None


def stat_paths(config: Config, paths: list[str]) -> Scan:
    found = Scan()
    for path in paths:
        try:
            if beside_its_note(config, path):
                continue  # a copy beside its note, as the walk sees it: out of the index
            st = os.stat(config.root / path)
        except OSError:
            continue  # gone: the sync removes it from the index
        found.files[path] = FileStat(stored_mtime(st.st_mtime_ns), st.st_size)
    found.count = len(found.files)
    return found


def changes(conn, files: dict[str, FileStat], only: list[str] | None
             ) -> tuple[bool, list[str], list[str]]:
    """(anything to do, paths to read, paths gone): one pass over a lean query, since
    most syncs find nothing or a file or two."""
    todo, gone, seen = [], [], set()
    for path, mtime_ns, size, indexed_at_ns in _rows(conn, only):
        seen.add(path)
        st = files.get(path)
        if st is None:
            gone.append(path)
        elif st != (mtime_ns, size) or mtime_ns >= indexed_at_ns - RACY_NS:
            todo.append(path)
    todo += [path for path in files if path not in seen]
    return bool(todo or gone), sorted(todo), gone


def _rows(conn, only: list[str] | None):
    """(path, mtime_ns, size, indexed_at_ns) of every indexed file, or of those in `only`."""
    query = "SELECT path, mtime_ns, size, indexed_at_ns FROM files"
    if only is None:
        yield from conn.execute(query)
        return
    yield from where_in(conn, query + " WHERE path IN ({})", sorted(set(only)))
