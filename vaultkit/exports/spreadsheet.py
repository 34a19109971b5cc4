"""The contact spreadsheet of the networking guidance, as CSV that spreadsheet programs
open cleanly: one row per contact, a header row, CRLF, and (for Excel) a BOM.

A cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return) would be run as
a formula by Excel, LibreOffice and Google Sheets: such a cell gets a leading `'`, which
those programs show as text. Names and notes come from imported files, and a crafted
name must not run a formula on the person's computer. `import csv` takes exactly that
guard off again (notes/values.unguard), so an export imported back gives the same values.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from vaultkit.notes.text import BOM
from vaultkit.notes.values import neutralise

COLUMNS = ("Name", "Title", "Company", "E-mail", "Phone", "Circle", "Met", "Met at",
           "Referred by", "How they helped", "Last contact", "Next due")


@dataclass(frozen=True)
class ContactRow:
    name: str
    title: str
    company: str
    email: str
    phone: str
    circle: str
    met: str
    met_at: str
    referred_by: str
    helped: str
    last_contact: str
    next_due: str


def contacts_csv(rows: Iterable[ContactRow], excel: bool = False) -> Iterator[str]:
    """The spreadsheet's text, a line at a time (the header first, after the BOM)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    yield (BOM if excel else "") + _taken(out)
    for row in rows:
        writer.writerow([neutralise(" ".join(str(cell).split())) for cell in (
            row.name, row.title, row.company, row.email, row.phone, row.circle, row.met,
            row.met_at, row.referred_by, row.helped, row.last_contact, row.next_due)])
        yield _taken(out)


def _taken(out: io.StringIO) -> str:
    """What `out` holds, emptied."""
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text
