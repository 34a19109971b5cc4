"""Every note as JSON: its front matter and its log, the schema in docs/commands.md."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring as _string  # what json.dumps writes a str with

ENTRY_KEYS = ("line", "date", "time", "channel", "text", "kinds", "links", "task")
_HEAD = '{\n  "version": 1,\n  "notes": ['
_PAD = "\n    "  # a note's lines, two levels in


def notes_json(notes: Iterable[tuple[str, str, str, str, dict, list]]) -> Iterator[str]:
    """`notes`: (path, kind, file name, display name, front matter, stored entries). The text
    of `json.dumps({"version": 1, "notes": [...]}, ensure_ascii=False, indent=2) + "\\n"`, a
    note at a time, so memory stays one note's."""
    yield _HEAD
    separator = _PAD
    for path, kind, name, title, meta, entries in notes:
        note = {"path": path, "kind": kind, "file_name": name, "name": title,
                "front_matter": meta,
                "entries": [dict(zip(ENTRY_KEYS, entry, strict=True)) for entry in entries]}
        yield separator + indented(note, _PAD)
        separator = "," + _PAD
    yield ("]" if separator == _PAD else "\n  ]") + "\n}\n"


def indented(value: object, pad: str = "\n") -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)` nested where a new line is `pad`
    (a new line and the spaces of its depth), the same text faster: Python's
    encoder writes indented JSON in Python, one generator per level (3.11). Strings, dicts
    with string keys, lists and ints are written here; anything else goes to json.dumps."""
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is dict and all(type(key) is str for key in value):
        if not value:
            return "{}"
        inner = pad + "  "
        return ("{" + inner + ("," + inner).join(
            [_string(key) + ": " + indented(item, inner) for key, item in value.items()])
            + pad + "}")
    if kind is list:
        if not value:
            return "[]"
        inner = pad + "  "
        return "[" + inner + ("," + inner).join([indented(item, inner) for item in value]) \
            + pad + "]"
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", pad)
