"""Rules with a date of their own: prepare-event, renewal, task, create-note."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from vaultkit.agenda import events, goals
from vaultkit.agenda.bundle import task_clause
from vaultkit.agenda.contacts import item, mentioned, plain
from vaultkit.agenda.context import Context, Subject, when
from vaultkit.agenda.words import the
from vaultkit.model import AgendaItem
from vaultkit.notes.dates import shift

_DUE_MARK = re.compile(r"\s*📅\s*\d{4}-\d{2}-\d{2}")


def prepare_event(s: Subject, ctx: Context) -> Iterator[AgendaItem]:
    """An event within `event_horizon` you have not said you will miss (`attending:
    false`): prepare the day before, with a checklist (checklist())."""
    day = s.date("date")
    if day is None or not ctx.today <= day <= shift(ctx.today, ctx.settings.event_horizon):
        return
    if events.attending(s.meta) is False:
        return
    if s.has_since("prepared", shift(day, -ctx.settings.event_horizon)):
        return  # a #prepared entry since the event came in sight (a ticked item)
    linked = ctx.linked(s.meta.get("attendees"))
    people = [name for name, _subject in linked]
    where = s.meta.get("location")
    at = f" ({where})" if isinstance(where, str) and where.strip() else ""
    if at and where.strip().lower() in s.name.lower():  # "Busan Fintech Night (Busan)"
        at = ""
    who = (f": {_join(people)} will be there" if people
           else ": find out who else is going")
    one = item(s, "prepare-event", shift(day, -1),
               f"Prepare for {the(s.name)} on {when(day, ctx.today)}{at}{who}",
               related=tuple(people))
    yield one._replace(checklist=checklist(linked, ctx), mentions=mentioned(linked))


def checklist(attendees: list[tuple[str, Subject | None]], ctx: Context) -> tuple[str, ...]:
    """"Arrive early … have résumé, cover letter, references and a one-minute pitch ready,
    prepare questions, dress as for an interview": each prep note named, and whether it is
    missing or still empty; the attendees and the goals they serve."""
    prep = ctx.network.prep
    ready = [what for what, _name, state in prep if state == "ready"]
    lines = ["Arrive early", "Dress as for an interview"]
    if ready:
        lines.append(f"Have ready: {_join(ready)}")
    for what, name, state in prep:
        if state == "missing":
            lines.append(f"Prepare your {what}: there is no note for it yet")
        elif state == "empty":
            lines.append(f"Prepare your {what}: the note {name} is still empty")
    for name, subject in attendees:
        lines.append(f"Talk with {name}{goals.suffix(goals.served(subject, ctx))}")
    if not attendees:
        lines.append("Find out who else is going")
    return tuple(lines)


def renewal(s: Subject, ctx: Context) -> Iterator[AgendaItem]:
    day = s.date("renews")
    if day is None:
        return
    what = "your membership of" if s.meta.get("member") is True else "your subscription to"
    yield item(s, "renewal", day, f"Renew {what} {s.name} by {when(day, ctx.today)}")


def tasks(s: Subject, ctx: Context) -> Iterator[AgendaItem]:
    if not s.summary.has_tasks:
        return
    # A task in a contact's note is mostly one for them: it can join a message to them.
    names = (s.name, s.name.split()[0] if s.name.split() else s.name, s.note.name,
             *s.note.aliases) if s.note.kind == "contact" else None
    for day, _line, text in s.facts["t"]:
        due = dt.date.fromisoformat(day) if day else ctx.today
        said = plain(_DUE_MARK.sub('', text))
        yield item(s, "task", due, f"{said} ({s.name})")._replace(
            clause=task_clause(said, names) if names else "")


def create_note(ctx: Context, path: str, referrer: str, target: str,
                day: dt.date) -> AgendaItem:
    return AgendaItem(rule="create-note", note=path, name=target.rsplit("/", 1)[-1],
                      link=target, due=day, related=(referrer,), mentions=((referrer, path),),
                      text=f"Create a note for {target.rsplit('/', 1)[-1]}: {referrer} gave "
                           f"you the name on {when(day, ctx.today)}")


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
