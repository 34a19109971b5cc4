"""What a sync looks at, and whether the index agrees with it already (index/sync.py): the
walk of the vault, or the paths a write names, against the files table, without the write
lock. Stat only, then git's racy-clean rule: a file whose mtime lies within RACY_NS of when
it was indexed is read again, since an edit inside the filesystem's time resolution keeps
the stat."""

from __future__ import annotations

import os

from vaultkit.config import Config
from vaultkit.disk.scan import FileStat, Scan, beside_its_note, scan
from vaultkit.index.db import where_in

RACY_NS = 2_000_000_000


def look(conn, config: Config, only: list[str] | None, stale: bool) -> tuple[Scan, bool]:
    """What the sync looks at (a walk, or the paths `only`), and whether the index agrees
    with it already. Most syncs find nothing to do: learn that without taking the write
    lock, and from a walk that keeps no note, only their count and digest. Only when those
    differ from the index's does a second walk keep every note's stat, for the update."""
    if only is not None:
        found = stat_paths(config, only)
        return found, not stale and not changes(conn, found.files, only)[0]
    if not stale:
        found = scan(config, keep=False)
        if agrees(conn, found):
            return found, True
    return scan(config), False


def agrees(conn, found: Scan) -> bool:
    """Whether the index's files are the notes of the walk `found`, none of them racy: the
    same count, and the same sum of the rows' tokens (scan.token of each row's path and
    stat, kept in the row) as of the walk's digest — summed by SQLite in one pass, in two
    halves of 31 bits that cannot overflow, with no row brought into Python. A racy row
    (git's racy-clean rule) never agrees."""
    count, high, low, racy = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(token >> 31), 0), COALESCE(SUM(token & 2147483647), 0),"
        " COALESCE(SUM(mtime_ns >= indexed_at_ns - ?), 0) FROM files", (RACY_NS,)).fetchone()
    return count == found.count and not racy and (high << 31) + low == found.digest


def stat_paths(config: Config, paths: list[str]) -> Scan:
    found = Scan()
    for path in paths:
        try:
            if beside_its_note(config, path):
                continue  # a copy beside its note, as the walk sees it: out of the index
            st = os.stat(config.root / path)
        except OSError:
            continue  # gone: the sync removes it from the index
        found.files[path] = FileStat(st.st_mtime_ns, st.st_size)
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
