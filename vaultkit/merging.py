"""The library face of git's merge driver: `merge_file()` is what `vaultkit merge-file`
runs once per note that changed on both sides of a pull (docs/git-sync.md).

Kept light on purpose: a pull that merges fifty notes starts fifty processes, so the driver
loads this module and the note anatomy, and the YAML reader and merge3 only when a note
needs them — no Click, no index, no templates, no Vault (tests/test_merge_driver.py holds
the list).
"""

from __future__ import annotations

import os
import sys

from vaultkit.errors import UsageError, VaultkitError
from vaultkit.merge.note import Merged, merge_byte_lines, merge_notes, merge_text_lines

DEFAULT_LOG_HEADINGS = ("Log",)  # config.DEFAULT_LOG_HEADINGS (tests/test_merge_driver.py)
_MARKER, _CONFIG = ".vaultkit", "config.toml"  # config.MARKER, config.CONFIG_NAME

__all__ = ["Merged", "merge_file", "merge_texts"]


MAX_BYTES = 16 * 1024 * 1024  # a side larger than this is not merged (git's side stays)


class NotMerged(VaultkitError):
    """Files the driver leaves to the person: ours stays as it was, git marks the file
    conflicted and keeps every side (`git checkout --theirs`/`--ours` picks one)."""


def merge_file(base: str | os.PathLike, ours: str | os.PathLike, theirs: str | os.PathLike,
               path: str | None = None) -> Merged:
    """Merge three versions of a file, git's way: the result is written over `ours`
    (git's %A). `path` is where the note lives in the work tree (git's %P, relative to the
    current folder): the vault's config there says which headings hold the log. A file
    with NUL bytes (binary, UTF-16) or larger than MAX_BYTES raises NotMerged."""
    data = [_read(name) for name in (base, ours, theirs)]
    if any(b"\0" in side for side in data):
        raise NotMerged(f"{path or ours}: not text (NUL bytes: binary, or UTF-16); left as "
                        "ours for you to choose a side")
    try:
        texts = [side.decode("utf-8") for side in data]
    except UnicodeDecodeError:  # not a note: merged as lines, every byte kept
        out, conflicts = merge_byte_lines(*data)
        _replace(os.fspath(ours), out)
        return Merged(out.decode("utf-8", "surrogateescape"), conflicts, True)
    merged = _merge(texts, log_headings(path))
    _replace(os.fspath(ours), merged.text.encode("utf-8"))
    return merged


def _merge(texts: list[str], headings: tuple[str, ...]) -> Merged:
    """merge_notes, and should it fail on something nobody foresaw, the line merge: the
    driver never leaves git a file without both sides."""
    try:
        return merge_notes(*texts, headings)
    except Exception as exc:  # noqa: BLE001 - any failure: fall back, never lose a side
        print(f"vaultkit merge-file: merged line by line ({type(exc).__name__}: {exc})",
              file=sys.stderr)
        return merge_text_lines(*texts)


def merge_texts(base: str, ours: str, theirs: str, log_headings: tuple[str, ...] = ("Log",)
                ) -> Merged:
    """Merge three versions of a note's text (no file is read or written)."""
    return merge_notes(base, ours, theirs, log_headings)


def log_headings(path: str | None) -> tuple[str, ...]:
    """The log headings of the vault holding `path`: the defaults outside a vault, and
    when its config does not set them — then the config is not even loaded, which keeps
    the driver's start-up small. A config that cannot be read: the defaults too (a merge
    must still happen), the reason on stderr."""
    config = _config_file(path) if path else None
    if config is None:
        return DEFAULT_LOG_HEADINGS
    try:
        with open(config, "rb") as handle:
            if b"log_headings" not in handle.read():
                return DEFAULT_LOG_HEADINGS
        from pathlib import Path  # edge: only for a config that sets them

        from vaultkit.config import load_config  # edge: only for a config that sets them

        return load_config(Path(os.path.dirname(os.path.dirname(config)))).log_headings
    except (OSError, VaultkitError) as exc:
        print(f"vaultkit merge-file: {exc}; merging with the default log heading",
              file=sys.stderr)
        return DEFAULT_LOG_HEADINGS


def _config_file(path: str) -> str | None:
    """The config file of the nearest vault (a folder with `.vaultkit/`) above `path`."""
    folder = os.path.dirname(os.path.abspath(path))
    while True:
        if os.path.isdir(os.path.join(folder, _MARKER)):
            config = os.path.join(folder, _MARKER, _CONFIG)
            return config if os.path.exists(config) else None
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _read(path: str | os.PathLike) -> bytes:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {(exc.strerror or str(exc)).lower()}") from None
    if len(data) > MAX_BYTES:
        raise NotMerged(f"{path}: larger than {MAX_BYTES // 2**20} MB; left as ours for you to "
                        "choose a side")
    return data


def _replace(path: str, data: bytes) -> None:
    """Write `data` over `path` through a file beside it: all of it, or nothing. No fsync:
    `path` is git's scratch copy, read back as soon as the driver exits; after a crash the
    merge is simply made again, and git's index still holds all three sides."""
    folder, name = os.path.split(path)
    temp = os.path.join(folder, f".vaultkit-merge.{os.getpid()}.{name}.tmp")
    try:
        with open(temp, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except OSError as exc:
        if os.path.exists(temp):
            os.unlink(temp)
        raise VaultkitError(f"{path}: cannot write the merge: "
                            f"{(exc.strerror or str(exc)).lower()}") from None
