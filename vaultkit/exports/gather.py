"""The exports: what each format is made of, gathered from the index (no note file is
read), handed to its writer (exports/spreadsheet, cards, calendar, notes_json)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from vaultkit.agenda.contacts import keep_in_touch
from vaultkit.agenda.context import Context, Subject
from vaultkit.errors import UsageError
from vaultkit.exports.calendar import Birthday, EventNote, agenda_ics
from vaultkit.exports.cards import Card, contacts_vcf
from vaultkit.exports.notes_json import notes_json
from vaultkit.exports.spreadsheet import ContactRow, contacts_csv
from vaultkit.index.export_rows import contacts_by_name, notes_for_export
from vaultkit.notes.values import parse_birthday, parse_date, shown

if TYPE_CHECKING:
    from vaultkit.vault import Vault

def _cell(value: object) -> str:
    return shown(value, "; ")


_TAGS = re.compile(r"\s*#[\w-]+")


CHUNK = 1 << 16  # characters a chunk of the output holds, about


def export(vault: Vault, fmt: str, today: dt.date, *, kind: str | None = None,
           excel: bool = False, vcard_version: str = "4.0", days: int | None = None) -> bytes:
    """The vault in `fmt`: csv, vcard, ics or json (only json takes `kind`)."""
    return b"".join(export_stream(vault, fmt, today, kind=kind, excel=excel,
                                  vcard_version=vcard_version, days=days))


def export_stream(vault: Vault, fmt: str, today: dt.date, *, kind: str | None = None,
                  excel: bool = False, vcard_version: str = "4.0", days: int | None = None
                  ) -> Iterator[bytes]:
    """`export()` as chunks of UTF-8 of about CHUNK characters, each made when it is asked
    for: csv, vcard and json read the index a note at a time, so memory stays flat however
    large the vault (ics, the agenda's, is made whole). The options are checked here, before
    the first chunk."""
    if kind and fmt != "json":
        raise UsageError(f"--kind is for json; {fmt} is about "
                          + ("the agenda" if fmt == "ics" else "contacts"))
    if fmt == "ics":
        return iter([agenda_ics(*calendar_parts(vault, today, days), dt.datetime.now(dt.UTC))])
    if fmt == "vcard":
        texts = contacts_vcf(contact_cards(vault), vcard_version)
    elif fmt == "csv":
        texts = contacts_csv(contact_rows(vault, today), excel)
    elif fmt == "json":
        texts = notes_json(notes_for_export(vault.conn, kind))
    else:
        raise UsageError(f"no export format '{fmt}' (csv, vcard, ics, json)")
    return _chunks(texts)


def _chunks(texts: Iterable[str]) -> Iterator[bytes]:
    batch: list[str] = []
    size = 0
    for text in texts:
        batch.append(text)
        size += len(text)
        if size >= CHUNK:
            yield "".join(batch).encode("utf-8")
            batch, size = [], 0
    if batch:
        yield "".join(batch).encode("utf-8")


def contact_rows(vault: Vault, today: dt.date) -> Iterator[ContactRow]:
    """The contact spreadsheet's rows, by name: `Next due` is when the agenda will next ask
    to keep in touch (empty when it never will: no cadence, paused, archived)."""
    settings = vault.rule_settings()
    ctx = Context(today, settings, lambda _target: None)
    for note in contacts_by_name(vault.conn):
        meta = note.meta
        resting = note.summary.status in ("paused", "archived")  # the agenda asks nothing
        due = None if resting else keep_in_touch(Subject(note, settings, today), ctx)
        helped = [_TAGS.sub("", q[3]).strip() for q in note.facts["q"].get("helped-me", [])]
        yield ContactRow(
            name=note.title, title=_cell(meta.get("title")), company=_cell(meta.get("company")),
            email=_cell(meta.get("email")), phone=_cell(meta.get("phone")),
            circle=_cell(meta.get("circle")), met=_cell(meta.get("met")),
            met_at=_cell(meta.get("met_at")), referred_by=_cell(meta.get("referred_by")),
            helped="; ".join(helped), last_contact=note.summary.last_contact or "",
            next_due=due.due.isoformat() if due else "")


def calendar_parts(vault: Vault, today: dt.date, days: int | None):
    """(agenda items up to `today + days`, event notes, birthdays) for exports.calendar:
    the agenda as `vaultkit agenda` gives it, every event note with a date, every contact
    with a birthday."""
    agenda = vault.agenda(today, days)
    events, birthdays = [], []
    for note in vault.rules.notes():
        meta = note.meta
        if note.kind == "event":
            start = parse_date(meta.get("date"))
            if start is not None:
                end = parse_date(meta.get("end"))
                events.append(EventNote(note.path, note.title, start,
                                        end if end and end >= start else None,
                                        _cell(meta.get("location"))))
        elif note.kind == "contact" and note.summary.status != "archived":
            born = parse_birthday(meta.get("birthday"))
            if born is not None:
                birthdays.append(Birthday(note.path, note.title, *born))
    return agenda.items, events, birthdays


def contact_cards(vault: Vault) -> Iterator[Card]:
    """Every contact as exports.cards.Card, by name."""
    for note in contacts_by_name(vault.conn):
        meta = note.meta
        yield Card(note.path, note.title, _list(meta.get("email")), _list(meta.get("phone")),
                   _cell(meta.get("company")), _cell(meta.get("title")),
                   _cell(meta.get("linkedin")), parse_birthday(meta.get("birthday")),
                   _cell(meta.get("family_name")), _cell(meta.get("given_name")))


def _list(value: object) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [str(v).strip() for v in values if v not in (None, "") and str(v).strip()]
