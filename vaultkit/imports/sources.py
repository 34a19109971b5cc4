"""The readers by source name: what `vaultkit import SOURCE FILE…` reads each file with."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from vaultkit.errors import UsageError
from vaultkit.imports.google import google_contacts
from vaultkit.imports.linkedin import linkedin_export
from vaultkit.imports.mapped import mapped_rows, parse_map
from vaultkit.imports.records import Record
from vaultkit.imports.vcard import vcards

SOURCES = ("linkedin", "google", "vcard", "csv")
Progress = Callable[[int, int], None]  # (bytes read, bytes in all)


def read_records(source: str, files: list[Path], mapping: list[str], me: str | None,
                 progress: Progress | None) -> Iterator[Record]:
    """The records of every file, in order; `mapping` (COLUMN=KEY) is for csv alone.
    Checked at once (a bad mapping stops before anything is read); read as iterated."""
    if mapping and source != "csv":
        raise UsageError(f"--map is for csv; {source} files name their own columns")
    if source == "csv":
        pairs = parse_map(mapping)
        return _each(files, lambda path: mapped_rows(path, pairs, progress))
    if source == "linkedin":
        return _each(files, lambda path: linkedin_export(path, progress, me))
    if source == "google":
        return _each(files, lambda path: google_contacts(path, progress))
    if source == "vcard":
        return _each(files, lambda path: vcards(path, progress))
    raise UsageError(f"no import source '{source}' ({', '.join(SOURCES)})")


def _each(files: list[Path], read: Callable[[Path], Iterator[Record]]) -> Iterator[Record]:
    for path in files:
        yield from read(path)
