"""Rules about a contact: thank-you, keep-in-touch, thank-for-help, offer-help,
reach-out-referral, birthday; and the too-frequent and future-entry warnings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from vaultkit.agenda import pace
from vaultkit.agenda.context import Context, Subject, when
from vaultkit.agenda.words import pronouns, subject, the
from vaultkit.model import AgendaItem, AgendaWarning
from vaultkit.notes.dates import shift
from vaultkit.notes.values import NEVER, parse_birthday

BIRTHDAY_WISHED = 30  # days: a #birthday entry this close before one says it is wished


def item(s: Subject, rule: str, due: dt.date, text: str, related: tuple = ()) -> AgendaItem:
    return AgendaItem(rule, s.note.path, s.name, s.note.name, due, text, s.influence, related)


def contact_items(s: Subject, ctx: Context) -> list[AgendaItem]:
    # Each rule gives one item or none: plain calls, not generators, for ten thousand notes.
    found = (thank_you(s, ctx), keep_in_touch(s, ctx), thank_for_help(s, ctx),
             offer_help(s, ctx), reach_out_referral(s, ctx), birthday(s, ctx))
    return [one for one in found if one is not None]


def thank_you(s: Subject, ctx: Context) -> AgendaItem | None:
    met = s.last_meeting()
    if met is None or shift(met, ctx.settings.thank_window) < ctx.today:
        return None
    if s.has_since("thanks", met):
        return None
    quote = next((q for q in reversed(s.quotes("met")) if q.day == met), None)
    where, place = _place(s, ctx, met, quote)
    on = when(met, ctx.today)
    return AgendaItem("thank-you", s.note.path, s.name, s.note.name,
                      shift(met, ctx.settings.thank_within),
                      f"Send {s.name} a thank-you: you met{where} on {on}", s.influence,
                      clause=_thank_clause(where, on), draft="thank-you",
                      mentions=mentioned(place))


def _thank_clause(where: str, on: str) -> str:
    """"thank {them} for meeting you at the Busan Job Fair on Nov 25"; `where` is what
    _place gives: " at NAME", " (channel)" or ""."""
    if where.startswith(" at "):
        return f"thank {{them}} for meeting you at {the(where[4:])} on {on}"
    channel = where.strip(" ()").lower()
    if channel and channel not in ("in person", "in-person", "meeting"):
        return f"thank {{them}} for the {channel} conversation on {on}"
    return f"thank {{them}} for meeting you on {on}"


def _place(s: Subject, ctx: Context, met: dt.date, quote) -> tuple[str, list]:
    """(" at the Busan Job Fair", [(name, its Subject)]), or a channel, or ""."""
    found = []
    if quote is not None and quote.links:
        found = ctx.linked(f"[[{quote.links[0]}]]")[:1]
    elif met == s.met and s.meta.get("met_at"):
        found = ctx.linked(s.meta["met_at"])[:1]
    elif quote is not None and quote.channel:
        return f" ({quote.channel})", []
    return (f" at {the(found[0][0])}" if found else ""), found


def mentioned(found) -> tuple[tuple[str, str], ...]:
    """The mentions of (name, Subject | None) pairs: the names that have a note."""
    return tuple((name, one.note.path) for name, one in found if one is not None)


def keep_in_touch(s: Subject, ctx: Context) -> AgendaItem | None:
    if pace.imported(s):
        return _first_check_in(s, ctx)
    known = [day for day in (s.last_contact, s.met) if day and day <= ctx.today]
    if not known:
        return None  # never in touch: the referral rules ask for the first contact
    paced = s.pace
    if paced.cadence == NEVER:
        return None
    last = max(known)
    planned = s.next
    if planned and planned > last:
        why = f"you planned to follow up on {when(planned, ctx.today)}"
        due = planned
    else:
        why = f"last contact {when(last, ctx.today)}; {paced.every(s.summary.cadence_text)}"
        due = shift(last, paced.cadence)
        if paced.source == "live":  # the quicker pace starts with the matter, not before
            due = max(due, ctx.network.live[s.note.path][1])
            lead = ctx.resolve(paced.key)
            return _check_in(s, due, why)._replace(
                mentions=mentioned([(paced.key, lead)]))
    return _check_in(s, due, why)


def _first_check_in(s: Subject, ctx: Context) -> AgendaItem | None:
    """An imported contact, not yet in touch: the first check-in `import --spread` wrote
    as `next:`, else `connected:` plus the cadence that applies (imported_cadence, by
    default never). The note's `cadence: never` wins over both."""
    if s.summary.cadence == -1:
        return None
    planned = s.next
    if planned is not None:
        return _check_in(s, planned, "first check-in since the LinkedIn import")
    paced = s.pace
    connected = s.connected
    if paced.cadence == NEVER or connected is None or connected > ctx.today:
        return None
    why = (f"connected on {when(connected, ctx.today)}, no contact since; "
           f"{paced.every(s.summary.cadence_text)}")
    return _check_in(s, shift(connected, paced.cadence), why)


def _check_in(s: Subject, due: dt.date, why: str) -> AgendaItem:
    return AgendaItem("keep-in-touch", s.note.path, s.name, s.note.name, due,
                      f"Check in with {s.name}: {why}", s.influence,
                      clause="check in with {them}", draft="check-in")


