"""`vaultkit export`: real files from a copy of example-vault/, exact output."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import write
from vaultkit.exports.spreadsheet import COLUMNS, neutralise


def test_csv_is_the_contact_spreadsheet(run, vault, tmp_path):
    run("export", "csv", "-o", str(tmp_path / "c.csv"))
    text = (tmp_path / "c.csv").read_bytes().decode("utf-8")
    assert text.startswith(",".join(COLUMNS) + "\r\n")
    assert text.count("\r\n") == text.count("\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + 16  # the example vault's contacts
    david = dict(zip(COLUMNS, next(r for r in rows if r[0] == "David Kim"), strict=True))
    assert david["How they helped"] == "One-to-one; he agreed to be a reference"
    assert david["Company"] == "Hanbit Logistics"
    kim = dict(zip(COLUMNS, next(r for r in rows if r[0] == "Kim Lee"), strict=True))
    assert (kim["Company"], kim["Referred by"], kim["Next due"]) == ("Acme", "Jane Doe", "")
    due = {r[0]: r[11] for r in rows[1:]}
    assert due["Sofia Rossi"] == "2026-11-26"  # last contact Nov 12, every 2 weeks
    assert due["Grace Okafor"] == due["Hannah Schmidt"] == ""  # paused, archived


@pytest.mark.parametrize("cell,shown", [("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
                                        ("+1 555", "'+1 555"), ("-2", "'-2"),
                                        ("@SUM(A1)", "'@SUM(A1)"), ("Ann", "Ann"),
                                        ("", "")])
def test_formula_cells_are_neutralised(cell, shown):
    assert neutralise(cell) == shown


def test_a_crafted_name_cannot_run_a_formula(run, vault, tmp_path):
    write(vault, "people/Evil.md", '---\nname: "=cmd|\' /C calc\'!A0"\ntitle: "@SUM(1)"\n'
                                   "phone: '+44 20 7946 0018'\n---\n")
    out = tmp_path / "contacts.csv"
    run("export", "csv", "--excel", "-o", str(out))
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfName,Title,")
    row = next(r for r in csv.reader(io.StringIO(data.decode("utf-8-sig")))
               if "calc" in r[0])
    assert row[:2] == ["'=cmd|' /C calc'!A0", "'@SUM(1)"]
    assert row[4] == "'+44 20 7946 0018"


def test_json_holds_every_note_with_front_matter_and_entries(run, vault):
    data = json.loads(run("export", "json").stdout)
    assert data["version"] == 1
    assert len(data["notes"]) == len(list(vault.rglob("*.md")))
    jane = next(n for n in data["notes"] if n["path"] == "people/Jane Doe.md")
    assert jane["front_matter"]["email"] == "jane.doe@acme.example"
    first = jane["entries"][0]
    assert set(first) == {"line", "date", "time", "channel", "text", "kinds", "links", "task"}
    leads = json.loads(run("export", "json", "--kind", "lead").stdout)["notes"]
    assert {n["kind"] for n in leads} == {"lead"} and len(leads) == 6


def test_output_that_cannot_be_written(run, vault, tmp_path):
    result = run("export", "json", "-o", str(tmp_path / "no" / "such" / "dir" / "x.json"),
                 expect=1)
    assert result.stderr.startswith(f"Error: {tmp_path / 'no'}")


def test_ics_holds_the_agenda_events_and_birthdays(run, vault, tmp_path):
    import icalendar

    write(vault, "people/Bea Born.md", "---\nname: Bea Born\nbirthday: --02-29\n---\n")
    write(vault, "people/Cy Born.md", "---\nname: Cy Born\nbirthday: 1990-07-04\n"
                                      "status: archived\n---\n")
    out = tmp_path / "agenda.ics"
    run("export", "ics", "--days", "30", "-o", str(out))
    data = out.read_bytes()
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in b"".join(lines)
    assert all(len(line) <= 75 for line in lines)
    for line in lines:
        line.decode("utf-8")  # a fold never splits a character
    cal = icalendar.Calendar.from_ical(data)
    agenda = json.loads(run("agenda", "--days", "30", "--format", "json").stdout)
    wanted = sorted((i["text"], i["due"]) for i in agenda["items"] if i["rule"] != "birthday")
    todos = sorted((str(t["summary"]), t["due"].dt.isoformat()) for t in cal.walk("VTODO"))
    assert todos == wanted
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    summit = events["Korea Cloud Summit"]
    assert summit["dtstart"].dt.isoformat() == "2026-12-08"
    assert summit["dtend"].dt.isoformat() == "2026-12-10"  # the day after its last
    assert "Bea Born's birthday" in events and "Cy Born's birthday" not in events
    bea = events["Bea Born's birthday"]
    assert bea["rrule"]["BYMONTHDAY"] == [-1] and bea["rrule"]["BYMONTH"] == [2]
    assert all(c["dtstamp"] for c in [*cal.walk("VTODO"), *cal.walk("VEVENT")])


def test_ics_uids_are_stable_across_runs_and_unique(run, vault, tmp_path):
    import icalendar

    def uids(name):
        path = tmp_path / name
        run("export", "ics", "--days", "30", "-o", str(path))
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        return [str(c["uid"]) for c in cal.subcomponents]

    first = uids("a.ics")
    note = vault / "people/Sofia Rossi.md"
    note.write_text(note.read_text(encoding="utf-8") + "- 2026-11-26 (email) Hello #checkin\n",
                    encoding="utf-8")
    second = uids("b.ics")
    assert len(set(first)) == len(first)
    assert set(second) <= set(first)  # the check-in moved or left; no new UID


def test_kind_is_for_json_only(run):
    result = run("export", "csv", "--kind", "lead", expect=2)
    assert "--kind is for json; csv is about contacts" in result.stderr
