"""Split a note into front matter and body, and load the front matter as Obsidian reads it.

The only module that imports the YAML library. PyYAML speaks YAML 1.1, which turns
`phone: 01234567` into an octal integer and `country: no` into False; Obsidian reads YAML 1.2,
where both stay strings. The loader below keeps libyaml's speed but uses 1.2 core-schema
resolvers, and `normalise()` turns what comes back into plain JSON-able values.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

import yaml

from vaultkit.notes.anatomy import LINE_BREAK, Anatomy, front_of

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


def _construct_int(loader: yaml.SafeLoader, node: yaml.Node) -> int:
    return int(loader.construct_scalar(node), 0)


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


@dataclass(frozen=True)
class Split:
    """A note's text cut in two. `raw` is None when the note has no front matter."""

    raw: str | None
    body: str
    body_line: int  # line number of the body's first line
    notice: FrontMatterError | None = None  # front matter that was seen but not read


def split(text: str) -> Split:
    """Cut `text` (BOM already removed) at its front matter delimiters (anatomy.py finds them).

    Front matter starts only when the first line is exactly `---` and ends at the next line
    that is `---` or `...` (trailing spaces allowed there), whatever the line endings (LF,
    CRLF or CR). A first line of `--- ` (trailing spaces) or `+++` (TOML) is not read, but
    reported, since the writer meant front matter. `----` is a Markdown thematic break.
    """
    return split_of(front_of(text))


def split_of(found: Anatomy) -> Split:
    """The Split of a scanned text; FrontMatterError when its front matter is not closed."""
    if found.front is None:
        if found.front_unclosed:
            raise FrontMatterError(*found.front_problem)
        notice = FrontMatterError(*found.front_problem) if found.front_problem else None
        return Split(None, found.text, 1, notice)
    close = found.front[1]
    raw = found.joined(1, close)
    return Split(raw, found.text[found.body_offset:], close + 2)


def load(raw: str, first_line: int = 2, duplicates: list[tuple[str, int, int]] | None = None,
         problems: list[tuple[int, str]] | None = None) -> tuple[dict, dict[str, int]]:
    """Parse front matter text whose first line is file line `first_line`.

    Returns the data and the file line of each top-level key (from the parser's marks): of
    its last occurrence, whose value YAML keeps. A key written twice is added to
    `duplicates`, when given, as (key, first line, last line); what other readers reject
    but vaultkit reads all the same (an unknown tag, a list or mapping used as a key) to
    `problems` as (line, message). Aliases that would expand past NODE_BUDGET values, and
    any YAML error, raise FrontMatterError: the note is read without front matter.
    """
    loader = Yaml12Loader(raw)
    walk = _Walk(loader, raw, first_line)
    try:
        node = loader.get_single_node()
        data = walk.build(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.context_mark or exc.problem_mark  # where the problem starts
        line = first_line + (_line(raw, mark) if mark else 0)
        raise FrontMatterError(line, f"invalid YAML: {_yaml_message(exc)}") from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise FrontMatterError(first_line, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    if problems is not None:
        problems.extend(walk.problems)
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single value ({type(data).__name__})"
        raise FrontMatterError(first_line, f"front matter is {kind}, not a set of 'key: value'")
    return {str(normalise(k)): normalise(v) for k, v in data.items()}, \
        _key_lines(node, raw, first_line, duplicates)


def _key_lines(node: yaml.Node, raw: str, first_line: int,
               duplicates: list[tuple[str, int, int]] | None) -> dict[str, int]:
    lines: dict[str, int] = {}
    for key_node, _value in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            line = first_line + _line(raw, key_node.start_mark)
            if key_node.value in lines and duplicates is not None:
                duplicates.append((key_node.value, lines[key_node.value], line))
            lines[key_node.value] = line
    return lines


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


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return ", ".join(parts) or "cannot parse"


_PLAIN = {str, int, bool, type(None)}


def normalise(value: object) -> object:
    """Turn a loaded YAML value into JSON-able data, the one place types are fixed up.

    Dates become ISO strings; `[[Jane Doe]]` written unquoted (YAML reads a nested list)
    becomes the link text again; null items are dropped from lists.
    """
    if type(value) in _PLAIN:
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat(sep="T")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        if len(value) == 1 and isinstance(value[0], list) and len(value[0]) == 1:
            inner = value[0][0]
            if isinstance(inner, str):
                return f"[[{inner}]]"
        return [normalise(v) for v in value if v is not None]
    if isinstance(value, dict):
        return {str(normalise(k)): normalise(v) for k, v in value.items()}
    if isinstance(value, float) and not math.isfinite(value):  # not representable in JSON
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value



def reads_as_text(text: str) -> bool:
    """Whether `key: TEXT` gives back exactly TEXT, as a string, to a YAML 1.2 reader
    (Obsidian) and to a YAML 1.1 one (older tools): only then may it be written plain."""
    for loader in (Yaml12Loader, yaml.SafeLoader):
        try:
            data = yaml.load(f"k: {text}\n", Loader=loader)  # noqa: S506 - safe loaders
        except (yaml.YAMLError, ValueError):
            return False
        if not isinstance(data, dict) or data.get("k") != text:
            return False
    return True
