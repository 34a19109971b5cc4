"""Finding a vault's notes by stat alone: the walk every sync starts with (links out of the
vault not followed, a note linked inside it counted once, unreadable notes and folders
kept as problems, a file-sync tool's copy of a note beside it kept apart: copies.py), and
which paths it would take as notes.

The walk streams: it reads each folder's entries one by one (`os.scandir` as an iterator,
never a list of the folder), so that what it holds grows with the depth of the vault, not
with the size of its largest folder. Asked for no `files` (`keep=False`), it keeps only
their count and an order-free digest of them, which a sync compares with the index's in one
number (index/look.py): a walk of 100,000 notes that finds nothing changed then holds no
object per note."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import NamedTuple

from xxhash import xxh3_64_intdigest

from vaultkit.config import Config
from vaultkit.disk.copies import LAST, original_name, original_of_note
from vaultkit.disk.notepaths import beside_its_note, plain_note, shown_name, utf8_name  # noqa: F401 (beside_its_note, plain_note: re-exported)


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


def scan(config: Config, keep: bool = True) -> Scan:
    """Walk the vault. Hidden files and folders, `exclude` globs and symbolic links that lead
    out of the vault are passed over; a folder reached twice (a link loop) is walked once.
    `keep=False`: the notes' count and digest only, `files` left empty."""
    root = str(config.root)
    out = Scan()
    seen: set[tuple[int, int]] = set()
    out.count, out.digest = _walk(root, "", config, out, seen, root + os.sep,
                                  out.files if keep else None)
    return out


def _walk(folder: str, rel: str, config: Config, out: Scan, seen: set, root_prefix: str,
          files: dict | None) -> tuple[int, int]:
    """Walk `folder` (`rel`) into `out`, its notes into `files` if kept: (count, digest).
    The folder is read and closed before the walk goes below it: one folder open at a
    time, however deep (a low limit of open files dropped deep notes), and one stack
    frame a level."""
    entries = _entries(folder, rel, out, seen)
    if entries is None:
        return 0, 0
    count, total, copies, below = _read(entries, rel, config, out, files)
    for entry, relpath in below:
        try:
            walk = _walks_into(entry, relpath, config, out, root_prefix)
            n, d = (_walk(entry.path, relpath, config, out, seen, root_prefix, files)
                    if walk else (0, 0) if walk is False else
                    _branch(entry, relpath, config, out, seen, root_prefix, files, copies))
        except OSError as exc:  # vanished, or a link to nothing
            out.skipped.append(f"{relpath}: {exc.strerror}")
            continue
        count, total = count + n, total + d
    n, d = _set_apart(copies, folder, rel, out, files) if copies else (0, 0)
    return count + n, total + d


def _read(entries, rel: str, config: Config, out: Scan, files: dict | None):
    """The notes of one folder, read one entry at a time (no list of a folder of 100,000
    notes) and the folder closed: (count, digest, names that may be copies, what is not a
    plain file: folders and links, for after)."""
    excluded, prefix = config.excluded if config.exclude else None, f"{rel}/" if rel else ""
    count, total, copies, below = 0, 0, [], []  # copies: (name, stat) of possible copies
    with entries:
        try:
            for entry in entries:
                name = entry.name
                if name[0] == ".":
                    continue
                relpath = prefix + name
                if not name.isascii() and _not_utf8(entry, relpath, out):
                    continue
                try:
                    if not entry.is_file(follow_symlinks=False):  # a folder, a link, …
                        below.append((entry, relpath))
                    elif name.endswith(".md") and not (excluded and excluded(relpath)):
                        st = entry.stat()
                        size = st.st_size if st.st_mode & 0o444 == 0o444 or os.access(
                            entry.path, os.R_OK) else UNREADABLE
                        if name[-4] in LAST and (name[-4] in ")1" or "-" in name or (
                                "onflict" in name)) and original_of_note(name):  # _may_be_copy
                            copies.append((name, FileStat(st.st_mtime_ns, size)))  # at the end
                            continue
                        count += 1  # and its digest, as token() makes it, inline:
                        total += xxh3_64_intdigest(f"{relpath}\0{st.st_mtime_ns}\0{size}"
                                                   .encode("utf-8", "surrogatepass")) >> 2
                        if files is not None:
                            files[relpath] = FileStat(st.st_mtime_ns, size)
                except OSError as exc:  # vanished, or a link to nothing
                    out.skipped.append(f"{relpath}: {exc.strerror}")
        except OSError as exc:  # the folder could not be read to its end
            _cannot_read(rel, exc, out)
    return count, total, copies, below


def _walks_into(entry: os.DirEntry, relpath: str, config: Config, out: Scan,
                root_prefix: str) -> bool | None:
    """Of what is not a plain file: True for a folder to walk, False for one passed over
    (a link out of the vault, said in `out`; an excluded folder), None for anything else
    (`_branch`: a link to a note, a device)."""
    link = entry.is_symlink()
    if link and not _inside(entry.path, root_prefix):
        out.skipped.append(f"{relpath}: symbolic link out of the vault, not followed")
        return False
    if not entry.is_dir():
        return None
    excluded = config.excluded if config.exclude else None
    return not (excluded and (excluded(relpath) or excluded(relpath + "/")))


