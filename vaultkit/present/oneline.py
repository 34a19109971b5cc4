"""`one_line`: text safe on one line of output, for what vaultkit prints of a person's notes
(`check`, `index`, `watch`, `stats`). A module of its own, of the standard library alone:
`index` and `watch` print through it without loading the templates' filters."""

from __future__ import annotations

import re

_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """`text` safe on one line of output: control characters (a newline in a file name
    would forge a line of `check`) written as escapes, `\\n`, `\\x1b`."""
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub(lambda m: {"\n": "\\n", "\r": "\\r"}.get(
        m.group(), f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
        else f"\\u{ord(m.group()):04x}"), text)
