"""`--index PATH` only ever replaces vaultkit's own index: anything else at PATH is refused
(exit 3, the path named) and left byte for byte as it was."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from vaultkit.errors import IndexUnavailable
from vaultkit.index import db
from vaultkit.vault import Vault


def _refused(run, vault, target, *args):
    before = target.read_bytes()
    result = run("--index", str(target), *args, expect=3)
    assert str(target) in result.stderr and "not a vaultkit index" in result.stderr
    assert target.read_bytes() == before
    return result


def test_a_note_given_as_the_index_is_refused_and_kept(run, vault):
    note = vault / "people" / "Kim Lee.md"
    _refused(run, vault, note, "list")


def test_another_programs_database_is_refused_and_kept(run, vault, tmp_path):
    other = tmp_path / "theirs.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE files(x)")
    conn.execute("INSERT INTO files VALUES ('keep me')")
    conn.commit()
    conn.close()
    _refused(run, vault, other, "list")
    assert sqlite3.connect(other).execute("SELECT x FROM files").fetchall() == [("keep me",)]


def test_a_text_file_is_refused_by_the_library_too(vault, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("this is not a database\n" * 50)
    with pytest.raises(IndexUnavailable) as caught:
        Vault.open(vault, text)
    assert caught.value.exit_code == 3 and str(text) in str(caught.value)
    assert text.read_text() == "this is not a database\n" * 50


def test_an_empty_file_becomes_the_index(vault, tmp_path):
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    opened = Vault.open(vault, empty)
    assert opened.sync().added > 0
    opened.close()


def test_a_vaultkit_index_of_another_version_is_rebuilt(vault, index_path):
    opened = Vault.open(vault, index_path)
    opened.sync()
    opened.conn.execute("PRAGMA user_version = 1")
    opened.close()
    again = Vault.open(vault, index_path)
    assert "rebuilt it" in again.index.notices[0] and again.sync().added > 0
    again.close()


def test_a_corrupt_vaultkit_index_is_rebuilt(vault, index_path):
    opened = Vault.open(vault, index_path)
    opened.sync()
    opened.close()
    header = index_path.read_bytes()[:100]
    assert int.from_bytes(header[68:72], "big") == db.APPLICATION_ID
    index_path.write_bytes(header + b"\xff" * 5000)
    for suffix in ("-wal", "-shm"):
        index_path.with_name(index_path.name + suffix).unlink(missing_ok=True)
    again = Vault.open(vault, index_path)
    assert again.sync().added > 0
    again.close()


def test_an_index_still_in_its_wal_is_ours(vault, index_path):
    """A second process opening the index while the first still holds its WAL (the header
    page not yet checkpointed) must see it as vaultkit's, not refuse it."""
    first = Vault.open(vault, index_path)
    first.sync()
    second = Vault.open(vault, index_path)
    assert second.index.notices == []
    second.close()
    first.close()


def test_a_fifo_as_the_index_is_refused_not_waited_on(tmp_path, vault):
    fifo = tmp_path / "index-fifo"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-m", "vaultkit", "--vault", str(vault),
                           "--index", str(fifo), "list"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 3 and "not a regular file" in done.stderr
