"""Every note as JSON: its front matter and its log, the schema in docs/commands.md."""

from __future__ import annotations

import json

ENTRY_KEYS = ("line", "date", "time", "channel", "text", "kinds", "links", "task")


def notes_json(notes: list[tuple[str, str, str, str, dict, list]]) -> str:
    """`notes`: (path, kind, file name, display name, front matter, stored entries)."""
    data = {"version": 1, "notes": [
        {"path": path, "kind": kind, "file_name": name, "name": title, "front_matter": meta,
         "entries": [dict(zip(ENTRY_KEYS, entry, strict=True)) for entry in entries]}
        for path, kind, name, title, meta, entries in notes]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
