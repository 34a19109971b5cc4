"""One command's view of a vault: its config and an index brought up to date by `sync()`."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from .config import CONFIG_NAME, MARKER, Config, find_vault, load_config
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

    def agenda(self, today: dt.date, days: int | None = None, rules=(), tag: str | None = None):
        """The agenda for `today` from the index alone (no note file is read)."""
        from .index.rule_input import pending_referrals, rule_notes
        from .rules import build_agenda

        return build_agenda(rule_notes(self.conn), pending_referrals(self.conn), today,
                            self.rule_settings(), days, rules, tag)

    def rule_settings(self):
        from .rules import rule_settings

        return rule_settings(self.config.rules, self.config.root / MARKER / CONFIG_NAME)

    def close(self) -> None:
        self.index.close()


def open_session(vault: str | os.PathLike | None, index: str | os.PathLike | None) -> Session:
    """Find the vault, read its config and open its index (not yet synced)."""
    root = find_vault(vault)
    config = load_config(root)
    path = Path(index).expanduser() if index else default_path(root)
    return Session(config, open_index(path))
