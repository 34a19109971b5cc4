"""LinkedIn's data export: Connections.csv (one record per connection) and messages.csv
(one record per conversation: its latest message, as a log entry on the other person's
note)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from vaultkit.imports.records import Record, clean, import_date, row_record
from vaultkit.imports.tables import Progress, Row, column, header_kind, read_rows
from vaultkit.notes.addresses import normalise_linkedin

CONNECTIONS = ("First Name", "Last Name", "URL")
MESSAGES = ("Conversation ID", "From", "Sender Profile URL", "Recipient Profile URLs", "Date")
_TAG = re.compile(r"#(\w)")
WHAT = "a LinkedIn export (Connections.csv or messages.csv)"


def linkedin_export(path: Path, progress: Progress | None = None, me: str = ""
                    ) -> Iterator[Record]:
    """Connections or messages, by the file's header; `me` is the person's own name
    (`[me] name`), which tells their messages when the file has one conversation."""
    if header_kind(path, [CONNECTIONS, MESSAGES], WHAT) == 1:
        return messages(path, progress, me)
    return connections(path, progress)


def connections(path: Path, progress: Progress | None = None) -> Iterator[Record]:
    for row in read_rows(path, CONNECTIONS, WHAT, progress):
        record = row_record(path, row)
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
            # A connection is not a meeting: `connected:`, a weak tie (no thank-you; the
            # imported cadence until you act — agenda/pace.py).
            if day := import_date(connected):
                values["connected"] = day
            else:
                record.warnings.append(f"{record.where}: Connected On '{connected}' is not a "
                                       "date; left out")
        if not record.name:
            record.name = values.get("email", "")  # type: ignore[assignment]
        yield record


def messages(path: Path, progress: Progress | None = None, me_name: str = ""
             ) -> Iterator[Record]:
    """The latest message of each conversation, as an entry for the other person. The
    export's owner is the profile found in the most conversations, or (with a single
    conversation) the sender named `me_name`."""
    latest: dict[str, tuple[str, Row]] = {}
    seen_in: Counter[str] = Counter()
    named_me: str | None = None
    for row in read_rows(path, MESSAGES, WHAT, progress):
        if me_name and column(row, "from").lower() == me_name.lower():
            named_me = _profile(column(row, "sender profile url"))
        conversation = column(row, "conversation id")
        sent = column(row, "date")
        profiles = {_profile(u) for u in _urls(row)} - {None}
        seen_in.update(profiles if conversation not in latest else ())
        if conversation not in latest or sent > latest[conversation][0]:
            latest[conversation] = (sent, row)
    me = seen_in.most_common(1)[0][0] if len(latest) > 1 and seen_in else named_me
    for conversation, (sent, row) in latest.items():
        yield _message(path, conversation, sent, row, me)


def _message(path: Path, conversation: str, sent: str, row: Row, me: str | None) -> Record:
    record = row_record(path, row)
    sender = _profile(column(row, "sender profile url"))
    if sender and sender != me:
        others, direction = [sender], "from"
        record.name = clean(record, "From", column(row, "from"))
    else:
        others = [p for p in map(_profile, _split(column(row, "recipient profile urls")))
                  if p and p != me]
        direction = "to"
        record.name = clean(record, "To", column(row, "to"))
    day = import_date(sent[:10])
    if not others or day is None:
        record.name = ""
        record.warnings.append(f"{record.where}: conversation {conversation} has no other "
                               "person or no date")
        return record
    record.values["linkedin"] = f"https://www.{others[0]}"
    about = clean(record, "Subject", column(row, "subject")) or clean(
        record, "Content", column(row, "content"))
    # Not a tag or a link in the note: the log's own syntax.
    about = _TAG.sub(r"\1", about.replace("[[", "").replace("]]", ""))
    about = about if len(about) <= 80 else about[:77].rstrip() + "…"
    name = record.name.split(",")[0].strip() or "them"
    text = f"LinkedIn message {direction} {name}" + (f": {about}" if about else "")
    record.entry = (day, f"- {day.isoformat()} (linkedin) {text}")
    return record


def _urls(row: Row) -> list[str]:
    return [column(row, "sender profile url"), *_split(column(row, "recipient profile urls"))]


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def _profile(url: str) -> str | None:
    return normalise_linkedin(url) if url else None
