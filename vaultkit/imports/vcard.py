"""vCard files (2.1, 3.0, 4.0) from phones and address books, read with `vobject`.

vobject reads 3.0 and 4.0 well but stops at things old phones write, so the text is made
readable first: quoted-printable soft line breaks (vCard 2.1) are joined, photos, logos
and sounds are dropped (never needed, and often malformed base64), and the file is cut
into cards here, so that a card vobject cannot read — or one without `END:VCARD` — is
reported by its number and the others are still read.
"""

from __future__ import annotations

import os
import quopri
import re
from collections.abc import Iterator
from pathlib import Path

import vobject

from vaultkit.imports.records import Record, clean, import_date
from vaultkit.imports.tables import ImportFileError, Progress, open_text_file

_BINARY_PROPERTIES = {"PHOTO", "LOGO", "SOUND", "KEY"}
_LINE_END = re.compile(r"\r\n|\r|\n")
_YEARLESS = re.compile(r"^--(\d{2})-?(\d{2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T.*)?$")


def vcards(path: Path, progress: Progress | None = None) -> Iterator[Record]:
    """Every card of the file, read as a stream (with progress in bytes)."""
    with open_text_file(path, "vCard") as raw:
        total = os.fstat(raw.fileno()).st_size
        notes: list[str] = []
        number = 0
        for number, (line, card_lines, ended) in enumerate(
                _cards(_readable(_lines(raw, path, notes))), 1):
            record = Record(f"{path}: card {number} (line {line})", "")
            record.warnings.extend(notes)
            notes.clear()
            if not ended:
                record.warnings.append(f"{record.where}: no END:VCARD; read up to the next "
                                       "card")
            try:
                card = _read_card(card_lines, record)
            except Exception as exc:  # noqa: BLE001 - vobject raises many kinds
                record.warnings.append(f"{record.where}: cannot be read ({_short(exc)}); "
                                       "skipped")
                yield record
                continue
            _fill(record, card)
            if progress and number % 200 == 0:
                progress(raw.tell(), total)
            yield record
        if number == 0:
            raise ImportFileError(f"{path}: not a vCard file: no BEGIN:VCARD")
        if progress:
            progress(total, total)


def _lines(raw, path: Path, notes: list[str]) -> Iterator[str]:
    """The file's lines (any line ends), each decoded as UTF-8 or, failing that, as
    Windows-1252 — said once."""
    said = False
    for number, data in enumerate(raw):
        if number == 0:
            data = data.removeprefix(b"\xef\xbb\xbf")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
            if not said:
                notes.append(f"{path}:{number + 1}: not UTF-8; read as Windows-1252")
                said = True
        yield from _LINE_END.split(text.rstrip("\r\n"))


def _read_card(lines: list[str], record: Record):
    try:
        return vobject.readOne("\r\n".join([*lines, "END:VCARD", ""]))
    except UnicodeDecodeError:
        # A quoted-printable value whose bytes are not in its charset (old phones): read
        # it with the bad bytes replaced, and say so.
        repaired = [_decoded_qp(line, record) for line in lines]
        return vobject.readOne("\r\n".join([*repaired, "END:VCARD", ""]))


def _decoded_qp(line: str, record: Record) -> str:
    head, sep, value = line.partition(":")
    if not sep or "QUOTED-PRINTABLE" not in head.upper():
        return line
    params = head.split(";")
    charset = next((p.split("=", 1)[1] for p in params if p.upper().startswith("CHARSET=")),
                   "utf-8")
    raw = quopri.decodestring(value.encode("ascii", "replace"))
    try:
        text = raw.decode(charset)
    except (UnicodeDecodeError, LookupError):
        text = raw.decode("utf-8", "replace")
        record.warnings.append(f"{record.where}: {params[0]} is not valid {charset}; "
                               "unreadable bytes replaced")
    kept = [p for p in params if p.upper() not in ("ENCODING=QUOTED-PRINTABLE",
                                                   "QUOTED-PRINTABLE")
            and not p.upper().startswith("CHARSET=")]
    return ";".join(kept) + ":" + text.replace("\r\n", "\\n").replace("\n", "\\n")


def _readable(lines: list[str]) -> Iterator[tuple[int, str]]:
    """(line number, line) with quoted-printable soft breaks joined and binary
    properties (with their folded or base64 continuation lines) left out."""
    skipping = False
    joined: tuple[int, str] | None = None
    for number, line in enumerate(lines, 1):
        if joined is not None:
            start, text = joined
            text += line
            if text.endswith("="):
                joined = (start, text[:-1])
            else:
                joined = None
                yield start, text
            continue
        if skipping:
            if line[:1] in (" ", "\t") or (line and ":" not in line):
                continue
            skipping = False
        name = line.split(":", 1)[0].split(";", 1)[0].split(".")[-1].strip().upper()
        if name in _BINARY_PROPERTIES:
            skipping = True
            continue
        head = line.split(":", 1)[0].upper()
        if "QUOTED-PRINTABLE" in head and line.endswith("="):
            joined = (number, line[:-1])
            continue
        yield number, _fn_commas(name, line)
    if joined is not None:
        yield joined


