"""The files of a vault on disk: read one note, and write one whole — atomically, never
over another program's save, never over an existing file when creating one (the walk
that finds the notes: disk/scan.py)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from vaultkit.disk.exchange import replace_if
from vaultkit.disk.held import held_back
from vaultkit.disk.scan import UNREADABLE, FileStat, Unreadable, cannot_read, stored_mtime
from vaultkit.disk.temps import TEMP_PREFIX, clear_stale, fcntl
from vaultkit.errors import ReadOnlyNote


def read(root: Path, relpath: str) -> tuple[bytes, FileStat] | None:
    """The file's bytes with the stat of what was read; None if it is gone; Unreadable
    (with the stat a scan gives it) if it is there but cannot be read."""
    path = os.path.join(root, relpath)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        try:
            st = os.fstat(fd)
            return _read_all(fd, st.st_size), FileStat(stored_mtime(st.st_mtime_ns),
                                                       st.st_size)
        finally:
            os.close(fd)
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    except OSError as exc:
        try:
            st = os.stat(path)
        except OSError:
            return None
        raise Unreadable(cannot_read(exc), FileStat(stored_mtime(st.st_mtime_ns),
                                                    UNREADABLE)) from None


def _read_all(fd: int, size: int) -> bytes:
    """Every byte to the end of the file: one read when it holds `size` bytes, as the stat
    said (a short read of a file is its end), more when it grew meanwhile (a file object
    costs a tenth of reading ten thousand notes, for nothing a note needs)."""
    want = size + 1
    first = os.read(fd, want)
    if len(first) < want:
        return first
    chunks = [first]
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks)


def atomic_write(path: Path, text: str | Iterable[bytes], expected: bytes | None = None
                 ) -> bool:
    """Write a whole file so that readers see the old or the new content, never half:
    a temporary file in the same folder, fsync, then rename over the target (`text` may be
    a stream of bytes, written as it comes: a process killed half-way leaves the old file;
    `expected` is for text only). A file whose mode bits allow no writing is refused
    (ReadOnlyNote), whoever runs this; its mode, and its owner when root writes, are
    kept. With `expected` (the bytes the file held when it was read), another program's
    save is never replaced: the result is False, nothing written (disk/exchange.py:
    swapped and compared where the system can, else checked right before the rename)."""
    path = Path(path)
    st = _writable_stat(path)
    clear_stale(path.parent)
    with _held_temp(path, text) as temp:
        if st is not None:
            _same_owner_and_mode(temp, st)
        if expected is None:
            os.replace(temp, path)
            return True
        done = replace_if(temp, path, expected, text.encode("utf-8"))
        if done is None:  # no atomic swap here: check, then rename
            done = path.read_bytes() == expected
            if done:
                os.replace(temp, path)
        return done


def _same_owner_and_mode(temp: Path, st: os.stat_result) -> None:
    os.chmod(temp, st.st_mode & 0o7777)
    if hasattr(os, "geteuid") and os.geteuid() == 0 and (st.st_uid, st.st_gid) != (0, 0):
        try:  # root's new file would be root's: the note stays its owner's
            os.chown(temp, st.st_uid, st.st_gid)
        except OSError:
            pass


def _writable_stat(path: Path) -> os.stat_result | None:
    """The file's stat (None: no file yet); ReadOnlyNote if its mode bits allow no write,
    or if this user may not write it (root may, but the mode bits still decide)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    if not st.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise ReadOnlyNote(f"{path}: the file is read-only; not written (make it writable "
                           "to let vaultkit change it)")
    return st


