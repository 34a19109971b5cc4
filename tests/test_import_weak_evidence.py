"""Imports never merge two people on weak evidence: a shared phone alone never merges
records whose names differ (they are imported apart and `check` lists them as possible
duplicates); names are taken as the card gives them; the vCard export builds `N` from the
imported structure."""

from __future__ import annotations

from vaultkit.notes import frontmatter

NEVILLE = """BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Neville Navasquillo\r\nN:Navasquillo;Neville;;;\r
TEL:1234567890\r\nEMAIL:neville@example.com\r\nEND:VCARD\r\n"""
CARDS = """BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:\r\nORG:Airline Contact #'s\r
TEL:1234567890\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Yard Lawn Guy, Jose Lopez\r
N:Lopez;Jose;;;\r\nTEL;TYPE=CELL:555-201-3344\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r
FN:김민준 🚀\r\nN:김;민준;;;\r\nTEL:01012345678\r\nEND:VCARD\r\n"""


def meta(root, name):
    text = (root / "people" / f"{name}.md").read_text("utf-8")
    return frontmatter.load(frontmatter.split(text).raw)[0]


def imported(run, tmp_path):
    fresh = tmp_path / "fresh"
    run("init", str(fresh))
    first, second = tmp_path / "b.vcf", tmp_path / "a.vcf"
    first.write_text(NEVILLE, encoding="utf-8", newline="")
    second.write_text(CARDS, encoding="utf-8", newline="")
    result = run("import", "vcard", str(first), str(second), vault_path=fresh)
    return fresh, result


def test_a_shared_phone_alone_never_merges_two_names(run, tmp_path):
    fresh, result = imported(run, tmp_path)
    names = sorted(p.stem for p in (fresh / "people").glob("*.md"))
    assert names == ["Airline Contact 's", "Neville Navasquillo", "Yard Lawn Guy, Jose Lopez",
                     "김민준 🚀"]
    assert meta(fresh, "Neville Navasquillo") == {
        "name": "Neville Navasquillo", "email": "neville@example.com", "phone": "1234567890"}
    assert meta(fresh, "Airline Contact 's")["name"] == "Airline Contact #'s"
    assert "shares a phone number with people/Neville Navasquillo.md" in result.stderr
    checked = run("check", vault_path=fresh, expect=1)
    assert "same phone as people/Airline Contact 's.md (1234567890)" in checked.stdout


def test_a_shared_phone_with_the_same_name_still_merges(run, tmp_path):
    fresh, _ = imported(run, tmp_path)
    again = tmp_path / "again.vcf"
    again.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:NEVILLE navasquillo\r\n"
                     "TEL:1234567890\r\nTITLE:Pilot\r\nEND:VCARD\r\n", encoding="utf-8")
    run("import", "vcard", str(again), vault_path=fresh)
    assert meta(fresh, "Neville Navasquillo")["title"] == "Pilot"
    assert len(list((fresh / "people").glob("*.md"))) == 4


def test_a_name_is_taken_whole_and_n_comes_from_the_card(run, tmp_path):
    fresh, _ = imported(run, tmp_path)
    assert meta(fresh, "Yard Lawn Guy, Jose Lopez")["name"] == "Yard Lawn Guy, Jose Lopez"
    exported = run("export", "vcard", "--vcard-version", "3", vault_path=fresh).stdout
    cards = {block.split("FN:", 1)[1].splitlines()[0]: block
             for block in exported.split("END:VCARD") if "FN:" in block}
    assert "N:Lopez;Jose;;;" in cards["Yard Lawn Guy\\, Jose Lopez"]
    assert "N:김;민준;;;" in cards["김민준 🚀"]
    assert "N:Navasquillo;Neville;;;" in cards["Neville Navasquillo"]


def test_a_name_without_structure_is_not_cut_at_an_emoji(run, vault):
    run("add", "김민준 🚀")
    exported = run("export", "vcard").stdout
    card = next(b for b in exported.split("END:VCARD") if "FN:김민준 🚀" in b)
    assert "N:;김민준 🚀;;;" in card and "N:🚀" not in card
