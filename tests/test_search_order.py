"""Search ranks by score alone and joins only the notes at or above the last hit shown
(index/search.py): the hits, their order and their snippets are those of the query it
replaced, kept here word for word as the oracle, on the example vault and on a generated
one where most notes share a score (ties, broken by the display name, then the note's id),
for every limit; and a hostile query is still a plain word."""

from __future__ import annotations

import re
import shutil
import sys

import pytest

from conftest import EXAMPLE, ROOT
from vaultkit.index import search as search_module
from vaultkit.index.search import Hit, search
from vaultkit.index.snippets import SNIPPET_BYTES, window_snippet
from vaultkit.vault import Vault

sys.path.insert(0, str(ROOT / "benchmarks"))
from genvault import generate  # noqa: E402

QUERIES = ["platform", "platform teams", "the", "market", "thanks", "résumé", "resume",
           "Ahmed", "Globex", "cloud", "zzzz-nothing", "met", "coffee", "Nordserver",
           "zoe", "fintech", "O'Brien", "e-mail", "tiebreak"]
LIMITS = [50, 1, 2, 7, 200, 0, -1]
HOSTILE = ["O'Brien", "foo AND", "AND", "OR", "NOT", "a OR b NOT c", "NEAR(", "NEAR(a b)",
           '"', '"quoted', '""', "*", "plat*", "-x", "^", "column:x", "title:platform",
           "{title}: x", "(", ")", "+", "日本語", "Zoë", "ß", "🙂", "\u200b", "a\x00b",
           "", "   ", "\t\n"]


def _before(conn, query: str, limit: int) -> list[Hit]:
    """The query as it was before index/search.py (commit 67a2e5a, queries._search_fts)."""
    words = [w for w in re.split(r"\s+", query.strip()) if w]
    if not words:
        return []
    match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
    rows = conn.execute("""
        SELECT search.rowid, f.path, n.kind, n.title, bm25(search, 10.0, 3.0, 1.0),
               substr(search.body, 1, :big + 1)
        FROM search JOIN notes n ON n.file_id = search.rowid JOIN files f ON f.id = n.file_id
        WHERE search MATCH :match ORDER BY 5, n.title LIMIT :limit""",
                        {"match": match, "limit": limit, "big": SNIPPET_BYTES}).fetchall()
    small = [r[0] for r in rows if len(r[5]) <= SNIPPET_BYTES]
    snippets = dict(conn.execute(
        "SELECT rowid, snippet(search, -1, char(2), char(2), '…', 12) FROM search"
        f" WHERE search MATCH ? AND rowid IN ({', '.join('?' * len(small))})",
        (match, *small))) if small else {}
    return [Hit(path, kind, title, snippets[rowid] if rowid in snippets
                else window_snippet(head, words), rank)
            for rowid, path, kind, title, rank, head in rows]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """300 generated contacts, most of whose notes score alike for a word they share, and
    three notes with one display name and one text (a tie of score and name: the id
    decides), two that tie on score alone, their ids in the other order from their names,
    and one longer than a snippet's window."""
    root = tmp_path_factory.mktemp("gen") / "vault"
    generate(root, 300)
    text = "---\nname: Same Name\n---\nWe talked about platform teams over coffee.\n"
    for folder in ("people", "notes", "zz"):
        (root / folder).mkdir(exist_ok=True)
        (root / folder / "Same Name.md").write_text(text, encoding="utf-8")
    for folder, name in (("aa", "Zed Tie"), ("zz", "Abe Tie")):  # ids the other way round
        (root / folder).mkdir(exist_ok=True)
        (root / folder / f"{name}.md").write_text(
            f"---\nname: {name}\n---\nA tiebreak between names.\n", encoding="utf-8")
    (root / "notes" / "Long.md").write_text(
        "platform " + "word " * SNIPPET_BYTES + "\n", encoding="utf-8")
    vault = Vault.open(root, root.parent / "index.sqlite3")
    vault.sync()
    yield vault
    vault.close()


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    root = tmp_path_factory.mktemp("ex") / "vault"
    shutil.copytree(EXAMPLE, root)
    vault = Vault.open(root, root.parent / "index.sqlite3")
    vault.sync()
    yield vault
    vault.close()


@pytest.mark.parametrize("limit", LIMITS)
def test_a_generated_vault_gives_the_hits_it_gave(generated, limit):
    assert generated.index.has_fts
    for query in QUERIES:
        assert search(generated.conn, query, True, limit) == _before(
            generated.conn, query, limit), (query, limit)


def test_the_generated_vault_has_ties_at_the_cut(generated):
    """The case the cut is about: more notes share the last score shown than are shown."""
    scores = [s for (s,) in generated.conn.execute(
        "SELECT bm25(search, 10.0, 3.0, 1.0) FROM search WHERE search MATCH '\"platform\"'")]
    shown = sorted(scores)[:50]
    assert len(scores) > 100 and scores.count(shown[-1]) > shown.count(shown[-1])
    titles = [h.title for h in search(generated.conn, "platform", True, 300)]
    assert titles.count("Same Name") == 3


@pytest.mark.parametrize("limit", LIMITS)
def test_the_example_vault_gives_the_hits_it_gave(example, limit):
    for query in QUERIES:
        assert search(example.conn, query, True, limit) == _before(
            example.conn, query, limit), (query, limit)


@pytest.mark.parametrize("query", HOSTILE)
def test_a_hostile_query_is_plain_words(generated, query):
    hits = search(generated.conn, query, True)
    assert hits == _before(generated.conn, query.replace("\x00", " "), 50)
    if not query.strip():
        assert hits == []


def test_many_hits_are_read_in_batches(generated, monkeypatch):
    """A --limit in the thousands stays under SQLite's limit of bound parameters: the
    bodies and snippets of the hits are read in batches, with the same result."""
    monkeypatch.setattr(search_module, "IN_BATCH", 7)
    for query in ("platform", "the", "Globex"):
        assert search(generated.conn, query, True, 1000) == _before(
            generated.conn, query, 1000), query


@pytest.mark.parametrize("limit", ["0", "-1", "9223372036854775808", "x"])
def test_a_limit_that_is_no_count_of_results_is_a_usage_error(run, limit):
    """Found in review: `--limit 0` said "No matches." where there were some, a negative
    limit gave every hit, and 2**63 an unexpected OverflowError."""
    result = run("search", "platform", "--limit", limit, expect=2)
    assert "--limit" in result.stderr and "unexpected" not in result.stderr




def test_a_search_reads_one_index_while_another_process_syncs(tmp_path):
    """Another process's commit between the search's queries (a sync that removes a note
    the first query found): the hits, heads and snippets are of one snapshot, never a hit
    whose body is gone (found in review: KeyError)."""
    import sqlite3

    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE, vault)
    index = tmp_path / "index.sqlite3"
    session = Vault.open(vault, index)
    session.sync()
    expected = session.search("coffee")
    assert expected
    other = sqlite3.connect(index, isolation_level=None)
    other.execute("PRAGMA foreign_keys=ON")  # as vaultkit's own: the note's rows go too
    done = []

    def meanwhile(sql: str) -> None:  # as the heads' query begins, the other one commits
        if "substr(body" in sql and not done:
            done.append(sql)
            other.execute("DELETE FROM files WHERE path = ?", (expected[0].path,))

    session.conn.set_trace_callback(meanwhile)
    try:
        assert session.search("coffee") == expected
        assert done
    finally:
        session.conn.set_trace_callback(None)
        other.close()
        session.close()
