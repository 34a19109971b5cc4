"""Targeted networking around events (issue 14, rules 6 and 7): events that serve a goal
and that you have not decided on (consider-event), noting the people you met after one
you attended (follow-up-event), and the prep notes prepare-event's checklist names.

Made once per agenda in Network.of, from RuleSource.network_notes: every lead and event,
the prep notes by name (PREP), and the contacts that link to an event you attended."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from vaultkit.agenda import context, goals  # context: at call time (it imports network)
from vaultkit.agenda.words import the
from vaultkit.model import AgendaItem, StoredNote
from vaultkit.notes.dates import shift

# What to have ready for an event ("have résumé, cover letter, references and a one-minute
# pitch ready, prepare questions"), each with the names of the note that holds it: the
# first name a note has wins.
PREP = (
    ("résumé", ("résumé", "resume", "cv")),
    ("cover letter", ("cover letter",)),
    ("references", ("references",)),
    ("one-minute pitch", ("one-minute pitch", "elevator pitch", "pitch")),
    ("questions", ("questions for informational interviews", "questions")),
)
PREP_NAMES = tuple(name for _label, names in PREP for name in names)
BLANK = "blank"  # the fact the index sets on a prep note with no text beyond headings
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_NOT_CONTENT = re.compile(r"^\s*(#.*|%%.*%%|)\s*$")
_YES = {"yes", "true", "y"}
_NO = {"no", "false", "n"}


def attending(meta: dict) -> bool | None:
    """`attending:` true/yes or false/no; None when unset or anything else (undecided)."""
    value = meta.get("attending")
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        return True if word in _YES else False if word in _NO else None
    return None


def is_blank(body: str) -> bool:
    """Whether a note's body is still to be written: nothing but headings, comments and
    blank lines (as `check --prep` judges the prep notes `vaultkit init` makes)."""
    text = _COMMENT.sub("", body)
    return all(_NOT_CONTENT.match(line) for line in text.splitlines())


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip().lower()


def prep_notes(notes: Iterable[StoredNote]) -> tuple[tuple[str, str, str], ...]:
    """(what, note name, "ready" | "empty" | "missing") for each of PREP."""
    by_name = {_key(n.name): n for n in notes if n.kind == "note"}
    found = []
    for label, names in PREP:
        note = next((by_name[k] for k in names if k in by_name), None)
        if note is None:
            found.append((label, "", "missing"))
        else:
            found.append((label, note.title, "empty" if note.facts.get(BLANK) else "ready"))
    return tuple(found)


def event_items(notes: Iterable[StoredNote], ctx) -> list[AgendaItem]:
    """consider-event and follow-up-event items."""
    notes = list(notes)
    events = [context.Subject(n, ctx.settings, ctx.today) for n in notes if n.kind == "event"]
    events = [s for s in events if s.status != "archived"]
    out: list[AgendaItem] = []
    if ctx.settings.goals:
        out += [one for s in events for one in consider_event(s, ctx)]
    attended = [s for s in events if s.note.may_have("attending") and attending(s.meta) is True]
    if attended:
        met = _met_at(notes, ctx)
        out += [one for s in attended for one in follow_up_event(s, ctx, met)]
    return out


def consider_event(s: context.Subject, ctx) -> Iterable[AgendaItem]:
    """An event still to come that serves a goal, and that you have not decided on: due
    when it comes within `event_horizon` (today, if it already has: an invitation to
    decide is never overdue), until its day."""
    day = s.date("date")
    if day is None or day < ctx.today or attending(s.meta) is not None:
        return
    served = goals.served(s, ctx)
    if not served:
        return
    what = f"goal{'s' if len(served) > 1 else ''} ({goals.join(list(served))})"
    yield _item(s, "consider-event", max(ctx.today, shift(day, -ctx.settings.event_horizon)),
                f"Consider going to {the(s.name)} on {context.when(day, ctx.today)}, which "
                f"serves your {what}", goals=served)


def follow_up_event(s: context.Subject, ctx, met: set[str]) -> Iterable[AgendaItem]:
    """An event you attended that ended on E, with no one noted as met there: due on
    E + `thank_within`, asked until E + `thank_window`."""
    start = s.date("date")
    end = s.date("end") or start
    if start is None or end is None or not end < ctx.today <= shift(
            end, ctx.settings.thank_window):
        return
    if s.note.path in met or s.dates("met"):
        return
    yield _item(s, "follow-up-event", shift(end, ctx.settings.thank_within),
                f"Note the people you met at {the(s.name)} on {context.when(start, ctx.today)} "
                f"while you remember them: give each a contact note with met_at")


def _met_at(notes: list[StoredNote], ctx) -> set[str]:
    """The paths of the events some contact met you at: its `met_at:`, or a #met entry
    linking the event (dated up to today)."""
    found: set[str] = set()
    iso = ctx.today.isoformat()
    for note in notes:
        if note.kind != "contact":
            continue
        targets: list[str] = []
        for _name, subject in ctx.linked(note.meta.get("met_at")):
            if subject is not None:
                found.add(subject.note.path)
        for quote in note.facts.get("q", {}).get("met", ()):
            if quote[0] <= iso:
                targets += quote[4]
        for target in targets:
            subject = ctx.resolve(target)
            if subject is not None:
                found.add(subject.note.path)
    return found


def _item(s: context.Subject, rule: str, due: dt.date, text: str,
          goals: tuple[str, ...] = ()) -> AgendaItem:
    return AgendaItem(rule=rule, note=s.note.path, name=s.name, link=s.note.name, due=due,
                      text=text, influence=s.influence, goals=goals)
