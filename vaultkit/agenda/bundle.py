"""One message per person: the items that ask you to write to one contact and fall due
within `bundle_within` of the earliest become one `write-once` item, due then, with the
items kept as its `parts`; a contact with a too-frequent warning gets everything due in the
agenda's horizon in one message. Run by build.assemble after the horizon, the filters and
the holds (docs/agenda.md, "One message per person")."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Callable, Collection, Iterable

from vaultkit.agenda.context import Subject, when
from vaultkit.agenda.leads import THANK_AND_OFFER
from vaultkit.agenda.words import pronouns
from vaultkit.errors import VaultkitError
from vaultkit.model import AgendaItem, AgendaWarning, StoredNote
from vaultkit.notes.dates import shift

WRITE_ONCE = "write-once"
# The order of a message's parts due the same day: a first contact introduces you first,
# then thanks and news before the rest.
_RANK = {rule: n for n, rule in enumerate((
    "reach-out-referral", "thank-you", "thank-for-help", "report-back", "share-news",
    "announce", "task", "offer-help", "keep-in-touch", "birthday"))}


def may_want(one: AgendaItem, wanted: Collection[str]) -> bool:
    """Whether `--rule` keeps `one` for bundling: its rule is asked for, or `write-once`
    is and the item could be a part (the bundle step then drops it if it stays alone)."""
    return one.rule in wanted or (WRITE_ONCE in wanted and bool(one.clause))


def bundle(items: list[AgendaItem], held: list[AgendaItem], warned: Iterable[AgendaWarning],
           today: dt.date, settings, subject_at: Callable[[str], Subject | None],
           wanted: Collection[str] = ()) -> tuple[list[AgendaItem], list[AgendaItem]]:
    """(items, held) with each person's items due close together made one write-once item;
    held items of a person join an obligation of theirs in the window (you write anyway)."""
    people: dict[str, list[AgendaItem]] = {}
    for one in items:
        if one.clause:
            people.setdefault(one.note, []).append(one)
    joinable: dict[str, list[AgendaItem]] = {}
    for one in held:
        if one.clause and one.note in people:
            joinable.setdefault(one.note, []).append(one)
    frequent = {w.note for w in warned if w.rule == "too-frequent"}
    gone: set[int] = set()  # id() of the items and held items that became parts
    made: list[AgendaItem] = []
    for path, mine in people.items():
        if len(mine) + len(joinable.get(path, ())) < 2:
            continue
        for group in _groups(mine, joinable.get(path, []), today, settings.bundle_within,
                             path in frequent):
            gone.update(id(one) for one in group)
            made.append(_write_once(group, subject_at(path), path in frequent, today,
                                    settings))
    kept = [one for one in items if id(one) not in gone]
    still = [one for one in held if id(one) not in gone]
    if WRITE_ONCE in wanted:  # the items let in only to be parts, left alone: not asked for
        kept = [one for one in kept if one.rule in wanted]
        still = [one for one in still if one.rule in wanted]
    return kept + made, still


def warned_once(warned: list[AgendaWarning], items: list[AgendaItem]) -> list[AgendaWarning]:
    """A too-frequent warning about someone the agenda asks you to write to once says so,
    instead of only "give them space" beside the message it asks for."""
    once = {one.note for one in items if one.rule == WRITE_ONCE}
    return [w._replace(text=re.sub(r": give (\w+) space$",
                                   r": write once (above), then give \1 space", w.text))
            if w.rule == "too-frequent" and w.note in once else w for w in warned]


def _groups(due: list[AgendaItem], held: list[AgendaItem], today: dt.date,
            within: dt.timedelta, frequent: bool) -> list[list[AgendaItem]]:
    """The groups of two or more of one person's items (`held`: held back) that become one
    message: all of them when the person is warned of too frequent contact, else those due
    within `within` of the earliest, window after window (a birthday starts a window of
    its own unless it is the earliest). Whatever is overdue is owed today: it all goes in
    one message with today's. A group of held items alone stays held: it starts no
    contact."""
    def owed(one: AgendaItem) -> dt.date:
        return max(one.due, today)

    ordered = sorted(due + held, key=lambda one: (owed(one), one.due,
                                                  _RANK.get(one.rule, 99), one.rule))
    windows: list[list[AgendaItem]] = []
    for one in ordered:
        # A birthday wish goes on the day: it joins no message written before it.
        early = one.rule == "birthday" and windows and owed(windows[-1][0]) < owed(one)
        if windows and (frequent or (owed(one) <= shift(owed(windows[-1][0]), within)
                                     and not early)):
            windows[-1].append(one)
        else:
            windows.append([one])
    return [w for w in windows if len(w) > 1 and any(one.held_until is None for one in w)]


def _write_once(parts: list[AgendaItem], subject: Subject | None, frequent: bool,
                today: dt.date, settings) -> AgendaItem:
    first = parts[0]
    them, their = pronouns(subject.note) if subject else ("them", "their")
    said = asked(parts)
    asks = english_list([fill(one.clause, them, their) for one in said])
    if any(one.rule == "keep-in-touch" for one in parts if one not in said):
        asks += " (it counts as your check-in)"
    why = ""
    if frequent and subject is not None:
        window = settings.too_many_window
        count = subject.recent_contacts(shift(today, -window))
        why = f" (you were in touch {count} times in the last {window.days} days)"
    text = f"Write to {first.name} once{why}: {asks}"
    return AgendaItem(
        WRITE_ONCE, first.note, first.name, first.link,
        min(one.due for one in parts if one.held_until is None), text,
        max(one.influence for one in parts), _union(one.related for one in parts),
        draft=WRITE_ONCE, goals=_union(one.goals for one in parts), parts=tuple(parts),
        mentions=tuple(m for m in _union(one.mentions for one in parts) if m[0] in text))


def _union(groups: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for group in groups for value in group))


# A part another part already covers is left out of the message (it stays in `parts`):
# any message is a check-in, an offer of help made by a report-back or share-news, and
# the thanks for help that share-news gives.
_COVERED_BY = {"keep-in-touch": lambda clause: True,
               "offer-help": lambda clause: "offer" in clause and "help" in clause,
               "thank-for-help": lambda clause: "thank {them} for {their} help" in clause}


def asked(parts) -> list:
    """The parts the message must say, in order: none covered by another part."""
    kept = [one for one in parts
            if one.rule not in _COVERED_BY
            or not any(other is not one and other.rule != one.rule
                       and _COVERED_BY[one.rule](other.clause) for other in parts)]
    return kept or list(parts[:1])


def fill(clause: str, them: str, their: str) -> str:
    """A clause with the person's pronouns ("thank {them}" → "thank her")."""
    return clause.replace("{them}", them).replace("{their}", their)


