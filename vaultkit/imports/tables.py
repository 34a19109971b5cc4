"""Reading the spreadsheets people export (LinkedIn, Google, Excel): streamed row by row,
columns found by their header names, never by position.

Real exports come with a BOM, CRLF or no final newline, quoted fields holding commas and
newlines, and (LinkedIn) a `Notes:` preamble of any length before the header row: the
header is the first row that has every required column.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from vaultkit.errors import VaultkitError

Progress = Callable[[int, int], None]  # (bytes read, bytes in all)
HEADER_SEARCH_ROWS = 50  # a preamble longer than this is not an export we know
_DELIMITERS = (",", ";", "\t")
LEGACY = "cp1252"
_NOT_TEXT = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"GIF8", b"\xff\xd8")


class ImportFileError(VaultkitError):
    """A file that cannot be imported at all (the message names it)."""


@dataclass(frozen=True)
class Row:
    line: int  # where the row starts in the file
    cells: dict[str, str]  # header name, lower-cased, → cell text
    note: str = ""  # on the first row: how the file was read, when that is worth saying


def read_rows(path: Path, required: tuple[str, ...] | list[tuple[str, ...]], what: str,
              progress: Progress | None = None) -> Iterator[Row]:
    """The rows after the header row, which must have every column in `required` (or in
    one of a list of such tuples), compared ignoring case and spaces around. `what` names
    the expected format in errors ("a LinkedIn Connections.csv")."""
    encoding = _encoding(path)
    delimiter = _delimiter(path, required, encoding)
    handle = _open(path, encoding)
    note = f"{path}: not UTF-8; read as Windows-1252" if encoding == LEGACY else ""
    with handle:
        total = os.fstat(handle.fileno()).st_size
        raw = handle.buffer  # type: ignore[attr-defined]
        reader = csv.reader(handle, delimiter=delimiter)
        header = _header(reader, path, required, what)
        keys = [_key(cell) for cell in header]
        line = reader.line_num + 1
        try:
            for number, cells in enumerate(reader, 1):
                if any(cell.strip() for cell in cells):
                    yield Row(line, {keys[i]: cells[i] for i in range(min(len(keys),
                                                                          len(cells)))}, note)
                    note = ""
                line = reader.line_num + 1
                if progress and number % 500 == 0:
                    progress(raw.tell(), total)
        except UnicodeDecodeError as exc:
            raise ImportFileError(f"{path}:{line}: not UTF-8 text ({exc.reason})") from None
        except csv.Error as exc:
            raise ImportFileError(f"{path}:{line}: {exc}") from None
        if progress:
            progress(total, total)


def header_kind(path: Path, choices: list[tuple[str, ...]], what: str) -> int:
    """Which of `choices` the file's header row has (its index)."""
    encoding = _encoding(path)
    delimiter = _delimiter(path, choices, encoding)
    handle = _open(path, encoding)
    with handle:
        header = {_key(cell) for cell in _header(csv.reader(handle, delimiter=delimiter),
                                                 path, choices, what)}
    return next(i for i, names in enumerate(choices) if {_key(n) for n in names} <= header)


def column(row: Row, *names: str) -> str:
    """The first non-empty cell of the columns `names` (lower-case, as header keys)."""
    for name in names:
        value = row.cells.get(name, "").strip()
        if value:
            return value
    return ""


def _key(cell: str) -> str:
    return " ".join(cell.split()).lower()


def open_text_file(path: Path, kind: str) -> io.BufferedReader:
    """The file opened, once it looks like text (not empty, no binary data)."""
    try:
        binary = open(path, "rb")  # noqa: SIM115 - the caller closes it
    except FileNotFoundError:
        raise ImportFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read: {exc.strerror}") from None
    start = binary.peek(8)[:8]
    if start.startswith(_NOT_TEXT) or b"\x00" in binary.peek(4096)[:4096]:
        binary.close()
        raise ImportFileError(f"{path}: not a {kind} file (it holds binary data)")
    if not start:
        binary.close()
        raise ImportFileError(f"{path}: the file is empty")
    return binary


def _open(path: Path, encoding: str = "utf-8-sig") -> io.TextIOWrapper:
    # Windows-1252 leaves five bytes undefined: shown as U+FFFD rather than an error.
    errors = "replace" if encoding == LEGACY else "strict"
    return io.TextIOWrapper(open_text_file(path, "CSV"), encoding=encoding, errors=errors,
                            newline="")


def _encoding(path: Path) -> str:
    """UTF-8 (with or without a BOM) when the whole file is; else Windows-1252, as Excel
    saves "CSV (comma delimited)" on Windows. Checked in chunks: files can be large."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open_text_file(path, "CSV") as raw:
        try:
            while chunk := raw.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return LEGACY
    return "utf-8-sig"


def _delimiter(path: Path, required: tuple[str, ...] | list[tuple[str, ...]],
               encoding: str) -> str:
    """`,` — or `;` or a tab, when only that finds the header row: Excel saves CSV with
    `;` where the decimal mark is a comma (most of Europe)."""
    for delimiter in _DELIMITERS:
        handle = _open(path, encoding)
        with handle:
            try:
                if _find_header(csv.reader(handle, delimiter=delimiter), required):
                    return delimiter
            except (UnicodeDecodeError, csv.Error):
                return ","  # _header says what is wrong
    return ","


def _find_header(reader, required: tuple[str, ...] | list[tuple[str, ...]]
                 ) -> list[str] | None:
    choices = required if isinstance(required, list) else [required]
    wanted = [{_key(name) for name in names} for names in choices]
    for number, cells in enumerate(reader):
        have = {_key(cell) for cell in cells}
        if any(names <= have for names in wanted):
            return cells
        if number >= HEADER_SEARCH_ROWS:
            break
    return None


def _header(reader, path: Path, required: tuple[str, ...] | list[tuple[str, ...]],
            what: str) -> list[str]:
    choices = required if isinstance(required, list) else [required]
    try:
        found = _find_header(reader, required)
        if found is not None:
            return found
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"{path}: not UTF-8 text ({exc.reason}); save it as "
                              "CSV UTF-8") from None
    except csv.Error as exc:
        raise ImportFileError(f"{path}:{reader.line_num}: {exc}") from None
    if reader.line_num == 0:
        raise ImportFileError(f"{path}: the file is empty")
    listed = " or ".join(", ".join(names) for names in choices)
    raise ImportFileError(f"{path}: not {what}: no header row with the columns {listed}")
