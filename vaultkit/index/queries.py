"""Read the index: lists, one note in full, search, problems. Never reads a note file."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultkit.errors import AmbiguousName, NoteNotFound
from vaultkit.index.search import Hit, search  # noqa: F401 - where they were before
from vaultkit.model import Entry, Problem, StoredNote
from vaultkit.notes.severity import link_problem

if TYPE_CHECKING:
    import datetime as dt


def _stored(row: tuple) -> StoredNote:
    """A note from (id, path, kind, name, title, meta_json, last_contact)."""
    file_id, path, kind, name, title, meta, last_contact = row
    return StoredNote(path, kind, name, title, meta, id=file_id, last_contact=last_contact)


@dataclass(frozen=True)
class Backlink:
    path: str
    title: str
    line: int


@dataclass(frozen=True)
class NoteDetail:
    row: StoredNote
    entries: list[Entry]
    backlinks: list[Backlink]
    problems: list[Problem]
    favours: dict = field(default_factory=dict)  # helped_me, helped_them, balance
    pace: dict | None = None  # a contact's cadence and why (present.show.contact_facts)

    @property
    def open_tasks(self) -> list[Entry]:
        return [e for e in self.entries if e.task == "open"]


def list_notes(conn: sqlite3.Connection, kind: str | None = "contact") -> list[StoredNote]:
    """Notes of a kind (all kinds for None), by title, with their last contact date."""
    return list(each_note(conn, kind))


def each_note(conn: sqlite3.Connection, kind: str | None = "contact") -> Iterator[StoredNote]:
    """`list_notes()` one note at a time, read from the index as they are used."""
    where, args = ("WHERE n.kind = ?", [kind]) if kind else ("", [])
    sql = f"""
        SELECT f.id, f.path, n.kind, n.name, n.title, n.meta_json, n.last_contact
        FROM notes n JOIN files f ON f.id = n.file_id {where}
        ORDER BY n.title COLLATE NOCASE, f.path"""
    return map(_stored, conn.execute(sql, args))


def list_json(conn: sqlite3.Connection, kind: str | None = "contact") -> Iterator[str]:
    """`each_note()` as JSON texts (StoredNote.as_json()), encoded by SQLite, one at a time:
    on a large vault decoding and re-encoding every front matter in Python costs most of
    `list --json`."""
    where, args = ("WHERE n.kind = ?", [kind]) if kind else ("", [])
    sql = f"""
        SELECT json_object('name', n.title, 'file_name', n.name, 'kind', n.kind,
                           'path', f.path, 'last_contact', n.last_contact,
                           'front_matter', json(n.meta_json))
        FROM notes n JOIN files f ON f.id = n.file_id {where}
        ORDER BY n.title COLLATE NOCASE, f.path"""
    try:
        rows = conn.execute(sql, args)
    except sqlite3.OperationalError:  # an SQLite built without JSON functions
        return (json.dumps(r.as_json(), ensure_ascii=False) for r in each_note(conn, kind))
    return (text for (text,) in rows)


def find_note(conn: sqlite3.Connection, query: str) -> StoredNote:
    """The one note `query` names: exactly (file name, display name, alias, path), else by
    a unique beginning of one. Raises NoteNotFound or AmbiguousName. Two look-ups in the
    index of names, however large the vault."""
    wanted = query.strip().lower().removesuffix(".md")
    found = [i for (i,) in conn.execute(
        "SELECT DISTINCT file_id FROM names WHERE name = ?", (wanted,))]
    if not found and wanted:
        found = [i for (i,) in conn.execute(
            "SELECT DISTINCT file_id FROM names WHERE name >= ? AND name < ? LIMIT 100",
            (wanted, wanted + "\U0010ffff"))]
    if not found:
        close = closest_names(conn, wanted)
        hint = (f"did you mean {' or '.join(repr(n) for n in close)}?" if close
                else f"try 'vaultkit search {query}'")
        raise NoteNotFound(f"no note named '{query}'; {hint}")
    if len(found) > 1:
        marks = ",".join("?" * len(found))
        paths = [p for (p,) in conn.execute(
            f"SELECT path FROM files WHERE id IN ({marks}) ORDER BY path", found)]
        raise AmbiguousName(query, paths)
    return _row(conn, found[0])


def closest_names(conn: sqlite3.Connection, wanted: str, most: int = 3) -> list[str]:
    """The display names nearest to `wanted` (a typo's likely meaning), best first. Only
    names of about its length are compared, so a large vault answers at once."""
    if not wanted:
        return []
    import difflib  # edge: a name not found

    rows = conn.execute("SELECT DISTINCT title FROM notes WHERE length(title) BETWEEN ? AND ?",
                        (len(wanted) - 3, len(wanted) + 3))
    titles = {title.lower(): title for (title,) in rows}
    return [titles[key] for key in difflib.get_close_matches(wanted, titles, most, 0.75)]


def _row(conn: sqlite3.Connection, file_id: int) -> StoredNote:
    return _stored(conn.execute("""
        SELECT f.id, f.path, n.kind, n.name, n.title, n.meta_json, n.last_contact
        FROM notes n JOIN files f ON f.id = n.file_id WHERE f.id = ?""", (file_id,)).fetchone())


def note_detail(conn: sqlite3.Connection, row: StoredNote) -> NoteDetail:
    (entries_json,) = conn.execute("SELECT entries_json FROM notes WHERE file_id = ?",
                                   (row.id,)).fetchone()
    entries = [Entry(line, date, text, time, channel, tuple(kinds), tuple(links), task)
               for line, date, time, channel, text, kinds, links, task
               in json.loads(entries_json)]
    backlinks = [Backlink(*r) for r in conn.execute("""
        SELECT DISTINCT f.path, n.title, l.line FROM links l
        JOIN files f ON f.id = l.file_id JOIN notes n ON n.file_id = l.file_id
        WHERE l.resolved_id = ? AND l.file_id != ? ORDER BY f.path, l.line""",
        (row.id, row.id))]
    problems = [Problem(*r) for r in conn.execute(
        "SELECT line, message FROM problems WHERE file_id = ? ORDER BY line", (row.id,))]
    helped_me = sum("helped-me" in e.kinds for e in entries)
    helped_them = sum("helped-them" in e.kinds for e in entries)
    favours = {"helped_me": helped_me, "helped_them": helped_them,
               "balance": helped_them - helped_me}
    return NoteDetail(row, entries, backlinks, problems, favours)


def stored_problems(conn: sqlite3.Connection, paths: list[str] | None = None,
                    all_links: bool = True) -> list[tuple[str, int, str]]:
    """Problems found while parsing, plus links that resolve to no note or that several
    notes fit: of every note, or of the notes at `paths`. Without `all_links`, only the
    links the rules read: in the front matter and log of contacts, leads, events, orgs.

    A link in a `#referral`/`#intro` entry that names no note yet is not a problem: it is a
    person to create a note for, which the agenda's `create-note` rule asks for.
    """
    only, args = ("", {}) if paths is None else (
        "AND f.path IN (SELECT value FROM json_each(:paths))", {"paths": json.dumps(paths)})
    rows = conn.execute(f"""
        SELECT f.path, p.line, p.message FROM problems p JOIN files f ON f.id = p.file_id
        WHERE 1 {only}""", args).fetchall()
    scope = "" if all_links else "AND n.kind != 'note' AND l.origin != 'body'"
    rows += [(path, line, link_problem(target, matches, chosen))
             for path, line, target, matches, chosen in conn.execute(f"""
        SELECT f.path, l.line, l.target, l.matches, t.path
        FROM links l JOIN files f ON f.id = l.file_id JOIN notes n ON n.file_id = l.file_id
        LEFT JOIN files t ON t.id = l.resolved_id
        WHERE (l.matches > 1 OR (l.matches = 0 AND l.referral = 0)) {scope} {only}""", args)]
    return sorted(rows)


def notes_with_problems(conn: sqlite3.Connection) -> int:
    """How many notes have errors (links that resolve to no note or to several are
    notices: `check` lists them, this does not count them)."""
    return conn.execute("SELECT COUNT(DISTINCT file_id) FROM problems").fetchone()[0]


def contact_identities(conn: sqlite3.Connection) -> list[tuple[str, dict, dict]]:
    """(path, front matter, key lines) of every contact, for the duplicate check."""
    return [(p, json.loads(m), json.loads(k)) for p, m, k in conn.execute(
        "SELECT f.path, n.meta_json, n.key_lines_json FROM notes n"
        " JOIN files f ON f.id = n.file_id WHERE n.kind = 'contact' ORDER BY f.path")]


def contacts_for_import(conn: sqlite3.Connection) -> list[tuple[str, str, dict]]:
    """(path, display name, front matter) of every contact."""
    return [(p, t, json.loads(m)) for p, t, m in conn.execute(
        "SELECT f.path, n.title, n.meta_json FROM notes n JOIN files f ON f.id = n.file_id"
        " WHERE n.kind = 'contact' ORDER BY f.path")]


def check_ins_from(conn: sqlite3.Connection, day: dt.date) -> dict[str, int]:
    """How many active contacts have their `next:` check-in on each day from `day` on
    (ISO day → count)."""
    return dict(conn.execute(
        "SELECT r_next, COUNT(*) FROM notes WHERE kind = 'contact' AND r_next >= ?"
        " AND COALESCE(r_status, '') NOT IN ('paused', 'archived') GROUP BY r_next",
        (day.isoformat(),)))


def note_stems(conn: sqlite3.Connection) -> set[str]:
    """The file names (lower-cased, without `.md`) of every note: a new note's file name
    must differ from all of them, or links to it would be ambiguous."""
    return {path.rsplit("/", 1)[-1][:-3].lower()
            for (path,) in conn.execute("SELECT path FROM files")}


def org_names(conn: sqlite3.Connection) -> dict[str, str]:
    """Every name an organisation's note goes by (lower-cased) → its path."""
    return dict(conn.execute(
        "SELECT x.name, f.path FROM names x JOIN notes n ON n.file_id = x.file_id"
        " JOIN files f ON f.id = x.file_id WHERE n.kind = 'org' ORDER BY f.path DESC"))


def matches_filters(row: StoredNote, tag: str | None = None, company: str | None = None,
                    circle: str | None = None) -> bool:
    """`--tag`, `--company`, `--circle`: case-insensitive; a company matches its link target or
    text by substring (`acme` finds `[[Acme Corp]]`)."""
    meta = row.meta
    if tag is not None:
        tags = meta.get("tags", [])
        tags = [tags] if isinstance(tags, str) else tags if isinstance(tags, list) else []
        if tag.lower().lstrip("#") not in {str(t).lower().lstrip("#") for t in tags}:
            return False
    if company is not None:
        text = str(meta.get("company") or "").lower().replace("[[", "").replace("]]", "")
        if company.lower() not in text:
            return False
    return circle is None or str(meta.get("circle") or "").lower() == circle.lower()


def name_paths(conn: sqlite3.Connection, names: list[str]) -> dict[str, str]:
    """Of `names`, those a note has as file name, display name or alias (lower-cased), to
    its path."""
    out: dict[str, str] = {}
    for name in names:
        row = conn.execute("SELECT f.path FROM names x JOIN files f ON f.id = x.file_id"
                           " WHERE x.name = ?", (name.strip().lower(),)).fetchone()
        if row:
            out[name.strip().lower()] = row[0]
    return out


def contacts_mentioning(conn: sqlite3.Connection, words: list[str]) -> list[tuple[str, dict]]:
    """(path, front matter) of the contacts whose front matter contains any of `words`
    (ignoring ASCII case): the candidates for a duplicate check, which decides."""
    if not words:
        return []
    clauses = " OR ".join(["n.meta_json LIKE ?"] * len(words))
    rows = conn.execute(
        f"SELECT f.path, n.meta_json FROM notes n JOIN files f ON f.id = n.file_id"
        f" WHERE n.kind = 'contact' AND ({clauses})", [f"%{w}%" for w in words])
    return [(path, json.loads(meta)) for path, meta in rows]