def create_new(path: Path, text: str) -> None:
    """Write a new file whole, never over an existing one: a temporary file in the same
    folder, fsync, then a hard link to the name (which fails if the name is taken)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    clear_stale(path.parent)
    owned: list[Path] = []
    try:
        _link(_written_beside(path, text, owned), path, text)
    finally:
        _remove(owned)


_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


def create_all(files: Iterable[tuple[Path, str]], linked: list[Path] | None = None
               ) -> list[OSError | None]:
    """Write many new files as create_new does, with one flush to disk for all of them
    instead of one each (an import writes thousands): every file is written beside its
    name first, then all are flushed, then each is linked to its name. Returns, for each
    file, None or the error that kept it from being written (FileExistsError: the name
    is taken). If `files` raises, no file is left behind. `linked` gets each path as it
    is written: what a stop (Ctrl-C) part-way through the linking had written already."""
    pending: list[tuple[Path, str, Path | None]] = []
    errors: list[OSError | None] = []
    cleared: set[Path] = set()
    owned: list[Path] = []  # every temporary file made, removed at the end
    try:
        for path, text in files:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                if path.parent not in cleared:
                    clear_stale(path.parent)
                    cleared.add(path.parent)
                pending.append((path, text, _written_beside(path, text, owned, flush=False)))
                errors.append(None)
            except OSError as exc:
                pending.append((path, text, None))
                errors.append(exc)
        if hasattr(os, "sync"):
            os.sync()
        else:  # pragma: no cover - Windows
            for _path, _text, temp in pending:
                if temp is not None:
                    with open(temp, "rb+") as handle:
                        os.fsync(handle.fileno())
        _link_all(pending, errors, linked)
    finally:
        _remove(owned)
    return errors


def _link_all(pending: list[tuple[Path, str, Path | None]], errors: list[OSError | None],
              linked: list[Path] | None) -> None:
    """Link each file written beside its name to the name; an error in its place in
    `errors`, each path linked in `linked`."""
    for number, (path, text, temp) in enumerate(pending):
        if temp is None:
            continue
        with held_back():  # a stop comes after the count, never between: it is true
            try:
                _link(temp, path, text)
            except OSError as exc:
                errors[number] = exc
            else:
                if linked is not None:
                    linked.append(path)


def _link(temp: Path, path: Path, text: str) -> None:
    try:
        os.link(temp, path)
    except (AttributeError, NotImplementedError, PermissionError):
        # No hard links here (some file systems): exclusive create instead.
        with open(path, "x", encoding="utf-8", newline="") as handle:
            handle.write(text)


def _written_beside(path: Path, text: str, owned: list[Path], flush: bool = True) -> Path:
    """A temporary file in `path`'s folder holding `text`, flushed to disk (unless the
    caller flushes many at once), put in `owned` for the caller to remove. Named and
    created here rather than by tempfile.mkstemp, which costs ten times more: imports
    make thousands."""
    fd = _new_temp(path, owned)
    temp = owned[-1]
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            if flush:
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        named(exc, path)
        raise
    return temp


def named(exc: BaseException, path: Path) -> None:
    """Make `exc`, an OSError of writing (a full disk, a device error) that named no file,
    name `path`: cli.group takes an OSError naming none for a failure of standard output."""
    if isinstance(exc, OSError) and exc.filename is None:
        exc.filename = str(path)


@contextmanager
def _held_temp(path: Path, text: str | Iterable[bytes]) -> Iterator[Path]:
    """A temporary file beside `path` holding `text`, flushed, and locked (flock) for as long
    as the block runs, so that another writer's clean-up never takes it; removed after the
    block unless the block renamed it."""
    owned: list[Path] = []
    try:
        fd = _new_temp(path, owned)
        temp = owned[0]
        with os.fdopen(fd, "wb") as handle:
            if fcntl is not None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                for chunk in [text.encode("utf-8")] if isinstance(text, str) else text:
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            except OSError as exc:
                named(exc, path)
                raise
            yield temp
    finally:
        _remove(owned)


def _remove(temps: list[Path]) -> None:
    """Remove the temporary files `temps`, every one: a second Ctrl-C or SIGTERM waits until
    they are gone (found in review: one sent while an interrupted import removed its
    thousands left most of them behind)."""
    with held_back():
        for temp in temps:
            temp.unlink(missing_ok=True)


def _new_temp(path: Path, owned: list[Path]) -> int:
    """A new, empty temporary file beside `path`: `.vaultkit-NAME.PID.RANDOM.tmp`, so that a
    later write can tell vaultkit's from others' and whether its writer still runs. Put in
    `owned` (which the caller removes, whatever happens) in the same breath as it is made:
    a Ctrl-C or SIGTERM meanwhile waits until it is there (found in review: one arriving
    between the two left the file in the vault)."""
    with held_back():
        while True:
            temp = path.with_name(f"{TEMP_PREFIX}{path.name}.{os.getpid()}."
                                  f"{secrets.token_hex(4)}.tmp")
            try:
                fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666)
            except FileExistsError:
                continue
            owned.append(temp)
            return fd
