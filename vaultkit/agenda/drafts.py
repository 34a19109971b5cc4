"""Message drafts for one contact, filled in from what the vault knows: where and when you
met, the last conversation, the lead and its status, who referred you and whether you may
say so: the context of templates/drafts/KIND.txt.j2 (present/drafts.py renders it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vaultkit.agenda import search
from vaultkit.agenda.build import RuleSettings, name_resolver
from vaultkit.agenda.contacts import plain
from vaultkit.agenda.context import Context, Subject, when
from vaultkit.agenda.leads import describe, reached
from vaultkit.errors import VaultkitError
from vaultkit.model import StoredNote
from vaultkit.notes.values import links_in

KINDS = ("thank-you", "check-in", "report-back", "ask-referral", "follow-up-inquiry")
_LEAD_STATUS_WORDS = {
    "idea": "I am looking into it", "inquired": "I sent an inquiry", "applied": "I applied",
    "interviewing": "I had an interview", "offer": "I received an offer",
    "hired": "I was hired", "rejected": "it did not work out", "withdrawn": "I withdrew",
    "closed": "the position is closed",
}


@dataclass(frozen=True)
class DraftContext:
    """The context of every draft template (templates/drafts/KIND.txt.j2)."""

    kind: str  # thank-you, check-in, report-back, ask-referral, follow-up-inquiry
    contact: dict  # name, first_name, email, title, company, path
    met: dict | None  # date (ISO), when (e.g. "Nov 20"), place
    last: dict | None  # the last conversation: date, when, channel, text
    lead: dict | None  # name, role, what (e.g. "Senior Platform Engineer at Acme"), status,
    #                    status_words (e.g. "I had an interview"), since (ISO), since_when
    referrer: dict | None  # name, may_use_name (true, false or none: not asked)
    sender: str  # your name, from [me] name in the config ("" when unset)
    today: str  # ISO date
    # For share-news: company, role, news ("you start at Contoso as SRE"), date, when,
    # lead_from_them (they gave you the lead that ended the search).
    hire: dict | None = None
    looking_for: str = ""  # for announce: [search] looking_for, or "a new job"
    # For offer-help: got (#helped-me entries and credited leads), gave, leads (names).
    favours: dict | None = None
    helped: dict | None = None  # for thank-for-help: the latest #helped-me: date, when, text


def draft_context(kind: str, person: StoredNote, notes: list[StoredNote], resolve, today: dt.date,
                  sender: str, settings: RuleSettings | None = None) -> DraftContext:
    if kind not in KINDS:
        raise VaultkitError(f"no draft '{kind}'; choose one of {', '.join(KINDS)}")
    settings = settings or RuleSettings()
    subject = Subject(person, settings, today)
    ctx = Context(today, settings, lambda target: _subject(resolve(target), settings, today))
    return DraftContext(
        kind=kind, contact=_contact(subject), met=_met(subject, ctx), last=_last(subject),
        lead=_lead(subject, notes, ctx), referrer=_referrer(subject, ctx), sender=sender,
        today=today.isoformat(), **search_fields(subject, notes, ctx))


def _subject(note: StoredNote | None, settings: RuleSettings, today: dt.date) -> Subject | None:
    return Subject(note, settings, today) if note is not None else None


def _contact(s: Subject) -> dict:
    meta = s.meta
    email = meta.get("email")
    email = email[0] if isinstance(email, list) and email else email
    company = meta.get("company")
    company = company.replace("[[", "").replace("]]", "") if isinstance(company, str) else company
    return {"name": s.name, "first_name": s.name.split()[0] if s.name.split() else s.name,
            "email": email if isinstance(email, str) else None,
            "title": meta.get("title"), "company": company, "path": s.note.path}


def _met(s: Subject, ctx: Context) -> dict | None:
    met = max((d for d in (s.met, s.latest("met")) if d and d <= ctx.today), default=None)
    if met is None:
        return None
    place = None
    quotes = [q for q in s.quotes("met") if q.day == met and q.links]
    if quotes:
        place = ctx.linked(f"[[{quotes[-1].links[0]}]]")[0][0]
    elif s.meta.get("met_at"):
        found = ctx.linked(s.meta["met_at"])
        place = found[0][0] if found else None
    return {"date": met.isoformat(), "when": when(met, ctx.today), "place": place}


def _last(s: Subject) -> dict | None:
    quotes = [q for kind in ("met", "helped-me", "referral", "intro", "update")
              for q in s.quotes(kind)]
    if not s.last_contact:
        return None
    day = s.last_contact
    said = [q for q in quotes if q.day == day]
    text = said[-1].text if said else None
    channel = said[-1].channel if said else None
    return {"date": day.isoformat(), "when": when(day, s.today), "channel": channel,
            "text": text}


def _lead(s: Subject, notes: list[StoredNote], ctx: Context) -> dict | None:
    best = None
    for note in notes:
        if note.kind != "lead":
            continue
        lead = Subject(note, s.settings, ctx.today)
        people = ctx.linked(lead.meta.get("source")) + ctx.linked(lead.meta.get("contacts"))
        if not any(person is not None and person.note.path == s.note.path
                   for _name, person in people):
            continue
        status = lead.status or "idea"
        since = reached(lead, status) if status in ("interviewing", "offer", "hired") else (
            dt.date.fromisoformat(lead.history[-1]) if lead.history else None)
        key = since or dt.date.min
        if best is None or key > best[0]:
            best = (key, lead, status, since)
    if best is None:
        return None
    _key, lead, status, since = best
    return {"name": lead.name, "role": lead.meta.get("role"), "what": describe(lead),
            "status": status, "status_words": _LEAD_STATUS_WORDS.get(status, status),
            "since": since.isoformat() if since else None,
            "since_when": when(since, ctx.today) if since else None}


def _referrer(s: Subject, ctx: Context) -> dict | None:
    found = ctx.linked(s.meta.get("referred_by"))
    if not found:
        return None
    allowed = s.meta.get("may_use_name")
    return {"name": found[0][0], "may_use_name": allowed if isinstance(allowed, bool) else None}


def lead_contact(lead: StoredNote, resolve) -> StoredNote | None:
    """The first contact named in a lead's `source` or `contacts` (a lead's drafts go to
    them)."""
    for value in (lead.meta.get("source"), lead.meta.get("contacts")):
        for item in value if isinstance(value, list) else [value]:
            for target in links_in(item) if isinstance(item, str) else []:
                found = resolve(target)
                if found is not None and found.kind == "contact":
                    return found
    return None


def draft_for(notes: list[StoredNote], path: str, kind: str, today: dt.date,
              me: str | None, settings: RuleSettings | None = None) -> DraftContext:
    """The draft of `kind` for the note at `path`: a contact, or a lead's first contact."""
    resolve = name_resolver(notes)
    person = next((n for n in notes if n.path == path), None)
    if person is not None and person.kind == "lead":
        person = lead_contact(person, resolve)
    if person is None or person.kind != "contact":
        raise VaultkitError(f"{path} is not a contact (nor a lead with one)")
    return draft_context(kind, person, notes, resolve, today, me, settings)


