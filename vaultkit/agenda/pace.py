"""The pace of contact: which cadence and minimum gap apply to a contact, and why
(PRODUCT.md §4; docs/agenda.md "Cadence").

Which cadence applies, first match wins:

1. the note's `cadence: never` — the person's own word, whatever else holds;
2. a live matter (a lead with them that is applied, interviewing or offer, changed within
   `active_for`): `active_cadence`, or the note's own cadence when that is shorter;
3. the note's own `cadence:`;
4. an imported contact (`connected:` from an import, and no contact logged yet — a weak
   tie until you act): `imported_cadence`;
5. `[rules.cadence] tag.*` — the first of the note's tags, in the config's order;
6. `[rules.cadence] circle.*`;
7. after a hire (`ctx.network.hire`, on or before today): `employed_cadence` — the tag and
   circle maps still win, being your own choice for those people;
8. `[rules.cadence] influence.*`;
9. `[rules] default_cadence`.

The minimum gap is the note's `min_gap:` (else `[rules] min_gap`), or `active_min_gap`
while a matter is live, if shorter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from vaultkit.model import StoredNote
from vaultkit.notes.values import NEVER, links_in, parse_date, parse_interval, say_interval

if TYPE_CHECKING:
    from vaultkit.agenda.context import Subject

LIVE = ("applied", "interviewing", "offer")
Cadence = dt.timedelta | str  # an interval, or NEVER


class Pace(NamedTuple):
    """The cadence that applies to a contact and where it comes from."""

    cadence: Cadence
    source: str  # note, live, imported, tag, circle, employed, influence, default
    key: str = ""  # the tag, circle, influence level or lead name it comes from

    @property
    def why(self) -> str:
        """Where the cadence comes from, for `show`."""
        return {
            "note": "the note's cadence",
            "live": f"while {self.key} is live: your active cadence",
            "imported": "an imported contact, not yet in touch: your imported cadence",
            "tag": f"your cadence for #{self.key}",
            "circle": f"the cadence for your {self.key} circle",
            "employed": "since your hire: your employed cadence",
            "influence": f"your cadence for influence {self.key}",
        }.get(self.source, "the default cadence")

    def every(self, cadence_text: str | None) -> str:
        """`you keep in touch … every …`, the clause keep-in-touch gives after the last
        contact."""
        if self.cadence == NEVER:
            return "you do not keep in touch"
        source = self.source
        text = (say_interval(cadence_text) if source == "note" else None) or \
            f"{self.cadence.days} days"
        if source in ("note", "default"):
            return f"you keep in touch every {text}"
        if source == "live":
            return f"you keep in touch every {text} while {self.key} is live"
        if source == "employed":
            return f"you keep in touch every {text} now that you are employed"
        group = {"imported": "imported contacts", "tag": f"your #{self.key} contacts",
                 "circle": f"your {self.key} circle"}.get(source, f"influence-{self.key} contacts")
        return f"you keep in touch with {group} every {text}"


def is_cadence(text: str) -> bool:
    """An interval such as 2w or 1m, or never (what `cadence:` takes)."""
    return parse_interval(text.strip()) is not None


def imported(s: Subject) -> bool:
    """An imported contact not acted on yet: `connected:` (which imports write) and
    neither `met:` nor any contact logged. Once you log contact, the normal cadence
    applies."""
    return s.met is None and s.last_contact is None and s.connected is not None


def pace_of(s: Subject, network) -> Pace:
    """The cadence that applies to `s` (the module's docstring gives the order)."""
    own_days = s.summary.cadence
    if own_days is not None and own_days < 0:
        return _NEVER
    own = _DAYS[own_days] if own_days is not None else None
    settings = s.settings
    live = network.live.get(s.note.path)
    if live is not None and (own is None or settings.active_cadence < own):
        return Pace(settings.active_cadence, "live", live[0])
    if own is not None:
        return _OWN[own_days]
    if imported(s):
        return Pace(settings.imported_cadence, "imported")
    mapped = _mapped(s, settings.cadence)
    if mapped is not None and mapped.source in ("tag", "circle"):
        return mapped
    hire = network.hire
    if hire is not None and hire.day <= s.today:
        return Pace(settings.employed_cadence, "employed")
    return mapped or _default(settings.default_cadence)


class _Cache(dict):
    """Values made once per key: an agenda asks the pace of ten thousand contacts, who
    share a handful of cadences."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        value = self[key] = self.make(key)
        return value


_NEVER = Pace(NEVER, "note")
_DAYS = _Cache(lambda days: dt.timedelta(days=days))
_OWN = _Cache(lambda days: Pace(_DAYS[days], "note"))
_DEFAULTS = _Cache(lambda cadence: Pace(cadence, "default"))


def _default(cadence) -> Pace:
    return _DEFAULTS[cadence]


def _mapped(s: Subject, cadence) -> Pace | None:
    """The [rules.cadence] entry for the note's tags, circle or influence, if any."""
    if not cadence:
        return None
    if cadence.tag:
        tags = s.tags
        for tag, days in cadence.tag:
            if tag in tags:
                return Pace(_length(days), "tag", tag)
    circle = s.meta.get("circle")
    if cadence.circle and isinstance(circle, str):
        circle = circle.strip().lower()
        for name, days in cadence.circle:
            if name == circle:
                return Pace(_length(days), "circle", name)
    for level, days in cadence.influence:
        if level == s.influence:
            return Pace(_length(days), "influence", str(level))
    return None


def _length(days: int) -> Cadence:
    return NEVER if days < 0 else dt.timedelta(days=days)


def min_gap(s: Subject, network) -> dt.timedelta:
    """The note's `min_gap:` (else [rules] min_gap), or active_min_gap while a matter with
    them is live, when that is shorter."""
    days = s.summary.min_gap
    gap = s.settings.min_gap if days is None else dt.timedelta(days=days)
    if s.note.path in network.live:
        return min(gap, s.settings.active_min_gap)
    return gap


def shortest_cadence(settings) -> int:
    """The fewest days any cadence but a note's own can give (live matters aside: the
    network names those contacts), for the index's narrowing to stay a superset. With no
    [rules.cadence], the default — unless employed or imported cadences are shorter."""
    days = [settings.default_cadence.days, settings.employed_cadence.days]
    if isinstance(settings.imported_cadence, dt.timedelta):
        days.append(settings.imported_cadence.days)
    for pairs in (settings.cadence.tag, settings.cadence.circle, settings.cadence.influence):
        days.extend(d for _key, d in pairs if d >= 0)
    return min(days)


def live_matters(notes: Iterable[StoredNote], ctx) -> dict[str, tuple[str, dt.date]]:
    """Contact path -> (lead name, the day it last changed) for each contact in a live lead
    (applied, interviewing, offer) changed within `active_for`: the guidance's
    "communication may occur more frequently, though usually only for a limited length of
    time". Of two live leads with one contact, the later changed."""
    found: dict[str, tuple[str, dt.date]] = {}
    for note in notes:
        if note.kind != "lead" or note.summary.status not in LIVE:
            continue
        changed = last_change(note, ctx.today)
        if changed is None or changed > ctx.today or \
                changed + ctx.settings.active_for < ctx.today:
            continue
        for path in _people(note, ctx):
            if path not in found or found[path][1] < changed:
                found[path] = (note.title, changed)
    return found


def last_change(note: StoredNote, today: dt.date) -> dt.date | None:
    """The lead's latest log entry up to today, else its `updated:`."""
    last = note.summary.last_date
    if last is not None and last <= today.isoformat() and not note.may_have("met"):
        return dt.date.fromisoformat(last)  # the summary's latest entry: none after today
    dates = [d for d in note.facts["d"].split(" ") if d and d <= today.isoformat()]
    if dates:
        return dt.date.fromisoformat(dates[-1])
    return parse_date(note.meta.get("updated"))


def _people(note: StoredNote, ctx) -> list[str]:
    """The paths of the contact notes the lead's `source` and `contacts` name."""
    paths = []
    for key in ("source", "contacts"):
        value = note.meta.get(key)
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, str) or not item.strip():
                continue
            for target in links_in(item) or [item.strip()]:
                subject = ctx.resolve(target)
                if subject is not None and subject.note.kind == "contact":
                    paths.append(subject.note.path)
    return paths


