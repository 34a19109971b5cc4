"""The YAML 1.2 loader and the bounded walk from nodes to values (notes/frontmatter.py
splits a note and calls them).

PyYAML speaks YAML 1.1, which turns `phone: 01234567` into an octal integer and
`country: no` into False; Obsidian reads YAML 1.2, where both stay strings. The loader
keeps libyaml's speed but uses 1.2 core-schema resolvers.
"""

from __future__ import annotations

import re

import yaml

from vaultkit.notes.anatomy import LINE_BREAK

try:
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml: slower, same results
    _BaseLoader = yaml.SafeLoader


class Yaml12Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """SafeLoader with YAML 1.2 core-schema scalars (plus timestamps, as Obsidian has dates)."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag in ("tag:yaml.org,2002:timestamp",)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_RESOLVERS = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", list("~nN") + [""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    # Decimal without a leading zero (a leading zero marks a phone number or a zip code),
    # plus 0o and 0x forms.
    (
        "tag:yaml.org,2002:int",
        r"^(?:[-+]?(?:0|[1-9][0-9]*)|0o[0-7]+|0x[0-9a-fA-F]+)$",
        list("-+0123456789"),
    ),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
]
for _tag, _rx, _first in _RESOLVERS:
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_rx), _first)


# Python refuses to turn more than 4,300 decimal digits into an integer (a ValueError, which
# stopped the whole index), and no JSON reader takes a number past that either: a number
# written with more characters than this is read as its text (notes/yaml_plain.py alike).
MAX_INT_CHARS = 1000


def int_or_text(text: str) -> int | str:
    """A YAML 1.2 integer's value; its text when it is written too long to be one."""
    return int(text, 0) if len(text) <= MAX_INT_CHARS else text


def _construct_int(loader: yaml.SafeLoader, node: yaml.Node) -> int | str:
    return int_or_text(loader.construct_scalar(node))


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    # `met: 2026-13-01` looks like a date but is none: keep the text, so the key's own
    # check reports it, instead of failing the whole front matter.
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


# Plain scalars whose first character cannot start a null, bool, number or date are strings:
# deciding that without trying every resolver's regex halves the cost of resolving a note.
_TYPED_FIRST = frozenset(first for first in Yaml12Loader.yaml_implicit_resolvers if first)
_STR_TAG = "tag:yaml.org,2002:str"
_generic_resolve = Yaml12Loader.resolve


def _resolve(self, kind, value, implicit):
    if kind is yaml.ScalarNode and implicit[0] and value and value[0] not in _TYPED_FIRST:
        return _STR_TAG
    return _generic_resolve(self, kind, value, implicit)


Yaml12Loader.resolve = _resolve


class FrontMatterError(Exception):
    """Front matter that cannot be read; `line` is the file's line (1-based)."""

    # Not a frozen dataclass: raising sets __traceback__, which a frozen one refuses.
    def __init__(self, line: int, message: str):
        super().__init__(line, message)
        self.line = line
        self.message = message


_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")


def _line(raw: str, mark: yaml.Mark) -> int:
    """The 0-based line of a mark in `raw` by vaultkit's line rule (anatomy.py): libyaml
    also breaks lines at U+0085, U+2028 and U+2029, which a note's lines do not."""
    if not any(char in raw for char in _YAML_ONLY_BREAKS):
        return mark.line
    return len(LINE_BREAK.findall(raw, 0, mark.index))


_SCALAR_NODE = yaml.ScalarNode
_SCALARS = {
    "tag:yaml.org,2002:str": lambda loader, node: node.value,
    "tag:yaml.org,2002:null": lambda loader, node: None,
    "tag:yaml.org,2002:bool": lambda loader, node: node.value.lower() == "true",
    "tag:yaml.org,2002:int": _construct_int,
    "tag:yaml.org,2002:float": lambda loader, node: loader.construct_yaml_float(node),
    "tag:yaml.org,2002:timestamp": _construct_timestamp,
}


NODE_BUDGET = 10_000  # values one note's front matter may hold, aliases expanded
_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})


class _Walk:
    """Python data from a composed node tree, within a budget of values.

    A direct walk: PyYAML's generic constructor (state, generators, deep construction) costs
    twice as much for the plain maps, lists and scalars of front matter. An alias (`&a` …
    `*a`) gives the value built once, but counts as every value it holds: nine levels of
    nine aliases are 414 bytes that expand to 387 million values in any reader that copies
    them (the JSON of the index, the agenda), so past NODE_BUDGET the walk stops. Tags it
    does not know (`!foo`, `!!binary`, `!!python/…`) give the scalar's text and a problem;
    keys that cannot be dict keys give their text and a problem.
    """

    def __init__(self, loader: Yaml12Loader, raw: str, first_line: int):
        self.loader = loader
        self.raw = raw
        self.first_line = first_line
        self.seen: dict[int, object] = {}
        self.sizes: dict[int, int] = {}
        self.left = NODE_BUDGET
        self.problems: list[tuple[int, str]] = []

    def line(self, node: yaml.Node) -> int:
        return self.first_line + _line(self.raw, node.start_mark)

    def build(self, node: yaml.Node) -> object:
        self.left -= 1
        if type(node) is _SCALAR_NODE:
            tag = node.tag
            if tag == _STR_TAG:  # most values: no call at all
                return node.value
            make = _SCALARS.get(tag)
            if make is None:
                self._unknown_tag(node)
                return node.value
            return make(self.loader, node)
        key = id(node)
        if key in self.seen:
            return self._alias(node, key)
        self.seen[key] = None
        if node.tag not in _PLAIN_TAGS:
            self._unknown_tag(node)
        before = self.left
        value = self._sequence(node) if isinstance(node, yaml.SequenceNode) else self._map(node)
        if self.left < 0:
            raise FrontMatterError(self.line(node), "front matter holds more than "
                                   f"{NODE_BUDGET:,} values; read without it")
        self.sizes[key] = before - self.left
        self.seen[key] = value
        return value

    def _alias(self, node: yaml.Node, key: int) -> object:
        if self.seen[key] is None:
            raise yaml.constructor.ConstructorError(
                None, None, "a recursive alias (&anchor inside itself)", node.start_mark)
        self.left -= self.sizes[key]
        if self.left < 0:
            raise FrontMatterError(self.line(node), "YAML aliases expand too far (more than "
                                   f"{NODE_BUDGET:,} values); read without front matter")
        return self.seen[key]

    def _sequence(self, node: yaml.SequenceNode) -> list:
        return [self.build(item) for item in node.value]

    def _map(self, node: yaml.MappingNode) -> dict:
        value = {}
        for key_node, value_node in node.value:
            if type(key_node) is _SCALAR_NODE and key_node.tag == _STR_TAG:
                item_key = key_node.value
            else:
                item_key = self.build(key_node)
                if isinstance(item_key, (list, dict)):
                    what = "a list" if isinstance(item_key, list) else "a mapping"
                    self.problems.append((self.line(key_node), f"{what} used as a key (an "
                                          "unfilled template placeholder?); other readers "
                                          "reject this"))
                    item_key = str(item_key)
            value[item_key] = self.build(value_node)
        return value

    def _unknown_tag(self, node: yaml.Node) -> None:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        self.problems.append((self.line(node), f"unknown YAML tag '{tag}': read as text, "
                              "never run"))


