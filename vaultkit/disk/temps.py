"""Temporary files left by interrupted writes: which are vaultkit's, which are abandoned,
and clearing them — by the next write in their folder, listed by `check` until then.

Every vaultkit write goes through a temporary file beside its target, named
`.vaultkit-NAME.PID.RANDOM.tmp` (disk/files.py). A single write holds an flock on its
temporary file until the rename, so a lock that can be taken means its writer is gone. A
temporary file is abandoned when nobody holds that lock, and either it is older than an
hour or the process that made it (same machine) no longer runs. Earlier versions named
them `.NAME.md.RANDOM.tmp`: those count after an hour.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock; age and pid decide
    fcntl = None  # type: ignore[assignment]

TEMP_PREFIX = ".vaultkit-"
STALE_S = 3600.0
_TEMP = re.compile(r"\.vaultkit-.+\.(\d+)\.[0-9a-f]{8}\.tmp")
MESSAGE = ("a temporary file left by an interrupted write; the next vaultkit write in its "
           "folder removes it")


def abandoned(folder: Path) -> list[Path]:
    """vaultkit's abandoned temporary files in `folder` (not below it)."""
    found = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if name[0] != "." or not name.endswith(".tmp") or not entry.is_file(
                        follow_symlinks=False):
                    continue
                # Only vaultkit's prefix: a file of another program (or of an earlier
                # version, named `.NAME.md.XXXXXXXX.tmp`) is never taken for one of ours.
                ours = _TEMP.fullmatch(name)
                if ours and _given_up(entry, int(ours.group(1))):
                    found.append(Path(entry.path))
    except OSError:
        pass
    return found


def clear_stale(folder: Path) -> None:
    """Remove the abandoned temporary files in `folder` (a write is about to make one)."""
    for temp in abandoned(folder):
        try:
            temp.unlink()
        except OSError:
            pass


def in_vault(root: Path) -> list[str]:
    """Every abandoned temporary file in the vault's folders (hidden ones passed over, links
    not followed), relative with `/`, for `check`."""
    found, todo = [], [str(root)]
    while todo:  # a list, not os.walk, which recurses once a level (a deep vault: review)
        folder = todo.pop()
        found += [temp.relative_to(root).as_posix() for temp in abandoned(Path(folder))]
        try:
            with os.scandir(folder) as entries:
                todo += [e.path for e in entries
                         if e.name[0] != "." and e.is_dir(follow_symlinks=False)]
        except OSError:  # unreadable: check says so from the walk of the notes
            continue
    return sorted(found)


def _given_up(entry: os.DirEntry, pid: int | None) -> bool:
    try:
        age = time.time() - entry.stat(follow_symlinks=False).st_mtime
    except OSError:
        return False
    if age < STALE_S and (pid is None or pid == os.getpid() or _running(pid)):
        return False
    return not _locked(entry.path)


def _running(pid: int) -> bool:
    if os.name == "nt":  # pragma: no cover - os.kill(pid, 0) would end the process there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's
    return True


def _locked(path: str) -> bool:
    """Whether a writer holds the file's flock (then it is in use, whatever its age)."""
    if fcntl is None:  # pragma: no cover - Windows
        return False
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return True  # cannot tell: leave it
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)
