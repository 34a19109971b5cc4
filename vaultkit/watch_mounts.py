"""Whether every change to a vault reaches an inotify watcher as an event, and if not, why
(for `watch`'s notice): inotify, and the vault on a local filesystem, with no mount of
another type inside it (a network share, a VM's shared folder and FUSE give no event for
a change made elsewhere)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from vaultkit.disk.vouch import SUPPORTED

LOCAL = frozenset({"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "f2fs", "zfs", "bcachefs",
                   "overlay", "jfs", "reiserfs", "ramfs", "nilfs2",
                   # a USB stick or a dual-boot disk, mounted by the kernel; an encrypted
                   # home stacked on a local one
                   "vfat", "msdos", "exfat", "ntfs3", "hfsplus", "ecryptfs"})


def why_events_may_be_missed(root: Path, polling: bool) -> str | None:
    """Why a change to the vault may reach a watcher as no event, for a person; None when
    every change does: inotify, and the vault on a local filesystem, with no other kind of
    mount inside it."""
    if polling:
        return "a watch that polls sees a change only at its next look"
    if not SUPPORTED:
        return "this needs Linux (its inotify and flock)"
    try:
        mounts = _mounts()
    except OSError as exc:
        return f"the mounts are unknown (/proc/self/mountinfo: {exc.strerror or exc})"
    real = os.path.realpath(root)
    holding = max((m for m in mounts if _within(real, m[0])), key=lambda m: len(m[0]),
                  default=None)
    if holding is None:
        return f"no mount holds {real}"
    inside = [m for m in mounts if _within(m[0], real) and m[0] != real]
    for point, kind in [holding, *inside]:
        if kind not in LOCAL:  # a change made on another machine gives no event here
            return (f"the mount at {point} is of type {kind}, where a change made elsewhere "
                    "gives no event")
    return None


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _mounts() -> list[tuple[str, str]]:
    """(mount point, filesystem type) of each mount (/proc/self/mountinfo)."""
    out = []
    with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as info:
        for line in info:
            fields = line.split()
            if "-" in fields:
                point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), fields[4])
                out.append((point, fields[fields.index("-") + 1]))
    return out
