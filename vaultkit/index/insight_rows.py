"""The rows `vaultkit stats` reads (vaultkit/insight/): counts by kind, circle and
influence, first contacts and log entries by day and channel, and the notes whose facts
the follow-through rates, the funnel and the favour balance judge. Read-only; never reads
a note file."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

from vaultkit.index.db import snapshot
from vaultkit.index.rule_input import _SELECT, _note
from vaultkit.model import StoredNote
from vaultkit.notes.facts import SUMMARY


def kind_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT kind, COUNT(*) FROM notes GROUP BY kind ORDER BY kind"))


def contact_groups(conn: sqlite3.Connection, since: dt.date,
                   until: dt.date) -> list[tuple[str | None, object, str | None, int]]:
    """(circle as written, influence as written, first day, how many contacts) groups; the
    first day is `met:`, else the first log entry that counts as contact, None when it is
    not within since..until. One pass over the contacts for both questions."""
    rows = conn.execute("""
        SELECT json_extract(meta_json, '$.circle', '$.influence'),
               CASE WHEN day BETWEEN ? AND ? THEN day END, COUNT(*) FROM (
            SELECT meta_json, COALESCE(r_met, NULLIF(substr(
                       json_extract(facts_json, '$.c'), 1, 10), '')) AS day
            FROM notes WHERE kind = 'contact')
        GROUP BY 1, 2""", (since.isoformat(), until.isoformat()))
    out = []
    for pair, day, count in rows:
        circle, influence = json.loads(pair)
        out.append((" ".join(circle.split()).lower() if isinstance(circle, str) else None,
                    influence, day, count))
    return out


def contact_entries(conn: sqlite3.Connection, since: dt.date,
                    until: dt.date) -> list[tuple[str, str | None, int]]:
    """(day, channel as written, how many) of the contacts' log entries that count as
    contact (not open tasks, not #note: notes.facts), within since..until (inclusive)."""
    return list(conn.execute("""
        SELECT e.value ->> 1 AS day, e.value ->> 3, COUNT(*)
        FROM notes n, json_each(n.entries_json) e
        WHERE n.kind = 'contact' AND n.r_last_contact >= :since
          AND day BETWEEN :since AND :until AND (e.value ->> 7) IS NOT 'open'
          AND instr(e.value -> 5, '"note"') = 0
        GROUP BY 1, 2 ORDER BY 1, 2""",
        {"since": since.isoformat(), "until": until.isoformat()}))


def sums(conn: sqlite3.Connection, since: dt.date, until: dt.date) -> dict:
    """The sums `stats` reads (kinds, groups, entries: StatsInput's fields), in one
    transaction (one snapshot). Queries that give a few rows for a scan of every contact,
    run in a thread of their own (vault_insight.py): a query giving thousands of rows would
    take Python's lock back for each, and wait for it each time."""
    with snapshot(conn):
        return {"kinds": kind_counts(conn), "groups": contact_groups(conn, since, until),
                "entries": contact_entries(conn, since, until)}


def sums_aside(conn: sqlite3.Connection | None, since: dt.date, until: dt.date
               ) -> dict | None:
    """`sums` on the second reader (db.Index.second_reader), in its thread; None when there
    is none, or when it fails (the index replaced meanwhile: it may hold no table): the
    caller reads them on its own connection then."""
    if conn is None:
        return None
    try:
        return sums(conn, since, until)
    except sqlite3.Error:
        return None


def judged_notes(conn: sqlite3.Connection) -> list[StoredNote]:
    """Every lead and event, with all of its facts."""
    return [_note(row) for row in conn.execute(
        f"{_SELECT} WHERE n.kind IN ('lead', 'event') ORDER BY f.path")]


def judged_contacts(conn: sqlite3.Connection, since: dt.date,
                    today: dt.date) -> list[StoredNote]:
    """The contacts met on or after `since` (thank-you rates), those with favours either
    way and those a lead links to (a lead's source is credited, its favour counted). Each
    with only the facts the rates read — its contact dates and its #met and #thanks dates;
    none for one judged on its summary alone (favours, nothing dated after `today`); all
    for one with entries after `today` (few): decoding ten thousand notes' whole facts
    would cost more than all the rest of `stats`."""
    rows = conn.execute(f"""
        SELECT f.path, n.kind, n.name, n.title, n.meta_json,
               CASE WHEN n.r_last_date > :today THEN n.facts_json
                    WHEN n.r_last_met >= :since THEN
                    json_extract(n.facts_json, '$.c', '$.k.met', '$.k.thanks') END,
               {", ".join(f"n.r_{field}" for field in SUMMARY)}
        FROM notes n JOIN files f ON f.id = n.file_id
        WHERE n.kind = 'contact' AND (n.r_last_met >= :since OR n.r_helped_me > 0
                                      OR n.r_helped_them > 0 OR n.file_id IN (
            SELECT l.resolved_id FROM links l JOIN notes ln ON ln.file_id = l.file_id
            WHERE ln.kind = 'lead' AND l.resolved_id IS NOT NULL))
        ORDER BY f.path""", {"since": since.isoformat(), "today": today.isoformat()})
    out = []
    for path, kind, name, title, meta, facts, *summary in rows:
        if facts is None or facts.startswith("{"):
            out.append(StoredNote(path, kind, name, title, meta, summary=summary,
                                  facts=facts or _NO_FACTS))
            continue
        contact, met, thanks = json.loads(facts)
        light = {"k": {k: v for k, v in (("met", met), ("thanks", thanks)) if v},
                 "c": contact or "", "d": "", "l": "", "q": {}, "t": []}
        out.append(StoredNote(path, kind, name, title, meta, summary=summary, facts=light))
    return out


_NO_FACTS = {"k": {}, "c": "", "d": "", "l": "", "q": {}, "t": []}
