"""`vaultkit stats` for a terminal: a few compact tables and sparklines, within 80
columns, drawn from insight.stats.Stats (the JSON's figures, as a person reads them)."""

from __future__ import annotations

import datetime as dt

from vaultkit.agenda.context import when
from vaultkit.insight.channels import label as channel_label
from vaultkit.insight.channels import sparkline
from vaultkit.insight.funnel import SOURCES, STAGES
from vaultkit.insight.stats import Stats
from vaultkit.present.oneline import one_line

WIDTH = 80
TABLE_WEEKS = 12  # the week table's rows; the sparklines show up to SPARK_WEEKS
SPARK_WEEKS = 52
LISTED = 10  # the missed cases and the favours listed; all of them in --json
_KIND_WORDS = (("contact", "contacts"), ("lead", "leads"), ("event", "events"),
               ("org", "orgs"), ("note", "notes"))


def stats_text(stats: Stats) -> str:
    parts = [_header(stats), _counts(stats), _weeks(stats), _follow(stats), _funnel(stats),
             _credits(stats), _favours(stats), _agenda(stats)]
    return "\n\n".join(p for p in parts if p) + "\n"


def _day(day: dt.date, today: dt.date) -> str:
    return when(day, today)


def _header(s: Stats) -> str:
    count = len(s.weeks)
    span = f"{_day(s.since, s.today)} – {_day(s.until, s.today)}"
    return (f"Stats for {s.today.strftime('%a')} {_day(s.today, s.today)}, {s.today.year}:"
            f" {span} ({count} week{'s' if count != 1 else ''})")


def _joined(label: str, pairs: list[str], width: int = 11) -> str:
    """`Label      a 1 · b 2 · …`, wrapped under itself within WIDTH."""
    lines, line = [], f"{label:<{width}}"
    for i, pair in enumerate(pairs):
        piece = pair if i == 0 else f" · {pair}"
        if len(line) + len(piece) > WIDTH and line.strip() != label:
            lines.append(line.rstrip())
            line, piece = " " * width + pair, ""
        line += piece
    return "\n".join([*lines, line.rstrip()])


def _counts(s: Stats) -> str:
    kinds = [f"{s.kinds.get(k, 0)} {many}" for k, many in _KIND_WORDS]
    circles = [f"{c} {n}" for c, n in s.circles.items()] or ["none"]
    influence = [f"{k}: {n}" for k, n in s.influence.items()] or ["none"]
    unset = " (unset: the rules read 3)" if "unset" in s.influence else ""
    return "\n".join([_joined("Notes", kinds), _joined("Circles", circles),
                      _joined("Influence", influence) + unset])


def _channels(s: Stats) -> list[str]:
    """The channels the week table shows: those used, as many as fit."""
    used = list(s.channels)
    while used and 8 + 5 + 7 + sum(max(len(c), 4) + 2 for c in used) > WIDTH:
        used.remove(min((c for c in used if c != "other"), key=lambda c: s.channels[c]))
        used = used if "other" in used else [*used, "other"]
    return used


def _weeks(s: Stats) -> str:
    shown = _channels(s)
    rows = s.weeks[-TABLE_WEEKS:]
    labels = [_day(dt.date.fromisoformat(week["week"]), s.today) for week in rows]
    wide = max([8, *(len(label) + 1 for label in labels)])  # "Nov 16, 2026" in another year
    head = f"{'Week of':<{wide}}{'New':>5}{'Talks':>7}" + "".join(
        f"{channel_label(c):>{max(len(c), 4) + 2}}" for c in shown)
    lines = [head]
    for week, label in zip(rows, labels, strict=True):
        by = week["by_channel"]
        other = sum(n for c, n in by.items() if c not in shown or c == "other")
        cells = [other if c == "other" else by.get(c, 0) for c in shown]
        lines.append(f"{label:<{wide}}"
                     f"{week['new_contacts']:>5}{week['interactions']:>7}" + "".join(
                         f"{(n or '.')!s:>{max(len(c), 4) + 2}}"
                         for c, n in zip(shown, cells, strict=True)))
    if len(s.weeks) > TABLE_WEEKS:
        lines.append(f"(the last {TABLE_WEEKS} of {len(s.weeks)} weeks; all in --json)")
    spark = s.weeks[-SPARK_WEEKS:]
    talks = [w["interactions"] for w in spark]
    new = [w["new_contacts"] for w in spark]
    lines += [f"Talks a week  {sparkline(talks)}  {sum(talks)} in all",
              f"New a week    {sparkline(new)}  {sum(new)} in all"]
    if "none" in s.channels:
        lines.append("(none: entries with no channel in parentheses)")
    return "\n".join(lines)


