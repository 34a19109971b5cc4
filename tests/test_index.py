"""The index: incremental sync by stat then hash, moves, removals, rebuilds, bad index files.

Real SQLite on real files: a copy of example-vault/ in a temp dir.
"""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

from conftest import write
from vaultkit.config import load_config
from vaultkit.disk.scan import scan
from vaultkit.index import db, load, sync_write
from vaultkit.index import look as look_module
from vaultkit.index.queries import (
    find_note,
    list_notes,
    note_detail,
    search,
    stored_problems,
)
from vaultkit.vault import Vault

EXAMPLE_NOTES = 35


@pytest.fixture
def session(vault, index_path):
    opened = Vault.open(vault, index_path)
    yield opened
    opened.close()


def age(root, seconds=3600):
    """Make every file look last changed long ago, out of the racy window."""
    old = time.time_ns() - seconds * 1_000_000_000
    for folder, _dirs, names in os.walk(root):
        for name in names:
            os.utime(os.path.join(folder, name), ns=(old, old))


def test_cold_then_nothing_changed(session, vault):
    age(vault)
    first = session.sync()
    assert (first.added, first.failed, first.total) == (EXAMPLE_NOTES, 0, EXAMPLE_NOTES)
    again = session.sync()
    assert (again.added, again.modified, again.touched, again.moved, again.removed) == (0,) * 5
    assert again.unchanged == EXAMPLE_NOTES


def test_touching_files_reparses_none(session, vault, monkeypatch):
    age(vault)
    session.sync()
    parsed = []
    real = load.parse_note
    monkeypatch.setattr(load, "parse_note", lambda *a: parsed.append(a[0]) or real(*a))
    notes = sorted(vault.rglob("*.md"))
    later = time.time_ns() - 1800 * 1_000_000_000
    for path in notes:
        os.utime(path, ns=(later, later))
    stats = session.sync()
    assert (stats.touched, stats.modified, stats.added) == (len(notes), 0, 0)
    assert parsed == []


def test_touching_a_hundred_files_reparses_none(tmp_path, index_path, monkeypatch):
    root = tmp_path / "many"
    for i in range(100):
        write(root, f"people/P{i:03d}.md", f"---\nname: P{i}\n---\n## Log\n- 2026-01-01 hi\n")
    age(root)
    opened = Vault.open(root, index_path)
    assert opened.sync().added == 100
    parsed = []
    real = load.parse_note
    monkeypatch.setattr(load, "parse_note", lambda *a: parsed.append(a[0]) or real(*a))
    later = time.time_ns() - 1800 * 1_000_000_000
    for path in root.rglob("*.md"):
        os.utime(path, ns=(later, later))
    stats = opened.sync()
    assert (stats.touched, stats.modified, stats.added, parsed) == (100, 0, 0, [])
    opened.close()


def test_an_edit_is_seen(session, vault):
    age(vault)
    session.sync()
    path = vault / "people" / "Kim Lee.md"
    path.write_text(path.read_text() + "- 2026-11-26 (email) Introduced myself #intro\n")
    stats = session.sync()
    assert stats.modified == 1 and stats.paths["modified"] == ["people/Kim Lee.md"]
    kim = note_detail(session.conn, find_note(session.conn, "Kim Lee"))
    assert [e.kinds for e in kim.entries] == [("intro",)]


