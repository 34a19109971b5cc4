"""What a sync does beside its walk on a large vault (index/look.py): the index's sums, and
a read a command asked for, on a second connection in a thread while the walk runs (SQLite
lets go of Python's lock as it reads, so both cores are busy).

The sums and the read are made in one read transaction: one snapshot of the index. When
the walk then finds the index current by those sums, the read is of the index as the
vault is, and the command takes it (`ReadBeside.kept`): a `search` of 100,000 notes is
answered while the walk runs, not after it. Otherwise — the vault changed, the second
connection failed, the read raised — the read is dropped, and the caller makes it again
after the sync, where its errors are raised."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from vaultkit.index.db import snapshot

Sums = tuple[int, int, int]  # (rows, the sum of their tokens, racy rows): look._sums


class ReadBeside:
    """`read(conn)`, made beside the walk of the next sync: `result` when `kept`."""

    def __init__(self, read: Callable[[sqlite3.Connection], object]):
        self.read = read
        self.result: object = None
        self.kept = False
        self._made = False  # made in the snapshot of the sums beside it


class Beside:
    """The thread's work: the sums and the read in one snapshot of the index on `conn`."""

    def __init__(self, conn: sqlite3.Connection | None, sums: Callable[..., Sums],
                 read: ReadBeside | None):
        self.conn, self._sums, self.read = conn, sums, read
        self.sums: Sums | None = None

    def __call__(self) -> None:
        if self.conn is None:
            return
        try:
            with snapshot(self.conn):  # one for both
                self.sums = self._sums(self.conn)
                if self.read is not None:
                    self.read.result = self.read.read(self.conn)
                    self.read._made = True
        except Exception:  # noqa: BLE001 - read again after the sync, where it is raised
            if self.read is not None:
                self.read.result, self.read._made = None, False

    def keep(self, current: bool) -> None:
        """The read stands when the walk found the index current by these very sums."""
        if self.read is not None:
            self.read.kept = current and self.read._made and self.sums is not None
            if not self.read.kept:
                self.read.result = None
