"""Message drafts for one contact, filled in from what the vault knows: where and when you
met, the last conversation, the lead and its status, who referred you and whether you may
say so: the context of templates/drafts/KIND.txt.j2 (present/drafts.py renders it)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from vaultkit.agenda import search
from vaultkit.agenda.build import RuleSettings
from vaultkit.agenda.contacts import plain
from vaultkit.agenda.context import Context, Quote, Subject, when
from vaultkit.agenda.draft_notes import DraftNotes
from vaultkit.agenda.draft_parts import HELP_KINDS, POSITIVE, STATUS_WORDS, news, remark, topic
from vaultkit.agenda.leads import describe, reached
from vaultkit.agenda.words import the
from vaultkit.errors import VaultkitError
from vaultkit.model import StoredNote
from vaultkit.notes.values import links_in

KINDS = ("thank-you", "check-in", "report-back", "ask-referral", "follow-up-inquiry",
         "introduce", "follow-up-event", "write-once")


@dataclass(frozen=True)
class DraftContext:
    """The context of every draft template (templates/drafts/KIND.txt.j2)."""

    kind: str  # one of KINDS
    contact: dict  # name, first_name, email, title, company, path, helped (how many
    #                #helped-me, #referral and #intro entries: help the vault shows)
    met: dict | None  # date (ISO), when (e.g. "Nov 20"), place, at (the place after "at":
    #                   "the Busan Job Fair"), note (the #met entry's words), topic (what
    #                   you talked about, when the entry says "talked about …")
    last: dict | None  # the last conversation: date, when, channel, text
    lead: dict | None  # name, role, what (e.g. "Senior Platform Engineer at Acme"), status,
    #                    status_words (e.g. "I had an interview"), since (ISO), since_when,
    #                    news ("I had an interview on Nov 26"), positive (interviewing,
    #                    offer, hired), role_of_contact ("source" or "contact")
    referrer: dict | None  # name, may_use_name (true, false or none: not asked)
    sender: str  # your name, from [me] name in the config ("" when unset)
    today: str  # ISO date
    # write-once: what the message covers (bundle.with_parts), each a dict of kind (the
    # rule), clause (as the agenda says it), mine (as the message says it: "thank you for
    # meeting me …"), due, when, text, draft (the part's own draft kind, or None)
    parts: list = dataclasses.field(default_factory=list)
    # For share-news: company, role, news ("you start at Contoso as SRE"), date, when,
    # lead_from_them (they gave you the lead that ended the search).
    hire: dict | None = None
    looking_for: str = ""  # for announce: [search] looking_for, or "a new job"
    # For offer-help: got (#helped-me entries and credited leads), gave, leads (names).
    favours: dict | None = None
    helped: dict | None = None  # for thank-for-help: the latest #helped-me: date, when, text


def draft_context(kind: str, person: StoredNote, notes: list[StoredNote] | DraftNotes,
                  resolve, today: dt.date, sender: str, lead: StoredNote | None = None,
                  settings: RuleSettings | None = None) -> DraftContext:
    """The context of the draft of `kind` to `person`; about `lead` when given (the draft
    was asked for a lead), else the latest lead they are part of."""
    if kind not in KINDS:
        raise VaultkitError(f"no draft '{kind}'; choose one of {', '.join(KINDS)}")
    settings = settings or RuleSettings()
    source = notes if isinstance(notes, DraftNotes) else DraftNotes(notes)
    subject = Subject(person, settings, today)
    ctx = Context(today, settings, lambda target: _subject(resolve(target), settings, today))
    context = DraftContext(
        kind=kind, contact=_contact(subject), met=_met(subject, ctx), last=_last(subject),
        lead=_lead(subject, [lead] if lead else source.leads_of(person, ctx), ctx),
        referrer=_referrer(subject, ctx), sender=sender, today=today.isoformat(),
        **search_fields(subject, source, ctx))
    _refuse_untrue(context)
    return context


def _refuse_untrue(context: DraftContext) -> None:
    """A draft whose message the vault contradicts is refused, as `agenda` would not ask
    for it: news of a hire before one, a search announced after it ended, thanks for
    help the vault does not show."""
    name = context.contact["name"]
    if context.kind == "share-news" and context.hire is None:
        raise VaultkitError(f"there is no hire to tell {name} of yet: no lead has status "
                            "hired, and [search] status is not \"employed\"")
    if context.kind == "announce" and context.hire is not None:
        raise VaultkitError(f"your search ended on {context.hire['when']}: tell {name} "
                            "the news instead (draft share-news)")
    if context.kind == "thank-for-help" and context.helped is None:
        raise VaultkitError(f"the vault shows no help from {name} to thank them for "
                            "(no #helped-me entry)")


def _subject(note: StoredNote | None, settings: RuleSettings, today: dt.date) -> Subject | None:
    return Subject(note, settings, today) if note is not None else None


def _contact(s: Subject) -> dict:
    meta = s.meta
    email = meta.get("email")
    email = _address(email[0] if isinstance(email, list) and email else email)
    company = _text(meta.get("company"))
    company = company.replace("[[", "").replace("]]", "") if company else None
    name = _text(s.name) or s.note.path.rsplit("/", 1)[-1].removesuffix(".md")
    return {"name": name, "first_name": name.split()[0] if name.split() else name,
            "email": email, "title": _text(meta.get("title")), "company": company,
            "path": s.note.path, "helped": sum(len(s.dates(kind)) for kind in HELP_KINDS)}


def _text(value: object) -> str | None:
    """A front matter value as one line of text: a number reads as written (a company
    called 42), a list, a date or an empty value is none."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return (" ".join(value.split()) or None) if isinstance(value, str) else None