def thank_for_help(s: Subject, ctx: Context) -> AgendaItem | None:
    helped = s.unthanked_help()
    if helped is None:
        return None
    quote = s.quotes("helped-me")[-1]
    return item(s, "thank-for-help", shift(helped, ctx.settings.thank_within),
                f"Thank {s.name} for {pronouns(s.note)[1]} help on {when(helped, ctx.today)}: "
                f"\u201c{plain(quote.text)}\u201d")._replace(
        clause=f"thank {{them}} for {{their}} help on {when(helped, ctx.today)}",
        draft="thank-for-help")


def offer_help(s: Subject, ctx: Context) -> AgendaItem | None:
    """Reciprocity: #helped-me entries and the leads they gave you that reached an
    interview or more (ctx.network.credits) against #helped-them entries."""
    leads = ctx.network.credits.get(s.note.path, ())
    if s.help_balance() + len(leads) < ctx.settings.favour_gap:
        return None
    got, gave = s.favours()
    them = pronouns(s.note)[0]
    done = f"you helped {them} {_times(gave)}" if gave else f"you have not helped {them} yet"
    how = _with_leads(len(leads)) if leads else ""
    return item(s, "offer-help", ctx.today,
                f"Offer {s.name} your help: {subject(s.note)} helped you "
                f"{_times(got + len(leads))}"
                f"{how}, {done}")._replace(clause="offer {them} your help",
                                           draft="offer-help")


def _with_leads(count: int) -> str:
    """` (once with a lead that led to an interview)`, `(with 2 leads that led …)`."""
    leads = "a lead that" if count == 1 else f"{count} leads that"
    return f" ({'once ' if count == 1 else ''}with {leads} led to an interview or more)"


def reach_out_referral(s: Subject, ctx: Context) -> AgendaItem | None:
    if not s.summary.referral_pending and s.settled:
        return None
    value = s.meta.get("referred_by")
    if not value or s.last_contact or s.met:
        return None
    referrers = ctx.linked(value)
    if not referrers:
        return None
    name, referrer = referrers[0]
    quote = _referral_entry(referrer, s) if referrer else None
    allowed = s.meta.get("may_use_name")
    if allowed is True:
        mention = f"you may mention {name}"
    elif allowed is False:
        mention = f"{name} asked you not to use their name"
    else:
        mention = f"ask {name} whether you may mention them"
    since = f" on {when(quote.day, ctx.today)}" if quote else ""
    return item(s, "reach-out-referral", quote.day if quote else ctx.today,
               f"Reach out to {s.name}, a name {name} gave you{since}: {mention}",
               related=(name,))._replace(
        mentions=mentioned(referrers[:1]),
        # The clause may reach a message to them: the referrer only when you may say so.
        clause="introduce yourself" + (f": {name} gave you {{their}} name" if allowed is True
                                       else ""), draft="introduce")


def _referral_entry(referrer: Subject, s: Subject):
    names = {s.note.name.lower(), *(a.lower() for a in s.note.aliases)}
    for quote in reversed(referrer.quotes("referral") + referrer.quotes("intro")):
        if any(target.lower() in names for target in quote.links):
            return quote
    return None


def birthday(s: Subject, ctx: Context) -> AgendaItem | None:
    if not s.summary.has_birthday:
        return None
    value = s.meta.get("birthday")
    parsed = parse_birthday(value) if value else None
    if not parsed:
        return None
    year, month, day = parsed
    due = _on_or_after(ctx.today, month, day)
    if due is None:  # after the calendar's last day
        return None
    if s.has_since("birthday", shift(due, -BIRTHDAY_WISHED)):
        return None  # wished already (a #birthday entry, as a ticked item logs)
    on = when(due, ctx.today)
    text = (f"{s.name} turns {due.year - year} on {on}" if year and year < due.year
            else f"{s.name}'s birthday is on {on}")
    return item(s, "birthday", due, f"{text}: send a note")._replace(
        clause=f"wish {{them}} a happy birthday on {on}")


def _on_or_after(today: dt.date, month: int, day: int) -> dt.date | None:
    this_year = _day_in(today.year, month, day)
    if this_year >= today:
        return this_year
    return _day_in(today.year + 1, month, day) if today.year < dt.MAXYEAR else None


def _day_in(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:  # 29 February outside a leap year: the 28th
        return dt.date(year, month, 28)


def warnings(s: Subject, ctx: Context) -> Iterator[AgendaWarning]:
    window = ctx.settings.too_many_window
    recent = s.recent_contacts(shift(ctx.today, -window)) if s.note.kind == "contact" else 0
    if recent and recent >= ctx.settings.too_many:
        yield AgendaWarning("too-frequent", s.note.path, s.name,
                            f"You were in touch with {s.name} {recent} times in the "
                            f"last {window.days} days: give {pronouns(s.note)[0]} space")
    for day, line in s.future():
        yield AgendaWarning("future-entry", s.note.path, s.name,
                            f"{s.note.path}:{line}: the log entry is dated "
                            f"{when(dt.date.fromisoformat(day), ctx.today)}, in the future; "
                            "it does not count as contact yet")


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def plain(text: str) -> str:
    """Entry text without #kinds and [[ ]], for a sentence."""
    words = [w for w in text.replace("[[", "").replace("]]", "").split()
             if not w.startswith("#")]
    return " ".join(words)
