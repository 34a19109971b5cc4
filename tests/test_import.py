"""`vaultkit import linkedin`: real files on disk (fixtures written here, invented people),
a copy of example-vault/, the real CLI, index and safe writes."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest

from conftest import REALDATA, write
from vaultkit.imports.merge import Matcher
from vaultkit.imports.records import Record, import_date
from vaultkit.imports.tables import ImportFileError, read_rows

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
FIRST = 6  # the line of the first row after PREAMBLE and HEADER
PREAMBLE = ('Notes:\n"When exporting your connection data, you may notice that some of '
            'the email addresses are missing.\nYou will only see, with commas, some."\n\n')


def connections(tmp_path, rows: list[str], preamble: str = PREAMBLE, header: str = HEADER,
                newline: str = "\n", bom: bool = False, final: bool = True,
                name: str = "Connections.csv"):
    text = preamble + "\n".join([header, *rows]) + ("\n" if final else "")
    text = text.replace("\n", newline)
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def imported(run, path, *options):
    result = run("import", "linkedin", str(path), "--json", *options)
    return json.loads(result.stdout)


def front(vault, rel: str) -> str:
    return (vault / rel).read_text(encoding="utf-8")


# ---- reading --------------------------------------------------------------------------

@pytest.mark.parametrize("preamble", ["", "Notes:\n", PREAMBLE, "Notes:\n" + "x\n" * 30])
@pytest.mark.parametrize("newline,bom,final", [("\n", False, True), ("\r\n", True, False)])
def test_preambles_boms_line_ends(run, vault, tmp_path, preamble, newline, bom, final):
    path = connections(tmp_path, [
        'Omar,Diaz,https://www.linkedin.com/in/omar-diaz,omar@example.org,"Diaz, Ltd.",CTO,'
        "12 Mar 2021",
        'Lena,Berg,linkedin.com/in/lena-berg/?trk=x,,"Nord\nWorks",Lead,15-Jan-24',
    ], preamble, newline=newline, bom=bom, final=final)
    out = imported(run, path)
    assert (out["created"], out["updated"], out["unchanged"], out["skipped"]) == (2, 0, 0, 0)
    assert [r["where"] for r in out["records"]] == [f"{path}:{n}" for n in
                                                    (preamble.count("\n") + 2,
                                                     preamble.count("\n") + 3)]
    omar = front(vault, "people/Omar Diaz.md")
    assert omar.startswith("---\nname: Omar Diaz\ntitle: CTO\ncompany: Diaz, Ltd.\n"
                           "email: omar@example.org\n"
                           "linkedin: https://www.linkedin.com/in/omar-diaz\n"
                           "connected: 2021-03-12\n---\n")
    lena = front(vault, "people/Lena Berg.md")
    assert "company: Nord Works\n" in lena and "connected: 2024-01-15\n" in lena
    assert "linkedin: https://www.linkedin.com/in/lena-berg\n" in lena


def test_columns_are_found_by_name(run, vault, tmp_path):
    path = connections(tmp_path, ["2023-05-14,Acme,Ada,,Lovelace,Founder,x"],
                       header="Connected On,Company,First Name,URL,Last Name,Position,Extra")
    imported(run, path)
    assert 'company: "[[Acme]]"\n' in front(vault, "people/Ada Lovelace.md")
    assert "connected: 2023-05-14\n" in front(vault, "people/Ada Lovelace.md")


@pytest.mark.parametrize("text,day", [
    ("12 Mar 2021", dt.date(2021, 3, 12)), ("15-Jan-24", dt.date(2024, 1, 15)),
    ("05/14/23", dt.date(2023, 5, 14)), ("14/05/2023", dt.date(2023, 5, 14)),
    ("2023-05-14", dt.date(2023, 5, 14)), ("1 Sept 2020", dt.date(2020, 9, 1)),
    ("31 Feb 2021", None), ("soon", None), ("", None),
])
def test_dates_as_exports_write_them(text, day):
    assert import_date(text) == day


@pytest.mark.parametrize("data,message", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not a CSV file"),
    (b"", "the file is empty"),
    (b"Name,Phone\nJo,123\n", "not a LinkedIn export (Connections.csv or messages.csv): "
                               "no header row with the columns First Name, Last Name, URL "
                               "or Conversation ID, From"),
])
def test_files_that_are_not_connections(run, tmp_path, data, message):
    path = tmp_path / "Connections.csv"
    path.write_bytes(data)
    result = run("import", "linkedin", str(path), expect=1)
    assert result.stderr.startswith(f"Error: {path}")
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_windows_1252_file_is_read_and_said(run, vault, tmp_path):
    """Excel on Windows saves "CSV (comma delimited)" in Windows-1252."""
    path = tmp_path / "Connections.csv"
    path.write_bytes(f"{HEADER}\nRen\xe9e,Faure,,,Soci\xe9t\xe9 G\xe9n\xe9rale,,\n"
                     .encode("cp1252") + b"Odd,Byte\x81,,,,,\n")
    result = run("import", "linkedin", str(path))
    assert result.stderr == f"Warning: {path}: not UTF-8; read as Windows-1252\n"
    assert "company: Société Générale\n" in front(vault, "people/Renée Faure.md")
    assert (vault / "people/Odd Byte\ufffd.md").exists()  # undefined in Windows-1252


def test_a_missing_file(run, tmp_path):
    result = run("import", "linkedin", str(tmp_path / "nope.csv"), expect=1)
    assert result.stderr == f"Error: {tmp_path / 'nope.csv'}: no such file\n"


def test_reading_reports_progress_in_bytes(tmp_path):
    rows = [f"P{i},Q{i},https://linkedin.com/in/p{i},,,,01 Jan 2024" for i in range(2000)]
    path = connections(tmp_path, rows)
    seen = []
    records = list(read_rows(path, ("First Name", "Last Name", "URL"), "x",
                             lambda done, total: seen.append((done, total))))
    assert len(records) == 2000
    size = path.stat().st_size
    assert seen[-1] == (size, size)
    assert len(seen) >= 4 and [d for d, _ in seen] == sorted(d for d, _ in seen)


# ---- bad records ----------------------------------------------------------------------

def test_names_that_would_make_paths(run, vault, tmp_path):
    long = "A" * 300
    path = connections(tmp_path, ["../../x,,,,,,", "a/b,c,,,,,", "CON,,,,,,",
                                  f"{long},,,,,,", ",,https://linkedin.com/in/nobody,,,,"])
    result = run("import", "linkedin", str(path))
    assert not (vault.parent.parent / "x.md").exists() and not (vault / "x.md").exists()
    assert (vault / "people/x.md").exists()
    assert (vault / "people/a b c.md").exists()
    assert (vault / "people/CON (note).md").exists()
    assert (vault / f"people/{'A' * 120}.md").exists()
    assert "name: '../../x'\n" in front(vault, "people/x.md")
    assert f"name: {long}\n" in front(vault, f"people/{'A' * 120}.md")
    assert f"Warning: {path}:{FIRST}: the name '../../x' cannot be a file name as it is; the " \
           "note is people/x.md" in result.stderr
    assert f"Skipped {path}:{FIRST + 4}: no name" in result.stderr
    assert result.stdout.endswith("created 4, updated 0, unchanged 0, skipped 1\n")


def test_markup_and_control_characters_are_removed_and_said(run, vault, tmp_path):
    path = connections(tmp_path, ['<b>Eve</b>,Moss\x07,,,"<script>alert(1)</script>Acme",,'])
    result = run("import", "linkedin", str(path))
    text = front(vault, "people/Eve Moss.md")
    assert "name: Eve Moss\n" in text and "company: alert(1)Acme\n" in text
    assert "<" not in text and "\x07" not in text
    assert f"Warning: {path}:{FIRST}: removed HTML markup from First Name" in result.stderr
    assert f"Warning: {path}:{FIRST}: removed control characters from Last Name" in result.stderr


# ---- merging --------------------------------------------------------------------------

def test_a_known_person_is_filled_in_never_overwritten(run, vault, tmp_path):
    before = front(vault, "people/Kim Lee.md")
    path = connections(tmp_path, [
        "Kim,Lee,https://linkedin.com/in/kim-lee-sre/,kim.lee@acme.example,Globex,"
        "Site Reliability Lead,01 Jun 2024"])
    out = imported(run, path)
    assert (out["created"], out["updated"]) == (0, 1)
    record = out["records"][0]
    assert record["path"] == "people/Kim Lee.md"
    assert record["added"] == {"linkedin": "https://www.linkedin.com/in/kim-lee-sre",
                               "connected": "2024-06-01"}
    assert record["conflicts"] == [
        f"people/Kim Lee.md: company is '[[Acme]]'; {path}:{FIRST} says 'Globex' (kept)"]
    after = front(vault, "people/Kim Lee.md")
    added = "linkedin: https://www.linkedin.com/in/kim-lee-sre\nconnected: 2024-06-01\n"
    assert after.replace(added, "") == before
    assert imported(run, path)["unchanged"] == 1  # a second time changes nothing


def test_matched_by_linkedin_url_in_any_form(run, vault, tmp_path):
    first = connections(tmp_path, ["Ann,Ode,https://www.linkedin.com/in/ann-ode/,,,,"],
                        name="a.csv")
    again = connections(tmp_path, ["Annie,Ode,http://linkedin.com/in/Ann-Ode?trk=abc,,Acme,,"],
                        name="b.csv")
    imported(run, first)
    out = imported(run, again)
    assert out["records"][0]["path"] == "people/Ann Ode.md"
    assert out["records"][0]["action"] == "update"
    assert not (vault / "people/Annie Ode.md").exists()


def test_same_name_different_people_become_two_notes(run, vault, tmp_path):
    path = connections(tmp_path, ["Jane,Doe,,jane.other@example.net,Initech,,",
                                  "Jane,Doe,,jane.third@example.org,Umbrella,,"])
    out = imported(run, path)
    assert [r["path"] for r in out["records"]] == ["people/Jane Doe 2.md",
                                                   "people/Jane Doe 3.md"]
    assert "email: jane.other@example.net" in front(vault, "people/Jane Doe 2.md")
    assert imported(run, path)["unchanged"] == 2


def test_a_unique_name_without_contradiction_matches(run, vault, tmp_path):
    path = connections(tmp_path, ["Tom,Becker,,,,,03 Feb 2025"])
    out = imported(run, path)
    assert out["records"][0]["path"] == "people/Tom Becker.md"


def test_a_person_twice_in_one_file_is_one_note(run, vault, tmp_path):
    path = connections(tmp_path, ["Rui,Sa,https://linkedin.com/in/rui,,,,",
                                  "Rui,Sa,https://linkedin.com/in/rui,rui@example.com,,,"])
    out = imported(run, path)
    assert [r["action"] for r in out["records"]] == ["create", "update"]
    assert "email: rui@example.com" in front(vault, "people/Rui Sa.md")


def test_matching_by_phone_and_refusing_to_guess():
    contacts = [("people/A.md", "Ana Lima", {"phone": "+44 20 7946 0018"}),
                ("people/B.md", "Bo Chan", {"email": "bo@example.com"}),
                ("people/C1.md", "Cy Ng", {}), ("people/C2.md", "Cy Ng", {})]
    matcher = Matcher(contacts, "GB")
    taken = iter(["people/new.md", "people/A. Lima.md"])

    def plan(name, **values):
        return matcher.plan(Record("f.csv:2", name, values), lambda _name: next(taken))

    assert plan("ana  lima", phone="020 7946 0018").path == "people/A.md"
    both = plan("X", phone="+442079460018", email="bo@example.com")
    assert both.action == "skip" and "people/A.md, people/B.md" in both.reason
    assert plan("Cy Ng").action == "skip"
    assert plan("Bo Chan", email="other@example.com").path == "people/new.md"
    weak = plan("A. Lima", phone="020 7946 0018")  # a phone alone, another name: apart
    assert (weak.action, weak.path) == ("create", "people/A. Lima.md")
    assert "shares a phone number with people/A.md (Ana Lima)" in weak.record.warnings[0]


def test_dry_run_writes_nothing_and_says_the_same(run, vault, tmp_path, index_path):
    path = connections(tmp_path, ["Kim,Lee,,,,,01 Jun 2024", "New,Person,,,,,"])
    files = {p: p.read_bytes() for p in vault.rglob("*.md")}
    dry = run("import", "linkedin", str(path), "--dry-run")
    assert {p: p.read_bytes() for p in vault.rglob("*.md")} == files
    assert dry.stdout == (f"{path}:{FIRST}: would add people/Kim Lee.md (connected)\n"
                          f"{path}:{FIRST + 1}: would create people/New Person.md\n"
                          "Dry run, nothing written: created 1, updated 1, unchanged 0, "
                          "skipped 0\n")
    real = run("import", "linkedin", str(path))
    assert real.stdout == "created 1, updated 1, unchanged 0, skipped 0\n"


def test_spread_staggers_next_dates(run, vault, tmp_path):
    rows = [f"P{i},Spread,https://linkedin.com/in/p{i},,,,01 Jan 2024" for i in range(60)]
    imported(run, connections(tmp_path, rows), "--spread")
    today = dt.date.today()
    days = sorted((dt.date.fromisoformat(front(vault, f"people/P{i} Spread.md")
                                         .split("next: ")[1][:10]) - today).days
                  for i in range(60))
    assert days[0] == 0 and days[-1] == 29
    assert max(days.count(d) for d in set(days)) == 2  # 60 over 30 days


def test_existing_notes_other_bytes_untouched(run, vault, tmp_path):
    note = write(vault, "people/Quirky One.md",
                 "\ufeff---\r\nname: Quirky One  # keep me\r\ntags: [a, b]\r\n"
                 "unknown: 'x'\r\n---\r\nBody\r\n")
    before = note.read_bytes()
    path = connections(tmp_path, ["Quirky,One,,q@example.com,,,"])
    imported(run, path)
    after = note.read_bytes()
    assert after == before.replace(b"unknown: 'x'\r\n", b"unknown: 'x'\r\nemail: q@example.com\r\n")


# ---- real exports ---------------------------------------------------------------------

LINKEDIN = REALDATA / "linkedin"


@pytest.mark.skipif(not LINKEDIN.is_dir(), reason="../shared/realdata is not here")
@pytest.mark.parametrize("name,count", [
    ("connections_bom_unicode.csv", 2), ("connections_double_blank_preamble.csv", 7),
    ("connections_no_trailing_newline.csv", 3), ("connections_reordered_columns.csv", 10),
    ("connections_short_preamble_trk_urls.csv", 2),
])
def test_real_linkedin_exports(run, vault, name, count):
    out = imported(run, LINKEDIN / name)
    assert out["created"] + out["updated"] + out["unchanged"] == count
    assert out["skipped"] == 0
    again = imported(run, LINKEDIN / name)
    assert again["unchanged"] == count


def test_read_rows_rejects_a_folder(tmp_path):
    with pytest.raises(ImportFileError, match="is a folder"):
        list(read_rows(tmp_path, ("a",), "x"))


# ---- Google and any spreadsheet ------------------------------------------------------

GOOGLE = ("First Name,Middle Name,Last Name,Birthday,E-mail 1 - Label,E-mail 1 - Value,"
          "E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,"
          "Organization Name,Organization Title,Website 1 - Value\n"
          "Nia,,Okoro,--04-09,Work,nia@example.com ::: nia.o@example.org,Home,,"
          "Mobile,+44 7700 900123,Okoro Labs,Founder,https://linkedin.com/in/nia-okoro\n"
          ",,,1990-02-03,,,,,,,Solo Org,,\n"
          "Kim,,Lee,,Work,kim.lee@acme.example,,,,,,,\n")


def test_google_contacts(run, vault, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text(GOOGLE, encoding="utf-8")
    out = json.loads(run("import", "google", str(path), "--json").stdout)
    assert [(r["action"], r["path"]) for r in out["records"]] == [
        ("create", "people/Nia Okoro.md"), ("create", "people/Solo Org.md"),
        ("unchanged", "people/Kim Lee.md")]
    nia = front(vault, "people/Nia Okoro.md")
    assert nia.startswith("---\nname: Nia Okoro\ntitle: Founder\ncompany: Okoro Labs\n"
                          "email:\n  - nia@example.com\n  - nia.o@example.org\n"
                          "phone: +44 7700 900123\n"
                          "linkedin: https://linkedin.com/in/nia-okoro\n"
                          "birthday: --04-09\n---\n")
    assert "birthday: 1990-02-03\n" in front(vault, "people/Solo Org.md")
    assert run("check").exit_code == 0


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_spreadsheet_with_mapped_columns(run, vault, tmp_path, delimiter):
    """Comma, or semicolon as Excel writes CSV where the decimal mark is a comma, or tab."""
    path = tmp_path / "people.csv"
    rows = [["Given", "Family", "Mail", "Employer", "First met", "Ignored"],
            ["Ana", "Ruiz", "ana@example.com, ana@work.example", "Ruiz & Co", "3/14/2024", "x"],
            ["Kim", "Lee", "", "", "", ""]]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    out = json.loads(run("import", "csv", str(path), "--map", "Given=name", "--map",
                         "Family=name", "--map", "Mail=email", "--map", "Employer=company",
                         "--map", "First met=met", "--json").stdout)
    assert [(r["action"], r["path"]) for r in out["records"]] == [
        ("create", "people/Ana Ruiz.md"), ("unchanged", "people/Kim Lee.md")]
    assert front(vault, "people/Ana Ruiz.md").startswith(
        "---\nname: Ana Ruiz\ncompany: Ruiz & Co\nemail:\n  - ana@example.com\n"
        "  - ana@work.example\nmet: 2024-03-14\n---\n")


@pytest.mark.parametrize("option,message", [
    ("Name", "--map 'Name': expected COLUMN=KEY"),
    ("Name=Not A Key", "--map 'Name=Not A Key': expected COLUMN=KEY"),
    ("Mail=email", "--map: no column is mapped to name"),
])
def test_bad_maps(run, tmp_path, option, message):
    """A --map the command cannot take is a usage error (exit 2, with the usage), as any
    option value it cannot take (found by a newcomer: it exited 1)."""
    path = tmp_path / "x.csv"
    path.write_text("Name,Mail\nA,b@example.com\n", encoding="utf-8")
    result = run("import", "csv", str(path), "--map", option, expect=2)
    assert message in result.stderr and "Usage: " in result.stderr
    assert "Traceback" not in result.stderr


GOOGLE_REAL = REALDATA / "google_csv" / "google_legacy_format.csv"


@pytest.mark.skipif(not GOOGLE_REAL.exists(), reason="../shared/realdata is not here")
def test_real_google_export(run, vault):
    out = json.loads(run("import", "google", str(GOOGLE_REAL), "--json").stdout)
    assert [r["name"] for r in out["records"]] == ["Jerry Mathis", "Zoë, Smith"]
    assert out["created"] == 2
    assert "phone: (757) 555-0101\n" in front(vault, "people/Jerry Mathis.md")


# ---- LinkedIn messages ------------------------------------------------------------------

MESSAGES = ("CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
            "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n"
            "c1,,Me Myself,https://www.linkedin.com/in/me,Kim Lee,"
            "https://www.linkedin.com/in/kim-lee-sre,2026-11-20 09:00:00 UTC,,"
            "\"Thanks for the #intro, see [[you]]\",INBOX\n"
            "c1,,Kim Lee,https://www.linkedin.com/in/kim-lee-sre,Me Myself,"
            "https://www.linkedin.com/in/me,2026-11-18 09:00:00 UTC,,Hello,INBOX\n"
            "c2,,Stranger Danger,https://www.linkedin.com/in/stranger,Me Myself,"
            "https://www.linkedin.com/in/me,2026-11-01 10:00:00 UTC,Hi,Hi there,INBOX\n")


def test_messages_log_the_latest_message_of_each_conversation(run, vault, tmp_path):
    kim = vault / "people/Kim Lee.md"
    kim.write_text(kim.read_text(encoding="utf-8").replace(
        "tags: [sre]", "tags: [sre]\nlinkedin: https://linkedin.com/in/kim-lee-sre"),
        encoding="utf-8")
    before = kim.read_text(encoding="utf-8")
    path = tmp_path / "messages.csv"
    path.write_text(MESSAGES, encoding="utf-8")
    result = run("import", "linkedin", str(path))
    assert result.stdout == "created 0, updated 1, unchanged 0, skipped 1\n"
    assert f"Skipped {path}:4: no note for Stranger Danger" in result.stderr
    line = "- 2026-11-20 (linkedin) LinkedIn message to Kim Lee: Thanks for the intro, see you"
    after = kim.read_text(encoding="utf-8")
    assert after.count(line) == 1
    assert after.replace(line + "\n", "") == before
    again = run("import", "linkedin", str(path))
    assert again.stdout == "created 0, updated 0, unchanged 1, skipped 1\n"
    assert kim.read_text(encoding="utf-8") == after
    show = json.loads(run("show", "Kim Lee", "--json").stdout)
    assert show["last_contact"] == "2026-11-20"


def test_a_large_import_shows_progress_on_a_terminal(tmp_path, vault):
    """A real process whose stderr is a terminal (a pseudo-terminal) draws bars for the
    writing and the indexing; piped, it prints none."""
    import os
    import pty
    import subprocess
    import sys
    import threading

    rows = [f"P{i},Bar,https://linkedin.com/in/p{i}-bar,,,,01 Jan 2024" for i in range(1200)]
    path = connections(tmp_path, rows)
    args = [sys.executable, "-m", "vaultkit", "--vault", str(vault), "import", "linkedin",
            str(path)]
    main, secondary = pty.openpty()
    drawn = bytearray()

    def drain():  # read while the process writes, so that it never blocks on the pty
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:
                return
            if not chunk:
                return
            drawn.extend(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    proc = subprocess.run([*args, "--index", str(tmp_path / "a.sqlite3")],
                          stdout=subprocess.PIPE, stderr=secondary, check=True, timeout=120)
    os.close(secondary)
    reader.join(timeout=30)
    os.close(main)
    assert b"Writing" in drawn and b"Indexing" in drawn and b"100%" in drawn
    assert proc.stdout.endswith(b"created 1200, updated 0, unchanged 0, skipped 0\n")
    piped = subprocess.run([*args, "--index", str(tmp_path / "b.sqlite3")],
                           capture_output=True, check=True, timeout=120)
    assert piped.stderr == b""
    assert piped.stdout.endswith(b"created 0, updated 0, unchanged 1200, skipped 0\n")


def test_a_50_mb_file_is_read_as_a_stream(tmp_path):
    """Rows are read one by one with progress: the memory used stays far below the file's
    size."""
    import tracemalloc

    path = tmp_path / "big.csv"
    row = "Ann,Example,https://linkedin.com/in/ann,ann@example.com,Acme," + "x" * 400 + \
        ",01 Jan 2024\n"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER + "\n")
        handle.write(row * (50_000_000 // len(row) + 1))
    size = path.stat().st_size
    assert size > 50_000_000
    seen = []
    tracemalloc.start()
    count = sum(1 for _ in read_rows(path, ("First Name",), "x",
                                     lambda done, total: seen.append(done)))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 50_000_000 // len(row) + 1
    assert seen[-1] == size and len(seen) > 100
    assert peak < 5_000_000


def test_one_conversation_tells_me_by_my_name(run, vault, tmp_path):
    write(vault, ".vaultkit/config.toml", '[me]\nname = "Me Myself"\n')
    path = tmp_path / "messages.csv"
    path.write_text("\n".join(MESSAGES.splitlines()[:2]) + "\n", encoding="utf-8")
    kim = vault / "people/Kim Lee.md"
    kim.write_text(kim.read_text(encoding="utf-8").replace(
        "tags: [sre]", "tags: [sre]\nlinkedin: https://linkedin.com/in/kim-lee-sre"),
        encoding="utf-8")
    result = run("import", "linkedin", str(path))
    assert result.stdout == "created 0, updated 1, unchanged 0, skipped 0\n"
    assert "LinkedIn message to Kim Lee" in kim.read_text(encoding="utf-8")


def test_a_note_in_a_merge_conflict_is_skipped_and_the_rest_written(run, vault, tmp_path):
    kim = vault / "people/Kim Lee.md"
    kim.write_text(kim.read_text(encoding="utf-8") + "<<<<<<< HEAD\nmine\n=======\ntheirs\n"
                   ">>>>>>> other\n", encoding="utf-8")
    before = kim.read_bytes()
    path = connections(tmp_path, ["Kim,Lee,,,,,01 Jun 2024", "New,Person,,,,,"])
    out = imported(run, path)
    assert [(r["action"], r["reason"]) for r in out["records"]] == [
        ("skip", "not written: people/Kim Lee.md: has git conflict markers; resolve the "
                 "merge first"), ("create", None)]
    assert kim.read_bytes() == before
