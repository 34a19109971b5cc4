"""What every reader gives the merge: a record of one person, with the front matter keys
it knows, cleaned of what does not belong in a note."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from vaultkit.imports.tables import Row

_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029]")
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3})[a-z]*\.?[ -](\d{2}|\d{4})$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")


@dataclass
class Record:
    where: str  # `file:line` or `file: card N`, for messages
    name: str
    values: dict[str, object] = field(default_factory=dict)  # front matter keys
    warnings: list[str] = field(default_factory=list)  # each `where: what happened`
    # A log entry for the person's note, (date, line): such a record only adds it to a
    # note that exists, never makes one.
    entry: tuple[dt.date, str] | None = None


def row_record(path: Path, row: Row) -> Record:
    """The record of a spreadsheet row, named by where it is, with the row's note."""
    record = Record(f"{path}:{row.line}", "")
    if row.note:
        record.warnings.append(row.note)
    return record


def clean(record: Record, label: str, text: str) -> str:
    """`text` without markup or control characters, its spaces collapsed; what was
    removed is said in the record's warnings."""
    cleaned = text
    if _TAG.search(cleaned):
        cleaned = _TAG.sub("", cleaned)
        record.warnings.append(f"{record.where}: removed HTML markup from {label}")
    if _CONTROL.search(cleaned):
        cleaned = _CONTROL.sub(" ", cleaned)
        record.warnings.append(f"{record.where}: removed control characters from {label}")
    return " ".join(cleaned.split())


def import_date(text: str) -> dt.date | None:
    """A date from the ways exports write one: `12 Mar 2021` (LinkedIn),
    `15-Jan-24` (Excel), `05/14/23` (month first, as US exports; day first when the first
    number cannot be a month), `2021-03-12`. None when it is none of these."""
    text = text.strip()
    try:
        if found := _ISO.match(text):
            year, month, day = (int(g) for g in found.groups())
        elif found := _DAY_MONTH_YEAR.match(text):
            day, month, year = int(found[1]), _MONTHS.get(found[2].lower()), int(found[3])
            if month is None:
                return None
        elif found := _SLASHED.match(text):
            month, day, year = int(found[1]), int(found[2]), int(found[3])
            if month > 12:
                month, day = day, month
        else:
            return None
        if year < 100:
            year += 2000 if year < 70 else 1900
        return dt.date(year, month, day)
    except ValueError:
        return None
