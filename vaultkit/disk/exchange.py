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
from pathlib import Path

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


def replace_if(temp: Path, path: Path, expected: bytes) -> bool | None:
    """Put `temp` at `path` if `path` still holds `expected`: True when it did, False
    when another program's save was there (put back at `path`, nothing lost), None when
    the system cannot swap (the caller checks and renames instead)."""
    if not exchange(temp, path):
        return None
    if temp.read_bytes() == expected:  # `temp` now names what was at `path`
        return True
    exchange(temp, path)  # theirs back at `path`, ours back at `temp`
    return False
