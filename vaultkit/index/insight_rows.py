"""The rows `vaultkit stats` reads (vaultkit/insight/): counts by kind, circle and
influence, first contacts and log entries by day and channel, and the notes whose facts
the follow-through rates, the funnel and the favour balance judge. Read-only; never reads
a note file."""

from __future__ import annotations

import datetime as dt
import sqlite3

from vaultkit.index.rule_input import _SELECT, _note
from vaultkit.model import StoredNote


def kind_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT kind, COUNT(*) FROM notes GROUP BY kind ORDER BY kind"))


def contact_groups(conn: sqlite3.Connection) -> list[tuple[str | None, object, int]]:
    """(circle as written, influence as written, how many contacts) groups."""
    return list(conn.execute("""
        SELECT lower(trim(json_extract(meta_json, '$.circle'))),
               json_extract(meta_json, '$.influence'), COUNT(*)
        FROM notes WHERE kind = 'contact' GROUP BY 1, 2"""))


def first_contacts(conn: sqlite3.Connection, since: dt.date,
                   until: dt.date) -> list[tuple[str, int]]:
    """(day, contacts first known that day): the earlier of `met:` and the first log entry
    that counts as contact, within since..until (inclusive)."""
    return list(conn.execute("""
        SELECT day, COUNT(*) FROM (
            SELECT min(COALESCE(r_met, '9999'),
                       COALESCE(NULLIF(substr(json_extract(facts_json, '$.c'), 1, 10), ''),
                                '9999')) AS day
            FROM notes WHERE kind = 'contact')
        WHERE day BETWEEN ? AND ? GROUP BY day ORDER BY day""",
        (since.isoformat(), until.isoformat())))


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


def judged_notes(conn: sqlite3.Connection, since: dt.date) -> list[StoredNote]:
    """Every lead and event; the contacts met on or after `since` (thank-you rates), those
    with favours either way, and those a lead names (`source:`, `contacts:`)."""
    return [_note(row) for row in conn.execute(f"""{_SELECT}
        WHERE n.kind IN ('lead', 'event') OR (n.kind = 'contact' AND (
            n.r_last_met >= ? OR n.r_helped_me > 0 OR n.r_helped_them > 0
            OR n.file_id IN (
                SELECT l.resolved_id FROM links l JOIN notes s ON s.file_id = l.file_id
                WHERE s.kind = 'lead' AND l.origin IN ('meta:source', 'meta:contacts'))))
        ORDER BY f.path""", (since.isoformat(),))]
