"""`vaultkit init`: a new vault, or what an existing folder lacks — never overwriting."""

from __future__ import annotations

import re
from pathlib import Path

from vaultkit.config import CONFIG_NAME, MARKER, builtin_dir
from vaultkit.disk.bounds import inside, refuse_links_out
from vaultkit.disk.files import create_new
from vaultkit.disk.lock import write_lock
from vaultkit.errors import VaultkitError

FOLDERS = ("people", "leads", "events", "orgs", "prep")
PREP = ("Résumé.md", "Cover letter.md", "References.md", "One-minute pitch.md",
        "Questions for informational interviews.md")
_NOT_CONTENT = re.compile(r"^\s*(#.*|%%.*%%|)\s*$")


def init_vault(root: Path, lock: Path) -> list[str]:
    """Create what is missing, holding the vault's write lock (the file `lock`); return
    one line for each thing made or kept."""
    try:
        with write_lock(lock):
            return _init(root)
    except OSError as exc:
        raise VaultkitError(f"{root}: cannot set up a vault here: {exc.strerror}") from None


def _init(root: Path) -> list[str]:
    report = []
    root.mkdir(parents=True, exist_ok=True)
    templates = builtin_dir()
    for folder in (MARKER, f"{MARKER}/templates", *FOLDERS):
        path = root / folder
        refuse_links_out(root, path, "nothing created through it")
        report.append(f"kept {folder}/" if path.is_dir() else f"created {folder}/")
        path.mkdir(parents=True, exist_ok=True)
    files = [(f"{MARKER}/{CONFIG_NAME}", templates / "vault" / "config.toml")]
    files += [(f"prep/{name}", templates / "prep" / name) for name in PREP]
    for relpath, source in files:
        refuse_links_out(root, root / relpath, "nothing created through it")
        try:
            create_new(root / relpath, source.read_text(encoding="utf-8"))
            report.append(f"created {relpath}")
        except FileExistsError:
            report.append(f"kept {relpath} (exists)")
    return report


def empty_prep(root: Path) -> list[str]:
    """The prep notes still missing or empty: nothing but headings, comments and blanks."""
    found = []
    for name in PREP:
        path = root / "prep" / name
        if not path.exists():
            found.append(f"prep/{name}: missing (vaultkit init adds it)")
            continue
        if not inside(root, path):
            found.append(f"prep/{name}: a symbolic link out of the vault; not read")
            continue
        text = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8", errors="replace"),
                      flags=re.S)
        if all(_NOT_CONTENT.match(line) for line in text.splitlines()):
            found.append(f"prep/{name}: still empty")
    return found
