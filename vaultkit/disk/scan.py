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
from collections.abc import Callable

from xxhash import xxh3_64_intdigest

from vaultkit.config import Config
from vaultkit.disk.copies import LAST, original_name, original_of_note
from vaultkit.disk.notepaths import beside_its_note, plain_note, shown_name, utf8_name  # noqa: F401 (beside_its_note, plain_note: re-exported)
from vaultkit.disk.scan_links import Below, branch, walks_into
from vaultkit.disk.scan_split import shared_walk
from vaultkit.disk.scanned import LIMIT_NS as LIMIT  # stored_mtime's bounds, inline
from vaultkit.disk.scanned import (  # noqa: F401 (re-exported: what a scan gives)
    UNREADABLE,
    FileStat,
    Scan,
    Unreadable,
    cannot_read,
    digest,
    stored_mtime,
    token,
)


def scan(config: Config, keep: bool = True, changed_after: int | None = None,
         split: bool = False, beside: Callable[[], None] = lambda: None) -> Scan:
    """Walk the vault. Hidden files and folders, `exclude` globs and symbolic links that lead
    out of the vault are passed over; a folder reached twice (a link loop) is walked once.
    `keep=False`: the notes' count and digest, and in `files` only those whose mtime is
    after `changed_after` (ns; none without it) — the few a person edited since the last
    sync (index/look.py); links and copies are kept too, as there are few. `split` (with
    `keep=False`, a large vault): shared by two processes where it can be (scan_split.py),
    `beside` run meanwhile (once, and before the walk when it is not shared)."""
    found = None
    if split and not keep:
        found = shared_walk(lambda part: _scan(config, keep, changed_after, part), beside)
    else:
        beside()
    found = found or _scan(config, keep, changed_after, None)
    # By path: a shared walk's two processes give them in another order
    found.skipped.sort(key=lambda line: (line.partition(": ")[0], line))
    for passed_over in (found.unreadable, found.copies, found.lone_copies):
        passed_over.sort()
    return found


def _scan(config: Config, keep: bool, changed_after: int | None, part: int | None) -> Scan:
    root = str(config.root)
    out = Scan(after=None if keep else changed_after, part=part)
    files = out.files if keep or changed_after is not None else None
    out.count, out.digest = _walk(root, config, out, root + os.sep, files)
    return out


def _walk(root: str, config: Config, out: Scan, root_prefix: str, files: dict | None
          ) -> tuple[int, int]:
    """Walk the folders from `root` into `out`, the notes into `files` if kept: (count,
    digest). In the order a recursive walk takes — a folder, then each entry below it in
    turn (a folder's whole tree before the next entry), then its copies set apart — but
    from a list of what is left to do, not the stack: however deep the vault (found in
    review: 980 levels of folders ended in a RecursionError). Each folder is read and
    closed before the walk goes below it: one folder open at a time (a low limit of open
    files dropped deep notes)."""
    seen: set[tuple[int, int]] = set()
    count = total = 0
    todo: list[tuple] = [("folder", root, "")]
    while todo:
        step = todo.pop()
        if step[0] == "folder":
            n, d, later = _folder(step[1], step[2], config, out, seen, files)
            todo.extend(reversed(later))
        elif step[0] == "below":
            n, d, later = _below(step[1], step[2], config, out, seen, root_prefix, files)
            todo.extend(later)
        else:  # "copies": after all below the folder, as before
            n, d = _set_apart(step[3], step[1], step[2], out, files)
        count, total = count + n, total + d
    return count, total


def _folder(folder: str, rel: str, config: Config, out: Scan, seen: set,
            files: dict | None) -> tuple[int, int, list[tuple]]:
    """One folder's notes, and the steps it leaves: each entry below it, then its copies."""
    opened = _entries(folder, rel, out, seen)
    if opened is None:
        return 0, 0, []
    fd, entries = opened
    try:
        with entries:
            count, total, copies, below = _read(entries, folder, rel, config, out, files)
    finally:  # before the walk goes below
        if fd is not None:
            os.close(fd)
    return count, total, [*(("below", sub, copies) for sub in below),
                          ("copies", folder, rel, copies)]


def _below(sub: Below, copies: list, config: Config, out: Scan, seen: set, root_prefix: str,
           files: dict | None) -> tuple[int, int, list[tuple]]:
    """What is not a plain file: a folder to walk (as the step it leaves), a note through a
    link, or nothing."""
    try:
        walk = walks_into(sub, config, out, root_prefix)
        if walk:
            return 0, 0, [("folder", sub.path, sub.relpath)]
        if walk is False or out.part == 1:  # a link to a note: the first process's, since
            return 0, 0, []  # a note two links lead to is taken once (`seen`, one process's)
        return (*branch(sub, config, out, seen, root_prefix, files, copies), [])
    except OSError as exc:  # vanished, or a link to nothing
        out.skipped.append(f"{sub.relpath}: {exc.strerror}")
        return 0, 0, []


