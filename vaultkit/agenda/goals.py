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

from vaultkit.model import AgendaItem

_WORD = re.compile(r"[^\W_]+")
_PLACES = ("location", "city", "country")
_TOPICS = ("industry", "topic")


def words(value: object) -> tuple[str, ...]:
    """The lower-case words of a text, or of every text in a list."""
    if isinstance(value, list):
        return tuple(w for v in value for w in words(v) + ("|",))  # "|": no phrase spans two
    return tuple(_WORD.findall(value.lower())) if isinstance(value, str) else ()


def matches(goal: str, value: object) -> bool:
    """Whether the words of `goal` appear, in order, among the words of `value`."""
    wanted, have = words(goal), words(value)
    if not wanted or len(wanted) > len(have):
        return False
    n = len(wanted)
    return any(have[i:i + n] == wanted for i in range(len(have) - n + 1))


def served(s, ctx) -> tuple[str, ...]:
    """The goals the note of Subject `s` serves, in the config's order."""
    goals = ctx.settings.goals
    if not goals or s is None:
        return ()
    by = _values(s, ctx, bool(goals.industries))
    found = []
    for kind in ("industries", "companies", "roles", "places"):
        values = by[kind] + by["any"]
        for goal in getattr(goals, kind):
            if goal not in found and any(matches(goal, v) for v in values):
                found.append(goal)
    return tuple(found)


def _values(s, ctx, with_orgs: bool) -> dict[str, list]:
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
        _add_orgs(by, ctx, meta.get("org"), with_orgs)
    elif kind in ("contact", "lead"):
        by["roles"].append(meta.get("title" if kind == "contact" else "role"))
        by["companies"].append(meta.get("company"))
        _add_orgs(by, ctx, meta.get("company"), with_orgs)
    return by


def _add_orgs(by: dict[str, list], ctx, value: object, with_orgs: bool) -> None:
    """The organisation notes `value` names: their names, industries and tags. Looked up
    only when there are industries to match (a name alone matches as text)."""
    if not with_orgs or not value:
        return
    for name, org in ctx.linked(value):
        by["companies"].append(name)
        if org is not None and org.note.kind == "org":
            by["industries"] += [org.meta.get(k) for k in _TOPICS]
            by["any"].append(org.meta.get("tags"))


def suffix(goals: tuple[str, ...]) -> str:
    """ (serves your goal: fintech)"""
    if not goals:
        return ""
    return f" (serves your goal{'s' if len(goals) > 1 else ''}: {join(list(goals))})"


def join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def mark(items: list[AgendaItem], ctx, subject_at: Callable, horizon: dt.date
         ) -> list[AgendaItem]:
    """Items up to `horizon` whose subject serves a goal, with `goals` set and the
    sentence saying so; the others as they are. Free without `[goals]`."""
    if not ctx.settings.goals:
        return items
    seen: dict[str, tuple[str, ...]] = {}
    return [_marked(one, ctx, subject_at, seen) if one.due <= horizon else one
            for one in items]


def _marked(one: AgendaItem, ctx, subject_at: Callable, seen: dict) -> AgendaItem:
    if one.goals or one.rule == "create-note":  # already says so; or not about the note
        return one
    if one.note not in seen:
        seen[one.note] = served(subject_at(one.note), ctx)
    goals = seen[one.note]
    return one._replace(goals=goals, text=one.text + suffix(goals)) if goals else one

