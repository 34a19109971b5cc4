"""Golden files for the note parser: every `tests/notes/**/NAME.md` parses to `NAME.json`.

A characterisation test: the JSON records what `parse_note` does today, odd cases included.
`pytest --update-golden` rewrites the JSON files from the current output; review the diff.
The path of a note below tests/notes/ is its vault path, so `people/X.md` is a contact by
its folder.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from vaultkit.config import Config
from vaultkit.model import Note
from vaultkit.notes.parse import parse_note

NOTES = Path(__file__).parent / "notes"
# The default folders, plus a second log heading and a kind synonym, so both are covered.
CONFIG = Config(root=NOTES, log_headings=("Log", "Interactions"), synonyms={"ty": "thanks"})
CASES = sorted(p.relative_to(NOTES).as_posix() for p in NOTES.rglob("*.md"))


def note_json(note: Note) -> dict:
    """What the golden files hold: everything parse_note gives but the body text."""
    return {
        "path": note.path,
        "kind": note.kind,
        "name": note.name,
        "title": note.title,
        "aliases": list(note.aliases),
        "meta": note.meta,
        "key_lines": note.key_lines,
        "entries": [_plain(e) for e in note.entries],
        "links": [_plain(link) for link in note.links],
        "problems": [_plain(p) for p in note.problems],
        "last_contact": note.last_contact,
    }


def _plain(item: object) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v
            for k, v in dataclasses.asdict(item).items()}


def dump(data: dict) -> str:
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_there_are_cases():
    assert len(CASES) >= 25, f"expected the golden notes in {NOTES}"


@pytest.mark.parametrize("relpath", CASES)
def test_parse_note_golden(relpath, request):
    source = NOTES / relpath
    actual = dump(note_json(parse_note(relpath, source.read_bytes(), CONFIG)))
    golden = source.with_suffix(".json")
    if request.config.getoption("--update-golden"):
        golden.write_text(actual, encoding="utf-8", newline="\n")
    assert golden.exists(), f"no golden file {golden}; run pytest --update-golden"
    expected = golden.read_text(encoding="utf-8")
    assert json.loads(actual) == json.loads(expected)  # the readable diff
    assert actual == expected  # and the exact text: 1 vs true vs 1.0, key order, format


def test_every_golden_file_has_its_note():
    stale = [p.relative_to(NOTES).as_posix() for p in NOTES.rglob("*.json")
             if not p.with_suffix(".md").exists()]
    assert stale == []