def _read(entries, folder: str, rel: str, config: Config, out: Scan, files: dict | None):
    """A folder's notes, one entry at a time, stat'ed by name: (count, digest, copies, below)."""
    excluded, prefix = config.excluded if config.exclude else None, f"{rel}/" if rel else ""
    count, total, copies, below = 0, 0, [], []  # copies: (name, stat) of possible copies
    xx, join, after, part = xxh3_64_intdigest, os.path.join, out.after, out.part
    try:
        for entry in entries:
            name = entry.name
            try:
                if part is not None and hash(name) & 1 != part and entry.is_file(
                        follow_symlinks=False):
                    continue  # a note of the other process's share (scan_split.py)
                if name[0] == "." or not entry.is_file(follow_symlinks=False) and _aside(
                        entry, join(folder, name), prefix + name, out, below):
                    continue
                relpath = prefix + name
                if not name.endswith(".md") or not name.isascii() and _not_utf8(
                        entry, relpath, out) or excluded and excluded(relpath):
                    continue
                st = entry.stat()
                mtime = ns if -LIMIT <= (ns := st.st_mtime_ns) < LIMIT else stored_mtime(ns)
                size = st.st_size if st.st_mode & 0o444 == 0o444 or os.access(
                    join(folder, name), os.R_OK) else UNREADABLE
                if name[-4] in LAST and (name[-4] in ")1" or "-" in name or (
                        "onflict" in name)) and original_of_note(name):  # may_be_copy
                    copies.append((name, FileStat(mtime, size)))  # at the end
                    continue
                count += 1  # and its digest, as token() makes it, inline:
                total += xx(f"{relpath}\0{mtime}\0{size}".encode()) >> 2
                if files is not None and (after is None or mtime > after):
                    files[relpath] = FileStat(mtime, size)
            except PermissionError:  # read, but not searched (no `x`): all of it
                raise
            except OSError as exc:  # vanished, or a link to nothing
                out.skipped.append(f"{prefix}{name}: {exc.strerror}")
    except OSError as exc:  # the folder could not be read to its end, or not searched
        _cannot_read(rel, exc, out, midway=True)
        if isinstance(exc, PermissionError):
            below = []  # nothing below it can be reached either
    return count, total, copies, below


def _aside(entry: os.DirEntry, path: str, relpath: str, out: Scan, below: list) -> bool:
    """True: an entry that is not a plain file (a folder, a link, …), kept in `below` for
    after the folder is closed, unless its name is not UTF-8 (said in `out`)."""
    if entry.name.isascii() or not _not_utf8(entry, relpath, out):
        below.append(Below(path, relpath, entry.is_symlink(),
                           entry.is_dir(follow_symlinks=False)))
    return True


def _not_utf8(entry: os.DirEntry, relpath: str, out: Scan) -> bool:
    """Whether the entry's name is not UTF-8 (the index holds UTF-8 names): a note or folder
    so named is a problem to report, and passed over."""
    if utf8_name(entry.name):
        return False
    if entry.name.endswith(".md") or entry.is_dir(follow_symlinks=False):
        out.unreadable.append((shown_name(relpath), NOT_UTF8_NAME))
    return True


def _entries(folder: str, rel: str, out: Scan, seen: set):
    """(the folder's descriptor or None, its entries as an open `os.scandir` iterator), or
    None (and why, in `out`) for a folder walked already or that cannot be read. By a
    descriptor where the system can (not Windows): its notes are then stat'ed by name."""
    try:
        if not BY_FD:
            st = os.stat(folder)
            return None if _walked(st, rel, out, seen) else (None, os.scandir(folder))
        fd = os.open(folder, _FOLDER)
        try:
            if _walked(os.fstat(fd), rel, out, seen):
                os.close(fd)
                return None
            return fd, os.scandir(fd)
        except BaseException:
            os.close(fd)
            raise
    except OSError as exc:
        _cannot_read(rel, exc, out)
        return None


def _walked(st: os.stat_result, rel: str, out: Scan, seen: set) -> bool:
    if (st.st_dev, st.st_ino) in seen:
        out.skipped.append(f"{rel or '.'}: folder already indexed (a symbolic link loop?)")
        return True
    seen.add((st.st_dev, st.st_ino))
    return False


BY_FD = os.scandir in os.supports_fd and os.stat in os.supports_dir_fd
_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)


def _cannot_read(rel: str, exc: OSError, out: Scan, midway: bool = False) -> None:
    """A folder passed over: it could not be opened, or (`midway`) read to its end or
    searched — where each process of a shared walk stops in it may differ (scan_split.py)."""
    out.folder_errors += midway
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


NOT_UTF8_NAME = "the file name is not UTF-8 text: rename the note (vaultkit cannot index it)"