def _follow(s: Stats) -> str:
    rows = [("thank-you", s.thank_you), ("report-back", s.report_back),
            ("follow-up", s.follow_up)]
    lines = [f"{'Follow-through':<24}{'kept':>6}{'missed':>8}{'pending':>9}{'rate':>7}"]
    for name, rate in rows:
        pct = f"{round(rate.rate * 100)}%" if rate.rate is not None else "–"
        lines.append(f"{f'{name} within {rate.within}d':<24}{len(rate.kept):>6}"
                     f"{len(rate.missed):>8}{len(rate.pending):>9}{pct:>7}")
    missed = [(name, case) for name, rate in rows for case in rate.missed]
    if missed:
        lines.append("Missed")
    for name, case in missed[:LISTED]:
        about = f": {case.about}" if case.about else ""
        lines.append(_cut(f"  {name:<12}{_day(case.day, s.today):<7} due "
                          f"{_day(case.due, s.today):<7} {case.name}{about}"))
    if len(missed) > LISTED:
        lines.append(f"  … and {len(missed) - LISTED} more (--json lists them all)")
    return "\n".join(lines)


def _cut(line: str) -> str:
    """`line` on one line (a name's newline or BEL written as an escape), cut to WIDTH."""
    line = one_line(line)
    return line if len(line) <= WIDTH else line[: WIDTH - 1] + "…"


def _funnel(s: Stats) -> str:
    heads = [*STAGES, "ended"]
    lines = [f"{'Lead funnel':<13}" + "".join(f"{h:>{len(h) + 2}}" for h in heads)]
    groups = [("all", s.funnel.reached())] + [
        (src, s.funnel.reached(src)) for src in SOURCES
        if any(p.source == src for p in s.funnel.leads)]
    for name, counts in groups:
        lines.append(f"{name:<13}" + "".join(f"{counts[h]:>{len(h) + 2}}" for h in heads))
    steps = [f"{step} {d['median']:g} ({d['count']})"
             for step, d in s.funnel.step_days().items() if d["count"]]
    lines.append(_joined("Median days", steps or ["none known"], 13))
    return "\n".join(lines)


def _credits(s: Stats) -> str:
    if not s.credits:
        return ""
    lines = ["Their leads got you somewhere"]
    for c in s.credits:
        leads = ", ".join(f"{lead['name']} ({lead['status']})" for lead in c["leads"])
        lines.append(_cut(f"  {c['name']:<20}{leads}"))
    return "\n".join(lines)


def _favours(s: Stats) -> str:
    if not s.favours:
        return ""
    lines = [f"{'Favours':<24}{'helped you':>12}{'you helped':>12}{'leads':>7}"
             f"{'balance':>9}"]
    for f in s.favours[:LISTED]:
        balance = f"{f['balance']:+}" if f["balance"] else "0"
        lines.append(f"{one_line(f['name'])[:23]:<24}{f['helped_me']:>12}"
                     f"{f['helped_them']:>12}{f['leads']:>7}{balance:>9}")
    if len(s.favours) > LISTED:
        lines.append(f"… and {len(s.favours) - LISTED} more (--json lists them all)")
    lines.append(f"{'all':<24}{sum(f['helped_me'] for f in s.favours):>12}"
                 f"{sum(f['helped_them'] for f in s.favours):>12}")
    return "\n".join(lines)


def _agenda(s: Stats) -> str:
    if not s.overdue:
        return "Agenda     nothing overdue"
    oldest = min(s.overdue, key=lambda i: (i.due, i.name))
    late = (s.today - oldest.due).days
    lines = [f"Agenda     {len(s.overdue)} overdue; the oldest, due "
             f"{_day(oldest.due, s.today)} ({late} day{'s' if late != 1 else ''} ago):",
             _cut(f"           {oldest.text}  [{oldest.rule}]")]
    rules: dict[str, int] = {}
    for item in s.overdue:
        rules[item.rule] = rules.get(item.rule, 0) + 1
    lines.append(_joined("", [f"{r} {n}" for r, n in sorted(rules.items())]))
    return "\n".join(lines)