def _fn_commas(name: str, line: str) -> str:
    """FN is one text (`FN:Yard Lawn Guy, Jose Lopez`); vobject would keep only what comes
    before an unescaped comma, so commas are escaped as vCard asks."""
    if name != "FN" or "," not in line:
        return line
    head, sep, value = line.partition(":")
    return head + sep + re.sub(r"(?<!\\),", r"\\,", value)


def _cards(lines: Iterator[tuple[int, str]]) -> Iterator[tuple[int, list[str], bool]]:
    """(line of BEGIN, the card's lines without END:VCARD, whether it had one)."""
    current: list[str] | None = None
    start = 0
    for number, line in lines:
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            if current is not None:
                yield start, current, False
            current, start = [line.strip()], number
        elif upper == "END:VCARD":
            if current is not None:
                yield start, current, True
            current = None
        elif current is not None and line.strip():
            current.append(line)
    if current is not None:
        yield start, current, False


def _fill(record: Record, card) -> None:
    values = record.values
    emails = _all(record, card, "email")
    phones = [p.removeprefix("tel:") for p in _all(record, card, "tel")]
    org = _org(card)
    title = _first(record, card, "title")
    name = _first(record, card, "fn") or _from_n(card)
    if title:
        values["title"] = title
    if org:
        values["company"] = clean(record, "ORG", org)
    if emails:
        values["email"] = emails[0] if len(emails) == 1 else emails
    if phones:
        values["phone"] = phones[0] if len(phones) == 1 else phones
    # Apple escapes the colon of a URL (`https\://`), which vCard 3.0 does not ask for.
    urls = [u.replace("\\:", ":") for u in
            _all(record, card, "url") + _all(record, card, "x-socialprofile")]
    linkedin = [u for u in urls if "linkedin.com/" in u.lower()]
    if linkedin:
        values["linkedin"] = linkedin[0]
    birthday = _birthday(card)
    if birthday is not None:
        values["birthday"] = birthday
    record.name = name or org or (emails[0] if emails else "")
    _name_parts(record, card)


def _name_parts(record: Record, card) -> None:
    """The card's family and given names (`N`), kept when splitting the name at its last
    space would not give them back (`김민준 🚀` is family 김, given 민준): the vCard
    export builds `N` from them."""
    for prop in _props(card, "n"):
        family, given = (" ".join(_joined(getattr(prop.value, part, "")).split())
                         for part in ("family", "given"))
        if not (family or given):
            continue
        split_given, _, split_family = record.name.rpartition(" ")
        if (family, given) != (split_family, split_given):
            record.values.update({k: v for k, v in (("family_name", family),
                                                    ("given_name", given)) if v})
        return


def _joined(part) -> str:
    return " ".join(part) if isinstance(part, list) else str(part)


def _props(card, key: str) -> list:
    """The card's properties of a name, PREF=1 (or TYPE=pref) first."""
    found = card.contents.get(key, [])

    def rank(prop) -> int:
        params = {k.upper(): [str(v).lower() for v in vs] for k, vs in prop.params.items()}
        if "pref" in params.get("TYPE", []):
            return 0
        pref = params.get("PREF", ["100"])[0]
        return int(pref) if pref.isdigit() else 100

    return sorted(found, key=rank)


def _all(record: Record, card, key: str) -> list[str]:
    out: list[str] = []
    for prop in _props(card, key):
        value = prop.value
        if isinstance(value, str):
            text = clean(record, key.upper(), value)
            if text and text not in out:
                out.append(text)
    return out


def _first(record: Record, card, key: str) -> str:
    found = _all(record, card, key)
    return found[0] if found else ""


def _from_n(card) -> str:
    for prop in _props(card, "n"):
        value = prop.value
        parts = [getattr(value, part, "") for part in ("prefix", "given", "additional",
                                                       "family", "suffix")]
        text = " ".join(" ".join(p) if isinstance(p, list) else str(p) for p in parts[1:4])
        text = " ".join(text.split())
        if text:
            return text
    return ""


def _org(card) -> str:
    for prop in _props(card, "org"):
        value = prop.value
        first = value[0] if isinstance(value, list) and value else value
        if isinstance(first, list):
            first = ", ".join(part.strip() for part in first if part.strip())
        if isinstance(first, str) and first.strip():
            return " ".join(first.split())
    return ""


def _birthday(card):
    for prop in _props(card, "bday"):
        text = str(prop.value).strip()
        if match := _YEARLESS.match(text):
            return f"--{match[1]}-{match[2]}"
        if match := _COMPACT.match(text):
            text = f"{match[1]}-{match[2]}-{match[3]}"
        day = import_date(text[:10])
        omitted = {k.upper(): v for k, v in prop.params.items()}.get("X-APPLE-OMIT-YEAR")
        if day is not None and omitted and str(day.year) == str(omitted[0]):
            return f"--{day.month:02d}-{day.day:02d}"  # Apple's year-less birthday
        if day is not None:
            return day
    return None


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 80 else text[:77] + "…"
