"""How the index's full-text table writes itself (index/fulltext.py, FTS_SETTINGS): a new index
takes the settings, an SQLite that refuses one still builds, and the settings change only
how the full text is laid out on disk, never what a search finds."""

from __future__ import annotations

import sqlite3
import sys

import pytest

from conftest import ROOT
from vaultkit.index import fulltext
from vaultkit.vault import Vault

QUERIES = ["platform", "ahmed", "résumé", "platform teams", '"platform teams"', "met*",
           "recruiter", "nothing-here"]


def _settings(index_path) -> dict:
    conn = sqlite3.connect(index_path)
    try:
        return dict(conn.execute("SELECT k, v FROM search_config"))
    finally:
        conn.close()


def test_a_new_index_writes_its_full_text_with_the_settings(vault, index_path):
    opened = Vault.open(vault, index_path)
    try:
        assert opened.index.has_fts  # this SQLite has FTS5, as CI's does
    finally:
        opened.close()
    assert _settings(index_path) | {"version": 0} == {
        "hashsize": 4 << 20, "automerge": 16, "version": 0}


def test_a_setting_this_sqlite_refuses_leaves_the_rest(vault, index_path, monkeypatch):
    """An SQLite of another build may not know a setting: the index is made all the same."""
    monkeypatch.setattr(fulltext, "FTS_SETTINGS", (("no-such-setting", 1), ("automerge", 16)))
    opened = Vault.open(vault, index_path)
    try:
        opened.sync()
        assert opened.search("Acme")  # built and searchable
    finally:
        opened.close()
    assert _settings(index_path)["automerge"] == 16
    assert "no-such-setting" not in _settings(index_path)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from genvault import generate

    folder = tmp_path_factory.mktemp("fts")
    generate(folder / "vault", 1500)
    return folder


def _hits(folder, name: str) -> dict[str, list]:
    opened = Vault.open(folder / "vault", folder / name)
    try:
        opened.sync()
        conn = opened.conn
        conn.execute("INSERT INTO search(search) VALUES ('integrity-check')")  # raises if not
        return {q: [(h.path, h.snippet, round(h.rank, 9)) for h in opened.search(q, 200)]
                for q in QUERIES}
    finally:
        opened.close()


def test_the_settings_change_no_search(generated, monkeypatch):
    """The same notes indexed with FTS5's defaults and with settings that make it flush
    and merge many times over (64 KB of terms at a time): every search gives the same
    hits, snippets and ranks, and FTS5's own integrity check passes on both."""
    monkeypatch.setattr(fulltext, "FTS_SETTINGS", ())
    plain = _hits(generated, "plain.sqlite3")
    monkeypatch.setattr(fulltext, "FTS_SETTINGS", (("hashsize", 64 << 10), ("automerge", 16)))
    tuned = _hits(generated, "tuned.sqlite3")
    assert _settings(generated / "tuned.sqlite3")["hashsize"] == 64 << 10
    assert tuned == plain
    assert sum(map(len, plain.values())) > 1000  # searches that find much
