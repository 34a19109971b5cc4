"""The index heals itself (issue 12, item 5): damage found on open or by any query of a
command is rebuilt in place with one notice; `index --rebuild` always works; an index that
cannot be written gives way to a temporary one; `watch` survives a damaged or deleted
index. Real SQLite files, real processes (benchmarks/stress_index.py at CI size)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from test_watch import wait_for

from conftest import EXAMPLE, ROOT
from vaultkit.index.db import damaged
from vaultkit.vault import Vault
from vaultkit.watch import Watcher

sys.path.insert(0, str(ROOT / "benchmarks"))
from stress_index import ENV, corruptions  # noqa: E402

PAGE = 4096


def damage_table(index_path: Path, table: str) -> None:
    """Garbage over the root page of `table`: opening and the stat walk (the `files`
    table) still work; the first query of `table` finds `disk image is malformed`."""
    conn = sqlite3.connect(index_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                        (table,)).fetchone()[0]
    conn.close()
    with index_path.open("r+b") as file:
        file.seek((root - 1) * PAGE)
        file.write(b"\xa5" * PAGE)


@contextmanager
def write_lock_held(index_path: Path, seconds: float):
    """The index's write lock held by another connection, let go `seconds` on (as a long
    sync of another process holds it), for the `with` block."""
    holder = sqlite3.connect(index_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(seconds, lambda: holder.execute("ROLLBACK"))
    release.start()
    try:
        yield
    finally:
        release.join()
        holder.close()


def another_process_writes(index_path: Path) -> None:
    """A commit through SQLite, as a `log` in another process makes one. Why a test needs
    it: a connection open in WAL mode trusts the pages it has cached until the WAL says
    another connection wrote; bytes written straight over the file (`damage_table`) say
    nothing, so whether the watcher met them depended on what its cache held (it failed
    about one run in ten). After a commit, every open connection reads from disk again."""
    conn = sqlite3.connect(index_path)
    with conn:
        conn.execute("INSERT OR REPLACE INTO settings VALUES ('written-by-a-test', '1')")
    conn.close()


@pytest.mark.parametrize("args", [("list",), ("show", "Jane Doe"), ("agenda",),
                                  ("index", "--rebuild")])
def test_damage_found_by_a_query_is_rebuilt_in_place(run, index_path, args):
    first = run("list").stdout
    damage_table(index_path, "notes")
    inode = index_path.stat().st_ino
    result = run(*args)
    assert result.stderr.count("Notice: ") == 1, result.stderr
    assert f"Notice: the index at {index_path} was not a readable database; rebuilt it" \
        in result.stderr
    assert "unexpected" not in result.stderr
    assert index_path.stat().st_ino == inode  # in place: never deleted nor replaced
    again = run("list")
    assert again.stdout == first and again.stderr == ""


def test_a_write_on_a_damaged_index_is_done_once(run, index_path, vault):
    run("list")
    damage_table(index_path, "names")
    result = run("log", "Jane Doe", "Coffee after the meetup", "--date", "2026-11-27",
                 "--yes")
    assert result.stderr.count("Notice: ") == 1, result.stderr
    text = (vault / "people" / "Jane Doe.md").read_text()
    assert text.count("Coffee after the meetup") == 1
    assert "Coffee after the meetup" in run("show", "Jane Doe").stdout


def test_damage_to_the_file_rows_is_rebuilt_too(run, index_path):
    first = run("list").stdout
    damage_table(index_path, "files")
    result = run("list")
    assert result.stdout == first and result.stderr.count("Notice: ") == 1


def test_what_is_damage():
    assert damaged(sqlite3.DatabaseError("database disk image is malformed"))
    assert damaged(sqlite3.OperationalError("no such table: files"))
    for other in (sqlite3.OperationalError("database is locked"),
                  sqlite3.OperationalError("attempt to write a readonly database"),
                  sqlite3.OperationalError("fts5: syntax error near \"AND\""),
                  sqlite3.ProgrammingError("Cannot operate on a closed database."),
                  ValueError("malformed")):
        assert not damaged(other), other


def test_random_corruptions_every_command_answers(tmp_path):
    out = corruptions(tmp_path, count=8)
    assert out["failures"] == [] and out["answered"] == 8, out


def test_watch_survives_a_damaged_and_a_deleted_index(tmp_path):
    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE, vault)
    index_path = tmp_path / "cache" / "index.sqlite3"
    agenda = vault / "Agenda.md"
    lines: list[str] = []
    stop, result = threading.Event(), []

    def run() -> None:
        import datetime as dt

        session = Vault.open(vault, index_path)
        watcher = Watcher(session, agenda, "md", None, True, 0.1, say=lines.append,
                          today=lambda: dt.date(2026, 11, 27), stop=stop)
        try:
            result.append(watcher.run())
        except BaseException as exc:  # noqa: BLE001 - the assertion below says it
            result.append(exc)
        session.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        assert wait_for(lambda: agenda.exists() and "Ahmed Hassan" in agenda.read_text())
        note = vault / "people" / "Ahmed Hassan.md"
        damage_table(index_path, "notes")
        another_process_writes(index_path)
        note.write_text(note.read_text() + "- 2026-11-27 (email) Thanks #thanks\n")
        assert wait_for(lambda: "a thank-you" not in agenda.read_text() or bool(result))
        assert not result, result
        assert any("rebuilt it" in line for line in lines), lines
        for suffix in ("", "-wal", "-shm"):
            Path(f"{index_path}{suffix}").unlink(missing_ok=True)
        note.write_text(note.read_text() + "- 2026-11-27 (email) Coffee soon? #ask\n")
        assert wait_for(lambda: _indexed(index_path) or bool(result))
        assert not result, result
    finally:
        stop.set()
        thread.join(timeout=10)
    assert result == [0]


def _as_nobody() -> list[str] | None:
    """A command prefix that runs as an unprivileged user (root writes read-only files)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        return None
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_index_gives_way_to_a_temporary_one(what):
    prefix = _as_nobody()
    if prefix is None:
        pytest.skip("no way to run as an unprivileged user")
    work = Path(tempfile.mkdtemp(prefix="vaultkit-ro-"))
    try:
        os.chmod(work, 0o755)
        vault, index_path = work / "vault", work / "cache" / "index.sqlite3"
        shutil.copytree(EXAMPLE, vault)
        argv = [sys.executable, "-m", "vaultkit", "--vault", str(vault), "--index",
                str(index_path)]
        subprocess.run([*argv, "index"], env=ENV, check=True, capture_output=True)
        for path in [vault, *vault.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        os.chmod(index_path, 0o444 if what == "file" else 0o666)
        os.chmod(index_path.parent, 0o777 if what == "file" else 0o555)
        env = {**ENV, "HOME": str(work), "XDG_CACHE_HOME": str(work / "xdg")}
        before = index_path.read_bytes()
        for command in (["list"], ["agenda"], ["check"]):
            proc = subprocess.run([*prefix, *argv, *command], env=env, text=True,
                                  capture_output=True, timeout=120)
            assert "unexpected" not in proc.stderr and proc.returncode in (0, 1), proc.stderr
            assert "using a temporary index for this command" in proc.stderr, proc.stderr
            assert proc.stderr.count("Notice: ") == 1
            if command == ["list"]:
                assert proc.returncode == 0 and "Jane Doe" in proc.stdout
        assert index_path.read_bytes() == before
        assert not list(Path(tempfile.gettempdir()).glob("vaultkit-index-*/x"))
    finally:
        for path in [work, *work.rglob("*")]:
            if path.is_dir():
                os.chmod(path, 0o755)
        shutil.rmtree(work, ignore_errors=True)


def _indexed(index_path: Path) -> bool:
    """Whether the index holds files again; False while it is being made (the file exists
    before its tables do)."""
    if not index_path.exists():
        return False
    conn = sqlite3.connect(f"{index_path.as_uri()}?mode=ro", uri=True)
    try:
        return bool(conn.execute("SELECT COUNT(*) FROM files").fetchone()[0])
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def test_damage_found_while_another_process_holds_the_index_waits_for_it(
        vault, index_path, monkeypatch):
    """Damage found by a query while another process holds the write lock (a long sync):
    the rebuild waits for the lock as a sync waits, then rebuilds; never "delete the index"
    because of a lock."""
    from vaultkit.index import db

    session = Vault.open(vault, index_path)
    count = session.sync().added
    session.close()
    damage_table(index_path, "files")
    monkeypatch.setattr(db, "BUSY_TIMEOUT_S", 0.2)  # a try of the wipe, shorter
    with write_lock_held(index_path, 1.5):
        opened = Vault.open(vault, index_path)
        try:
            assert opened.sync().added == count
            assert any("rebuilt it" in notice for notice in opened.notices)
        finally:
            opened.close()


def test_damage_under_a_lock_held_all_the_while_says_so(vault, index_path, monkeypatch):
    """The lock held for the whole wait: the error names the lock, and never tells the
    person to delete a file another process holds open."""
    from vaultkit.errors import IndexDamaged
    from vaultkit.index import db

    session = Vault.open(vault, index_path)
    session.sync()
    session.close()
    damage_table(index_path, "files")
    monkeypatch.setattr(db, "BUSY_TIMEOUT_S", 0.2)
    monkeypatch.setattr(db, "BUILD_WAIT_S", 0.5)
    holder = sqlite3.connect(index_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        opened = Vault.open(vault, index_path)
        try:
            with pytest.raises(IndexDamaged) as raised:
                opened.sync()
        finally:
            opened.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "locked" in str(raised.value) and "delete" not in str(raised.value)


def test_a_process_that_found_the_damage_late_leaves_the_rebuilt_index_alone(
        vault, index_path, monkeypatch):
    """Two commands find the index damaged as they open it; the first empties it and builds
    it again. The second, its look now stale, finds the index whole under the write lock
    and leaves it alone: emptied then, it would be emptied under the first one's reads."""
    from vaultkit.errors import IndexDamaged
    from vaultkit.index import heal

    session = Vault.open(vault, index_path)
    count = session.sync().added
    session.close()
    first = Vault.open(vault, index_path)
    first.sync()
    looks = []
    real_open = heal._open_waiting

    def damaged_once(path):  # what it met before the first rebuilt the index
        looks.append(path)
        if len(looks) == 1:
            raise IndexDamaged(f"the index at {path} is damaged: file is not a database")
        return real_open(path)

    monkeypatch.setattr(heal, "_open_waiting", damaged_once)
    second = Vault.open(vault, index_path)
    try:
        conn = sqlite3.connect(index_path)
        assert conn.execute("SELECT COUNT(*) FROM files").fetchone()[0] == count
        conn.close()
        assert first.search("Jane") and second.sync().added == 0
    finally:
        second.close()
        first.close()


def test_a_search_row_without_its_text_is_damage_rebuilt(run, index_path):
    """The full-text index finds a note whose text its table no longer holds (damage inside
    an FTS row that SQLite's page checks pass): rebuilt, never `KeyError` at every run."""
    first = run("search", "coffee").stdout
    conn = sqlite3.connect(index_path)
    with conn:
        rowid = conn.execute("SELECT rowid FROM search WHERE search MATCH 'coffee'"
                             " LIMIT 1").fetchone()[0]
        conn.execute("DELETE FROM search_content WHERE id = ?", (rowid,))
    conn.close()
    result = run("search", "coffee")
    assert result.stdout == first and result.stderr.count("Notice: ") == 1, result.stderr
    assert run("search", "coffee").stderr == ""


def test_a_json_column_that_is_no_json_is_damage_rebuilt(run, index_path):
    """A note's front matter in the index that no longer decodes (bytes changed inside a
    row): rebuilt, never `JSONDecodeError` at every run."""
    first = run("list", "--json", "--company", "acme").stdout
    conn = sqlite3.connect(index_path)
    with conn:  # a control byte inside a string: SQLite passes it, Python's JSON does not
        conn.execute("UPDATE notes SET meta_json = replace(meta_json, 'Jane', ?)"
                     " WHERE name = 'Jane Doe'", ("Ja\x15ne",))
    conn.close()
    result = run("list", "--json", "--company", "acme")
    assert result.stdout == first and result.stderr.count("Notice: ") == 1, result.stderr


def test_a_late_look_at_the_damage_waits_for_the_lock_before_it_empties(
        vault, index_path, monkeypatch):
    """As above, while another process holds the write lock longer than a try of the wipe
    (a long rebuild): the look waits for the lock, as a sync does, and still finds the
    index whole — never an emptying without a look."""
    from vaultkit.errors import IndexDamaged
    from vaultkit.index import db, heal

    session = Vault.open(vault, index_path)
    count = session.sync().added
    session.close()
    monkeypatch.setattr(db, "BUSY_TIMEOUT_S", 0.5)  # a try of the look, and of the wipe
    real_open = heal._open_waiting
    looks = []

    def damaged_once(path):
        looks.append(path)
        if len(looks) == 1:
            raise IndexDamaged(f"the index at {path} is damaged: file is not a database")
        return real_open(path)

    monkeypatch.setattr(heal, "_open_waiting", damaged_once)
    # Let go after a try of the look, within the wipe's: the look that gave up then emptied
    # the index (a slow start only moves the look later, where it finds the lock free)
    with write_lock_held(index_path, 0.7):
        Vault.open(vault, index_path).close()
    conn = sqlite3.connect(index_path)
    assert conn.execute("SELECT COUNT(*) FROM files").fetchone()[0] == count
    conn.close()