def _address(value: object) -> str | None:
    """An e-mail address, or None: one with a space or a line break in it would add a
    header line to the draft ("To: a@x" + "Bcc: …")."""
    if not isinstance(value, str) or "@" not in value:
        return None
    value = value.strip()
    return None if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value) else value


def _met(s: Subject, ctx: Context) -> dict | None:
    met = max((d for d in (s.met, s.latest("met")) if d and d <= ctx.today), default=None)
    if met is None:
        return None
    place = None
    said = [q for q in s.quotes("met") if q.day == met]
    quotes = [q for q in said if q.links]
    if quotes:
        place = ctx.linked(f"[[{quotes[-1].links[0]}]]")[0][0]
    elif s.meta.get("met_at"):
        found = ctx.linked(s.meta["met_at"])
        place = found[0][0] if found else None
    entry = (quotes or said or [None])[-1]
    return {"date": met.isoformat(), "when": when(met, ctx.today), "place": place,
            "at": the(place) if place else None, **_talk(entry)}


def _talk(entry: Quote | None) -> dict:
    """What the #met entry of that day says, without the event it links (the draft
    names it already)."""
    if entry is None:
        return {"note": None, "topic": None}
    drop = tuple(entry.links[:1])
    return {"note": remark(entry.text, drop), "topic": topic(entry.text, drop)}


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
        role = _role_in(s, lead, ctx)
        if role is None:
            continue
        status = lead.status or "idea"
        since = reached(lead, status) if status in ("interviewing", "offer", "hired") else (
            dt.date.fromisoformat(lead.history[-1]) if lead.history else None)
        key = since or dt.date.min
        if best is None or key > best[0]:
            best = (key, lead, status, since, role)
    if best is None:
        return None
    _key, lead, status, since, role = best
    since_when = when(since, ctx.today) if since else None
    return {"name": lead.name, "role": _text(lead.meta.get("role")), "what": describe(lead),
            "status": status, "status_words": STATUS_WORDS.get(status, status),
            "since": since.isoformat() if since else None, "since_when": since_when,
            "news": news(status, since_when), "positive": status in POSITIVE,
            "role_of_contact": role}


def _role_in(s: Subject, lead: Subject, ctx: Context) -> str | None:
    """"source" when the lead came from this contact, "contact" when they are only part
    of it, None when neither."""
    for role, key in (("source", "source"), ("contact", "contacts")):
        if any(person is not None and person.note.path == s.note.path
               for _name, person in ctx.linked(lead.meta.get(key))):
            return role
    return None


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


def draft_for(notes: list[StoredNote] | DraftNotes, path: str, kind: str, today: dt.date,
              me: str | None, settings: RuleSettings | None = None) -> DraftContext:
    """The draft of `kind` for the note at `path`: a contact, or a lead's first contact."""
    source = notes if isinstance(notes, DraftNotes) else DraftNotes(notes)
    person = lead = source.note(path)
    if person is not None and person.kind == "lead":
        lead, person = person, lead_contact(person, source.resolve)
        if person is None:
            raise VaultkitError(f"the lead {lead.title} names no contact in 'source' or "
                                "'contacts'; give a contact's name instead")
    if person is None or person.kind != "contact":
        hint = "; name someone you met there" if person and person.kind == "event" else ""
        raise VaultkitError(f"{path} is not a contact (nor a lead with one){hint}")
    return draft_context(kind, person, source, source.resolve, today, me or "",
                         lead if lead is not None and lead.kind == "lead" else None, settings)


# --- the job search's drafts: share-news, announce, offer-help, thank-for-help ---------

KINDS += ("share-news", "announce", "offer-help", "thank-for-help")


def search_fields(s: Subject, source: DraftNotes, ctx: Context) -> dict:
    """DraftContext's hire, looking_for, favours and helped (agenda/search.py's rules)."""
    notes, key = source.leads, (ctx.today, ctx.settings)
    hired = source.once(("hire", *key), lambda: search.hire(notes, ctx))
    hire = None if hired is None else {
        "company": hired.company or None, "role": hired.role or None,
        "news": search.news(hired), "date": hired.day.isoformat(),
        "when": when(hired.day, ctx.today),
        "lead_from_them": _gave_hire(s, source, ctx, hired)}
    leads = source.once(("credits", *key), lambda: search.credits(notes, ctx)).get(
        s.note.path, ())
    got, gave = s.favours()
    quotes = s.quotes("helped-me")
    helped = None if not quotes else {
        "date": quotes[-1].date, "when": when(quotes[-1].day, ctx.today),
        "text": plain(quotes[-1].text)}
    return {"hire": hire, "looking_for": search.looking_for(ctx), "helped": helped,
            "favours": {"got": got + len(leads), "gave": gave, "leads": list(leads)}}


def _gave_hire(s: Subject, source: DraftNotes, ctx: Context, hired: search.Hire) -> bool:
    """Whether `s` is a source of the lead that ended the search."""
    lead = source.note(hired.lead)
    return lead is not None and any(person is not None and person.note.path == s.note.path
                                    for _name, person in ctx.linked(lead.meta.get("source")))
