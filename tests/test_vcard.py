"""vCards in (`import vcard`) and out (`export vcard`): fixtures written here for each quirk
of real phones and address books (invented people), a copy of example-vault/, the CLI."""

from __future__ import annotations

import json

import pytest

from conftest import REALDATA

V21 = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BC=\r\n"
    "ller\r\n"
    "TEL;CELL;PREF:+49 30 1234567\r\n"
    "TEL;WORK:030 7654321\r\n"
    "EMAIL;INTERNET:juergen@example.de\r\n"
    "PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQEASABIAAD/2wBD\r\n"
    " AAoHBwgHBgoICAgLCgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEiMEExNDk7\r\n"
    "\r\n"
    "END:VCARD\r\n")
V30 = (
    "BEGIN:VCARD\nVERSION:3.0\nFN:Aiko Sato\nN:Sato;Aiko;;;\nORG:Kumo Systems;Platfor\n"
    " m Team\nTITLE:Staff Engineer\nitem1.EMAIL;type=INTERNET;type=pref:aiko@kumo.example\n"
    "item1.X-ABLabel:_$!<Work>!$_\nitem2.URL:https\\://www.linkedin.com/in/aiko-sato\n"
    "item2.X-ABLabel:LinkedIn\nBDAY:--0203\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:not base64 at all!!\nEND:VCARD\n")
V40 = (
    "BEGIN:VCARD\nVERSION:4.0\nFN;ALTID=1;LANGUAGE=en:Kenji Mori\n"
    "FN;ALTID=1;LANGUAGE=ja:森健二\nEMAIL;PREF=2:kenji@home.example\n"
    "EMAIL;PREF=1:kenji@work.example\nTEL;VALUE=uri;TYPE=cell:tel:+81-90-1234-5678\n"
    "BDAY:19850415\nEND:VCARD\n")
NAMELESS = (
    "BEGIN:VCARD\nVERSION:3.0\nN:Okafor;Chidi;;;\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nORG:Lone Org Ltd\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nEMAIL:only@mail.example\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nTEL:+1 555 0100\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:No End <b>Person</b>\x07\nEMAIL:noend@example.com\n")


def imported(run, *paths, expect=0):
    result = run("import", "vcard", *map(str, paths), "--json", expect=expect)
    return json.loads(result.stdout), result


def note(vault, rel):
    return (vault / rel).read_text(encoding="utf-8")


def test_vcard_21_quoted_printable_charset_and_photo(run, vault, tmp_path):
    path = tmp_path / "phone.vcf"
    path.write_bytes(V21.encode("utf-8"))
    out, _ = imported(run, path)
    assert [r["path"] for r in out["records"]] == ["people/Jürgen Müller.md"]
    text = note(vault, "people/Jürgen Müller.md")
    assert text.startswith("---\nname: Jürgen Müller\nemail: juergen@example.de\nphone:\n"
                           "  - +49 30 1234567\n  - 030 7654321\n---\n")


def test_vcard_30_folded_groups_labels_and_a_corrupt_photo(run, vault, tmp_path):
    path = tmp_path / "mac.vcf"
    path.write_text(V30, encoding="utf-8")
    imported(run, path)
    text = note(vault, "people/Aiko Sato.md")
    assert "company: Kumo Systems\n" in text and "title: Staff Engineer\n" in text
    assert "email: aiko@kumo.example\n" in text
    assert "linkedin: https://www.linkedin.com/in/aiko-sato\n" in text
    assert "birthday: --02-03\n" in text


def test_vcard_40_altid_and_pref(run, vault, tmp_path):
    path = tmp_path / "v4.vcf"
    path.write_text(V40, encoding="utf-8")
    imported(run, path)
    text = note(vault, "people/Kenji Mori.md")
    assert "email:\n  - kenji@work.example\n  - kenji@home.example\n" in text
    assert "phone: +81-90-1234-5678\n" in text and "birthday: 1985-04-15\n" in text


def test_cards_without_fn_or_end(run, vault, tmp_path):
    path = tmp_path / "odd.vcf"
    path.write_text(NAMELESS, encoding="utf-8")
    out, result = imported(run, path)
    assert [(r["name"], r["action"]) for r in out["records"]] == [
        ("Chidi Okafor", "create"), ("Lone Org Ltd", "create"),
        ("only@mail.example", "create"), ("", "skip"), ("No End Person", "create")]
    assert out["records"][3]["where"] == f"{path}: card 4 (line 13)"
    assert out["records"][3]["reason"].startswith("no name")
    assert f"{path}: card 5 (line 17): no END:VCARD; read up to the next card" in \
        out["warnings"]
    assert f"{path}: card 5 (line 17): removed HTML markup from FN" in out["warnings"]
    assert f"{path}: card 5 (line 17): removed control characters from FN" in out["warnings"]
    assert "company: Lone Org Ltd\n" in note(vault, "people/Lone Org Ltd.md")


