"""Front matter of the few simple shapes most notes have, read without libyaml.

Most front matter is a list of `key: value` lines, where a value is a word or sentence, a
number, a date, a quoted string or a list of such (`[a, b]`, or `- a` lines under the
key). Composing that with libyaml and walking its nodes is the largest part of parsing a
note (issue 17: about a third of a cold index's parse). `plain_front` reads those shapes
line by line and gives what notes/frontmatter.load would give: the same values, after
`normalise`, and the same line for each key. Anything else, or anything it is not sure of,
gives None and the note goes through libyaml as before; so this only ever chooses what
the YAML 1.2 loader would have read (a property test holds the two equal over generated
front matter, tests/test_yaml_plain.py).
"""

from __future__ import annotations

import re

from vaultkit.notes.yaml12 import NODE_BUDGET, Yaml12Loader, int_or_text

# A key: words of letters, digits, `_`, `.` and `-`, one space between them, beginning with
# a letter or `_` (so no key is a number, and none is null or a boolean: see _TYPED_KEYS).
_KEY = r"[A-Za-z_][A-Za-z0-9_.-]*(?: [A-Za-z0-9_.-]+)*"
_ENTRY = re.compile(rf"({_KEY}):(?: (.*))?")
_ITEM = re.compile(r"( *)- (.*)")
# What YAML reads otherwise in any value: tabs, other line breaks, the characters it does
# not allow (C0 and C1 controls, surrogates, non-characters) and a byte order mark.
_UNSURE = re.compile("[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff"
                     "\ud800-\udfff\ufffe\uffff]")
_LONGEST_KEY = 512  # libyaml reads a simple key of 1,024 characters at most: well within
_TYPED_KEYS = frozenset({"null", "Null", "NULL", "true", "True", "TRUE", "false", "False",
                         "FALSE"})
# A plain scalar's first character must not be one of YAML's indicators; a flow item's
# must not be either, and no character of one may be a flow indicator.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW = frozenset(",[]{}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# YAML 1.2 core's resolvers (and dates), by first character, as the loader has them (those
# for any first character after each list, as the loader tries them).
_RESOLVERS = {first: tuple(resolvers + Yaml12Loader.yaml_implicit_resolvers.get(None, []))
              for first, resolvers in Yaml12Loader.yaml_implicit_resolvers.items()
              if first is not None}
_ANY_FIRST = tuple(Yaml12Loader.yaml_implicit_resolvers.get(None, []))


def plain_front(raw: str, first_line: int) -> tuple[dict, dict[str, int]] | None:
    """(data, file line of each key) of front matter text of the simple shapes, as
    frontmatter.load gives them; None when it is of any other shape (load it in full)."""
    if _UNSURE.search(raw) or _past_limits(raw):
        return None
    lines = raw.split("\n")
    if lines[-1] == "":
        lines.pop()
    data: dict = {}
    key_lines: dict[str, int] = {}
    under: str | None = None  # the key of a `key:` line, while `- item` lines may follow
    items: list = []
    indent: int | None = -1  # the items' indentation, once one is read
    for number, line in enumerate(lines):
        if under is not None:
            if line[:1] in (" ", "-"):
                if (indent := _item(line, indent, items)) is None:
                    return None
                continue
            data[under] = _block_list(items, indent)
            under = None
        if not line.strip(" ") or line[0] == "#":
            continue  # a blank line (spaces only: to YAML, U+00A0 is text), or a comment's
        if (entry := _entry(line, key_lines)) is None:
            return None
        key, text = entry
        key_lines[key] = first_line + number
        if text is None:  # `key:`: a block list may follow
            under, items, indent = key, [], -1
            continue
        value = _value(text) if text else None  # `key: ` is null
        if value is _NOT:
            return None
        data[key] = value
    if under is not None:
        data[under] = _block_list(items, indent)
    return data, key_lines


def _past_limits(raw: str) -> bool:
    """Whether the loader might stop at its budget of values (yaml12.NODE_BUDGET): each
    key and item takes a line or follows a comma, so with fewer lines and commas than
    half the budget it cannot (past that, the loader decides)."""
    return raw.count("\n") + raw.count(",") >= NODE_BUDGET // 2


def _entry(line: str, seen: dict[str, int]) -> tuple[str, str | None] | None:
    """The key and the text after `key:` (None when nothing follows the colon) of a line
    of the simple shape, with a key not `seen` before (load reports one written twice),
    not one YAML would type, and not past libyaml's longest simple key (1,024)."""
    entry = _ENTRY.fullmatch(line)
    if entry is None or entry[1] in seen or entry[1] in _TYPED_KEYS \
            or len(entry[1]) > _LONGEST_KEY:
        return None
    return entry[1], entry[2]


def _item(line: str, indent: int, items: list) -> int | None:
    """Read a `- item` line into `items`: its indentation (the same as the items before
    it), or None when it is not of the simple shape."""
    item = _ITEM.fullmatch(line)
    if item is None or (indent >= 0 and len(item[1]) != indent):
        return None
    value = _scalar(item[2])
    if value is _NOT:
        return None
    items.append(value)
    return len(item[1])


def _block_list(items: list, indent: int) -> list | None:
    """The value of a `key:` line: null with no `- item` line after it; null items are
    dropped, as `normalise` drops them."""
    return None if indent < 0 else [v for v in items if v is not None]


_NOT = object()  # not of a shape read here


def _value(text: str) -> object:
    if text[0] == "[":
        return _flow_list(text)
    return _scalar(text)


def _scalar(text: str) -> object:
    """A value on one line: quoted, or a plain scalar resolved as YAML 1.2 core does."""
    if not text or text[-1] == " ":
        return _NOT
    first = text[0]
    if first == '"':
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != '"' or '"' in inner or "\\" in inner:
            return _NOT
        return inner
    if first == "'":
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != "'" or "'" in inner:
            return _NOT
        return inner
    if first in _INDICATORS or first == " " or ": " in text or " #" in text \
            or text[-1] == ":":
        return _NOT
    return _typed(text)


def _typed(text: str) -> object:
    """A plain scalar's value, as the loader resolves it (yaml12.py) and `normalise` turns
    it: a string unless a resolver types it; of those, the ones read here."""
    for tag, pattern in _RESOLVERS.get(text[0], _ANY_FIRST):
        if pattern.match(text):
            return _TYPED.get(tag, _unsure)(text)
    return text


def _unsure(text: str) -> object:
    return _NOT  # a float, a timestamp with a time: libyaml and its constructors decide


def _date(text: str) -> object:
    # A date is normalised to its ISO text, and one that is no date (2026-13-01) stays
    # the text: either way, the text, when it is written in full as YYYY-MM-DD.
    return text if _DATE.fullmatch(text) else _NOT


_TYPED = {
    "tag:yaml.org,2002:null": lambda text: None,
    "tag:yaml.org,2002:bool": lambda text: text.lower() == "true",
    "tag:yaml.org,2002:int": int_or_text,
    "tag:yaml.org,2002:timestamp": _date,
}


def _flow_list(text: str) -> object:
    """`[a, b]` of plain or quoted items on one line."""
    if text[-1] != "]":
        return _NOT
    inner = text[1:-1].strip(" ")
    if not inner:
        return []
    out = []
    for part in inner.split(","):
        item = part.strip(" ")
        if not item or _FLOW & set(item) or ":" in item or "#" in item:
            return _NOT
        value = _scalar(item)
        if value is _NOT:
            return _NOT
        if value is not None:
            out.append(value)
    return out
