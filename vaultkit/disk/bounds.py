"""The vault's bounds: nothing is created, written or read through a symbolic link that
leads out of the vault (a kind folder, prep/, .vaultkit/ or a template linked to /etc). A
link that stays inside is followed, as the scan follows it."""

from __future__ import annotations

import os
from pathlib import Path

from vaultkit.errors import LinkOutOfVault


def inside(root: Path | str, path: Path | str) -> bool:
    """Whether `path`, with every link on the way followed, is `root` or in it."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def refuse_links_out(root: Path, path: Path, what: str = "nothing written") -> None:
    """LinkOutOfVault, naming the link, if a symbolic link on the way from `root` to `path`
    (the folders, and `path` itself) leads out of the vault. `path` must be below `root`
    as written (not through links); a path elsewhere is not checked."""
    base = os.path.abspath(root)
    full = os.path.abspath(path)
    if not full.startswith(base.rstrip(os.sep) + os.sep):
        return
    current = base
    for part in Path(full[len(base):].lstrip(os.sep)).parts:
        current = os.path.join(current, part)
        if os.path.islink(current) and not inside(base, current):
            link = Path(current).relative_to(base).as_posix()
            raise LinkOutOfVault(f"{link}: a symbolic link out of the vault (to "
                                 f"{os.path.realpath(current)}); {what}")
