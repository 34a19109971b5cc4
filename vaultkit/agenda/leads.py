"""Rules about a job lead: act-on-lead, follow-up-inquiry, report-back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from vaultkit.agenda.contacts import item
from vaultkit.agenda.context import Context, Subject, when
from vaultkit.model import AgendaItem
from vaultkit.notes.dates import shift

# The kind that marks the day a lead reached a status, and how a sentence names it.
# status -> (the entry kind that marks it, how "Tell Jane Doe …" goes on, before the lead)
_REACHED = {
    "interviewing": ("interview", "about your interview for"),
    "offer": ("offer", "about the offer for"),
    "hired": ("hired", "that you were hired as"),
}


def lead_items(s: Subject, ctx: Context) -> Iterator[AgendaItem]:
    status = s.status or "idea"
    if status == "idea":
        yield from act_on_lead(s, ctx)
    elif status in ("inquired", "applied"):
        yield from follow_up_inquiry(s, ctx, status)
    elif status in _REACHED:
        yield from report_back(s, ctx, status)


def describe(s: Subject) -> str:
    """`Senior Platform Engineer at Acme`, or the note's name."""
    role = s.meta.get("role")
    company = s.meta.get("company")
    company_name = company.replace("[[", "").replace("]]", "") if isinstance(company, str) \
        else None
    if isinstance(role, str) and role.strip():
        return f"{role.strip()} at {company_name}" if company_name else role.strip()
    return s.name


def _source(s: Subject, ctx: Context) -> str:
    found = ctx.linked(s.meta.get("source"))
    return f" (from {found[0][0]})" if found else ""


def act_on_lead(s: Subject, ctx: Context) -> Iterator[AgendaItem]:
    dated = s.history
    due = s.date("next") or (dt.date.fromisoformat(dated[0]) if dated else ctx.today)
    yield item(s, "act-on-lead", due,
               f"Act on the lead {describe(s)}{_source(s, ctx)}: send an inquiry or apply")


def follow_up_inquiry(s: Subject, ctx: Context, status: str) -> Iterator[AgendaItem]:
    last = dt.date.fromisoformat(s.history[-1]) if s.history else s.date("updated")
    planned = s.date("next")
    if planned and (last is None or planned > last):
        due = planned
    else:
        due = shift(last or ctx.today, ctx.settings.follow_up_after)
    since = f" on {when(last, ctx.today)}" if last else ""
    yield item(s, "follow-up-inquiry", due,
               f"Follow up on {describe(s)}: {status}{since}, no news since")


def reached(s: Subject, status: str) -> dt.date | None:
    """When the lead reached `status`: the latest entry tagged for it, else `updated`,
    else the first log entry."""
    kind = _REACHED[status][0]
    first = dt.date.fromisoformat(s.history[0]) if s.history else None
    return s.latest(kind) or s.date("updated") or first


def report_back(s: Subject, ctx: Context, status: str) -> Iterator[AgendaItem]:
    since = reached(s, status)
    if since is None:
        return
    what = _REACHED[status][1]
    sources = {id(person) for _name, person in ctx.linked(s.meta.get("source")) if person}
    seen: set[int] = set()
    people = ctx.linked(s.meta.get("source")) + ctx.linked(s.meta.get("contacts"))
    for _name, person in people:
        if person is None or person.note.kind != "contact" or id(person) in seen:
            continue
        seen.add(id(person))
        if person.status in ("archived", "paused") or _told(person, s, since):
            continue
        why = "they gave you the lead" if id(person) in sources else "they are part of it"
        yield AgendaItem(
            rule="report-back", note=person.note.path, name=person.name,
            link=person.note.name, due=shift(since, ctx.settings.report_within),
            influence=person.influence, related=(s.name,),
            text=f"Tell {person.name} {what} {describe(s)} on {when(since, ctx.today)}: {why}")


def _told(person: Subject, lead: Subject, since: dt.date) -> bool:
    """An #update since, in the person's note or in the lead's note naming them."""
    if person.has_since("update", since):
        return True
    names = {person.note.name.lower(), *(a.lower() for a in person.note.aliases)}
    return any(quote.day >= since and names & {t.lower() for t in quote.links}
               for quote in lead.quotes("update"))
