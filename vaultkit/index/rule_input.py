"""What the agenda rules need from the index: the typed notes with the facts of their logs,
other notes by name, and the names given in referral entries that have no note yet. Never
reads a note file."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Iterator

from vaultkit.agenda.build import Lookup, Referral, RuleSettings
from vaultkit.agenda.events import BLANK, PREP_NAMES, is_blank
from vaultkit.agenda.pace import shortest_cadence
from vaultkit.agenda.search import announce_rank
from vaultkit.disk.notepaths import utf8_name
from vaultkit.model import NEW_NOTE_KINDS, StoredNote
from vaultkit.notes.dates import shift
from vaultkit.notes.facts import RECENT, SUMMARY
from vaultkit.notes.linkpaths import link_key, pick

_SELECT = f"""SELECT f.path, n.kind, n.name, n.title, n.meta_json, n.facts_json,
                     {", ".join(f"n.r_{field}" for field in SUMMARY)}
              FROM notes n JOIN files f ON f.id = n.file_id"""


def _note(row: tuple) -> StoredNote:
    path, kind, name, title, meta, facts, *summary = row
    # One string for both when the title is the file name (most notes): an agenda's items
    # keep both, for a hundred thousand notes.
    return StoredNote(path, kind, name, name if title == name else title, meta,
                      summary=summary, facts=facts)


def rule_notes(conn: sqlite3.Connection) -> list[StoredNote]:
    """Contacts, leads, events and organisations (plain notes have no rules)."""
    return [_note(row) for row in conn.execute(f"{_SELECT} WHERE n.kind != 'note'")]


class IndexLookup:
    """Other notes, found in the index when a rule asks (rules.Lookup). `conn`: the
    connection, or a function giving the current one (a drafter outlives a healed or
    reopened index: found in review, its closed connection raised)."""

    def __init__(self, conn: sqlite3.Connection | Callable[[], sqlite3.Connection]):
        self._conn = conn
        self._names: dict[str, StoredNote | None] = {}

    @property
    def conn(self) -> sqlite3.Connection:
        return self._conn if isinstance(self._conn, sqlite3.Connection) else self._conn()

    def resolve(self, target: str) -> StoredNote | None:
        key = link_key(target)
        if key not in self._names:  # as index/links.py resolves: path, then alias
            _n, file_id = pick(self.conn.execute(
                "SELECT n.is_alias, f.path, f.id FROM names n JOIN files f"
                " ON f.id = n.file_id WHERE n.name = ? AND n.is_alias < 2", (key,)).fetchall())
            self._names[key] = None if file_id is None else self._load("f.id = ?", file_id)
        return self._names[key]

    def note(self, path: str) -> StoredNote | None:
        """The rule note at `path`, or None: also for what is no path the index can hold
        (not text, or not UTF-8: found in review, SQLite's own errors escaped)."""
        if not isinstance(path, str) or not utf8_name(path):
            return None
        return self._load("f.path = ?", path)

    def _load(self, where: str, value) -> StoredNote | None:
        row = self.conn.execute(f"{_SELECT} WHERE n.kind != 'note' AND {where}",
                                (value,)).fetchone()
        return _note(row) if row else None


def pending_referrals(conn: sqlite3.Connection) -> list[Referral]:
    rows = conn.execute("""
        SELECT DISTINCT f.path, n.title, l.target, l.date
        FROM links l JOIN files f ON f.id = l.file_id JOIN notes n ON n.file_id = l.file_id
        WHERE l.referral = 1 AND l.matches = 0 AND l.date IS NOT NULL
        ORDER BY f.path, l.line""")
    return [Referral(path, title, target, dt.date.fromisoformat(date))
            for path, title, target, date in rows]


def candidate_notes(conn: sqlite3.Connection, today: dt.date, settings: RuleSettings,
                    days: int, paths: Iterable[str] | None = None) -> Iterator[StoredNote]:
    """The notes that may have an item or a warning on `today` (within `days`): every note
    but a contact, then the contacts whose summary (facts.rule_summary) leaves a rule a
    chance. A superset: the rules decide. Contacts with entries after `today` are always
    in, since the summaries count those entries. With `paths`, only those notes. The
    contacts are read a batch at a time as they are asked for (RuleSource.candidates)."""
    params = _candidate_params(today, settings, days, paths)
    only = "" if paths is None else "f.path IN (SELECT value FROM json_each(:paths)) AND"
    yield from [_note(row) for row in conn.execute(
        f"{_SELECT} WHERE {only} n.kind IN ({_OTHER_KINDS})", params)]
    recent = ("substr(n.r_recent, :kth, 10)" if 0 < settings.too_many <= RECENT
              else "n.r_last_contact")
    rows = conn.execute(f"""{_SELECT} WHERE {only} n.kind = 'contact' AND (
        n.r_has_tasks OR n.r_last_date > :today
        OR {recent} > :recent_from
        OR (n.r_status NOT IN ('paused', 'archived') AND (
            n.r_last_met >= :thank_from
            OR n.r_unthanked_help IS NOT NULL
            OR n.r_help_balance >= :favour_gap
            OR n.r_referral_pending OR n.r_has_birthday
            OR (n.r_cadence IS NOT -1 AND (
                n.r_next <= :until
                OR date(n.r_last_touch, '+' || COALESCE(n.r_cadence, :cadence) || ' days')
                   <= :until
                OR (n.r_last_touch IS NULL AND (n.r_cadence IS NOT NULL OR :imported >= 0)
                    AND date(json_extract(n.meta_json, '$.connected'),
                             '+' || COALESCE(n.r_cadence, :imported) || ' days') <= :until)
                )))))""", params)
    while batch := rows.fetchmany(_BATCH):
        yield from map(_note, batch)


_BATCH = 2000  # contacts read at a time: the agenda lets each go once it is judged
# Every kind with rules but contacts, named rather than `NOT IN ('note', 'contact')`: so
# SQLite finds them by the kind's index instead of reading every note's row (a tenth of a
# second at 100,000 contacts).
_OTHER_KINDS = ", ".join(f"'{kind}'" for kind in NEW_NOTE_KINDS if kind != "contact")


def _candidate_params(today: dt.date, settings: RuleSettings, days: int,
                      paths: Iterable[str] | None) -> dict:
    until = shift(today, days)
    return {
        "today": today.isoformat(), "until": until.isoformat(),
        "thank_from": shift(today, -settings.thank_window).isoformat(),
        "recent_from": shift(today, -settings.too_many_window).isoformat(),
        # The shortest cadence a contact without its own can have ([rules.cadence], a
        # hire): a superset still. Live matters' contacts are judged through the network.
        "cadence": shortest_cadence(settings), "favour_gap": settings.favour_gap,
        "imported": (settings.imported_cadence.days
                     if isinstance(settings.imported_cadence, dt.timedelta) else None),
        # The too_many-th latest contact date, where the summary keeps that many.
        "kth": 11 * (min(settings.too_many, RECENT) - 1) + 1 if settings.too_many else 1,
        "paths": json.dumps(sorted(paths)) if paths is not None else None,
    }


def network_notes(conn: sqlite3.Connection, settings: RuleSettings,
                  known: list[StoredNote] | None = None) -> list[StoredNote]:
    """The notes agenda.network.Network.of reads: every lead and event (a vault has few),
    the contacts who share their name with another (pace.namesakes: sentences tell them
    apart), those linking (`met_at:` or an entry) to an event you attended; after a hire
    (`[search] status = "employed"` or a `hired` lead), the people who may have helped
    (agenda.search.helpers); while `[search] since` is set, the people the announce queue
    can reach (`_announce_paths`). The prep notes by name (agenda.events.PREP), with the
    fact of whether each is blank, come after them. `known`: every lead and event, loaded
    already (an agenda's candidates hold them all), used instead of loading them again."""
    # Two notes with one display name: one of them has a title unlike its file name (a
    # names row of kind TITLE, few), equal to the other's title or file name. The names
    # table is small; the notes table, with its JSON, is not scanned.
    notes = known if known is not None else [_note(row) for row in conn.execute(
        f"{_SELECT} WHERE n.kind IN ('lead', 'event') ORDER BY 1")]
    notes = notes + [_note(row) for row in conn.execute(
        f"""WITH twins(x, y) AS (
                SELECT a.file_id, b.file_id FROM names a JOIN names b
                ON b.name = a.name AND b.is_alias != 1 AND b.file_id != a.file_id
                WHERE a.is_alias = 2)
            {_SELECT} WHERE n.kind = 'contact' AND (
                n.file_id IN (SELECT x FROM twins UNION SELECT y FROM twins)
                OR n.file_id IN ({_AT_ATTENDED_EVENTS}))
            ORDER BY 1""")]
    return notes + _search_contacts(conn, settings, notes) + _prep_notes(conn)


def _search_contacts(conn: sqlite3.Connection, settings: RuleSettings,
                     loaded: list[StoredNote]) -> list[StoredNote]:
    """The contacts agenda/search.py's rules need, less those `loaded` already."""
    search = settings.search
    paths: set[str] = set()
    since = search.since.isoformat() if search.since else ""
    if search.status == "employed" or any(  # a hired lead of this search (agenda.search.hire)
            n.kind == "lead" and n.summary.status == "hired"
            and (n.summary.last_date or "9999") >= since for n in loaded):
        paths.update(path for (path,) in conn.execute(f"""SELECT f.path {_CONTACTS} AND (
            n.r_helped_me > 0 OR json_extract(n.meta_json, '$.referred_by') IS NOT NULL
            OR json_extract(n.facts_json, '$.k.referral') IS NOT NULL
            OR json_extract(n.facts_json, '$.k.intro') IS NOT NULL)"""))
    if search.since is not None and search.circles and settings.announce_per_day > 0:
        paths.update(_announce_paths(conn, settings))
    paths -= {n.path for n in loaded}
    if not paths:
        return []
    return [_note(row) for row in conn.execute(
        f"{_SELECT} WHERE f.path IN (SELECT value FROM json_each(?)) ORDER BY f.path",
        (json.dumps(sorted(paths)),))]


_CONTACTS = """FROM notes n JOIN files f ON f.id = n.file_id
    WHERE n.kind = 'contact' AND n.r_status NOT IN ('paused', 'archived')"""


def _announce_paths(conn: sqlite3.Connection, settings: RuleSettings) -> list[str]:
    """The active contacts in the circles that agenda.search.announce's queue can reach:
    ranked as it ranks them, the first `announce_per_day` × (`days` + 1) not told, and
    everyone with an #announce entry since `[search] since` (told, or told only in a plan
    dated after today: the rule decides). Ten thousand contacts in the circles load as
    the few dozen the agenda can show."""
    search = settings.search
    rows = conn.execute(f"""SELECT f.path, n.title, n.r_influence,
            substr(json_extract(n.facts_json, '$.k.announce'), -10) {_CONTACTS}
            AND lower(trim(json_extract(n.meta_json, '$.circle')))
                IN (SELECT value FROM json_each(?))""", (json.dumps(list(search.circles)),))
    since = search.since.isoformat()
    maybe_told, untold = [], []
    for path, title, influence, announced in rows:
        (maybe_told if announced and announced >= since else untold).append(
            (announce_rank(influence, title, path), path))
    size = settings.announce_per_day * (settings.days + 1)
    return [path for _rank, path in maybe_told + sorted(untold)[:size]]


# The contacts linking (`met_at:` or a log entry) to an event marked `attending: true`.
_AT_ATTENDED_EVENTS = """
    SELECT l.file_id FROM links l JOIN notes e ON e.file_id = l.resolved_id
    WHERE e.kind = 'event' AND (l.origin = 'meta:met_at' OR l.origin = 'entry')
      AND (json_extract(e.meta_json, '$.attending') = 1
           OR lower(json_extract(e.meta_json, '$.attending')) IN ('true', 'yes', 'y'))"""


def _prep_notes(conn: sqlite3.Connection) -> list[StoredNote]:
    """The plain notes named as agenda.events.PREP names them, each with facts saying only
    whether its body is blank (the rules read nothing else of them)."""
    names = json.dumps(sorted({link_key(unicodedata.normalize(form, name))
                               for name in PREP_NAMES for form in ("NFC", "NFD")}))
    rows = conn.execute(f"""SELECT f.path, n.kind, n.name, n.title, n.meta_json, s.body,
            {", ".join(f"n.r_{field}" for field in SUMMARY)}
        FROM notes n JOIN files f ON f.id = n.file_id JOIN search s ON s.rowid = f.id
        WHERE n.kind = 'note' AND f.id IN (SELECT file_id FROM names WHERE is_alias = 0
            AND name IN (SELECT value FROM json_each(?)))
        ORDER BY f.path""", (names,))
    return [StoredNote(path, kind, name, title, meta, summary=summary,
                       facts={BLANK: is_blank(body or "")})
            for path, kind, name, title, meta, body, *summary in rows]


class IndexRules:
    """The index as the agenda's source of notes (agenda.build.RuleSource): its connection,
    or a function giving the current one (a healed index may have a new one)."""

    def __init__(self, conn: sqlite3.Connection | Callable[[], sqlite3.Connection]):
        self._conn = conn

    @property
    def conn(self) -> sqlite3.Connection:
        return self._conn if isinstance(self._conn, sqlite3.Connection) else self._conn()

    def candidates(self, today: dt.date, settings: RuleSettings, days: int,
                   paths: Iterable[str] | None = None) -> Iterator[StoredNote]:
        return candidate_notes(self.conn, today, settings, days, paths)

    def lookup(self) -> Lookup:
        return IndexLookup(self._conn)

    def referrals(self) -> list[Referral]:
        return pending_referrals(self.conn)

    def notes(self) -> list[StoredNote]:
        return rule_notes(self.conn)

    def leads(self) -> list[StoredNote]:
        """Every lead, in the order of notes() (what a day's drafts read of the network)."""
        return [_note(row) for row in self.conn.execute(
            f"{_SELECT} WHERE n.kind = 'lead' ORDER BY n.file_id")]

    def network_notes(self, settings: RuleSettings,
                      known: list[StoredNote] | None = None) -> list[StoredNote]:
        return network_notes(self.conn, settings, known)


def leads_naming(conn: sqlite3.Connection, path: str) -> list[StoredNote]:
    """The applied, interviewing and offer leads whose `source` or `contacts` link to the
    note at `path` (for `log`'s minimum-gap warning while a matter is live): one indexed
    look-up, not the whole network."""
    return [_note(row) for row in conn.execute(f"""{_SELECT}
        WHERE n.kind = 'lead' AND n.r_status IN ('applied', 'interviewing', 'offer')
          AND n.file_id IN (
            SELECT l.file_id FROM links l JOIN files t ON t.id = l.resolved_id
            WHERE t.path = ? AND l.origin IN ('meta:source', 'meta:contacts'))
        ORDER BY f.path""", (path,))]