def english_list(words: list[str]) -> str:
    """"a", "a and b", "a, b and c"; "a, x; b; and c" when a part has a comma of its own."""
    if len(words) > 2 and any("," in word for word in words):
        return "; ".join(words[:-1]) + "; and " + words[-1]
    return " and ".join(filter(None, [", ".join(words[:-1]), *words[-1:]]))


# The agenda speaks to you ("thank {them} for meeting you"); the message speaks to them
# ("thank you for meeting me"): your words become mine — "you" after a preposition or a
# verb that takes a person is "me", else it is the subject, "I" — then theirs become yours.
_MINE = {"your": "my", "yours": "mine", "yourself": "myself"}
_YOU = re.compile(r"(\S*)(\s+)(you|your|yours|yourself)\b(\s+(?:are|were)\b)?|^(you)\b")
_TAKES_A_PERSON = {
    "for", "to", "with", "at", "about", "from", "of", "by", "on", "into", "than", "and",
    "meeting", "met", "meet", "gave", "give", "giving", "helped", "help", "told", "tell",
    "showed", "show", "sent", "send", "introduced", "introduce", "offered", "offer",
    "asked", "ask", "thanked", "invited", "invite", "referred", "refer", "put", "let",
    "pointed", "connected", "recommended", "hired", "interviewed", "called", "emailed",
    "mentioned", "reminded", "remind", "taught", "wished",
}
_BE = {"are": "am", "were": "was"}


def first_person(clause: str) -> str:
    """A clause as you would write it to the person: "tell {them} about your interview" →
    "tell you about my interview", "tell {them} you start at Contoso" → "tell you I start
    at Contoso"."""
    def mine(m: re.Match) -> str:
        if m.group(5):  # "you …" opening the clause
            return "I"
        before, space, word, be = m.group(1), m.group(2), m.group(3), m.group(4)
        if word != "you":
            return f"{before}{space}{_MINE[word]}{be or ''}"
        if before.lower().strip("(\u201c\"") in _TAKES_A_PERSON:
            return f"{before}{space}me{be or ''}"
        be = be and be.replace(be.strip(), _BE[be.strip()])
        return f"{before}{space}I{be or ''}"
    return fill(_YOU.sub(mine, clause), "you", "your")


