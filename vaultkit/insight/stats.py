"""`vaultkit stats`: the figures, as pure functions over rows the index gives
(index/insight_rows.py) and the agenda's overdue items. `stats_of(StatsInput)` gives a
`Stats`, whose `as_json()` is the documented schema (docs/commands.md, schema_version 1);
the text (present/stats_text.py) and a report draw from the same object."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from vaultkit.agenda.build import Lookup, NotesLookup, Subjects
from vaultkit.agenda.context import Context, Subject
from vaultkit.agenda.settings import RuleSettings
from vaultkit.errors import UsageError
from vaultkit.insight import follow
from vaultkit.insight.channels import CHANNELS, by_week, channel, weeks
from vaultkit.insight.funnel import Funnel, credited, funnel
from vaultkit.model import AgendaItem, StoredNote
from vaultkit.notes.dates import shift

SCHEMA_VERSION = 1
DEFAULT_WEEKS = 8  # without --since: the week of --until and the seven before it


@dataclass
class StatsInput:
    """What the index and the agenda give (vault_insight.Insight.stats_input)."""

    today: dt.date
    since: dt.date
    until: dt.date
    settings: RuleSettings
    kinds: dict[str, int]
    groups: list[tuple]  # (circle, influence, first day, count): insight_rows
    entries: list[tuple[str, str | None, int]]  # (day, channel, count)
    notes: list[StoredNote]  # leads and events; the contacts the rates and favours judge
    lookup: Lookup | None = None  # other notes by link (default: among `notes`)
    overdue: list[AgendaItem] = field(default_factory=list)


@dataclass
class Stats:
    today: dt.date
    since: dt.date
    until: dt.date
    kinds: dict[str, int]
    circles: dict[str, int]
    influence: dict[str, int]
    weeks: list[dict]
    channels: dict[str, int]
    thank_you: follow.Rate
    report_back: follow.Rate
    follow_up: follow.Rate
    funnel: Funnel
    credits: list[dict]
    favours: list[dict]
    overdue: list[AgendaItem]

    def as_json(self) -> dict:
        oldest = min(self.overdue, key=lambda i: (i.due, i.name), default=None)
        return {
            "schema_version": SCHEMA_VERSION, "date": self.today.isoformat(),
            "since": self.since.isoformat(), "until": self.until.isoformat(),
            "notes": self.kinds,
            "contacts": {"total": self.kinds.get("contact", 0), "by_circle": self.circles,
                         "by_influence": self.influence},
            "weeks": self.weeks, "channels": self.channels,
            "follow_through": {"thank_you": self.thank_you.as_json(),
                               "report_back": self.report_back.as_json(),
                               "follow_up": self.follow_up.as_json()},
            "funnel": self.funnel.as_json(), "credits": self.credits,
            "favours": {"helped_me": sum(f["helped_me"] for f in self.favours),
                        "helped_them": sum(f["helped_them"] for f in self.favours),
                        "people": self.favours},
            "agenda": {"overdue": len(self.overdue),
                       "oldest": _item(oldest, self.today) if oldest else None,
                       "by_rule": dict(sorted(Counter(i.rule for i in self.overdue)
                                              .items()))},
        }


def _item(item: AgendaItem, today: dt.date) -> dict:
    return {"due": item.due.isoformat(), "days_overdue": (today - item.due).days,
            "name": item.name, "rule": item.rule, "text": item.text, "path": item.note}


MAX_WINDOW_DAYS = 3660  # ten years of weeks: a table and a JSON a person can use


def window(today: dt.date, since: dt.date | None,
           until: dt.date | None) -> tuple[dt.date, dt.date]:
    """The stats' days, both ends included: `until` defaults to today, `since` to the
    Monday DEFAULT_WEEKS - 1 weeks before `until`'s week."""
    if since and until and since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    if since and not until and since > today:
        raise UsageError(f"--since {since} is after --date {today}")
    until = until or today
    if since is None:
        since = shift(until - dt.timedelta(days=until.weekday()), -7 * (DEFAULT_WEEKS - 1))
    if (until - since).days > MAX_WINDOW_DAYS:  # 0001-01-01..9999-12-31: minutes, GBs
        raise UsageError(f"--since {since} to --until {until} is over "
                         f"{MAX_WINDOW_DAYS // 365} years: give a shorter time")
    return since, until


