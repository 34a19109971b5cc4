"""Split a note into front matter and body, and load the front matter as Obsidian reads it
(YAML 1.2, through the loader and bounded walk of notes/yaml12.py); `normalise()` turns what
comes back into plain JSON-able values, the one place types are fixed up."""

from __future__ import annotations

import datetime as dt
import math
from typing import NamedTuple

import yaml

from vaultkit.notes.anatomy import Anatomy, front_of
from vaultkit.notes.yaml12 import FrontMatterError, Yaml12Loader, _line, _Walk
from vaultkit.notes.yaml_plain import plain_front


class Split(NamedTuple):
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
    # found.joined(1, close), cut from the text rather than joined again: between the
    # first line (`---`) and the closing one, which end where the body begins.
    start = len(found.lines[0]) + len(found.ends[0])
    raw = found.text[start:found.body_offset - len(found.lines[close]) - len(found.ends[close])]
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
    Front matter of the few simple shapes most notes have is read without libyaml
    (notes/yaml_plain.py), to the same result.
    """
    plain = plain_front(raw, first_line)
    if plain is not None:
        return plain
    return load_yaml(raw, first_line, duplicates, problems)


def load_yaml(raw: str, first_line: int = 2,
              duplicates: list[tuple[str, int, int]] | None = None,
              problems: list[tuple[int, str]] | None = None) -> tuple[dict, dict[str, int]]:
    """`load` through libyaml, whatever the shape of the front matter."""
    try:
        loader = Yaml12Loader(raw)
    except UnicodeEncodeError as exc:  # a lone surrogate: libyaml takes UTF-8 only
        raise FrontMatterError(first_line, f"invalid YAML: {exc.reason}") from None
    walk = _Walk(loader, raw, first_line)
    try:
        node = loader.get_single_node()
        data = walk.build(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.context_mark or exc.problem_mark  # where the problem starts
        line = first_line + (_line(raw, mark) if mark else 0)
        raise FrontMatterError(line, f"invalid YAML: {_yaml_message(exc)}") from None
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        # ValueError: what a constructor or libyaml may raise past PyYAML's own errors (a
        # text libyaml cannot encode, a value Python cannot hold): a note read without its
        # front matter, never a stop of the whole index.
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