# What the agenda asks of you, as the message says it doing it: the report-back to a lead's
# source said "…, thank you and offer my help in return", the instruction, not the thanks.
_AS_WRITTEN = {first_person(THANK_AND_OFFER): ", and to thank you for the lead: if I can "
               "ever return the favour, please let me know"}


def as_written(mine: str) -> str:
    """A part's clause in the first person as the message says it (`_AS_WRITTEN`)."""
    for asked, written in _AS_WRITTEN.items():
        mine = mine.replace(asked, written)
    return mine


# Tasks in a contact's note that start with one of these read as a request of you.
_VERBS = {
    "send", "call", "email", "e-mail", "mail", "text", "message", "ask", "tell", "invite",
    "introduce", "share", "forward", "give", "write", "follow", "thank", "offer", "return",
    "recommend", "connect", "meet", "visit", "remind", "congratulate", "reply", "answer",
    "book", "schedule", "phone", "ping", "update", "lend", "show", "bring", "pay", "buy",
    "check", "contact", "respond", "help", "review", "read", "endorse", "welcome",
}


def task_clause(text: str, names: Iterable[str]) -> str:
    """A task's text as a clause, the person's name made {them} ({their} for "Jane's"):
    "Send Jane the article" → "send {them} the article". A text that does not start with
    a verb of request cannot safely be made one: it is quoted."""
    text = text.strip().rstrip(".!;,").strip()
    if not text:
        return ""
    first = text.split()[0]
    if first.lower() not in _VERBS or (first.isupper() and len(first) > 1):
        return f"keep your promise: \u201c{text}\u201d"
    clause = first.lower() + text[len(first):]
    for name in sorted({n for n in names if n.strip()}, key=len, reverse=True):
        quoted = re.escape(name.strip())
        clause = re.sub(rf"\b{quoted}(?:'s|\u2019s)(?!\w)", "{their}", clause)
        clause = re.sub(rf"\b{quoted}\b", "{them}", clause)
    return clause


# --- the write-once draft ----------------------------------------------------------------

def with_parts(context, agenda, notes: Iterable[StoredNote], found: AgendaParts | None = None):
    """The draft context of `vaultkit draft write-once` (agenda.drafts.DraftContext) given
    the parts: the person's write-once item on `agenda`, else every item of theirs that
    asks you to write (one will do). `notes`: the person's note among them (its pronouns);
    `found`: the parts of many drafts of `agenda`, found once (AgendaParts)."""
    path = context.contact["path"]
    parts = (found or AgendaParts(agenda)).of(path)
    if not parts:
        until = when(shift(agenda.date, agenda.days), agenda.date)
        raise VaultkitError(f"the agenda up to {until} asks you to write nothing to "
                            f"{context.contact['name']}")
    note = next((n for n in notes if n.path == path), None)
    them, their = pronouns(note.meta) if note is not None else ("them", "their")
    return dataclasses.replace(context, parts=[
        {"kind": one.rule, "clause": fill(one.clause, them, their),
         "mine": as_written(first_person(one.clause)), "due": one.due.isoformat(),
         "when": when(one.due, agenda.date), "text": one.text, "draft": one.draft,
         "offers": _COVERED_BY["offer-help"](one.clause)}
        for one in asked(parts)])


class AgendaParts:
    """The parts of each person's write-once draft on `agenda`: their write-once item's
    (the first, of the items then the held ones), else every item of theirs that asks you
    to write. The write-once items are found in one pass over the agenda, at the first
    draft that asks, and only their parts are kept: a page of many drafts (the HTML
    agenda's mail links, `--all` too) reads the agenda once, not once per draft."""

    def __init__(self, agenda):
        self.agenda = agenda
        self._bundles: dict[str, tuple[AgendaItem, ...]] | None = None

    def of(self, path: str) -> tuple[AgendaItem, ...]:
        if self._bundles is None:
            self._bundles = {}
            for one in itertools.chain(self.agenda.items, self.agenda.held):
                if one.rule == WRITE_ONCE:
                    self._bundles.setdefault(one.note, one.parts)
        if path in self._bundles:
            return self._bundles[path]
        return tuple(one for one in self.agenda.items if one.note == path and one.clause)
