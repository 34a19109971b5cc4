"""Replacing a note without losing another program's save: where the system has it
(Linux's renameat2 with RENAME_EXCHANGE), the new file and the note swap names in one
step, and what was swapped out is compared with what vaultkit read. A save that landed
after the last check is then found, not overwritten: the swap is undone and the write
redone (disk/write.py). Elsewhere, a check right before the rename is the best there is.
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys
import time
from pathlib import Path

from vaultkit.errors import ConflictingEdit

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_renameat2 = None
if sys.platform.startswith("linux"):
    try:
        _renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it (glibc < 2.28, musl)
        _renameat2 = None


def exchange(a: Path, b: Path) -> bool:
    """Swap the names `a` and `b` atomically; False when the system or the file system
    cannot (then nothing happened)."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def replace_if(temp: Path, path: Path, expected: bytes, written: bytes | None = None
               ) -> bool | None:
    """Put `temp` at `path` if `path` still holds `expected`: True when it did, False
    when another program's save was there (put back at `path`, nothing lost), None when
    the system cannot swap (the caller checks and renames instead).

    Between the swap and the swap back, vaultkit's unconfirmed file stands at `path`: a
    program that saves the note just then saves into it, or over it. So what comes back
    is compared with `written` (what vaultkit wrote): when it differs, that save is kept
    beside the note (`NAME.saved-…`, not a note) and the write refused (ConflictingEdit)
    rather than the save deleted with vaultkit's temporary file."""
    if not exchange(temp, path):
        return None
    if temp.read_bytes() == expected:  # `temp` now names what was at `path`
        return True
    exchange(temp, path)  # theirs back at `path`, ours back at `temp`
    if written is not None and temp.read_bytes() != written:
        kept = _keep_aside(temp, path)
        raise ConflictingEdit(
            f"{path.name}: another program saved it twice while vaultkit wrote it; nothing "
            f"of vaultkit's was written, and that program's later save is kept beside it as "
            f"'{kept.name}': compare the two")
    return False


def _keep_aside(temp: Path, path: Path) -> Path:
    """Move `temp` to a name beside `path` that no note has and no clean-up removes."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    for number in range(1000):
        kept = path.with_name(f"{path.name}.saved-{stamp}" + (f"-{number}" if number else ""))
        try:
            os.link(temp, kept)  # never over an existing file
        except FileExistsError:
            continue
        except OSError:  # no hard links on this file system
            if kept.exists():
                continue
            os.rename(temp, kept)
        return kept
    raise ConflictingEdit(f"{path.name}: changed while vaultkit wrote it; nothing written")