def test_racy_clean_edit_with_same_size_and_mtime(session, vault):
    """An edit inside the filesystem's time resolution keeps the stat; a file indexed
    within 2 s of its mtime is re-hashed, so the edit is still found."""
    path = vault / "people" / "Kim Lee.md"
    os.utime(path)  # just saved
    session.sync()
    before = path.stat()
    path.write_text(path.read_text().replace("Site Reliability Lead", "Site Reliability Head"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    stats = session.sync()
    assert stats.modified == 1
    assert find_note(session.conn, "Kim Lee").meta["title"] == "Site Reliability Head"


def test_a_rename_is_a_move(session, vault):
    age(vault)
    session.sync()
    row = find_note(session.conn, "Kim Lee")
    (vault / "people" / "Kim Lee.md").rename(vault / "people" / "Kim Lee-Park.md")
    stats = session.sync()
    assert (stats.moved, stats.added, stats.removed) == (1, 0, 0)
    moved = find_note(session.conn, "Kim Lee-Park")
    assert moved.id == row.id and moved.path == "people/Kim Lee-Park.md"
    # Links to the old name now resolve to nothing and are reported.
    problems = stored_problems(session.conn)
    assert ("people/Jane Doe.md", 28, "link [[Kim Lee]] resolves to no note") not in problems
    assert ("leads/Acme Platform Engineer.md", 5,
            "link [[Kim Lee]] resolves to no note") in problems


def test_a_move_to_another_folder_changes_the_kind(session, vault):
    age(vault)
    session.sync()
    (vault / "archive").mkdir()
    (vault / "people" / "Hannah Schmidt.md").rename(vault / "archive" / "Hannah Schmidt.md")
    stats = session.sync()
    assert stats.moved == 1
    assert find_note(session.conn, "Hannah Schmidt").kind == "note"


def test_a_deleted_note_leaves_the_index_and_search(session, vault):
    session.sync()
    assert [h.path for h in search(session.conn, "Nordserver", session.index.has_fts)]
    (vault / "people" / "Hannah Schmidt.md").unlink()
    stats = session.sync()
    assert stats.removed == 1
    assert search(session.conn, "Nordserver", session.index.has_fts) == []
    counts = [session.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("files", "notes", "search")]
    assert counts == [EXAMPLE_NOTES - 1] * 3


def walks_to(found, monkeypatch) -> list:
    """Every walk of a sync finds `found` (a walk made earlier); the calls, as made."""
    calls = []

    def walked(config, **options):
        calls.append(options)
        return found

    monkeypatch.setattr(look_module, "scan", walked)
    return calls


def test_a_file_deleted_between_scan_and_read(session, vault, monkeypatch):
    session.sync()
    write(vault, "people/Ghost.md", "---\nname: Ghost\n---\n")
    found = scan(session.config)
    (vault / "people" / "Ghost.md").unlink()
    calls = walks_to(found, monkeypatch)
    stats = session.sync()
    assert calls and stats.added == 0
    assert [r.name for r in list_notes(session.conn) if r.name == "Ghost"] == []


def test_a_file_replaced_between_scan_and_read(session, vault, monkeypatch):
    session.sync()
    path = write(vault, "people/Ghost.md", "---\nname: Ghost\n---\n")
    found = scan(session.config)
    path.write_text("---\nname: Replaced\n---\n")
    calls = walks_to(found, monkeypatch)
    session.sync()
    assert calls and find_note(session.conn, "Ghost").title == "Replaced"


def test_a_config_change_rebuilds(session, vault):
    session.sync()
    config = vault / ".vaultkit" / "config.toml"
    config.write_text(config.read_text().replace('people = "contact"', 'people = "note"'))
    session.config = load_config(vault)
    stats = session.sync()
    assert stats.added == EXAMPLE_NOTES
    # Only the note that says `type: person` is still a contact.
    assert [r.name for r in list_notes(session.conn)] == ["Yuki Tanaka"]


def test_rebuild(session):
    session.sync()
    assert session.sync(rebuild=True).added == EXAMPLE_NOTES


def test_one_broken_note_never_stops_the_rest(session, vault):
    write(vault, "people/Broken.md", "---\nname: [unclosed\n---\n")
    write(vault, "people/Binary.md", b"---\nname: B\n---\n\xff\xfe\x00")
    stats = session.sync()
    assert stats.added == EXAMPLE_NOTES + 2 and stats.failed == 2
    names = [r.name for r in list_notes(session.conn)]
    assert "Broken" in names and "Binary" in names and "Jane Doe" in names
    assert session.problem_count() == 2


def test_problems_are_stored_not_reparsed(session, vault, monkeypatch):
    write(vault, "people/Broken.md", "---\nname: [unclosed\n---\n")
    age(vault)
    session.sync()
    monkeypatch.setattr(load, "parse_note", lambda *a: pytest.fail("re-parsed"))
    session.sync()
    assert ("people/Broken.md", 2, "invalid YAML: while parsing a flow sequence, "
            "did not find expected ',' or ']'") in stored_problems(session.conn)


def test_link_resolution(session, vault):
    write(vault, "people/dupes/Jane Doe.md", "---\nname: Other Jane\n---\n")
    write(vault, "Links.md", "[[jane]] [[JOHN SMITH]] [[people/Kim Lee]] [[Nobody]]\n"
                             "[[Jane Doe]] [[dupes/Jane Doe]] [[Acme.md]]\n")
    session.sync()
    rows = session.conn.execute(
        "SELECT l.target, l.matches, f.path FROM links l JOIN files s ON s.id = l.file_id"
        " LEFT JOIN files f ON f.id = l.resolved_id WHERE s.path = 'Links.md'"
        " ORDER BY l.line, l.rowid").fetchall()
    assert rows == [
        ("jane", 1, "people/Jane Doe.md"),          # alias, any case
        ("JOHN SMITH", 1, "people/John Smith.md"),
        ("people/Kim Lee", 1, "people/Kim Lee.md"),
        ("Nobody", 0, None),
        ("Jane Doe", 2, "people/Jane Doe.md"),      # two with that file name: the nearest
        ("dupes/Jane Doe", 1, "people/dupes/Jane Doe.md"),
        ("Acme", 1, "orgs/Acme.md"),
    ]
    problems = [p for p in stored_problems(session.conn) if p[0] == "Links.md"]
    assert problems == [
        ("Links.md", 1, "link [[Nobody]] resolves to no note"),
        ("Links.md", 2, "link [[Jane Doe]] matches 2 notes; it goes to people/Jane Doe.md, "
                        "use [[folder/name]] to pick one"),
    ]


def test_links_follow_notes_that_appear_later(session, vault):
    session.sync()
    write(vault, "people/Omar Diaz.md", "---\nname: Omar Diaz\n---\n")
    session.sync()
    omar = note_detail(session.conn, find_note(session.conn, "Omar Diaz"))
    assert [(b.path, b.line) for b in omar.backlinks] == [("people/Jane Doe.md", 28)]


def _links(conn) -> list[tuple]:
    return conn.execute("SELECT file_id, line, target_key, matches, resolved_id FROM links"
                        " ORDER BY file_id, line, target_key").fetchall()


def test_links_resolved_after_a_few_changes_as_after_all(session, vault, monkeypatch):
    """A sync of a few notes resolves only the links their names touch: each step below
    must leave every link as resolving all of them would."""
    session.sync()
    full = []
    real = sync_write.resolve_links
    monkeypatch.setattr(sync_write, "resolve_links",
                        lambda conn, keys=None: full.append(keys is None) or real(conn, keys))
    steps = [
        lambda: write(vault, "people/Omar Diaz.md", "---\nname: Omar Diaz\n---\n"),
        lambda: write(vault, "Links.md", "[[Omar Diaz]] [[Ozzie]] [[jane]] [[Kim Lee]]\n"),
        lambda: write(vault, "people/Omar Diaz.md", "---\naliases: [Ozzie]\n---\n"),
        lambda: write(vault, "people/old/Kim Lee.md", "---\nname: Another Kim\n---\n"),
        lambda: (vault / "people/Omar Diaz.md").rename(vault / "people/Omar D.md"),
        lambda: write(vault, "people/Jane Doe.md", "---\nname: Jane Doe\n---\n"),
        lambda: (vault / "people/old/Kim Lee.md").unlink(),
        lambda: (vault / "Links.md").unlink(),
    ]
    for step in steps:
        step()
        session.sync()
        incremental = _links(session.conn)
        real(session.conn)
        assert _links(session.conn) == incremental
    assert full == [False] * len(steps)


def test_backlinks_and_favours(session):
    session.sync()
    jane = note_detail(session.conn, find_note(session.conn, "jane doe"))
    assert ("people/John Smith.md", 19) in [(b.path, b.line) for b in jane.backlinks]
    assert jane.favours == {"helped_me": 1, "helped_them": 0, "balance": -1}
    assert [e.text for e in jane.open_tasks] == ["Send Jane the article on hiring trends #promise"]


@pytest.mark.parametrize("query", ["O'Brien", "foo AND", "e-mail", '"quoted', "NEAR(", "*",
                                   "a OR b NOT c", "-x", "^", "column:x"])
def test_search_never_passes_syntax_to_fts(session, query):
    session.sync()
    search(session.conn, query, session.index.has_fts)


def test_search_ranks_and_folds_diacritics(session, vault):
    write(vault, "people/Zoë Novak.md", "---\nname: Zoë Novak\n---\nMet at the fintech fair.\n")
    session.sync()
    assert [h.title for h in search(session.conn, "zoe", True)] == ["Zoë Novak"]
    hits = search(session.conn, "fintech", True)
    assert {"Jane Doe", "Ahmed Hassan", "Zoë Novak"} <= {h.title for h in hits}
    assert search(session.conn, "platform team", True)[0].snippet.count("\x02") >= 2


def test_search_without_fts5(vault, index_path, monkeypatch):
    monkeypatch.setattr(db, "probe_fts", lambda conn: False)
    opened = Vault.open(vault, index_path)
    opened.sync()
    assert not opened.index.has_fts
    assert [h.title for h in search(opened.conn, "Nordserver account", False)] == [
        "Hannah Schmidt"]
    opened.close()


def test_parallel_build_gives_the_same_index(vault, tmp_path, monkeypatch):
    """Worker processes and several shards give exactly what one process gives."""
    one = Vault.open(vault, tmp_path / "one.sqlite3")
    one.sync()
    monkeypatch.setattr(load, "PARALLEL_FROM", 2)
    monkeypatch.setattr(load, "CHUNK", 3)  # shards of different sizes, merged in order
    many = Vault.open(vault, tmp_path / "many.sqlite3")
    assert many.sync().added == EXAMPLE_NOTES
    for table, order in [("files", "path"), ("notes", "name"),
                         ("links", "file_id, line, target"), ("names", "file_id, name"),
                         ("search", "rowid")]:
        query = f"SELECT * FROM {table} ORDER BY {order}"
        a, b = one.conn.execute(query).fetchall(), many.conn.execute(query).fetchall()
        if table == "files":  # the time of indexing differs
            a, b = [r[:5] for r in a], [r[:5] for r in b]
        assert a == b, table
    one.close()
    many.close()


def test_workers_failing_fall_back_to_this_process(vault, index_path, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    def broken(config, chunks, workers):
        yield load.load_chunk(config, chunks[0])
        raise BrokenProcessPool("a worker died")

    monkeypatch.setattr(load, "PARALLEL_FROM", 2)
    monkeypatch.setattr(load, "CHUNK", 5)
    monkeypatch.setattr(load, "_in_workers", broken)
    opened = Vault.open(vault, index_path)
    assert opened.sync().added == EXAMPLE_NOTES
    assert len(list_notes(opened.conn, None)) == EXAMPLE_NOTES
    opened.close()


# A corrupt or foreign file at the index path: tests/test_index_ownership.py.


def test_old_schema_version_is_rebuilt(session, vault, index_path):
    session.sync()
    session.conn.execute("PRAGMA user_version = 1")
    session.close()
    opened = Vault.open(vault, index_path)
    assert opened.index.notices and opened.sync().added == EXAMPLE_NOTES
    opened.close()


def test_index_folder_that_cannot_be_created(vault, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    opened = Vault.open(vault, blocker / "sub" / "index.sqlite3")  # a temporary one, said
    try:
        [message] = opened.notices
        assert str(blocker / "sub" / "index.sqlite3") in message and "--index" in message
        assert "temporary index" in message and opened.sync().added == EXAMPLE_NOTES
        temporary = opened.index.temporary
        assert temporary.is_dir()
    finally:
        opened.close()
    assert not temporary.exists() and blocker.read_text() == "x"


def test_a_reader_works_while_a_writer_holds_the_lock(session, vault, index_path):
    session.sync()
    writer = sqlite3.connect(index_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        reader = Vault.open(vault, index_path)
        assert len(list_notes(reader.conn)) == 16
        reader.close()
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_where_in_batches_past_the_parameter_limit():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t(n INTEGER)")
    conn.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(3000)])
    wanted = list(range(0, 3000, 2))  # 1500 values: three batches
    rows = list(db.where_in(conn, "SELECT n FROM t WHERE n IN ({})", wanted))
    assert sorted(n for (n,) in rows) == wanted
    assert list(db.where_in(conn, "SELECT n FROM t WHERE n IN ({})", [])) == []


def test_every_row_a_deleted_note_takes_with_it_is_found_by_an_index(tmp_path):
    """Each column whose rows go with a deleted files row (ON DELETE CASCADE) leads an
    index: a removal, a rename or a rebuild then finds them by look-up, not by reading the
    whole table once per note (found in review: names had none, and dropping 21,407 notes
    for `index --rebuild` took 33 s against 4 s for a cold index)."""
    session = db.open_index(tmp_path / "index.sqlite3")
    conn = session.conn
    tables = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search%'")]
    cascading = [(table, key[3]) for table in tables
                 for key in conn.execute(f"PRAGMA foreign_key_list({table})")
                 if key[6].upper() == "CASCADE"]
    assert ("names", "file_id") in cascading and len(cascading) >= 4
    for table, column in cascading:
        leading = {conn.execute(f"PRAGMA index_info({index[1]})").fetchone()[2]
                   for index in conn.execute(f"PRAGMA index_list({table})")}
        primary = [row[1] for row in conn.execute(f"PRAGMA table_info({table})") if row[5]]
        assert column in leading or primary == [column], (table, column)
    session.close()


def test_the_json_columns_take_what_orjson_refuses(tmp_path):
    """What orjson refuses goes through the json module: an integer past 64 bits (front
    matter may hold one: it is indexed, and reads back as parsed), a lone surrogate."""
    import json
    import sqlite3

    from vaultkit.index.store import _json
    from vaultkit.vault import Vault

    big = 123456789012345678901234567890
    assert json.loads(_json({"n": big, "s": "a\ud800b"})) == {"n": big, "s": "a\ud800b"}
    assert json.loads(_json({"n": 1, "s": "é", "l": [None, True]})) == {
        "n": 1, "s": "é", "l": [None, True]}
    (tmp_path / "v" / "people").mkdir(parents=True)
    (tmp_path / "v" / "people" / "A.md").write_text(
        f"---\ntype: contact\nphone: {big}\n---\n", encoding="utf-8")
    v = Vault.open(tmp_path / "v", tmp_path / "index.sqlite3")
    try:
        v.sync()
    finally:
        v.close()
    conn = sqlite3.connect(tmp_path / "index.sqlite3")
    try:
        (meta,) = conn.execute("SELECT meta_json FROM notes").fetchone()
    finally:
        conn.close()
    assert json.loads(meta) == {"type": "contact", "phone": big}
