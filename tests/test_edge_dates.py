"""Dates at the edge of the calendar: an event, a birthday, a plan or a log entry on
`9999-12-31` (or an agenda asked for that day, or for `0001-01-01`) never stop a command
with an OverflowError: every date computed from them is clamped, or left out where a
calendar cannot hold it; a datetime with impossible parts is a problem naming the key and
its line."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from vaultkit.notes.dates import next_day, shift
from vaultkit.notes.values import parse_date

EDGE_EVENT = "---\nname: Last Event\ndate: 9999-12-31\nend: 9999-12-31\n---\n# Last Event\n"
EDGE_PERSON = ("---\nname: Old Person\nbirthday: 9999-12-31\nmet: 2026-11-20T25:00:00\n"
               "next: 9999-12-31\n---\n# Old Person\n\n## Log\n\n- 9999-12-31 #call talked\n")


@pytest.fixture
def edge(vault):
    (vault / "events" / "Last Event.md").write_text(EDGE_EVENT)
    (vault / "people" / "Old Person.md").write_text(EDGE_PERSON)
    (vault / "people" / "Early Person.md").write_text(
        "---\nname: Early Person\nbirthday: 0001-01-01\nmet: 0001-01-01\n---\n# Early\n")
    return vault


def test_an_ics_export_holds_the_last_day_of_the_calendar(run, edge, tmp_path):
    out = tmp_path / "agenda.ics"
    run("export", "ics", "--days", "3660", "--output", str(out))
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    last = events["Last Event"]
    assert last["dtstart"].dt == dt.date(9999, 12, 31)
    assert "dtend" not in last  # a one-day event (RFC 5545 3.6.1): there is no day after
    assert events["Old Person's birthday"]["dtstart"].dt == dt.date(9999, 12, 31)
    assert events["Raj Singh's birthday"]["dtend"].dt > events["Raj Singh's birthday"][
        "dtstart"].dt


@pytest.mark.parametrize("day", ["9999-12-31", "9999-12-25", "0001-01-01", "2026-03-10"])
@pytest.mark.parametrize("fmt", ["text", "json", "md"])
def test_the_agenda_answers_on_any_day(run, edge, day, fmt):
    result = run("agenda", "--date", day, "--days", "3660", "--format", fmt)
    assert "unexpected" not in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "vcard", "json"])
def test_every_export_answers_beside_edge_dates(run, edge, fmt):
    assert "unexpected" not in run("export", fmt).stderr


def test_an_impossible_time_is_a_problem_naming_key_and_line(run, edge):
    result = run("check", expect=1)
    assert ("people/Old Person.md:4: met: '2026-11-20T25:00:00' is not a date"
            in result.stdout), result.stdout


@pytest.mark.parametrize(("value", "day"), [
    ("2026-11-20T25:00:00", None), ("2026-11-20T10:61", None), ("2026-11-20T23:59:60", None),
    ("2026-11-20T23:59:59", dt.date(2026, 11, 20)), ("2026-11-20 10:30", dt.date(2026, 11, 20)),
    ("2026-11-20T10:30:00+09:00", dt.date(2026, 11, 20)), ("2026-02-30", None),
])
def test_parse_date_refuses_impossible_parts(value, day):
    assert parse_date(value) == day


def test_shift_clamps_to_the_calendar():
    assert shift(dt.date.max, 30) == dt.date.max
    assert shift(dt.date.min, dt.timedelta(days=-1)) == dt.date.min
    assert shift(dt.date(2026, 1, 1), 10**12) == dt.date.max
    assert shift(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 1)
    assert next_day(dt.date.max) is None
