"""LinkedIn's data export: Connections.csv (one record per connection)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..identity import normalise_linkedin
from .records import Record, clean, import_date
from .tables import Progress, column, read_rows

CONNECTIONS = ("First Name", "Last Name", "URL")


def connections(path: Path, progress: Progress | None = None) -> Iterator[Record]:
    for row in read_rows(path, CONNECTIONS, "a LinkedIn Connections.csv export", progress):
        record = Record(f"{path}:{row.line}", "")
        first = clean(record, "First Name", column(row, "first name"))
        last = clean(record, "Last Name", column(row, "last name"))
        record.name = f"{first} {last}".strip()
        values = record.values
        url = column(row, "url")
        if url and (profile := normalise_linkedin(url)):
            values["linkedin"] = f"https://www.{profile}"
        if email := clean(record, "Email Address", column(row, "email address")):
            values["email"] = email
        if title := clean(record, "Position", column(row, "position")):
            values["title"] = title
        if company := clean(record, "Company", column(row, "company")):
            values["company"] = company
        connected = column(row, "connected on")
        if connected:
            if met := import_date(connected):
                values["met"] = met
            else:
                record.warnings.append(f"{record.where}: Connected On '{connected}' is not a "
                                       "date; left out")
        if not record.name:
            record.name = values.get("email", "")  # type: ignore[assignment]
        yield record
