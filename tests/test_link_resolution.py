"""Links resolve as Obsidian resolves them (docs/vault-format.md, Links): by path (from the
vault root, or `./`, `../` from the linking note's folder), then by file name, and only when
no file has that name by alias; of two files with one name, the one in the linking note's
folder, else the one nearest the vault root; ignoring case. Text in code is no link.

Each vault is built with real files and indexed into real SQLite; the same shapes are
checked through the index, `check PATH…` (index/selected.py), the agenda's resolver
(agenda/build.name_resolver) and the rules' look-up (index/rule_input.IndexLookup)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import PLAIN_CONFIG as CONFIG
from conftest import write
from vaultkit.agenda.build import name_resolver
from vaultkit.index.rule_input import IndexLookup
from vaultkit.notes.body import parse_body
from vaultkit.notes.linkpaths import ALIAS, FILE, link_key, pick
from vaultkit.vault import Vault


@pytest.fixture
def make(tmp_path):
    """Build a vault of `files` (path: text), open and sync it; closed after the test."""
    opened = []

    def build(files: dict[str, str]) -> Vault:
        root = tmp_path / f"vault{len(opened)}"
        write(root, ".vaultkit/config.toml", CONFIG)
        for path, text in files.items():
            write(root, path, text)
        vault = Vault.open(root, tmp_path / f"index{len(opened)}.sqlite3")
        vault.sync()
        opened.append(vault)
        return vault

    yield build
    for vault in opened:
        vault.close()


def resolved(vault: Vault, source: str) -> list[tuple[str, int, str | None]]:
    """(target, matches, the path it goes to) of each link of the note at `source`."""
    return vault.conn.execute(
        "SELECT l.target, l.matches, t.path FROM links l JOIN files s ON s.id = l.file_id"
        " LEFT JOIN files t ON t.id = l.resolved_id WHERE s.path = ?"
        " ORDER BY l.line, l.rowid", (source,)).fetchall()


def test_a_file_name_wins_over_an_alias_and_is_not_ambiguous(make):
    vault = make({
        "people/Kim Lee.md": "---\nname: Kim Lee\n---\n",
        "people/Kimberly Lee-Park.md": "---\naliases: [Kim Lee, KLP]\n---\n",
        "Links.md": "[[Kim Lee]] [[KLP]] [[kim lee]]\n",
    })
    assert resolved(vault, "Links.md") == [
        ("Kim Lee", 1, "people/Kim Lee.md"),              # the file name, not the alias
        ("KLP", 1, "people/Kimberly Lee-Park.md"),        # no file of that name: the alias
        ("kim lee", 1, "people/Kim Lee.md"),              # case does not matter
    ]
    assert vault.check(all_links=True) == []


def test_two_aliases_are_ambiguous_only_when_no_file_has_the_name(make):
    vault = make({
        "people/A.md": "---\naliases: [Sam]\n---\n",
        "people/B.md": "---\naliases: [sam]\n---\n",
        "Links.md": "[[Sam]]\n",
    })
    assert resolved(vault, "Links.md") == [("Sam", 2, "people/A.md")]
    assert vault.check(all_links=True) == [
        ("Links.md", 1, "link [[Sam]] matches 2 notes; it goes to people/A.md, "
                        "use [[folder/name]] to pick one")]


def test_the_same_name_in_two_folders(make):
    vault = make({
        "Meeting.md": "root\n",
        "work/Meeting.md": "work\n",
        "work/deep/Meeting.md": "deep\n",
        "work/Plan.md": "[[Meeting]]\n",              # its own folder holds one: that one
        "Home.md": "[[Meeting]]\n",                   # else the nearest the root
        "other/Notes.md": "[[Meeting]] [[deep/Meeting]] [[work/Meeting]]\n",
    })
    assert resolved(vault, "work/Plan.md") == [("Meeting", 3, "work/Meeting.md")]
    assert resolved(vault, "Home.md") == [("Meeting", 3, "Meeting.md")]
    assert resolved(vault, "other/Notes.md") == [
        ("Meeting", 3, "Meeting.md"),
        ("deep/Meeting", 1, "work/deep/Meeting.md"),
        ("work/Meeting", 1, "work/Meeting.md"),
    ]


def test_nearest_the_root_counts_folders_before_letters(make):
    vault = make({
        "a/b/Same.md": "", "a-very-long-folder-name/Same.md": "", "z/Same.md": "",
        "Links.md": "[[Same]]\n",
    })
    # one folder deep beats two, however long; of one depth the shorter path first
    assert resolved(vault, "Links.md") == [("Same", 3, "z/Same.md")]


def test_path_links_from_the_root_with_or_without_md_and_relative(make):
    vault = make({
        "people/Kim Lee.md": "",
        "archive/people/Kim Lee.md": "",
        "projects/alpha/Spec.md": "",
        "projects/alpha/notes/Today.md": "[[../Spec]] [[./Todo]] [[Todo]] [[/people/Kim Lee]]\n",
        "projects/alpha/notes/Todo.md": "",
        "Links.md": "[[people/Kim Lee]] [[people/Kim Lee.md]] [[PEOPLE/kim lee]]"
                    " [[archive/people/Kim Lee]] [[people/Kim Lee#Work|Kim]]\n",
    })
    assert resolved(vault, "Links.md") == [
        ("people/Kim Lee", 2, "people/Kim Lee.md"),   # archive/people/… ends so too
        ("people/Kim Lee", 2, "people/Kim Lee.md"),
        ("PEOPLE/kim lee", 2, "people/Kim Lee.md"),
        ("archive/people/Kim Lee", 1, "archive/people/Kim Lee.md"),
        ("people/Kim Lee", 2, "people/Kim Lee.md"),
    ]
    assert resolved(vault, "projects/alpha/notes/Today.md") == [
        ("../Spec", 1, "projects/alpha/Spec.md"),
        ("./Todo", 1, "projects/alpha/notes/Todo.md"),
        ("Todo", 1, "projects/alpha/notes/Todo.md"),
        ("/people/Kim Lee", 2, "people/Kim Lee.md"),
    ]


def test_links_follow_a_note_that_appears_and_goes(make):
    vault = make({"work/Meeting.md": "", "Home.md": "[[Meeting]]\n"})
    assert resolved(vault, "Home.md") == [("Meeting", 1, "work/Meeting.md")]
    write(vault.root, "Meeting.md", "")
    vault.sync()
    assert resolved(vault, "Home.md") == [("Meeting", 2, "Meeting.md")]
    (vault.root / "Meeting.md").unlink()
    vault.sync()
    assert resolved(vault, "Home.md") == [("Meeting", 1, "work/Meeting.md")]


def test_code_holds_no_link(make):
    vault = make({
        "people/Kim Lee.md": "---\nname: Kim Lee\n---\n## Log\n"
        "- 2026-01-05 wrote `[[Not A Link|x]]` and ``[[Nor This]]`` to [[Jane]]\n"
        "\n```\n[[Fenced]]\n```\n~~~md\n[[Tilde]]\n~~~\n"
        "text `[[Inline|alias]]` and `` a `[[Double]]` b `` here\n",
        "people/Jane.md": "",
    })
    assert [t for t, _m, _p in resolved(vault, "people/Kim Lee.md")] == ["Jane"]


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_characters="`\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
                             blacklist_categories=("Cs",))),
       st.integers(1, 3), st.sampled_from(["", "- 2026-01-05 ", "text "]))
def test_text_inside_a_code_span_never_yields_a_link(inner, ticks, before):
    fence = "`" * ticks
    text = f"## Log\n{before}{fence}[[{inner}]]{fence} after\n"
    body = parse_body(text, 1, ("Log",))
    assert body.links == []
    assert all(entry.links == () for entry in body.entries)


def test_every_resolver_agrees_with_the_index(make):
    vault = make({
        "Meeting.md": "", "work/Meeting.md": "",
        "people/Kim Lee.md": "---\nname: Kim Lee\n---\n",
        "people/K.md": "---\naliases: [Kim Lee, Kay]\n---\n",
        "orgs/Acme.md": "", "orgs/old/Acme.md": "",
        "Links.md": "[[Meeting]] [[Kim Lee]] [[Kay]] [[Acme]] [[old/Acme]] [[Nobody]]\n",
    })
    expected = [path for _t, _m, path in resolved(vault, "Links.md")]
    notes = vault.notes(None)
    resolve = name_resolver(notes)
    targets = ["Meeting", "Kim Lee", "Kay", "Acme", "old/Acme", "Nobody"]
    assert [getattr(resolve(t), "path", None) for t in targets] == expected
    lookup = IndexLookup(vault.conn)  # the rules' look-up reads rule notes (not plain ones)
    assert [getattr(lookup.resolve(t), "path", None) for t in targets[1:]] == expected[1:]


def test_check_paths_resolves_as_the_index_does(make):
    vault = make({
        "people/Kim Lee.md": "---\nname: Kim Lee\n---\n## Log\n"
        "- 2026-01-05 met [[Sam]] and [[Meeting]] and [[Gone]]\n",
        "people/Sam.md": "", "people/Sammy.md": "---\naliases: [Sam]\n---\n",
        "Meeting.md": "", "people/Meeting.md": "",
    })
    whole = [p for p in vault.check() if p[0] == "people/Kim Lee.md"]
    assert whole == [
        ("people/Kim Lee.md", 5, "link [[Gone]] resolves to no note"),
        ("people/Kim Lee.md", 5, "link [[Meeting]] matches 2 notes; it goes to "
                                 "people/Meeting.md, use [[folder/name]] to pick one"),
    ]
    assert vault.check_paths([vault.root / "people/Kim Lee.md"]) == whole


@pytest.mark.parametrize(("target", "source", "key"), [
    ("People/Kim Lee.md", None, "people/kim lee"),
    ("/people/Kim Lee", None, "people/kim lee"),
    ("./Todo", "a/b/Note.md", "a/b/todo"),
    ("../Spec", "a/b/Note.md", "a/spec"),
    ("../../../x", "a/Note.md", "x"),
    (" Kim Lee ", None, "kim lee"),
])
def test_link_keys(target, source, key):
    assert link_key(target, source) == key


def test_example_vault_links_still_resolve(session):
    unresolved = session.conn.execute(
        "SELECT COUNT(*) FROM links WHERE matches != 1 AND referral = 0").fetchone()[0]
    assert unresolved == 0
    assert Path(session.root, "people/Jane Doe.md").exists()


def test_the_index_picks_as_linkpaths_pick_does_on_random_vaults(make):
    """The SQL (index/links.py) and the Python rule (notes/linkpaths.pick) agree, on vaults
    of few names in many folders, aliases among them."""
    rng = random.Random(15)
    for _round in range(8):
        names = ["Alpha", "Beta", "gamma", "Delta"]
        folders = ["", "a/", "a/b/", "B/", "people/", "zz/long folder name/"]
        files: dict[str, str] = {}
        for _ in range(14):
            path = f"{rng.choice(folders)}{rng.choice(names)}.md"
            aliases = rng.sample(names + ["Omega", "Psi"], rng.randrange(3))
            files[path] = f"---\naliases: [{', '.join(aliases)}]\n---\n" if aliases else ""
        targets = names + ["Omega", "Psi", "a/Alpha", "b/beta", "Nobody"]
        sources = [f"{folder}Links {n}.md" for n, folder in enumerate(folders)]
        for source in sources:
            files[source] = " ".join(f"[[{t}]]" for t in targets) + "\n"
        vault = make(files)
        by_key: dict[str, list] = {}
        for path, text in files.items():
            if path in sources:
                continue
            stem = path[:-3].lower().split("/")
            for i in range(len(stem)):
                by_key.setdefault("/".join(stem[i:]), []).append((FILE, path, path))
            for alias in {a.strip().lower() for a in text[14:text.find("]")].split(",")
                          if text and a.strip()}:
                by_key.setdefault(alias, []).append((ALIAS, path, path))
        for source in sources:
            expected = [pick(by_key.get(link_key(t, source), []), source) for t in targets]
            got = [(m, p) for _t, m, p in resolved(vault, source)]
            assert got == expected, (source, files)
