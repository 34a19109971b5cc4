"""Which strings may be written as plain YAML scalars, and the double-quoted form of the rest.

A string is written plain only when every reader of the note reads it back as that same
string: YAML 1.1 (PyYAML, older tools), YAML 1.2 core (ruamel, js-yaml, Obsidian, Dataview)
and vaultkit's own loader. The readers disagree about numbers (`01012345678` is a string
to 1.1 and the integer 1012345678 to 1.2), words (`no`, `on`, `y` are booleans to 1.1),
times (`12:30` is 750 to 1.1), and each has its own indicators, so the rule is
deliberately narrow: anything that could start a number, a date, a time, `.inf`, a null, a
tag, an anchor, an alias, a directive, a flow collection, a block scalar or a quoted
scalar is quoted, and so is anything holding `: `, ` #`, a tab, a line break or a
character some reader does not accept raw. Quoting a string that needed none costs two
characters; writing plain a string a reader takes for a number loses the contact's data.
tests/test_values_emit.py holds it against PyYAML and ruamel.yaml on generated strings.
"""

from __future__ import annotations

import re

# Lower-cased: YAML 1.1 booleans (y/n, yes/no, on/off, true/false) and nulls of 1.1 and 1.2.
_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})
# A first character that starts a YAML construct, a number, a date or a time.
_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@`~=<+.0123456789")
# Characters every reader accepts raw on one line: no controls, tabs or line breaks (NEL,
# LS, PS count as breaks in YAML 1.1), no BOM, no surrogates or non-characters.
_RAW = "\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff"
_ALL_RAW = re.compile(f"[{_RAW}]*\\Z")
# Two shapes that start like a number but are none in any reader, written plain as people
# write them: a phone number (`+82 10-2345-6789`, `030 7654321`, `+1 (555) 123-4567`) — a
# `+` or a digit, then digits with at least one space, `(`, `)`, `/` (or, after a `+`, a
# `-`) between them: no number has those, and a date or time has a `:` or only `-`; and
# vCard's year-less date `--MM-DD`.
_PHONE = re.compile(
    r"(?:\+[0-9](?=[0-9]*[ ()/-])|[0-9](?=[0-9-]*[ ()/]))[0-9 ()/-]*[0-9)]\Z|--[0-9]{2}-[0-9]{2}\Z")
_ESCAPE = re.compile(f'[\\\\"]|[^{_RAW}]')


def plain_ok(text: str) -> bool:
    """Whether `key: TEXT` reads back as exactly TEXT, a string, in every reader."""
    if _PHONE.match(text):
        return True
    return bool(
        text
        and text[0] not in _FIRST
        and text == text.strip()
        and not text.endswith(":")
        and ": " not in text
        and " #" not in text
        and text.lower() not in _WORDS
        and _ALL_RAW.match(text)
    )


_NAMED = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def raw_ok(text: str) -> bool:
    """Whether TEXT holds only characters every reader takes raw inside quotes on one line
    (else it needs escapes: PyYAML's own emitter writes a NEL raw inside single quotes,
    where YAML 1.1 readers take it for a line break)."""
    return bool(_ALL_RAW.match(text))


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def double_quoted(text: str) -> str:
    """TEXT as a YAML double-quoted scalar on one line: `\\`, `"` and every character a
    reader may not take raw escaped (`\\xNN`, `\\uNNNN`, `\\UNNNNNNNN`, read alike by YAML
    1.1 and 1.2)."""
    return '"' + _ESCAPE.sub(_escape, text) + '"'


def scalar(text: str) -> str:
    """TEXT as a YAML scalar every reader reads back as that string: plain when safe."""
    return text if plain_ok(text) else double_quoted(text)


def flow_item(text: str) -> str:
    """TEXT as an item of a one-line flow list (`[a, "b, c"]`): plain only when it is
    letters, digits, spaces and `._-+/@()` alone (a `?` or `:` inside a flow list trips
    PyYAML, a `,` or bracket ends the item)."""
    if plain_ok(text) and all(char.isalnum() or char in " ._-+/@()" for char in text):
        return text
    return double_quoted(text)


def float_text(value: float) -> str:
    """A float as text every reader takes for that float (YAML 1.1 wants a `.` and a signed
    exponent: `1e+20` is a string to it)."""
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    mantissa, e, exponent = repr(value).partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    return f"{mantissa}{e}{exponent}"
