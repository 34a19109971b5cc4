"""Rules about a job lead: act-on-lead, follow-up-inquiry, report-back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from vaultkit.agenda.contacts import item, mentioned
from vaultkit.agenda.context import Context, Subject, when
from vaultkit.agenda.lead_facts import describe, in_touch, reached, told
from vaultkit.agenda.words import is_are, pronouns, subject
from vaultkit.model import AgendaItem
from vaultkit.notes.dates import shift

# How "Tell Jane Doe …" goes on, before the lead, for each status it may have reached
# (lead_facts.REACHED_KIND has the entry kind that marks the day).
_REACHED = {
    "interviewing": "about your interview for",
    "offer": "about the offer for",
    "hired": "that you were hired as",
}


def lead_items(s: Subject, ctx: Context) -> Iterator[AgendaItem]:
    status = s.status or "idea"
    if status == "idea":
        yield from act_on_lead(s, ctx)
    elif status in ("inquired", "applied"):
        yield from follow_up_inquiry(s, ctx, status)
    elif status in _REACHED:
        yield from report_back(s, ctx, status)


def _source(s: Subject, ctx: Context) -> str:
    found = ctx.linked(s.meta.get("source"))
    return f" (from {found[0][0]})" if found else ""


def _names(s: Subject, ctx: Context) -> tuple[tuple[str, str], ...]:
    """The notes a lead's sentence names: its source and its company (an org)."""
    return mentioned(ctx.linked(s.meta.get("source"))[:1] + ctx.linked(s.meta.get("company")))


def act_on_lead(s: Subject, ctx: Context) -> Iterator[AgendaItem]:
    dated = s.history
    due = s.date("next") or (dt.date.fromisoformat(dated[0]) if dated else ctx.today)
    yield item(s, "act-on-lead", due,
               f"Act on the lead {describe(s)}{_source(s, ctx)}: send an inquiry or apply"
               )._replace(mentions=_names(s, ctx))


def follow_up_inquiry(s: Subject, ctx: Context, status: str) -> Iterator[AgendaItem]:
    last = dt.date.fromisoformat(s.history[-1]) if s.history else s.date("updated")
    planned = s.date("next")
    if planned and (last is None or planned > last):
        due = planned
    else:
        due = shift(last or ctx.today, ctx.settings.follow_up_after)
    # The day of the inquiry or application itself (its #inquired/#applied entry): the
    # last entry may be a later one (a follow-up), which is said as such.
    sent = s.latest(status) or s.date("updated") or last
    since = f" on {when(sent, ctx.today)}" if sent else ""
    if last and sent and last > sent:
        since += f", last in touch about it on {when(last, ctx.today)}"
    yield item(s, "follow-up-inquiry", due,
               f"Follow up on {describe(s)}: {status}{since}, no news since"
               )._replace(mentions=_names(s, ctx))


def report_back(s: Subject, ctx: Context, status: str) -> Iterator[AgendaItem]:
    """Tell the people of a lead that it led somewhere. Its sources gave you the lead: the
    item asks you to thank them and offer your help in return (reciprocity). Its other
    contacts are told only if you have been in touch with them (a name in `contacts:`
    alone did not help). The lead that ended the search (Network.hire) is left to
    share-news, which reaches everyone who helped."""
    since = reached(s, status)
    hired = ctx.network.hire
    if since is None or (hired is not None and hired.lead == s.note.path):
        return
    what = f"{_REACHED[status]} {describe(s)} on {when(since, ctx.today)}"
    sources = {id(person) for _name, person in ctx.linked(s.meta.get("source")) if person}
    seen: set[int] = set()
    people = ctx.linked(s.meta.get("source")) + ctx.linked(s.meta.get("contacts"))
    for _name, person in people:
        if person is None or person.note.kind != "contact" or id(person) in seen:
            continue
        seen.add(id(person))
        source = id(person) in sources
        if person.status in ("archived", "paused") or told(person, s, since):
            continue
        if not source and not in_touch(person):
            continue
        yield _report(s, ctx, person, since, what, source)


THANK_AND_OFFER = ", thank {them} and offer your help in return"  # to a lead's source


def _report(s: Subject, ctx: Context, person: Subject, since: dt.date, what: str,
            source: bool) -> AgendaItem:
    thank = THANK_AND_OFFER if source else ""
    meta = person.note
    why = f"{subject(meta)} gave you the lead" if source else f"{is_are(meta)} part of it"
    return AgendaItem(
        rule="report-back", note=person.note.path, name=person.name, link=person.note.name,
        due=shift(since, ctx.settings.report_within), influence=person.influence,
        related=(s.name,), mentions=((describe(s), s.note.path),),
        text=f"Tell {person.name} {what}{thank.format(them=pronouns(meta)[0])}: {why}",
        clause=f"tell {{them}} {what}{thank}", draft="report-back")
