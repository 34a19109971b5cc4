"""What a walk of the vault finds (disk/scan.py): each note's stat, the scan with what it
passed over, and the token that binds a note's path to its stat — the walk sums them into
its digest, the index keeps one in each files row (index/look.py compares the two)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from xxhash import xxh3_64_intdigest


class FileStat(NamedTuple):
    mtime_ns: int
    size: int


@dataclass
class Scan:
    """Every note path (relative, with `/`) with its stat (in `files`, unless the walk was
    asked not to keep them), and what was passed over."""

    files: dict[str, FileStat] = field(default_factory=dict)
    count: int = 0  # the notes the walk found, kept in `files` or not
    # The sum of digest(path, stat) of those notes, in any order: the tokens of the
    # index's rows summed give the same number when they agree (index/look.py)
    digest: int = 0
    skipped: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # folders: (path, why)
    # (copy, original): a sync tool's copy beside its original, not a note (copies.py)
    copies: list[tuple[str, str]] = field(default_factory=list)
    # (copy, original): a name no person writes, alone: read as a note, and a problem
    lone_copies: list[tuple[str, str]] = field(default_factory=list)
    # Walked to keep no note: those changed after this (ns) are kept in `files` all the same
    after: int | None = None
    # A walk shared by two processes (disk/scan_split.py): which share of the notes this
    # one takes, by the hash of their names, 0 or 1 (None: all of them)
    part: int | None = None
    folder_errors: int = 0  # folders opened but not read to the end, or not searched (a
    # shared walk's two processes may stop at other places in them: it is done again alone)


def stored_mtime(ns: int) -> int:
    """An mtime as the index can keep it: within SQLite's 64-bit integers (found in review:
    a note dated after the year 2262 stopped every sync with an OverflowError)."""
    return max(-LIMIT_NS, min(ns, LIMIT_NS - 1))


LIMIT_NS = 2**63

UNREADABLE = -1  # the size a scan gives a note it may not read: once readable, it differs


def cannot_read(exc: OSError) -> str:
    """`cannot be read: permission denied`, the problem of a note or folder."""
    return f"cannot be read: {(exc.strerror or type(exc).__name__).lower()}"


class Unreadable(Exception):
    """A note that exists but cannot be read (its mode, a folder's, an I/O error): `why`
    is its problem, `st` the stat a scan gives it."""

    def __init__(self, why: str, st: FileStat):
        super().__init__(why)
        self.why, self.st = why, st


def digest(path: str, st: FileStat) -> int:
    """What a note adds to a scan's digest: `token(path, mtime_ns, size)`."""
    return token(path, st[0], st[1])


def token(path: str, mtime_ns: int, size: int) -> int:
    """A note's path bound to its stat, as a 62-bit number the index keeps in its files row
    (index/sync.py), so that SQLite sums the index's side of a no-op sync by itself
    (index/look.py). xxh3 of `path NUL mtime NUL size`: the same in every process (Python's
    own hash of text is keyed anew in each). A sum of such tokens tells two sets of notes
    apart but with a chance of about 2**-62, whatever they are: notes that swap names, an
    mtime 2**61 ahead (its text differs), a size of -1 against -2. 62 bits: positive in
    SQLite's 64-bit integers, and summed in halves of 31 there (never overflowing)."""
    return xxh3_64_intdigest(f"{path}\0{mtime_ns}\0{size}".encode(
        "utf-8", "surrogatepass")) >> 2
