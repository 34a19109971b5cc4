"""The value `set` writes, typed as its key means: what `add` would write for that key, and
what `check` then accepts.

- The typed keys of the note's kind (notes/checks.py): dates (`met`, `next`, …) as dates,
  true/false keys (`may_use_name`, …) as booleans, `influence` a whole number 1–5, the
  intervals (`cadence`, `min_gap`), `birthday` and `status` as text `check` accepts.
- The list keys: `tags` and `aliases` always a list; `email` and `phone` a list when given
  several values. Several VALUE arguments are the items, and so is a YAML flow list given
  as one (`"[a, b]"`).
- Known text keys (`title`, `company`, …) as text, whatever they look like.
- Any other key by YAML's reading of the value (`4` a number, `2026-11-30` a date,
  `[a, b]` a list), as if it had been typed into the front matter; a value YAML reads as a
  mapping, a `[[link]]` or not at all stays text.
- `text=True` (`--text`): every value as the text given.

A value that does not fit its key is refused (ValueError) with the key and what it takes.
"""

from __future__ import annotations

import datetime as dt

import yaml

from vaultkit.notes.checks import BOOL_KEYS, DATE_KEYS, check_meta
from vaultkit.notes.frontmatter import Yaml12Loader

ALWAYS_LISTS = ("tags", "aliases")
LIST_KEYS = (*ALWAYS_LISTS, "email", "phone")
TEXT_KEYS = frozenset({
    "name", "title", "company", "location", "circle", "status", "role", "source", "url",
    "linkedin", "website", "met_at", "referred_by", "org", "cadence", "min_gap", "birthday",
})
_BOOL_WORDS = {"true": True, "false": False, "yes": True, "no": False}
_SCALARS = (str, int, float, bool, dt.date, type(None))


def typed_value(kind: str, key: str, value: object, text: bool = False) -> object:
    """The value to write for `key` on a note of `kind`, from one VALUE or a list of them
    (the VALUE arguments)."""
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    if not values:
        raise ValueError(f"{key}: give a value")
    if key in LIST_KEYS:
        items = _list_items(values, text)
        value: object = items if key in ALWAYS_LISTS or len(items) != 1 else items[0]
    elif len(values) > 1 and (_typed_key(kind, key) or key in TEXT_KEYS):
        raise ValueError(f"{key} takes one value, not {len(values)}")
    elif text or key in TEXT_KEYS:
        value = [str(v) for v in values] if len(values) > 1 else str(values[0])
    elif _typed_key(kind, key):
        value = _typed(kind, key, values[0])
    else:
        read = [_reading(v) for v in values]
        value = read if len(read) > 1 else read[0]
    problems = check_meta({key: value}, kind, lambda _key: 0)
    if problems:
        raise ValueError(problems[0].message)
    return value


def _typed_key(kind: str, key: str) -> bool:
    return (key in DATE_KEYS.get(kind, ()) or key in BOOL_KEYS.get(kind, ())
            or (kind == "contact" and key == "influence"))


def _typed(kind: str, key: str, value: object) -> object:
    if not isinstance(value, str):
        return value  # already typed (the library: snooze's date)
    if key in DATE_KEYS.get(kind, ()):
        try:
            return dt.date.fromisoformat(value) if value else ""
        except ValueError:
            raise ValueError(f"{key}: '{value}' is not a date (YYYY-MM-DD)") from None
    if key in BOOL_KEYS.get(kind, ()):
        if value.lower() not in _BOOL_WORDS:
            raise ValueError(f"{key}: '{value}' is not true or false")
        return _BOOL_WORDS[value.lower()]
    try:
        return int(value, 10)
    except ValueError:
        raise ValueError(f"{key}: '{value}' is not a whole number from 1 to 5") from None


def _list_items(values: list[object], text: bool) -> list[object]:
    if not text and len(values) == 1 and isinstance(values[0], str):
        read = _reading(values[0])
        if isinstance(read, list):
            return [v.isoformat() if isinstance(v, dt.date) else str(v) for v in read]
    return [str(v) for v in values]


def _reading(value: object) -> object:
    """What YAML (vaultkit's reader, YAML 1.2 core) makes of `key: VALUE`: a scalar or a
    list of scalars; anything else (a mapping, a link, an error) is the text itself."""
    if not isinstance(value, str):
        return value
    if value == "" or value.startswith(("[[", "#")) or " #" in value:
        return value  # a link; a comment would be cut off
    try:
        read = yaml.load(f"k: {value}\n", Loader=Yaml12Loader)["k"]  # noqa: S506 - safe
    except (yaml.YAMLError, ValueError, TypeError):
        return value
    if isinstance(read, str):
        return value  # the text as given, not as YAML folded or unescaped it
    if isinstance(read, _SCALARS) or (
            isinstance(read, list) and all(isinstance(v, _SCALARS) and v is not None
                                           for v in read)):
        return read
    return value
