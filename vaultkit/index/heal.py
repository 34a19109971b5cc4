"""The index heals itself: it is a cache, so no damage to it is ever a dead end.

- Damage (`database disk image is malformed`, `file is not a database`, a table gone),
  whether found on open or by any query of a command, is repaired by a rebuild **in
  place**: an empty database is copied over the damaged one through SQLite's backup API,
  on the same connection and under SQLite's own locks (the file is never deleted or
  replaced, since another process may hold it open), then the schema and a full sync.
- An index that cannot be written (a read-only file or cache folder) is replaced, for this
  process only, by a private temporary index, with a notice: read commands still answer.
- A file that is not vaultkit's is still refused (db.open_index, NotAnIndex).
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from vaultkit.errors import IndexDamaged, IndexUnavailable, NotAnIndex
from vaultkit.index import db
from vaultkit.index.db import damaged
from vaultkit.index.sync import sync as _sync


def notice(path: Path) -> str:
    return f"the index at {path} was not a readable database; rebuilt it"


def open_index(path: Path) -> db.Index:
    """db.open_index, healing a damaged index in place, and falling back to a temporary
    index when this one cannot be written."""
    try:
        if not _writable(path):
            raise db.unavailable(path, "permission denied")
        try:
            return _open_waiting(path)
        except IndexDamaged:
            pass
        index = db.open_index(path, fresh=True)
        index.notices.append(notice(path))
        return index
    except NotAnIndex:
        raise
    except IndexUnavailable as exc:
        return _temporary(path, str(exc))


def _open_waiting(path: Path) -> db.Index:
    """db.open_index, waiting (up to db.BUILD_WAIT_S) while another process holds the new
    index locked — its cold build: a second `index` started at the same moment once fell
    back to a temporary index here, and built everything again."""
    deadline = time.monotonic() + db.BUILD_WAIT_S
    while True:
        try:
            return db.open_index(path)
        except IndexUnavailable as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def reset(index: db.Index) -> None:
    """Rebuild `index` in place: empty, with vaultkit's schema (rows come with the next
    sync), on the same connection, so every holder of it goes on working."""
    from vaultkit.index.wipe import wipe  # edge: damage only

    # Never skipped for an index that looks whole (as opening does): damage a query met
    # can be where SQLite's quick check does not look (an FTS segment's content).
    deadline = time.monotonic() + db.BUILD_WAIT_S  # as a sync waits for the write lock
    while True:
        try:  # tries for BUSY_TIMEOUT_S at a time
            index.conn = wipe(index.conn, index.path)
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise  # (found in review: a lock held 10 s said "delete the index")
    db.ensure_schema(index.conn, index.path, index.has_fts, [])
    if notice(index.path) not in index.notices:
        index.notices.append(notice(index.path))


def recover(index: db.Index, exc: BaseException) -> None:
    """Re-raise `exc` unless it is damage to the index; else rebuild it in place."""
    if not damaged(exc):
        raise exc
    # The frames of the error may hold a cursor whose statement keeps the damaged state
    # read: free them, so that the rebuild is seen by every later query.
    import gc  # edge: damage only
    import traceback  # edge: damage only

    traceback.clear_frames(exc.__traceback__)
    gc.collect()
    try:
        index.conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass  # no transaction was open
    try:
        reset(index)
    except sqlite3.Error as again:
        if "locked" in str(again):
            raise IndexDamaged(
                f"the index at {index.path} is damaged, and another process has held it "
                "locked all the while vaultkit waited to rebuild it: stop that process "
                "(or wait for it), then run the command again") from None
        raise IndexDamaged(
            f"the index at {index.path} is damaged ({again}) and could not be rebuilt in "
            "place; stop other vaultkit processes and delete it, or choose another place "
            "with --index PATH (or VAULTKIT_INDEX)") from None


def sync(index: db.Index, *args, **kwargs):
    """index.sync.sync, rebuilding a damaged index in place (and syncing it whole)."""
    try:
        return _sync(index, *args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - recover re-raises what is not damage
        recover(index, exc)
    kwargs.update(rebuild=True, only=None)
    return _sync(index, *args, **kwargs)


def reopen(index: db.Index) -> db.Index:
    """The index at the path of `index`, opened again (closing `index`)."""
    index.close()
    return open_index(index.path)


def gone(index: db.Index) -> bool:
    """Whether the index file was deleted or replaced since it was opened (`watch`)."""
    if index.temporary is not None:
        return False
    try:
        st = os.stat(index.path)
    except OSError:
        return True
    return (st.st_dev, st.st_ino) != index.identity


def _writable(path: Path) -> bool:
    """False when the index, or the folder its -wal and -shm go in, is known not to be
    writable (root may write anything: SQLite's own error then decides)."""
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return not folder.is_dir() or os.access(folder, os.W_OK | os.X_OK)


def _temporary(path: Path, why: str) -> db.Index:
    import shutil  # edge: a temporary index only
    import tempfile  # edge: as shutil

    folder = Path(tempfile.mkdtemp(prefix="vaultkit-index-"))
    try:
        index = db.open_index(folder / "index.sqlite3")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    index.temporary = folder
    index.notices.append(f"{why}; using a temporary index for this command")
    return index
