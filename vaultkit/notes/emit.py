"""Front matter for *new* notes (`add`, imports): written by the YAML emitter, never by
a text template — a newline in an imported value would inject a key. Strings any reader
(YAML 1.1, YAML 1.2 core, vaultkit) would take for something else are quoted
(notes/plain.py). Existing notes are never dumped: edit.py changes single lines.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

from vaultkit.notes.frontmatter import load
from vaultkit.notes.plain import plain_ok, raw_ok


class _NewNoteDumper(yaml.SafeDumper):
    """Block lists indented under their key, as Obsidian writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Links in double quotes, as Obsidian writes them: "[[Jane Doe]]". Any string some
    # reader would misread written plain (notes/plain.py: `01012345678` is a number to
    # YAML 1.2, `no` a boolean to 1.1) is quoted; PyYAML alone would judge by YAML 1.1.
    if value.startswith("[[") or not raw_ok(value):
        style = '"'
    else:
        style = None if plain_ok(value) else "'"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_NewNoteDumper.add_representer(str, _represent_str)


class _FlatDumper(getattr(yaml, "CSafeDumper", _NewNoteDumper)):  # type: ignore[misc]
    """libyaml's emitter, four times faster (imports write thousands of notes). It does
    not indent block lists and it escapes some characters (emoji, line breaks) as the
    Python one does not, so it writes only front matter of plain keys, without lists,
    mappings or such characters, where a test holds its text equal to _NewNoteDumper's."""


_FlatDumper.add_representer(str, _represent_str)
# Beyond these (controls, line breaks, the BOM, characters beyond the BMP) the two
# emitters quote or escape differently.
_UNUSUAL = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
_PLAIN_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")


# Text the emitter writes plain, as it is: a letter first, then only characters that
# never start a YAML construct inside a plain scalar; not a YAML 1.1 boolean or null.
_PLAIN_CHAR = r"(?:[A-Za-z0-9\u00c0-\u024f.,'&()/+@_=?%~-]|:(?=[^\s:]))"
_PLAIN_TEXT = re.compile(rf"[A-Za-z\u00c0-\u024f]{_PLAIN_CHAR}*(?: {_PLAIN_CHAR}+)*\Z")
_PLAIN_LINK = re.compile(r"\[\[[A-Za-z0-9\u00c0-\u024f.,'&()/+@_ -]+\]\]\Z")
_YAML11_WORDS = {"y", "yes", "n", "no", "true", "false", "on", "off", "null"}


def _simple_lines(data: dict) -> str | None:
    """The emitter's text for front matter of plain keys and simple values (what imports
    write, ten thousand at a time), built directly; None for anything else. A property
    test holds it equal to the emitter's."""
    lines = []
    for key, value in data.items():
        if not (isinstance(key, str) and _PLAIN_KEY.match(key)) or key.lower() in _YAML11_WORDS:
            return None
        kind = type(value)
        if kind is str:
            if _PLAIN_LINK.match(value):
                text = f'"{value}"'
            elif _PLAIN_TEXT.match(value) and plain_ok(value):
                text = value
            else:
                return None
        elif kind is dt.date:
            text = value.isoformat()
        elif kind is bool:
            text = "true" if value else "false"
        elif kind is int:
            text = str(value)
        else:
            return None
        lines.append(f"{key}: {text}\n")
    return "".join(lines) if lines else None


def new_front_matter(data: dict) -> tuple[str, dict]:
    """dump_new()'s text, and the front matter a reader of that text finds (as load()
    gives it: dates as ISO text); for simple values that is known without reading."""
    simple = _simple_lines(data)
    if simple is not None:
        return simple, {k: v.isoformat() if type(v) is dt.date else v for k, v in data.items()}
    text = dump_new(data)
    return text, load(text)[0]


def dump_new(data: dict) -> str:
    """Front matter text for a *new* note, by the YAML emitter (never a text template: a
    newline in an imported value would inject a key). Strings any reader would take for
    something else are quoted (notes/plain.py)."""
    simple = _simple_lines(data)
    if simple is not None:
        return simple
    flat = all(isinstance(key, str) and _PLAIN_KEY.match(key) for key in data) and not any(
        isinstance(value, (list, tuple, dict)) or _UNUSUAL.search(str(value))
        for value in data.values())
    return yaml.dump(data, Dumper=_FlatDumper if flat else _NewNoteDumper, sort_keys=False,
                     allow_unicode=True, default_flow_style=False, width=1000)
