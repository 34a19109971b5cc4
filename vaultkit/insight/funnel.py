"""The lead funnel: idea → applied → interviewing → offer → hired, how long each step
took, split by how the lead came; and the contacts whose leads got you somewhere.

What the notes allow: a lead keeps only its current `status:`, and its history is its log
— the entries tagged as `log --kind` tags them (#inquired, #applied, #interview, #offer,
#hired, notes.entry.LEAD_STATUS_OF_KIND). A stage is reached when the log has an entry of
its kind dated up to `until`, or when the current status is that stage or a later one
(then its day may be unknown). A stage's day is its first such entry; "applied" is the
first #inquired or #applied entry; "idea" is the first entry of no later stage's kind
(a lead first logged when you applied has no idea day). Days between stages are counted
only where both days are known. Rejected, withdrawn and closed leads count as ended at the
last stage their log shows."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from vaultkit.agenda.context import Context, Subject
from vaultkit.agenda.lead_facts import describe
from vaultkit.agenda.search import credits
from vaultkit.agenda.settings import RuleSettings
from vaultkit.model import StoredNote
from vaultkit.notes.entry import LEAD_STATUS_OF_KIND
from vaultkit.notes.values import parse_date

STAGES = ("idea", "applied", "interviewing", "offer", "hired")
ENDED = ("rejected", "withdrawn", "closed")
# The entry kinds that mark each stage after idea.
_KINDS = {"applied": ("inquired", "applied"), "interviewing": ("interview",),
          "offer": ("offer",), "hired": ("hired",)}
_RANK = {"inquired": 1, **{stage: i for i, stage in enumerate(STAGES)}}
# How a lead came, by what its `source:` is (SOURCES' order in tables).
SOURCES = ("referral", "event", "organisation", "job board", "other", "none")


@dataclass(frozen=True)
class LeadPath:
    """One lead through the funnel."""

    name: str
    path: str
    what: str  # `Senior Platform Engineer at Acme`
    status: str
    source: str  # one of SOURCES
    source_name: str  # the contact, event or organisation named, or the text
    days: dict[str, dt.date | None]  # stage -> the day reached (None: reached, day unknown)

    def as_json(self) -> dict:
        return {"name": self.name, "path": self.path, "what": self.what,
                "status": self.status, "source": self.source,
                "source_name": self.source_name,
                "stages": {k: (v.isoformat() if v else None) for k, v in self.days.items()}}


@dataclass
class Funnel:
    leads: list[LeadPath] = field(default_factory=list)

    def reached(self, source: str | None = None) -> dict[str, int]:
        chosen = [p for p in self.leads if source is None or p.source == source]
        counts = {stage: sum(stage in p.days for p in chosen) for stage in STAGES}
        counts["ended"] = sum(p.status in ENDED for p in chosen)
        return counts

    def step_days(self) -> dict[str, dict]:
        """`applied→interviewing` -> {median, count}: days between consecutive stages."""
        out = {}
        for before, after in zip(STAGES, STAGES[1:], strict=False):
            gaps = [(p.days[after] - p.days[before]).days for p in self.leads
                    if p.days.get(before) and p.days.get(after)]
            out[f"{before}→{after}"] = {
                "median": _days(statistics.median(gaps)) if gaps else None, "count": len(gaps)}
        return out

    def as_json(self) -> dict:
        return {"stages": list(STAGES), "reached": self.reached(),
                "by_source": {s: self.reached(s) for s in SOURCES
                              if any(p.source == s for p in self.leads)},
                "days_between": self.step_days(),
                "leads": [p.as_json() for p in self.leads]}


def source_of(lead: Subject, ctx: Context) -> tuple[str, str]:
    """(one of SOURCES, the name): a contact is a referral; an event, an organisation;
    text that says "board" (job board, a board's name) is a job board."""
    value = lead.meta.get("source")
    found = ctx.linked(value)
    if not found:
        return "none", ""
    name, note = found[0]
    if note is not None:
        kind = note.note.kind
        return {"contact": "referral", "event": "event", "org": "organisation"}.get(
            kind, "other"), name
    text = name.strip()
    if isinstance(value, str) and "[[" in value:
        return "other", text  # a link to no note: nothing says what it is
    return ("job board" if "board" in text.lower() else "other"), text


def lead_path(lead: Subject, ctx: Context) -> LeadPath:
    status = lead.status or "idea"
    days: dict[str, dt.date | None] = {"idea": idea_day(lead)}
    for stage, kinds in _KINDS.items():
        dates = sorted(d for kind in kinds for d in lead.dates(kind))
        if dates:
            days[stage] = dt.date.fromisoformat(dates[0])
    rank = _RANK.get(status)
    if rank is not None:
        for stage in STAGES[1 : rank + 1]:
            days.setdefault(stage, None)
    later = [d for stage, d in days.items() if stage != "idea" and d]
    if days["idea"] and later and days["idea"] > min(later):
        days["idea"] = None  # first logged after a later stage: the idea's day is unknown
    source, name = source_of(lead, ctx)
    return LeadPath(lead.name, lead.note.path, describe(lead), status, source, name,
                    {stage: days[stage] for stage in STAGES if stage in days})


def idea_day(lead: Subject) -> dt.date | None:
    """The first day with an entry of no status kind (a day's entries outnumber those of
    status kinds on it): the facts keep dates by kind, not kinds by entry."""
    marked: Counter[str] = Counter()
    for kind in LEAD_STATUS_OF_KIND:
        marked.update(lead.dates(kind))
    for day, count in sorted(Counter(lead.history).items()):
        if count > marked[day]:
            return dt.date.fromisoformat(day)
    return None


def active(lead: Subject, since: dt.date, until: dt.date) -> bool:
    """A lead in the window: a dated entry or `updated:` within since..until, or no date
    at all (nothing says when it came: it counts in every window). Entries after `until`
    are dates too: a lead first logged after the window did not exist in it."""
    dates = [dt.date.fromisoformat(d) for d in lead.history]
    upd = parse_date(lead.meta.get("updated"))
    dates += [upd] if upd else []
    undated = not dates and not (lead.facts.get("d") or "").strip()
    return undated or any(since <= d <= until for d in dates)


def funnel(leads: Iterable[StoredNote], settings: RuleSettings, ctx: Context,
           since: dt.date, until: dt.date) -> Funnel:
    subjects = [Subject(n, settings, until) for n in leads if n.kind == "lead"]
    return Funnel([lead_path(s, ctx) for s in subjects if active(s, since, until)])


def credited(notes: list[StoredNote], ctx: Context) -> list[dict]:
    """The contacts whose leads reached an interview, an offer or a hire (search.credits,
    the offer-help rule's), each with those leads and their status."""
    status = {n.title: n.summary.status or "idea" for n in notes if n.kind == "lead"}
    titles = {n.path: n.title for n in notes}
    out = []
    for path, names in credits(notes, ctx).items():
        out.append({"name": titles.get(path, path), "path": path,
                    "leads": [{"name": n, "status": status.get(n, "")} for n in names]})
    return out


def _days(median: float) -> float:
    """A median of days: whole (`2`, not `2.0`) unless it falls between two (`2.5`)."""
    return int(median) if median == int(median) else median
