"""Targeted networking (issue 14, rule 6): which of your `[goals]` a note serves.

"After determining your employment goals, you can go to specific events" — and see the
people, organisations and events that serve those goals first. A goal is a lower-case
word or phrase; it matches a value when its words appear, in order, among the value's
words, ignoring case: "cloud" matches "Cloud", "cloud-native" and the tag `#cloud/aws`,
not "cloudy"; "platform engineer" matches "Senior Platform Engineer", not "engineers".

What is matched against what (each goal once, in the config's order):
- tags: every kind of goal;
- a contact's or lead's `company:` (text or a [[link]]): companies; when it names an
  organisation's note, that note's name, `industry:` and tags too;
- a contact's `title:`, a lead's `role:`: roles;
- `location:` (and `city:`, `country:`): places;
- an organisation: its name (companies), `industry:`, tags, `location:`;
- an event: its name and tags, `location:`, `industry:` and `topic:` (industries), and
  its `org:`.

Pure functions of a note, the settings and the notes it links to; nothing is worked out
when `[goals]` is empty."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

from vaultkit.agenda.settings import Goals
from vaultkit.model import AgendaItem

_WORD = re.compile(r"[^\W_]+")
_PLACES = ("location", "city", "country")
_TOPICS = ("industry", "topic")


def words(value: object) -> list[tuple[str, ...]]:
    """The lower-case words of a text, or of each text in a list (a phrase never spans two
    values)."""
    if isinstance(value, str):
        return [tuple(_WORD.findall(value.lower()))]
    if isinstance(value, list):
        return [one for v in value for one in words(v)]
    return []


def _within(wanted: tuple[str, ...], texts: list[tuple[str, ...]]) -> bool:
    """Whether the words `wanted` appear, in order, in one of `texts`."""
    if len(wanted) == 1:
        return any(wanted[0] in text for text in texts)
    n = len(wanted)
    return any(text[i:i + n] == wanted for text in texts for i in range(len(text) - n + 1))


def matches(goal: str, value: object) -> bool:
    """Whether the words of `goal` appear, in order, among the words of `value`."""
    wanted = tuple(_WORD.findall(goal.lower()))
    return bool(wanted) and _within(wanted, words(value))


@lru_cache(maxsize=8)
def _wanted(goals: Goals) -> tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...]:
    """(kind, ((goal, its words), …)) in the config's order, worked out once."""
    return tuple((kind, tuple((g, tuple(_WORD.findall(g.lower()))) for g in getattr(goals, kind)
                             if _WORD.search(g)))
                 for kind in ("industries", "companies", "roles", "places"))


def served(s, ctx, orgs: dict | None = None) -> tuple[str, ...]:
    """The goals the note of Subject `s` serves, in the config's order. `orgs` keeps the
    organisations' values by company name across calls."""
    goals = ctx.settings.goals
    if not goals or s is None:
        return ()
    by = _values(s, ctx, bool(goals.industries), {} if orgs is None else orgs)
    tags = words(by["any"])
    found: list[str] = []
    for kind, wanted in _wanted(goals):
        texts = tags + words(by[kind]) if wanted else []
        found += [goal for goal, w in wanted if goal not in found and _within(w, texts)]
    return tuple(found)


def _values(s, ctx, with_orgs: bool, orgs: dict) -> dict[str, list]:
    """The note's values that can match each kind of goal ("any": tags)."""
    meta, kind = s.meta, s.note.kind
    by: dict[str, list] = {"any": [meta.get("tags")], "industries": [], "companies": [],
                           "roles": [], "places": [meta.get(k) for k in _PLACES]}
    if kind == "org":
        by["companies"].append(s.name)
        by["industries"] += [meta.get(k) for k in _TOPICS]
    elif kind == "event":  # its name too: "Korea Cloud Summit" serves cloud
        by["any"].append(s.name)
        by["industries"] += [meta.get(k) for k in _TOPICS]
        _add_orgs(by, ctx, meta.get("org"), with_orgs, orgs)
    elif kind in ("contact", "lead"):
        by["roles"].append(meta.get("title" if kind == "contact" else "role"))
        by["companies"].append(meta.get("company"))
        _add_orgs(by, ctx, meta.get("company"), with_orgs, orgs)
    return by


def _add_orgs(by: dict[str, list], ctx, value: object, with_orgs: bool, orgs: dict) -> None:
    """The organisation notes `value` names: their names, industries and tags. Looked up
    only when there are industries to match (a name alone matches as text)."""
    if not with_orgs or not value:
        return
    key = value if isinstance(value, str) else None  # a list of companies: not kept
    found = orgs.get(key) if key is not None else None
    if found is None:
        found = {"companies": [], "industries": [], "any": []}
        for name, org in ctx.linked(value):
            found["companies"].append(name)
            if org is not None and org.note.kind == "org":
                found["industries"] += [org.meta.get(k) for k in _TOPICS]
                found["any"].append(org.meta.get("tags"))
        if key is not None:
            orgs[key] = found
    for field, values in found.items():
        by[field] += values


def suffix(goals: tuple[str, ...]) -> str:
    """ (serves your goal: fintech)"""
    if not goals:
        return ""
    return f" (serves your goal{'s' if len(goals) > 1 else ''}: {join(list(goals))})"


def join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class Marker:
    """Marks items whose subject serves a goal, with `goals` set and the sentence saying
    so; the others as they are. Free without `[goals]`. What an organisation serves is
    worked out once for the whole agenda, what a note serves once for each `mark`."""

    def __init__(self, ctx, subject_at: Callable):
        self.ctx = ctx
        self.subject_at = subject_at
        self._orgs: dict = {}

    def mark(self, items: list[AgendaItem], horizon: dt.date) -> list[AgendaItem]:
        """`items`, those due up to `horizon` marked."""
        if not self.ctx.settings.goals:
            return items
        seen: dict[str, tuple[str, ...]] = {}
        return [self._marked(one, seen) if one.due <= horizon else one for one in items]

    def _marked(self, one: AgendaItem, seen: dict) -> AgendaItem:
        if one.goals or one.rule == "create-note":  # already says so; or not about the note
            return one
        if one.note not in seen:
            seen[one.note] = served(self.subject_at(one.note), self.ctx, self._orgs)
        goals = seen[one.note]
        return one._replace(goals=goals, text=one.text + suffix(goals)) if goals else one

