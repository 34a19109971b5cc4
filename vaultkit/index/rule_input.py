"""What the agenda rules need from the index: the typed notes with the facts of their logs,
and the names given in referral entries that have no note yet. Never reads a note file."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

from ..facts import RuleNote
from ..rules import Referral


def rule_notes(conn: sqlite3.Connection) -> list[RuleNote]:
    """Contacts, leads, events and organisations (plain notes have no rules)."""
    loads = json.loads
    return [RuleNote(path, kind, name, loads(meta), loads(facts))
            for path, kind, name, meta, facts in conn.execute("""
                SELECT f.path, n.kind, n.name, n.meta_json, n.facts_json
                FROM notes n JOIN files f ON f.id = n.file_id
                WHERE n.kind != 'note' ORDER BY f.path""")]


def pending_referrals(conn: sqlite3.Connection) -> list[Referral]:
    rows = conn.execute("""
        SELECT DISTINCT f.path, n.title, l.target, e.date
        FROM links l JOIN files f ON f.id = l.file_id JOIN notes n ON n.file_id = l.file_id
        JOIN entries e ON e.file_id = l.file_id AND e.line = l.line
        WHERE l.referral = 1 AND l.matches = 0 AND e.date IS NOT NULL
        ORDER BY f.path, l.line""")
    return [Referral(path, title, target, dt.date.fromisoformat(date))
            for path, title, target, date in rows]
