"""Small value parsers shared by the note parser and the rules: dates, cadences, links."""

from __future__ import annotations

import datetime as dt
import functools
import re

LINK_RE = re.compile(r"!?\[\[([^\[\]\n]*?)\]\]")
# Obsidian tags: `#` at the start or after a space, then letters, digits, `_`, `-`, `/`;
# a tag of digits only (`#1`) is not a tag.
TAG_RE = re.compile(r"(?<!\S)#([\w/-]+)")

_NOTE_SUFFIX = ".md"
_ATTACHMENT = re.compile(r"\.(?!md$)[A-Za-z0-9]{1,5}$")


def link_target(inner: str) -> str | None:
    """The note a `[[inner]]` link points at, without `#heading`, `|shown` or `.md`.

    None for links to a heading of the same note (`[[#Heading]]`) and to attachments
    (`[[photo.png]]`), which name no note.
    """
    target = inner.split("|", 1)[0].split("#", 1)[0].strip()
    if target.lower().endswith(_NOTE_SUFFIX):
        target = target[: -len(_NOTE_SUFFIX)]
    if not target or _ATTACHMENT.search(target):
        return None
    return target


def links_in(text: str) -> list[str]:
    """Link targets in a piece of text, in order."""
    if "[[" not in text:
        return []
    found = (link_target(m.group(1)) for m in LINK_RE.finditer(text))
    return [t for t in found if t]


def tags_in(text: str) -> list[str]:
    """`#tags` in a piece of text, lower-cased, without the `#`."""
    if "#" not in text:
        return []
    return [t.lower() for t in TAG_RE.findall(text) if not t.isdigit()]


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(value: object) -> dt.date | None:
    """A date from front matter (`2026-11-20`, or a datetime string); None if it is none."""
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:  # the common case, without the regular expression
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    head = text[:10]
    if len(text) > 10 and text[10] not in "T ":
        return None
    match = _ISO_DATE.match(head)
    if not match or not _real_time(text[11:]):
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def _real_time(text: str) -> bool:
    """Whether the time after a date has possible parts: `25:00:00` or `10:61` has not
    (a time this does not recognise is left alone, as before)."""
    found = _TIME.match(text)
    if found is None:
        return True
    hour, minute, second = int(found[1]), int(found[2]), int(found[3] or 0)
    return hour < 24 and minute < 60 and second < 60


_MONTH_DAY = re.compile(r"^--(\d{2})-?(\d{2})$")


def parse_birthday(value: object) -> tuple[int | None, int, int] | None:
    """`YYYY-MM-DD` or year-less `--MM-DD` → (year or None, month, day)."""
    full = parse_date(value)
    if full:
        return (full.year, full.month, full.day)
    if isinstance(value, str):
        match = _MONTH_DAY.match(value.strip())
        if match:
            month, day = int(match[1]), int(match[2])
            try:
                dt.date(2000, month, day)  # a leap year, so --02-29 is valid
            except ValueError:
                return None
            return (None, month, day)
    return None


_CADENCE_WORDS = {
    "daily": dt.timedelta(days=1),
    "weekly": dt.timedelta(weeks=1),
    "biweekly": dt.timedelta(weeks=2),
    "fortnightly": dt.timedelta(weeks=2),
    "monthly": dt.timedelta(days=30),
    "quarterly": dt.timedelta(days=91),
    "yearly": dt.timedelta(days=365),
    "annually": dt.timedelta(days=365),
}
_CADENCE_UNITS = {"d": 1, "w": 7, "m": 30, "y": 365}
_CADENCE = re.compile(r"^(\d{1,4})\s*([dwmy])$")

NEVER = "never"


def parse_interval(value: object) -> dt.timedelta | str | None:
    """See _parse_interval; remembered, since a vault uses a handful of cadences."""
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return _cached_interval(value)
    return _parse_interval(value)


@functools.lru_cache(maxsize=256)
def _cached_interval(value: str | int) -> dt.timedelta | str | None:
    return _parse_interval(value)


def _parse_interval(value: object) -> dt.timedelta | str | None:
    """A cadence or gap: `14d`, `2w`, `3m`, `1y`, a word such as `monthly`, or `never`.

    Returns a timedelta, the string `never`, or None when the value is not one of these.
    A month counts as 30 days and a year as 365, so intervals are exact day counts.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return dt.timedelta(days=value) if value > 0 else None
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if text == NEVER:
        return NEVER
    if text in _CADENCE_WORDS:
        return _CADENCE_WORDS[text]
    match = _CADENCE.match(text)
    if match and int(match[1]) > 0:
        return dt.timedelta(days=int(match[1]) * _CADENCE_UNITS[match[2]])
    return None


_UNIT_WORDS = {"d": "day", "w": "week", "m": "month", "y": "year"}
_PERIOD_WORDS = {"daily": "day", "weekly": "week", "biweekly": "2 weeks",
                 "fortnightly": "2 weeks", "monthly": "month", "quarterly": "quarter",
                 "yearly": "year", "annually": "year"}


@functools.lru_cache(maxsize=256)
def say_interval(value: object) -> str | None:
    """An interval as words after "every": `2w` → `2 weeks`, `monthly` → `month`."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value}d"
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if text in _PERIOD_WORDS:
        return _PERIOD_WORDS[text]
    match = _CADENCE.match(text)
    if not match:
        return None
    count, unit = int(match[1]), _UNIT_WORDS[match[2]]
    return unit if count == 1 else f"{count} {unit}s"


def shown(value: object, joiner: str = ", ") -> str:
    """A front matter value as a person reads it in a table cell or spreadsheet: a link
    as its display text (`[[a|Ann]]` → Ann, `[[people/Ann]]` → Ann), a list joined by
    `joiner` (empty items left out), yes/no for true/false."""
    if value is None:
        return ""
    if isinstance(value, list):
        return joiner.join(shown(v, joiner) for v in value if v not in (None, ""))
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value).strip()
    if text.startswith("[[") and text.endswith("]]"):
        inner = text[2:-2]
        target = link_target(inner) or inner
        alias = inner.split("|", 1)
        return alias[1].strip() if len(alias) == 2 else target.rsplit("/", 1)[-1]
    return text


# A spreadsheet cell beginning with one of these would be run as a formula by Excel,
# LibreOffice and Google Sheets; `export csv` writes such a cell with a leading `'` (shown
# as text), and `import csv` takes exactly that guard off again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _formula_like(cell: str) -> bool:
    """A formula start, after any number of `'`: what a guard goes before."""
    return cell.lstrip("'").startswith(FORMULA_START)


def neutralise(cell: str) -> str:
    """A cell that no spreadsheet program runs as a formula: `'` before a formula start —
    and before a cell that already looks guarded (`'=x`), so that `unguard` gives back
    exactly what was written."""
    return "'" + cell if _formula_like(cell) else cell


def unguard(cell: str) -> str:
    """The cell `neutralise` was given: one `'` before a formula-like cell is the guard."""
    return cell[1:] if cell.startswith("'") and _formula_like(cell[1:]) else cell