def context_at(notes: list[StoredNote], settings: RuleSettings, lookup: Lookup | None):
    """A function giving, for a day, a rules' Context whose links resolve through `lookup`
    (default: among `notes`)."""
    lookup = lookup or NotesLookup(notes)

    def at(day: dt.date) -> Context:
        return Context(day, settings, Subjects(lookup, settings, day).resolve)
    return at


def stats_of(rows: StatsInput) -> Stats:
    s, today, since, until = rows.settings, rows.today, rows.since, rows.until
    contacts = [n for n in rows.notes if n.kind == "contact"]
    leads = [n for n in rows.notes if n.kind == "lead"]
    at = context_at(rows.notes, s, rows.lookup)
    circles, influence = groups(rows.groups)
    day = min(today, until)
    credits = credited(rows.notes, at(day))
    return Stats(
        today, since, until, dict(sorted(rows.kinds.items())), circles, influence,
        week_rows([(day, n) for _c, _i, day, n in rows.groups if day], rows.entries,
                  since, until), channel_totals(rows.entries),
        follow.thank_yous(contacts, s, today, since, until),
        follow.report_backs(leads, s, today, since, until, at),
        follow.follow_ups(leads, s, today, since, until),
        funnel(leads, s, at(until), since, until),
        credits, favours(rows.notes, s, day, credits), rows.overdue)


def groups(rows: list[tuple]) -> tuple[dict[str, int], dict[str, int]]:
    """Contacts by circle (none: unset) and by influence (1–5 as written; unset or not a
    whole number from 1 to 5: `unset`, which the rules read as 3)."""
    circles: Counter[str] = Counter()
    influence: Counter[str] = Counter()
    for circle, level, _first, count in rows:
        circles[circle or "none"] += count
        ok = type(level) is int and 1 <= level <= 5
        influence[str(level) if ok else "unset"] += count
    order = [*(str(i) for i in range(1, 6)), "unset"]
    return (dict(sorted(circles.items(), key=lambda kv: (-kv[1], kv[0]))),
            {k: influence[k] for k in order if influence[k]})


def week_rows(firsts, entries, since: dt.date, until: dt.date) -> list[dict]:
    new = by_week(firsts, since, until)
    talks = by_week([(d, n) for d, _c, n in entries], since, until)
    named = [(d, channel(c), n) for d, c, n in entries]
    per = {ch: by_week([(d, n) for d, c, n in named if c == ch], since, until)
           for ch in CHANNELS}
    return [{"week": week.isoformat(), "new_contacts": new[i], "interactions": talks[i],
             "by_channel": {ch: per[ch][i] for ch in CHANNELS if per[ch][i]}}
            for i, week in enumerate(weeks(since, until))]


def channel_totals(entries) -> dict[str, int]:
    totals: Counter[str] = Counter()
    for _day, written, count in entries:
        totals[channel(written)] += count
    return {ch: totals[ch] for ch in CHANNELS if totals[ch]}


def favours(notes: list[StoredNote], settings: RuleSettings, day: dt.date,
            credits: list[dict]) -> list[dict]:
    """Who helped you and whom you helped, up to `day` (all time: a balance adds up):
    #helped-me and #helped-them entries (Subject.favours), and the leads that led to an
    interview or more (`credits`: funnel.credited) as the offer-help rule counts them."""
    leads = {c["path"]: len(c["leads"]) for c in credits}
    out = []
    for note in (n for n in notes if n.kind == "contact"):
        got, gave = Subject(note, settings, day).favours()
        led = leads.get(note.path, 0)
        if got or gave or led:
            out.append({"name": note.title, "path": note.path, "helped_me": got,
                        "helped_them": gave, "leads": led, "balance": got + led - gave})
    return sorted(out, key=lambda f: (-f["balance"], f["name"], f["path"]))
