"""Every note as JSON: its front matter and its log, the schema in docs/commands.md."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

ENTRY_KEYS = ("line", "date", "time", "channel", "text", "kinds", "links", "task")
_HEAD = '{\n  "version": 1,\n  "notes": ['
_PAD = "\n    "  # a note's lines, two levels in


def notes_json(notes: Iterable[tuple[str, str, str, str, dict, list]]) -> Iterator[str]:
    """`notes`: (path, kind, file name, display name, front matter, stored entries). The text
    of `json.dumps({"version": 1, "notes": [...]}, ensure_ascii=False, indent=2) + "\\n"`, a
    note at a time: each note dumped alone and indented two levels is what the whole dump
    holds (JSON strings hold no raw new line), so memory stays one note's."""
    yield _HEAD
    separator = _PAD
    for path, kind, name, title, meta, entries in notes:
        note = {"path": path, "kind": kind, "file_name": name, "name": title,
                "front_matter": meta,
                "entries": [dict(zip(ENTRY_KEYS, entry, strict=True)) for entry in entries]}
        yield separator + json.dumps(note, ensure_ascii=False, indent=2).replace("\n", _PAD)
        separator = "," + _PAD
    yield ("]" if separator == _PAD else "\n  ]") + "\n}\n"
