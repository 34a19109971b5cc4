"""`export csv` then `import csv` of the same columns gives the same front matter values:
the formula guard the export adds (`'+82 …`, `'=HYPERLINK(…)`) is taken off by the import,
and phone numbers keep their `+`."""

from __future__ import annotations

import pytest

from vaultkit.exports.spreadsheet import neutralise
from vaultkit.notes import frontmatter
from vaultkit.notes.values import FORMULA_START, unguard

MAP = {"Name": "name", "Title": "title", "Company": "company", "E-mail": "email",
       "Phone": "phone", "Circle": "circle", "Met": "met", "Met at": "met_at",
       "Referred by": "referred_by"}


def contacts(root) -> dict[str, dict]:
    out = {}
    for path in sorted((root / "people").glob("*.md")):
        meta = frontmatter.load(frontmatter.split(path.read_text("utf-8")).raw)[0]
        out[meta.get("name", path.stem)] = {
            key: _unlinked(meta[key]) for key in MAP.values() if meta.get(key) not in (None, "")}
    return out


def _unlinked(value):
    """A link's text: the spreadsheet shows `[[Acme]]` as Acme, and the fresh vault has no
    note to link it to. A list of one is its item: a cell cannot tell them apart, and
    vaultkit reads `phone: x` and `phone: [x]` alike."""
    if isinstance(value, list):
        return _unlinked(value[0]) if len(value) == 1 else [_unlinked(v) for v in value]
    if isinstance(value, str) and value.startswith("[[") and value.endswith("]]"):
        return value[2:-2]
    return value


def round_trip(run, vault, tmp_path):
    exported = tmp_path / "contacts.csv"
    run("export", "csv", "--output", str(exported))
    fresh = tmp_path / "fresh"
    run("init", str(fresh))
    run("import", "csv", str(exported), *[f"--map={c}={k}" for c, k in MAP.items()],
        vault_path=fresh)
    return exported, fresh


def test_export_then_import_gives_the_same_values(run, vault, tmp_path):
    exported, fresh = round_trip(run, vault, tmp_path)
    text = exported.read_text("utf-8")
    assert "'+82 10-2345-6789" in text  # the guard is in the spreadsheet …
    assert contacts(fresh) == contacts(vault)  # … and not in the notes
    jane = (fresh / "people" / "Jane Doe.md").read_text("utf-8")
    assert "phone: +82 10-2345-6789\n" in jane


def test_a_formula_title_comes_back_as_it_was(run, vault, tmp_path):
    run("set", "Kim Lee", "title", '=HYPERLINK("https://evil.example","x")')
    run("set", "Kim Lee", "location", "-")
    exported, fresh = round_trip(run, vault, tmp_path)
    assert "'=HYPERLINK(" in exported.read_text("utf-8")
    kim = contacts(fresh)["Kim Lee"]
    assert kim["title"] == '=HYPERLINK("https://evil.example","x")'
    assert contacts(fresh) == contacts(vault)


@pytest.mark.parametrize("cell", ["=1+1", "+82 10", "-5", "@SUM(A1)", "\tx", "\rx", "'quoted",
                                  "''", "'", "it's", "plain", ""])
def test_unguard_undoes_exactly_neutralise(cell):
    assert unguard(neutralise(cell)) == cell
    if cell.startswith("'") and not cell[1:].startswith(FORMULA_START):
        assert unguard(cell) == cell  # an apostrophe that is not the guard is kept
