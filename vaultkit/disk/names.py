"""File names for new notes: safe on Windows, macOS and Linux, and in Obsidian links."""

from __future__ import annotations

import re
import unicodedata

_UNSAFE = re.compile(r'[/\\:*?"<>|#^\[\]\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}
MAX_BYTES = 120  # well under every file system's 255, leaving room for " 2" and ".md"


def safe_file_name(name: str) -> str:
    """`name` as a file name without `.md`: no path separators or characters Windows or
    Obsidian links reject, no reserved device names, no leading or trailing dots and spaces,
    at most MAX_BYTES of UTF-8 (cut at a character boundary)."""
    text = unicodedata.normalize("NFC", name)
    text = _UNSAFE.sub(" ", text)
    text = " ".join(text.split()).strip(" .")
    while len(text.encode("utf-8")) > MAX_BYTES:
        text = text[:-1]
    text = text.rstrip(" .")
    if not text:
        return "Untitled"
    if text.split(".")[0].upper() in _RESERVED:
        text = f"{text} (note)"
    return text


def unused_name(base: str, taken) -> str:
    """`base`, or `base 2`, `base 3`, … : the first that `taken(name)` says is free."""
    candidate, number = base, 2
    while taken(candidate):
        candidate = f"{base} {number}"
        number += 1
    return candidate
