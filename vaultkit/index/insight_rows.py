"""The rows `vaultkit stats` reads (vaultkit/insight/): counts by kind, circle and
influence, first contacts and log entries by day and channel, and the notes whose facts
the follow-through rates, the funnel and the favour balance judge. Read-only; never reads
a note file."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

from vaultkit.index.rule_input import _SELECT, _note
from vaultkit.model import StoredNote
from vaultkit.notes.facts import SUMMARY


def kind_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT kind, COUNT(*) FROM notes GROUP BY kind ORDER BY kind"))


def contact_groups(conn: sqlite3.Connection, since: dt.date,
                   until: dt.date) -> list[tuple[str | None, object, str | None, int]]:
    """(circle as written, influence as written, first day, how many contacts) groups; the
    first day is the earlier of `met:` and the first log entry that counts as contact, None
    when it is not within since..until. One pass over the contacts for both questions."""
    return list(conn.execute("""
        SELECT circle, influence, CASE WHEN day BETWEEN ? AND ? THEN day END, COUNT(*) FROM (
            SELECT lower(trim(json_extract(meta_json, '$.circle'))) AS circle,
                   json_extract(meta_json, '$.influence') AS influence,
                   min(COALESCE(r_met, '9999'), COALESCE(
                       NULLIF(substr(json_extract(facts_json, '$.c'), 1, 10), ''), '9999'))
                   AS day
            FROM notes WHERE kind = 'contact')
        GROUP BY 1, 2, 3""", (since.isoformat(), until.isoformat())))


def contact_entries(conn: sqlite3.Connection, since: dt.date,
                    until: dt.date) -> list[tuple[str, str | None, int]]:
    """(day, channel as written, how many) of the contacts' log entries that count as
    contact (not open tasks, not #note: notes.facts), within since..until (inclusive)."""
    return list(conn.execute("""
        SELECT json_extract(e.value, '$[1]') AS day, json_extract(e.value, '$[3]'), COUNT(*)
        FROM notes n, json_each(n.entries_json) e
        WHERE n.kind = 'contact' AND n.r_last_contact >= :since
          AND day BETWEEN :since AND :until
          AND json_extract(e.value, '$[7]') IS NOT 'open'
          AND NOT EXISTS (SELECT 1 FROM json_each(e.value, '$[5]') k WHERE k.value = 'note')
        GROUP BY 1, 2 ORDER BY 1, 2""",
        {"since": since.isoformat(), "until": until.isoformat()}))


def judged_notes(conn: sqlite3.Connection) -> list[StoredNote]:
    """Every lead and event, with all of its facts."""
    return [_note(row) for row in conn.execute(
        f"{_SELECT} WHERE n.kind IN ('lead', 'event') ORDER BY f.path")]


# The kinds of entries the contacts' rates and favours read (insight/follow.py, stats.py).
LIGHT_KINDS = ("met", "thanks", "update", "helped-me", "helped-them")


def judged_contacts(conn: sqlite3.Connection, since: dt.date) -> list[StoredNote]:
    """The contacts met on or after `since` (thank-you rates) and those with favours either
    way, each with only the facts the rates read (LIGHT_KINDS' dates, contact and entry
    dates; no quotes): decoding ten thousand notes' whole facts would cost more than all
    the rest of `stats`."""
    paths = ", ".join(["'$.c'", "'$.d'", *(f"'$.k.\"{k}\"'" for k in LIGHT_KINDS)])
    rows = conn.execute(f"""
        SELECT f.path, n.kind, n.name, n.title, n.meta_json,
               json_extract(n.facts_json, {paths}),
               {", ".join(f"n.r_{field}" for field in SUMMARY)}
        FROM notes n JOIN files f ON f.id = n.file_id
        WHERE n.kind = 'contact' AND (n.r_last_met >= ? OR n.r_helped_me > 0
                                      OR n.r_helped_them > 0)
        ORDER BY f.path""", (since.isoformat(),))
    out = []
    for path, kind, name, title, meta, extracted, *summary in rows:
        contact, dated, *packed = json.loads(extracted)
        facts = {"k": {k: v for k, v in zip(LIGHT_KINDS, packed, strict=True) if v},
                 "c": contact or "", "d": dated or "", "l": "", "q": {}, "t": []}
        out.append(StoredNote(path, kind, name, title, meta, summary=summary, facts=facts))
    return out