@pytest.mark.parametrize("data,message", [
    (b"%PDF-1.4\n%\xe2\xe3", "not a vCard file (it holds binary data)"),
    (b"", "the file is empty"),
    (b"Name,Email\nA,b\n", "not a vCard file: no BEGIN:VCARD"),
])
def test_files_that_are_not_vcards(run, tmp_path, data, message):
    path = tmp_path / "contacts.vcf"
    path.write_bytes(data)
    result = run("import", "vcard", str(path), expect=1)
    assert result.stderr == f"Error: {path}: {message}\n"


def test_round_trip_vault_to_vcard_to_an_empty_vault(run, vault, tmp_path, index_path):
    from click.testing import CliRunner

    from vaultkit.cli import cli

    with_phone = vault / "people/Kim Lee.md"
    with_phone.write_text(with_phone.read_text(encoding="utf-8").replace(
        "email: kim.lee@acme.example", "email: kim.lee@acme.example\nphone: [+82 10 1234 5678,"
        " 02 555 0101]"), encoding="utf-8")
    for version in ("4", "3"):
        cards = tmp_path / f"all{version}.vcf"
        run("export", "vcard", "--vcard-version", version, "-o", str(cards))
        assert cards.read_bytes().count(b"BEGIN:VCARD") == 16
        empty = tmp_path / f"empty{version}"
        CliRunner().invoke(cli, ["init", str(empty)], catch_exceptions=False)
        other = ["--vault", str(empty), "--index", str(tmp_path / f"i{version}.sqlite3")]
        result = CliRunner().invoke(cli, [*other, "import", "vcard", str(cards)],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == "created 16, updated 0, unchanged 0, skipped 0\n"

        def people(args):
            out = CliRunner().invoke(cli, [*args, "export", "json", "--kind", "contact"],
                                     catch_exceptions=False).stdout
            return {n["name"]: {k: _one(n["front_matter"].get(k)) for k in KEPT}
                    for n in json.loads(out)["notes"]}

        before = people(["--vault", str(vault), "--index", str(index_path)])
        for values in before.values():
            if isinstance(values["company"], str) and values["company"].startswith("[["):
                values["company"] = values["company"][2:-2]
        assert people(other) == before


KEPT = ("email", "phone", "company", "title", "linkedin", "birthday")


def _one(value):
    """A list of one value and the value are the same thing in a note."""
    return value[0] if isinstance(value, list) and len(value) == 1 else value


VCARDS = REALDATA / "vcard"


@pytest.mark.skipif(not VCARDS.is_dir(), reason="../shared/realdata is not here")
def test_real_vcards_from_phones_and_address_books(run, vault):
    files = sorted(VCARDS.glob("*.vcf"))
    out, _ = imported(run, *files)
    total = out["created"] + out["updated"] + out["unchanged"] + out["skipped"]
    assert total == len(out["records"]) == 22
    assert out["skipped"] == 1  # a card with only a phone number: nothing to name it by
    again, _ = imported(run, *files)
    assert (again["created"], again["updated"]) == (0, 0)


def test_a_card_file_in_windows_1252_and_old_mac_line_ends(run, vault, tmp_path):
    path = tmp_path / "outlook.vcf"
    path.write_bytes("BEGIN:VCARD\rVERSION:2.1\rFN:Ren\xe9e Faure\rEMAIL:renee@example.fr\r"
                     "END:VCARD\r".encode("cp1252"))
    out, _ = imported(run, path)
    assert out["records"][0]["name"] == "Renée Faure"
    assert out["warnings"] == [f"{path}:1: not UTF-8; read as Windows-1252"]


def test_reading_cards_reports_progress_in_bytes(tmp_path):
    from vaultkit.imports.vcard import vcards

    path = tmp_path / "many.vcf"
    path.write_text("".join(f"BEGIN:VCARD\nVERSION:3.0\nFN:P{i}\nEND:VCARD\n"
                            for i in range(1000)), encoding="utf-8")
    seen = []
    names = [r.name for r in vcards(path, lambda done, total: seen.append((done, total)))]
    assert names == [f"P{i}" for i in range(1000)]
    size = path.stat().st_size
    assert seen[-1] == (size, size) and len(seen) >= 5


def test_an_unreadable_card_is_reported_and_the_rest_read(run, vault, tmp_path):
    path = tmp_path / "mixed.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Good One\nEND:VCARD\n"
                    "BEGIN:VCARD\nVERSION:3.0\nFN:Bad One\nthis line is no property\n"
                    "END:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Good Two\nEND:VCARD\n",
                    encoding="utf-8")
    out, result = imported(run, path)
    assert [(r["name"], r["action"]) for r in out["records"]] == [
        ("Good One", "create"), ("", "skip"), ("Good Two", "create")]
    assert any(w.startswith(f"{path}: card 2 (line 5): cannot be read (")
               for w in out["warnings"])
