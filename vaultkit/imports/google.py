"""Google Contacts' CSV export, in its current form (`First Name`, `E-mail 1 - Value`,
`Organization Name`) and the older one (`Name`, `Given Name`, `Organization 1 - Name`).
A cell may hold several values joined by ` ::: `."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from vaultkit.imports.records import Record, clean, import_date, row_record
from vaultkit.imports.tables import Progress, Row, column, read_rows

HEADERS = [("First Name", "Last Name", "E-mail 1 - Value"),
           ("Name", "Given Name", "Family Name")]
_NUMBERED = re.compile(r"^(e-mail|phone|website) \d+ - value$")
_YEARLESS = re.compile(r"^--\d{2}-\d{2}$")


def google_contacts(path: Path, progress: Progress | None = None) -> Iterator[Record]:
    for row in read_rows(path, HEADERS, "a Google Contacts CSV export", progress):
        record = row_record(path, row)
        parts = [clean(record, label, column(row, *keys)) for label, keys in (
            ("First Name", ("first name", "given name")),
            ("Middle Name", ("middle name", "additional name")),
            ("Last Name", ("last name", "family name")))]
        name = clean(record, "Name", column(row, "name")) or " ".join(p for p in parts if p)
        values = record.values
        emails = _many(record, row, "e-mail")
        phones = _many(record, row, "phone")
        sites = _many(record, row, "website")
        company = clean(record, "Organization Name", column(row, "organization name",
                                                            "organization 1 - name"))
        title = clean(record, "Organization Title", column(row, "organization title",
                                                           "organization 1 - title"))
        if title:
            values["title"] = title
        if company:
            values["company"] = company
        if emails:
            values["email"] = emails[0] if len(emails) == 1 else emails
        if phones:
            values["phone"] = phones[0] if len(phones) == 1 else phones
        linkedin = [site for site in sites if "linkedin.com/" in site.lower()]
        if linkedin:
            values["linkedin"] = linkedin[0]
        birthday = column(row, "birthday")
        if birthday:
            day = import_date(birthday)
            if day is not None:
                values["birthday"] = day
            elif _YEARLESS.match(birthday):
                values["birthday"] = birthday
            else:
                record.warnings.append(f"{record.where}: Birthday '{birthday}' is not a "
                                       "date; left out")
        record.name = name or company or (emails[0] if emails else "")
        yield record


def _many(record: Record, row: Row, kind: str) -> list[str]:
    """Every value of the numbered columns of `kind` (`E-mail 1 - Value`, …)."""
    out: list[str] = []
    for key, cell in row.cells.items():
        found = _NUMBERED.match(key)
        if found and found[1] == kind:
            for value in cell.split(":::"):
                value = clean(record, key, value)
                if value and value not in out:
                    out.append(value)
    return out
