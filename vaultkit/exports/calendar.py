"""The agenda in a calendar program: an iCalendar file (RFC 5545) with the agenda items as
to-dos (`VTODO` with `DUE`), event notes as events and birthdays as yearly all-day events.

The `icalendar` library writes the text: CRLF, lines folded at 75 octets without
splitting a UTF-8 character, escaping. Every component's UID is derived from what it is
about (a rule and a note, an event note, a contact's birthday) and not from its date, so
that a calendar program subscribed to the file updates an item when it moves instead of
adding a second one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import icalendar

from vaultkit import __version__
from vaultkit.model import AgendaItem
from vaultkit.notes.dates import next_day

DOMAIN = "vaultkit"


@dataclass(frozen=True)
class EventNote:
    path: str
    name: str
    start: dt.date
    end: dt.date | None
    location: str


@dataclass(frozen=True)
class Birthday:
    path: str
    name: str
    year: int | None
    month: int
    day: int


def uid(*parts: str) -> str:
    digest = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:24]
    return f"{digest}@{DOMAIN}"


def item_uid(item: AgendaItem) -> str:
    """One per rule and note — and per task, per name to create a note for, and per set of
    parts of a write-once message (a person may have two: one now, one held back)."""
    extra = item.text if item.rule == "task" else item.name if item.rule == "create-note" \
        else "+".join(sorted({part.rule for part in item.parts}))
    return uid("item", item.rule, item.note, extra)


def agenda_ics(items: list[AgendaItem], events: list[EventNote], birthdays: list[Birthday],
               now: dt.datetime) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//vaultkit//vaultkit {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "vaultkit agenda")
    stamp = now.astimezone(dt.UTC).replace(microsecond=0)
    for item in items:
        if item.rule == "birthday":
            continue  # a yearly event below
        todo = icalendar.Todo()
        todo.add("uid", item_uid(item))
        todo.add("dtstamp", stamp)
        todo.add("summary", item.text)
        todo.add("due", item.due)
        todo.add("status", "NEEDS-ACTION")
        todo.add("categories", [item.rule])
        todo.add("description", f"{item.rule} · {item.note}")
        todo.add("priority", {5: 1, 4: 3}.get(item.influence, 5))
        cal.add_component(todo)
    for event in events:
        vevent = icalendar.Event()
        vevent.add("uid", uid("event", event.path))
        vevent.add("dtstamp", stamp)
        vevent.add("summary", event.name)
        vevent.add("dtstart", event.start)
        _add_end(vevent, event.end or event.start)
        if event.location:
            vevent.add("location", event.location)
        vevent.add("description", event.path)
        cal.add_component(vevent)
    for birthday in birthdays:
        cal.add_component(_birthday(birthday, stamp))
    return cal.to_ical()


def _add_end(component: icalendar.Event, last: dt.date) -> None:
    """DTEND the day after `last`; none on the calendar's last day (a one-day event then,
    RFC 5545 3.6.1), never an OverflowError."""
    end = next_day(last)
    if end is not None:
        component.add("dtend", end)


def _birthday(birthday: Birthday, stamp: dt.datetime) -> icalendar.Event:
    # A birthday without a year starts in 2000, a leap year, so that 29 February exists.
    start = dt.date(birthday.year or 2000, birthday.month, birthday.day)
    event = icalendar.Event()
    event.add("uid", uid("birthday", birthday.path))
    event.add("dtstamp", stamp)
    event.add("summary", f"{birthday.name}'s birthday")
    event.add("dtstart", start)
    _add_end(event, start)
    if (birthday.month, birthday.day) == (2, 29):  # the last day of February every year
        event.add("rrule", {"freq": "yearly", "bymonth": 2, "bymonthday": -1})
    else:
        event.add("rrule", {"freq": "yearly"})
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["birthday"])
    return event