def _may_be_copy(name: str) -> bool:
    """original_of_note(name), for a name that ends in one of LAST before `.md`, asked only
    when it can say yes: a copy's name holds "onflict", or ends in `)` or `1`, or holds a
    hyphen (copies.py). The walk asks it inline of every note whose name ends in a digit (a
    generated or daily note), sparing most of them a call."""
    return bool((name[-4] in ")1" or "-" in name or "onflict" in name)
                and original_of_note(name))


def _stat_of(entry: os.DirEntry, st: os.stat_result) -> FileStat:
    return FileStat(st.st_mtime_ns, st.st_size if (
        st.st_mode & 0o444 == 0o444 or os.access(entry.path, os.R_OK)) else UNREADABLE)


def _branch(entry: os.DirEntry, relpath: str, config: Config, out: Scan, seen: set,
            root_prefix: str, files: dict | None, copies: list[tuple[str, FileStat]]
            ) -> tuple[int, int]:
    """Anything but a plain file or a folder met by the walk (a symbolic link inside the
    vault, a device…): the count and digest of the notes it gives (a link to a note
    inside the vault taken once)."""
    excluded = config.excluded if config.exclude else None
    link = entry.is_symlink()  # a link out of the vault, or a folder: _walks_into
    name = entry.name
    if not (link and name.endswith(".md") and entry.is_file()) or (
            excluded and excluded(relpath)):
        return 0, 0
    st = entry.stat()
    if (st.st_dev, st.st_ino) in seen or _walked_as_itself(entry.path, root_prefix, config):
        return 0, 0  # a second name for a note: one note, under its own path
    seen.add((st.st_dev, st.st_ino))
    if name[-4] in LAST and _may_be_copy(name):
        copies.append((name, _stat_of(entry, st)))
        return 0, 0
    note = _stat_of(entry, st)
    if files is not None:
        files[relpath] = note
    return 1, digest(relpath, note)


def _not_utf8(entry: os.DirEntry, relpath: str, out: Scan) -> bool:
    """Whether the entry's name is not UTF-8 (the index holds UTF-8 names): a note or folder
    so named is a problem to report, and passed over."""
    if utf8_name(entry.name):
        return False
    if entry.name.endswith(".md") or entry.is_dir(follow_symlinks=False):
        out.unreadable.append((shown_name(relpath), NOT_UTF8_NAME))
    return True


def _entries(folder: str, rel: str, out: Scan, seen: set):
    """The entries of `folder` as an open `os.scandir` iterator, or None (and why, in `out`)
    for one that was walked already or cannot be read."""
    try:
        st = os.stat(folder)
        if (st.st_dev, st.st_ino) in seen:
            out.skipped.append(f"{rel or '.'}: folder already indexed (a symbolic link loop?)")
            return None
        seen.add((st.st_dev, st.st_ino))
        return os.scandir(folder)
    except OSError as exc:
        _cannot_read(rel, exc, out)
        return None


def _cannot_read(rel: str, exc: OSError, out: Scan) -> None:
    out.skipped.append(f"{rel or '.'}: cannot read folder: {exc.strerror}")
    out.unreadable.append((rel or ".", cannot_read(exc)))


def _set_apart(found: list[tuple[str, FileStat]], folder: str, rel: str, out: Scan,
               files: dict | None) -> tuple[int, int]:
    """Of the notes `found` of folder `rel` (at `folder`) whose name is a copy's: beside
    their original, into `copies` (a copy of a copy as a copy of the note itself); the
    others are notes, and a strict one alone is a lone copy too. Returns the count and
    digest of those that are notes. Whether the original is there is asked of the folder
    by name (as beside_its_note does), not of a list of its entries."""
    def path(name: str) -> str:
        return f"{rel}/{name}" if rel else name

    def present(name: str) -> bool:
        return os.path.lexists(os.path.join(folder, name))

    count = total = 0
    for name, st in found:
        copy = original_name(name)
        if not present(copy.original):
            if copy.strict:
                out.lone_copies.append((path(name), path(copy.original)))
            count, total = count + 1, total + digest(path(name), st)
            if files is not None:
                files[path(name)] = st
            continue
        original = copy.original
        for _ in range(8):  # a copy of a copy: name the note they all are copies of
            further = original_name(original)
            if further is None or not present(further.original):
                break
            original = further.original
        out.copies.append((path(name), path(original)))
    return count, total


def _walked_as_itself(link: str, root_prefix: str, config: Config) -> bool:
    """Whether the note a link (inside the vault) leads to is a note the walk takes under
    its own path."""
    target = os.path.realpath(link)
    rel = target[len(root_prefix):].replace(os.sep, "/")
    return plain_note(config, rel) and os.path.isfile(target)


NOT_UTF8_NAME = "the file name is not UTF-8 text: rename the note (vaultkit cannot index it)"


def _inside(path: str, root_prefix: str) -> bool:
    real = os.path.realpath(path)
    return real.startswith(root_prefix) or real == root_prefix[:-1]
