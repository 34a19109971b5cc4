"""Note names for shell completion: read from the index as it is, read-only (never created,
synced, healed or locked), so that a key press answers at once and changes nothing."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from vaultkit.config import find_vault
from vaultkit.errors import VaultkitError
from vaultkit.index import unsynced
from vaultkit.index.db import default_path

MOST = 200  # names offered at most: a shell shows no more than a screen anyway


def completion_names(prefix: str, vault: str | os.PathLike | None = None,
                     index: str | os.PathLike | None = None) -> list[str]:
    """The display names that begin with `prefix` (ignoring case), sorted; [] when there
    is no vault or no readable index."""
    try:
        root = find_vault(vault)
        path = Path(index).expanduser() if index else default_path(root)
        if not path.is_file():
            return []
        # With no WAL beside it (no process has the index open) the file is the whole
        # index: read it as immutable, which makes no -shm or -wal file either.
        live = Path(f"{path}-wal").exists()
        mode = "mode=ro" if live else "mode=ro&immutable=1"
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True, timeout=0.5)
        try:
            if unsynced.state(path) == unsynced.TORN and not unsynced.handled(conn, path):
                return []  # may be torn by a crash: the next command rebuilds it
            titles = [t for (t,) in conn.execute("SELECT DISTINCT title FROM notes")]
        finally:
            conn.close()
    except (VaultkitError, sqlite3.Error, OSError, ValueError):
        return []
    wanted = prefix.casefold()
    return sorted((t for t in titles if t.casefold().startswith(wanted)), key=str.casefold)[
        :MOST]
