"""Any spreadsheet saved as CSV, with its columns mapped to front matter keys by the
person (`--map "E-mail=email"`). Several columns may map to one key: text is joined with
spaces (`First=name`, `Last=name`), e-mails and phones become a list. A cell that begins
with `'` and then `=`, `+`, `-` or `@` loses the `'`: that is the guard `export csv` (and
spreadsheet programs) put before a formula, not part of the value."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from vaultkit.errors import BadValue
from vaultkit.imports.records import Record, clean, import_date, row_record
from vaultkit.imports.tables import Progress, column, read_rows
from vaultkit.notes.values import unguard

LISTS = {"email", "phone", "tags"}
DATES = {"met", "next", "birthday"}
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_YEARLESS = re.compile(r"^--\d{2}-\d{2}$")


def parse_map(items: tuple[str, ...]) -> list[tuple[str, str]]:
    """`COLUMN=KEY` pairs, in order; a clear error for anything else."""
    pairs = []
    for item in items:
        column_name, sep, key = item.rpartition("=")
        key = key.strip().lower()
        if not sep or not column_name.strip() or not _KEY.match(key):
            raise BadValue(f"--map '{item}': expected COLUMN=KEY, KEY a front matter "
                           "key such as name, email, phone, company, title, met")
        pairs.append((column_name.strip(), key))
    if "name" not in {key for _column, key in pairs}:
        raise BadValue("--map: no column is mapped to name (e.g. --map \"Full Name=name\")")
    return pairs


def mapped_rows(path: Path, pairs: list[tuple[str, str]],
                progress: Progress | None = None) -> Iterator[Record]:
    columns = tuple(dict.fromkeys(column_name for column_name, _key in pairs))
    for row in read_rows(path, columns, f"a spreadsheet with the columns {', '.join(columns)}",
                         progress):
        record = row_record(path, row)
        found: dict[str, list[str]] = {}
        for column_name, key in pairs:
            # The formula guard `export csv` adds (`'+82 …`, `'=HYPERLINK(…)`) is not data.
            text = unguard(column(row, " ".join(column_name.split()).lower()))
            if key in LISTS:
                parts = [clean(record, column_name, part) for part in re.split(r"[;,]| ::: ",
                                                                                  text)]
            else:
                parts = [clean(record, column_name, text)]
            found.setdefault(key, []).extend(p for p in parts if p)
        for key, parts in found.items():
            if not parts:
                continue
            if key in LISTS:
                unique = list(dict.fromkeys(parts))
                record.values[key] = unique[0] if len(unique) == 1 and key != "tags" else unique
            elif key in DATES:
                _date(record, key, parts[0])
            elif key != "name":
                record.values[key] = " ".join(parts)
        record.name = " ".join(found.get("name", []))
        yield record


def _date(record: Record, key: str, text: str) -> None:
    day = import_date(text)
    if day is not None:
        record.values[key] = day
    elif key == "birthday" and _YEARLESS.match(text):
        record.values[key] = text
    else:
        record.warnings.append(f"{record.where}: {key} '{text}' is not a date; left out")