# --- the job search's drafts: share-news, announce, offer-help, thank-for-help ---------

KINDS += ("share-news", "announce", "offer-help", "thank-for-help")


def search_fields(s: Subject, notes: list[StoredNote], ctx: Context) -> dict:
    """DraftContext's hire, looking_for, favours and helped (agenda/search.py's rules)."""
    hired = search.hire(notes, ctx)
    hire = None if hired is None else {
        "company": hired.company or None, "role": hired.role or None,
        "news": search.news(hired), "date": hired.day.isoformat(),
        "when": when(hired.day, ctx.today), "lead_from_them": _gave_hire(s, notes, ctx, hired)}
    leads = search.credits(notes, ctx).get(s.note.path, ())
    got, gave = s.favours()
    quotes = s.quotes("helped-me")
    helped = None if not quotes else {
        "date": quotes[-1].date, "when": when(quotes[-1].day, ctx.today),
        "text": plain(quotes[-1].text)}
    return {"hire": hire, "looking_for": search.looking_for(ctx), "helped": helped,
            "favours": {"got": got + len(leads), "gave": gave, "leads": list(leads)}}


def _gave_hire(s: Subject, notes: list[StoredNote], ctx: Context, hired: search.Hire) -> bool:
    """Whether `s` is a source of the lead that ended the search."""
    lead = next((n for n in notes if n.path == hired.lead), None)
    return lead is not None and any(person is not None and person.note.path == s.note.path
                                    for _name, person in ctx.linked(lead.meta.get("source")))