def namesakes(notes: Iterable[StoredNote]) -> dict[str, str]:
    """Contact path -> a name that tells it from the other contacts of the same name: with
    its company ("Kim Lee (Acme)"), else its e-mail, else its file name when that differs
    ("Kim Lee (Initech)" for people/Kim Lee (Initech).md). One of them may have none of
    these: it is the one without."""
    by_title: dict[str, list[StoredNote]] = {}
    for note in notes:
        if note.kind == "contact":
            by_title.setdefault(note.title.strip().lower(), []).append(note)
    names: dict[str, str] = {}
    for same in by_title.values():
        if len(same) < 2:
            continue
        for key in ("company", "email", None):  # one key for all of them, if one will do
            told = {n.path: _telling(n, key) for n in same}
            labels = [t.lower() for t in told.values() if t]
            if len(labels) == len(set(labels)) and len(labels) >= len(same) - 1:
                names.update((n.path, told[n.path]) for n in same if told[n.path])
                break
    return names


def _telling(note: StoredNote, key: str | None) -> str:
    """How a sentence tells `note` from another of its name by `key` (None: the company,
    else the e-mail, else the file name); "" when it cannot."""
    for one in ("company", "email") if key is None else (key,):
        found = _first(note.meta.get(one))
        if found:
            return f"{note.title} ({found})"
    differs = note.name.strip().lower() != note.title.strip().lower()
    return note.name if key is None and differs else ""


def _first(value: object) -> str:
    """A company or e-mail as a sentence shows it: the first, without [[ ]]."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if not isinstance(value, str):
        return ""
    found = links_in(value)
    return (found[0] if found else value).strip().rsplit("/", 1)[-1]
