"""The job search as a whole: reciprocity for leads that led somewhere, news of a hire for
everyone who helped, and casual networking — telling your circles that you are looking,
a few people a day.

Pure functions of the network's notes (RuleSource.network_notes) and the context, called
once per agenda by Network.of (network.py)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import NamedTuple

from vaultkit.agenda import context as _context  # a module: context.py is loading us
from vaultkit.agenda.lead_facts import REACHED_KIND, describe, in_touch, reached, told
from vaultkit.agenda.words import pronouns, subject
from vaultkit.model import AgendaItem, StoredNote
from vaultkit.notes.dates import shift

# A lead that reached one of these is a favour from its source (reciprocity).
CREDITED = ("interviewing", "offer", "hired")
# Entries that tell a person your news: after them, no share-news.
_NEWS = ("news", "update")


class Hire(NamedTuple):
    """The end of the search: when, where, as what, and the lead's path (None: from
    [search])."""

    day: dt.date
    company: str
    role: str
    lead: str | None


def _subjects(notes: Iterable[StoredNote], ctx, kind: str) -> list:
    return [_context.Subject(n, ctx.settings, ctx.today) for n in notes if n.kind == kind]


def credits(notes: Iterable[StoredNote], ctx) -> dict[str, tuple[str, ...]]:
    """Contact path -> the names of the leads they gave you that reached an interview, an
    offer or a hire: each a favour in the balance. Whatever came after — a lead rejected
    after its interview led to one all the same (found in review: its source got no
    credit)."""
    found: dict[str, set[str]] = {}
    for lead in _subjects(notes, ctx, "lead"):
        day = credited_on(lead)
        if day is None or day > ctx.today:
            continue
        for _name, person in ctx.linked(lead.meta.get("source")):
            if person is not None and person.note.kind == "contact":
                found.setdefault(person.note.path, set()).add(lead.name)
    return {path: tuple(sorted(names)) for path, names in sorted(found.items())}


def credited_on(lead) -> dt.date | None:
    """When a lead first led somewhere that credits its source: its status, if one of
    CREDITED (the day it reached it), else the earliest stage of CREDITED logged for it
    (`#interview` on a lead now `rejected`); None if it never did."""
    if lead.status in CREDITED:
        return reached(lead, lead.status)
    days = [day for stage in CREDITED if (day := lead.latest(REACHED_KIND[stage]))]
    return min(days, default=None)


def hire(notes: Iterable[StoredNote], ctx) -> Hire | None:
    """The search's end, up to today: `[search] status = "employed"` with `employed_on`
    (the config says so outright), else the latest `hired` lead — hired on or after
    `[search] since`, when set: an older hire is the job you are leaving."""
    search = ctx.settings.search
    if search.status == "employed" and search.employed_on is not None:
        if search.employed_on > ctx.today:
            return None
        return Hire(search.employed_on, search.employer, search.role, None)
    best = None
    for lead in _subjects(notes, ctx, "lead"):
        day = reached(lead, "hired") if lead.status == "hired" else None
        if day is None or day > ctx.today or (search.since and day < search.since):
            continue
        if best is None or (day, lead.note.path) > (best[0], best[1].note.path):
            best = (day, lead)
    if best is None:
        return None
    day, lead = best
    role = lead.meta.get("role")
    return Hire(day, _company(lead.meta.get("company")),
                role.strip() if isinstance(role, str) else "", lead.note.path)


def _company(value: object) -> str:
    return value.replace("[[", "").replace("]]", "").strip() if isinstance(value, str) else ""


def search_items(notes: Iterable[StoredNote], ctx, hired: Hire | None) -> list[AgendaItem]:
    """share-news and announce items."""
    notes = list(notes)
    if hired is not None:
        return share_news(notes, ctx, hired)
    return announce(notes, ctx)


# --- news of a hire ----------------------------------------------------------------------

def news(hired: Hire) -> str:
    """`you start at Contoso as Platform Engineer`, as far as the hire says."""
    at = f" at {hired.company}" if hired.company else ""
    role = f" as {hired.role}" if hired.role else ""
    return f"you start{at}{role}" if at or role else "you have started a new job"


def _during(lead, since: dt.date | None) -> bool:
    """Whether a lead was worked on during the search (any lead, without `since`)."""
    if since is None:
        return True
    last = dt.date.fromisoformat(lead.history[-1]) if lead.history else None
    updated = lead.date("updated")
    return any(day is not None and since <= day <= lead.today for day in (last, updated))


def helpers(notes: list[StoredNote], ctx, hired: Hire) -> dict[str, tuple[object, str]]:
    """Contact path -> (Subject, why) for everyone who helped during the search, the first
    reason found: a lead's source, a referrer, a #helped-me entry, a lead's contact."""
    since = ctx.settings.search.since
    found: dict[str, tuple[object, str]] = {}
    part_of: list[tuple[object, str]] = []
    # The hired lead first: its sources are told "they gave you the lead" (and offered help).
    leads = sorted(_subjects(notes, ctx, "lead"), key=lambda s: s.note.path != hired.lead)
    for lead in leads:
        if not _during(lead, since):
            continue
        for _name, person in ctx.linked(lead.meta.get("source")):
            _add(found, person, "they gave you the lead" if lead.note.path == hired.lead
                 else f"they gave you the lead for {describe(lead)}")
        for _name, person in ctx.linked(lead.meta.get("contacts")):
            if person is not None and in_touch(person):  # a name alone helped no one
                part_of.append((person, f"they were part of the lead for {describe(lead)}"))
    contacts = _subjects(notes, ctx, "contact")
    for person in contacts:
        _referred(found, person, ctx, since)
    for person in contacts:
        if _since(person, ("referral", "intro"), since):
            _add(found, person, "they gave you names")
    for person in contacts:
        if _since(person, ("helped-me",), since):
            day = dt.date.fromisoformat(person.dates("helped-me")[-1])
            _add(found, person, f"they helped you on {_context.when(day, ctx.today)}")
    for person, why in part_of:
        _add(found, person, why)
    return found


def _add(found: dict, person, why: str) -> None:
    if person is not None and person.note.kind == "contact":
        found.setdefault(person.note.path, (person, why))


def _since(person, kinds: tuple[str, ...], since: dt.date | None) -> bool:
    dates = [day for kind in kinds for day in person.dates(kind)]
    return bool(dates) and (since is None or max(dates) >= since.isoformat())


def _referred(found: dict, person, ctx, since: dt.date | None) -> None:
    """The referrer named in `person`'s `referred_by`, when the referral came during the
    search: without `since`, always; with it, when `person` was first met or in touch on
    or after it (a referral never acted on has no date, and counts only without since)."""
    value = person.meta.get("referred_by")
    if not value:
        return
    first = [day for day in (person.met, _first(person)) if day is not None]
    if since is not None and not (first and min(first) >= since):
        return
    for _name, referrer in ctx.linked(value):
        _add(found, referrer, f"they referred you to {person.name}")


def _first(person) -> dt.date | None:
    return dt.date.fromisoformat(person.contacts[0]) if person.contacts else None


def share_news(notes: list[StoredNote], ctx, hired: Hire) -> list[AgendaItem]:
    """One share-news item for each active helper not yet told (a #news or #update entry
    on or after the hire day), due `report_within` after the hire."""
    due = shift(hired.day, ctx.settings.report_within)
    told = _told_in_lead(notes, ctx, hired)
    said = news(hired)
    items = []
    for path, (person, why) in sorted(helpers(notes, ctx, hired).items()):
        if person.status in ("paused", "archived") or path in told:
            continue
        if any(person.has_since(kind, hired.day) for kind in _NEWS):
            continue
        source = why == "they gave you the lead"
        offer = " and offer yours in return" if source else ""
        them, their = pronouns(person.note)
        why = re.sub(r"^they(?= )", subject(person.note), why)  # "she gave you the lead"
        items.append(AgendaItem(
            "share-news", path, person.name, person.note.name, due,
            f"Tell {person.name} {said}, and thank {them} for {their} help{offer}: {why}",
            person.influence, clause=f"tell {{them}} {said}, and thank {{them}} for "
            f"{{their}} help{offer}", draft="share-news",
            mentions=((hired.role, hired.lead),) if hired.lead and hired.role else ()))
    return items


def _told_in_lead(notes: list[StoredNote], ctx, hired: Hire) -> set[str]:
    """The people the hired lead's note says you told (an #update naming them since)."""
    lead = next((s for s in _subjects(notes, ctx, "lead") if s.note.path == hired.lead), None)
    if lead is None:
        return set()
    people = ctx.linked(lead.meta.get("source")) + ctx.linked(lead.meta.get("contacts"))
    return {p.note.path for _n, p in people if p is not None and told(p, lead, hired.day)}


