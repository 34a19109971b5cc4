"""One command's view of a vault: its config and an index brought up to date by `sync()`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .config import Config, find_vault, load_config
from .index.db import Index, default_path, open_index
from .index.queries import notes_with_problems
from .index.sync import Progress, SyncStats, sync


@dataclass
class Session:
    config: Config
    index: Index

    @property
    def conn(self):
        return self.index.conn

    def sync(self, *, rebuild: bool = False, progress: Progress | None = None) -> SyncStats:
        return sync(self.index, self.config, rebuild=rebuild, progress=progress)

    def problem_notice(self) -> str | None:
        """`2 notes have problems; run 'vaultkit check'`, or None."""
        count = notes_with_problems(self.index.conn)
        if not count:
            return None
        noun = "note has" if count == 1 else "notes have"
        return f"{count} {noun} problems; run 'vaultkit check'"

    def close(self) -> None:
        self.index.close()


def open_session(vault: str | os.PathLike | None, index: str | os.PathLike | None) -> Session:
    """Find the vault, read its config and open its index (not yet synced)."""
    root = find_vault(vault)
    config = load_config(root)
    path = Path(index).expanduser() if index else default_path(root)
    return Session(config, open_index(path))
