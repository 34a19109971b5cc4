"""A note's log summed up for the agenda rules, independent of the date.

Stored in the index at parse time, so that an agenda of ten thousand contacts loads one
small JSON value per note instead of every log entry. Dates are ISO strings: they sort and
compare as dates, and are turned into dates only where the rules do arithmetic.
"""

from __future__ import annotations

import datetime as dt

from vaultkit.model import Note, StoredNote, Summary
from vaultkit.notes.values import NEVER, parse_date, parse_interval

# Entries whose text, links or channel a rule quotes; of the others only the date counts.
QUOTED = ("met", "helped-me", "referral", "intro", "update")


def note_facts(note: Note) -> dict:
    """{"k": {kind: dates}, "c": dates, "d": dates, "l": lines, "q": quoted, "t": tasks}:

    - dates are ISO dates joined by spaces, in order: one string per list, because an agenda
      decodes ten thousand of these and every object costs;
    - "k" has the dates of each kind, "c" those that count as contact, "d" all dated entries
      (with their file lines in "l", in the same order);
    - "q" maps each kind in QUOTED to its entries: [[date, line, [kinds], text, [links],
      channel]] (the whole of the facts is decoded only when a rule needs more than the
      note's summary);
    - "t" lists the open tasks, [[date or null, line, text]]: a promise is not contact.
    """
    kinds: dict[str, list[str]] = {}
    contact, dated, tasks = [], [], []
    quoted: dict[str, list] = {}
    for e in note.entries:
        if e.task == "open":
            tasks.append([e.date, e.line, e.text])
            continue
        if e.date is None:
            continue
        dated.append((e.date, e.line))
        for kind in e.kinds:
            kinds.setdefault(kind, []).append(e.date)
        if "note" not in e.kinds:
            contact.append(e.date)
        for kind in e.kinds:
            if kind in QUOTED:
                quoted.setdefault(kind, []).append(
                    [e.date, e.line, list(e.kinds), e.text, list(e.links), e.channel])
    for entries in quoted.values():
        entries.sort(key=lambda q: (q[0], q[1]))
    tasks.sort(key=lambda t: (t[0] or "", t[1]))
    dated.sort()
    return {"k": {kind: " ".join(sorted(dates)) for kind, dates in kinds.items()},
            "c": " ".join(sorted(contact)), "d": " ".join(d for d, _ in dated),
            "l": " ".join(str(line) for _, line in dated),
            "q": quoted,
            "t": tasks}


def rule_note(note: Note) -> StoredNote:
    """A parsed note as the index will keep it (for rules run on notes in memory)."""
    facts = note_facts(note)
    return StoredNote(note.path, note.kind, note.name, note.title, note.meta,
                      summary=rule_summary(note, facts), facts=facts)


SUMMARY = Summary._fields
RECENT = 9  # contact dates kept in the summary, newest first, for the too-frequent check


def rule_summary(note: Note, facts: dict) -> Summary:
    """A few values, over all of a note's log, that let SQL pass over the notes that can
    have nothing due on a given day (index/rule_input.candidate_notes). In SUMMARY's order.

    Dates are ISO strings or None; `recent` the last RECENT contact dates, newest first,
    joined by spaces (the k-th is at 11 * (k - 1)); `cadence` is days, -1 for never, None
    for the default.
    """
    meta = note.meta
    kinds = facts["k"]
    met = meta.get("met")
    met_iso = (met_key.isoformat() if (met_key := parse_date(met)) else None) if met else None
    contacts = facts["c"]
    last_contact = contacts[-10:] or None
    # Dates are ISO strings, so the later of two is their max ("" standing for none).
    return Summary(
        last_date=max(facts["d"][-10:], met_iso or "") or None,
        last_contact=last_contact,
        recent=" ".join(reversed(contacts.split(" ")[-RECENT:])) if contacts else "",
        last_touch=max(last_contact or "", met_iso or "") or None,
        last_met=max(met_iso or "", kinds.get("met", "")[-10:]) or None,
        referral_pending=int(bool(meta.get("referred_by")) and not last_contact
                             and not met_iso),
        has_tasks=int(bool(facts["t"])),
        met=met_iso,
        **_help_summary(kinds),
        **_settings_summary(meta),
    )


def _help_summary(kinds: dict[str, str]) -> dict:
    """The Summary fields counted from #helped-me, #helped-them and #thanks entries."""
    helped_dates = kinds.get("helped-me", "")
    helped = helped_dates[-10:]
    thanked = kinds.get("thanks", "")[-10:]
    helped_me = helped_dates.count(" ") + 1 if helped_dates else 0  # dates joined by spaces
    them = kinds.get("helped-them", "")
    helped_them = them.count(" ") + 1 if them else 0
    return {
        "help_balance": helped_me - helped_them,
        "unthanked_help": helped if helped and not (thanked and thanked >= helped) else None,
        "last_thanks": thanked or None,
        "helped_me": helped_me,
        "helped_them": helped_them,
    }


def _settings_summary(meta: dict) -> dict:
    """The Summary fields read from front matter the person sets (cadence, next, …); a
    value that does not parse counts as unset."""
    cadence_text = meta.get("cadence")
    cadence = parse_interval(cadence_text) if cadence_text not in (None, "") else None
    next_value = meta.get("next")
    next_day = parse_date(next_value) if next_value else None
    status = meta.get("status")
    influence = meta.get("influence")
    return {
        "cadence": -1 if cadence == NEVER else cadence.days if cadence else None,
        "next": next_day.isoformat() if next_day else None,
        "status": status.strip().lower() if isinstance(status, str) else "",
        "has_birthday": int(bool(meta.get("birthday"))),
        "influence": influence if type(influence) is int and 1 <= influence <= 5 else 3,
        "cadence_text": str(cadence_text) if cadence_text not in (None, "") else None,
        "min_gap": min_gap_days(meta),
    }


def min_gap_days(meta: dict) -> int | None:
    """A note's own `min_gap:` in days; None when unset or not a length of time (the
    setting's default applies). The agenda's holds and `log`'s warning both use it."""
    gap = parse_interval(meta["min_gap"]) if meta.get("min_gap") else None
    return gap.days if isinstance(gap, dt.timedelta) else None
