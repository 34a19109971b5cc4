"""Where templates live (no Jinja needed to know it)."""

from __future__ import annotations

from pathlib import Path

USER_TEMPLATES = Path(".vaultkit") / "templates"  # relative to the vault


def builtin_dir() -> Path:
    """Templates shipped in the wheel (`vaultkit/_templates`), else the checkout's."""
    packaged = Path(__file__).parent / "_templates"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "templates"
