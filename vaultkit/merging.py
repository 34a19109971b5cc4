"""The library face of git's merge driver: `merge_file()` is what `vaultkit merge-file`
runs once per note that changed on both sides of a pull (docs/git-sync.md).

Kept light on purpose: a pull that merges fifty notes starts fifty processes, so this
module and what it imports (the note anatomy, the YAML reader, merge3) are all the driver
loads — no index, no templates, no Vault (tests/test_merge_driver.py holds the list).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from vaultkit.config import DEFAULT_LOG_HEADINGS, find_vault, load_config
from vaultkit.errors import UsageError, VaultkitError, VaultNotFound
from vaultkit.merge.note import Merged, merge_byte_lines, merge_notes

__all__ = ["Merged", "merge_file", "merge_texts"]


def merge_file(base: str | os.PathLike, ours: str | os.PathLike, theirs: str | os.PathLike,
               path: str | None = None) -> Merged:
    """Merge three versions of a file, git's way: the result is written over `ours`
    (git's %A). `path` is where the note lives in the work tree (git's %P, relative to the
    current folder): the vault's config there says which headings hold the log."""
    data = [_read(Path(name)) for name in (base, ours, theirs)]
    headings = log_headings(path)
    try:
        texts = [side.decode("utf-8") for side in data]
    except UnicodeDecodeError:  # not a note: merged as lines, every byte kept
        merged = merge_byte_lines(*data)
        _replace(Path(ours), merged.text.encode("latin-1"))
    else:
        merged = merge_notes(*texts, headings)
        _replace(Path(ours), merged.text.encode("utf-8"))
    return merged


def merge_texts(base: str, ours: str, theirs: str, log_headings: tuple[str, ...] = ("Log",)
                ) -> Merged:
    """Merge three versions of a note's text (no file is read or written)."""
    return merge_notes(base, ours, theirs, log_headings)


def log_headings(path: str | None) -> tuple[str, ...]:
    """The log headings of the vault holding `path` (the defaults outside a vault, or when
    its config cannot be read: a merge must still happen; the reason goes to stderr)."""
    if not path:
        return DEFAULT_LOG_HEADINGS
    try:
        return load_config(find_vault(None, Path(path).parent)).log_headings
    except VaultNotFound:
        return DEFAULT_LOG_HEADINGS
    except VaultkitError as exc:
        print(f"vaultkit merge-file: {exc}; merging with the default log heading",
              file=sys.stderr)
        return DEFAULT_LOG_HEADINGS


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {(exc.strerror or str(exc)).lower()}") from None


def _replace(path: Path, data: bytes) -> None:
    """Write `data` over `path` through a file beside it: all of it, or nothing. No fsync:
    `path` is git's scratch copy, read back as soon as the driver exits; after a crash the
    merge is simply made again, and git's index still holds all three sides."""
    temp = path.with_name(f".vaultkit-merge.{os.getpid()}.{path.name}.tmp")
    try:
        with open(temp, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise VaultkitError(f"{path}: cannot write the merge: "
                            f"{(exc.strerror or str(exc)).lower()}") from None