# --- casual networking ------------------------------------------------------------------

def looking_for(ctx) -> str:
    return ctx.settings.search.looking_for or "a new job"


def announce(notes: list[StoredNote], ctx) -> list[AgendaItem]:
    """Casual networking: everyone active in `[search] circles` not told since `[search]
    since` (no #announce entry on or after it), `announce_per_day` a day, most influential
    first, then by name: the first N due today, the next N tomorrow, and so on, up to
    `[rules] days` ahead. The queue is laid out afresh each day from today, so it moves up
    as #announce entries are logged and is never overdue."""
    search, per_day = ctx.settings.search, ctx.settings.announce_per_day
    if search.since is None or search.since > ctx.today or per_day <= 0:
        return []
    what = looking_for(ctx)
    return [AgendaItem(
        "announce", s.note.path, s.name, s.note.name,
        ctx.today + dt.timedelta(days=place // per_day),
        f"Tell {s.name} that you are looking for {what}: casual networking with your "
        f"{_circle(s)} circle", s.influence,
        clause=f"tell {{them}} that you are looking for {what}", draft="announce")
        for place, s in enumerate(_queue(notes, ctx, per_day * (ctx.settings.days + 1)))]


def _queue(notes: list[StoredNote], ctx, size: int) -> list:
    """The first `size` people to tell, in order. Ranked on the summary first, so that only
    the people the queue reaches have their front matter and log decoded (ten thousand
    contacts in the circles cost nothing more than the few a day the agenda shows)."""
    search = ctx.settings.search
    circles = set(search.circles)
    ranked = sorted((s for s in _subjects(notes, ctx, "contact")
                     if s.status not in ("paused", "archived")),
                    key=lambda s: announce_rank(s.influence, s.name, s.note.path))
    queue = []
    for s in ranked:
        if len(queue) >= size:
            break
        if _circle(s) in circles and not s.has_since("announce", search.since):
            queue.append(s)
    return queue


def announce_rank(influence: int, name: str, path: str) -> tuple:
    """The announce queue's order: most influential first, then by name (index/rule_input
    ranks the same way to load only the people the queue reaches)."""
    return (-influence, name.lower(), path)


def _circle(s) -> str:
    value = s.meta.get("circle")
    return value.strip().lower() if isinstance(value, str) else ""
