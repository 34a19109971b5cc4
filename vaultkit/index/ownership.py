"""Which files the index may take: only a vaultkit index, or nothing (a missing or empty
file, a database another vaultkit is still making). Anything else at `--index PATH` — a
note, another program's database, a FIFO — is refused before SQLite (which would write to
it) or a rebuild (which would replace it) touches it."""

from __future__ import annotations

import sqlite3
import stat
import time
from pathlib import Path

from vaultkit.errors import NotAnIndex
from vaultkit.index import unsynced

APPLICATION_ID = 0x564B4958  # "VKIX": marks a database as a vaultkit index (db.py sets it)

_SQLITE_HEADER = b"SQLite format 3\x00"
LOCKED_WAIT_S = 30


def refuse_foreign(path: Path) -> None:
    """Refuse a file at `path` that is neither empty nor a vaultkit index, before SQLite
    (which would write to it) or a rebuild (which would replace it) touches it."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block the read for ever
            raise NotAnIndex(f"{path} is not a regular file, not a vaultkit index; "
                             "choose a file with --index PATH (or VAULTKIT_INDEX)")
        with path.open("rb") as file:
            header = file.read(100)
    except FileNotFoundError:
        return
    except IsADirectoryError:
        raise NotAnIndex(f"{path} is a folder, not a vaultkit index; "
                         "choose a file with --index PATH (or VAULTKIT_INDEX)") from None
    if not header:
        return  # an empty file: nothing to lose
    if not header.strip(b"\0") and unsynced.genuine(path) and _all_zeros(path):
        return  # nothing but zeros where vaultkit was building an index: a lost write
    if header.startswith(_SQLITE_HEADER) and (
            int.from_bytes(header[68:72], "big") == APPLICATION_ID):
        return  # ours (even when corrupt past its header)
    if header.startswith(_SQLITE_HEADER) and not int.from_bytes(header[68:72], "big") \
            and _ours_or_empty(path):
        return  # ours in the WAL, or nothing yet: another vaultkit is making the index
    raise NotAnIndex(
        f"{path} is not a vaultkit index (it is {_what(header)}); vaultkit does not "
        "replace it. Choose another place with --index PATH (or VAULTKIT_INDEX)")


def _ours_or_empty(path: Path) -> bool:
    """Whether the database as last committed (its WAL included: a new index's header page
    may not be in the file yet) is marked as vaultkit's or holds no table at all — both
    read in one snapshot. Read apart, another vaultkit's commit of the schema between them
    made a new index look like another program's (it was not marked yet, then it held
    tables): a second `index` started at the same moment refused it. Waits while the
    database is locked (its WAL being set up), up to LOCKED_WAIT_S."""
    deadline = time.monotonic() + LOCKED_WAIT_S
    while True:
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
            try:
                conn.execute("BEGIN")
                app_id = conn.execute("PRAGMA application_id").fetchone()[0]
                tables = conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
                return app_id == APPLICATION_ID or tables == 0
            finally:
                conn.close()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        except sqlite3.Error:
            return False


ZEROS_READ_AT_MOST = 8 << 30  # bytes: an index of a million notes is about 4 GB


def _all_zeros(path: Path) -> bool:
    """Whether the file holds nothing but zero bytes (nothing to lose by building an index
    there: a file that only begins with zeros, a disk image, is someone's); a file larger
    than any index is not read through (bounded: a sparse file of a terabyte)."""
    if path.stat().st_size > ZEROS_READ_AT_MOST:
        return False
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            if block.strip(b"\0"):
                return False
    return True


def _what(header: bytes) -> str:
    if header.startswith(_SQLITE_HEADER):
        return "another program's SQLite database"
    return "not a database"
