"""Imported contacts are weak ties until you act: LinkedIn's Connected On is `connected:`
(not a meeting: no thank-you), imported contacts keep imported_cadence (default never)
unless `import --cadence` is given, `--spread` writes a first check-in that says so, at
most `--per-day` a day."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from test_import import connections, front, imported
from test_rules import TODAY, agenda, contact, d, found

from conftest import stop_after
from vaultkit.agenda.build import RuleSettings
from vaultkit.agenda.context import when

DAY = dt.timedelta(days=1)


# --- the rules -------------------------------------------------------------------------

def test_a_connection_is_not_a_meeting():
    result = agenda(contact("Kim", f"connected: {d(-1)}"))
    assert found(result, "thank-you") == [] and found(result, "keep-in-touch") == []


def test_the_first_check_in_says_it_comes_from_the_import():
    result = agenda(contact("Kim", f"connected: {d(-400)}\nnext: {d(2)}"))
    assert found(result, "keep-in-touch") == [
        ("Kim", TODAY + 2 * DAY, "Check in with Kim: first check-in since the LinkedIn import")]
    item = [i for i in result.items if i.rule == "keep-in-touch"][0]
    assert (item.clause, item.draft) == ("check in with {them}", "check-in")


@pytest.mark.parametrize("connected, due", [(-59, 1), (-60, 0), (-61, -1)])
def test_imported_cadence_from_connected_at_its_edges(connected, due):
    settings = RuleSettings(imported_cadence=60 * DAY)
    result = agenda(contact("Kim", f"connected: {d(connected)}"), settings=settings)
    assert found(result, "keep-in-touch") == [
        ("Kim", TODAY + due * DAY,
         f"Check in with Kim: connected on {when(TODAY + connected * DAY, TODAY)}, no "
         "contact since; you keep in touch with imported contacts every 60 days")]


def test_an_imports_cadence_on_the_note_wins_over_imported_cadence():
    result = agenda(contact("Kim", f"connected: {d(-14)}\ncadence: 2w"))
    assert [day for _n, day, _t in found(result, "keep-in-touch")] == [TODAY]
    result = agenda(contact("Kim", f"connected: {d(-14)}\ncadence: never\nnext: {d(0)}"))
    assert found(result, "keep-in-touch") == []


def test_once_you_log_contact_the_normal_cadence_applies():
    kim = contact("Kim", f"connected: {d(-400)}", f"- {d(-30)} (email) Caught up")
    assert found(agenda(kim), "keep-in-touch") == [
        ("Kim", TODAY, f"Check in with Kim: last contact {when(TODAY - 30 * DAY, TODAY)}; "
                       "you keep in touch every 30 days")]


def test_a_meeting_makes_it_no_longer_a_weak_tie():
    kim = contact("Kim", f"connected: {d(-400)}\nmet: {d(-1)}")
    assert found(agenda(kim), "thank-you")


# --- the import ------------------------------------------------------------------------

def test_connected_on_becomes_connected_and_raises_no_thank_you(run, vault, tmp_path):
    day = (dt.date.today() - DAY).strftime("%d %b %Y")
    imported(run, connections(tmp_path, [f"Ada,Byron,,,,,{day}"]))
    text = front(vault, "people/Ada Byron.md")
    assert f"connected: {dt.date.today() - DAY}\n" in text and "met:" not in text
    items = json.loads(run("agenda", "--format", "json").stdout)["items"]
    assert [i for i in items if i["name"] == "Ada Byron"] == []


def test_import_cadence_is_written_on_new_notes(run, vault, tmp_path):
    imported(run, connections(tmp_path, ["Ada,Byron,,,,,01 Jan 2024"]), "--cadence", "2w")
    text = front(vault, "people/Ada Byron.md")
    assert "cadence: 2w\n" in text or "cadence: '2w'\n" in text


def test_import_cadence_must_be_an_interval(run, vault, tmp_path):
    result = run("import", "linkedin", str(connections(tmp_path, ["Ada,Byron,,,,,"])),
                 "--cadence", "sometimes", expect=2)
    assert "'sometimes' is not an interval such as 2w, 1m or never" in result.stderr


def _spread_days(run, vault, tmp_path, count: int, *options) -> list[int]:
    rows = [f"P{i},Spread,https://linkedin.com/in/p{i},,,,01 Jan 2024" for i in range(count)]
    imported(run, connections(tmp_path, rows), "--spread", *options)
    today = dt.date.today()
    return sorted((dt.date.fromisoformat(front(vault, f"people/P{i} Spread.md")
                                         .split("next: ")[1][:10]) - today).days
                  for i in range(count))


def test_spread_puts_at_most_per_day_on_one_day(run, vault, tmp_path):
    days = _spread_days(run, vault, tmp_path, 500)
    assert days[0] == 0 and days[-1] == 99  # 500 at 5 a day: 100 days, not 30
    assert max(days.count(n) for n in set(days)) == 5


def test_spread_per_day_option(run, vault, tmp_path):
    days = _spread_days(run, vault, tmp_path, 60, "--per-day", "1")
    assert days == list(range(60))


def _next_days(vault, stems: list[str]) -> list[int]:
    today = dt.date.today()
    return sorted((dt.date.fromisoformat(front(vault, f"people/{stem}.md")
                                         .split("next: ")[1][:10]) - today).days
                  for stem in stems)


def test_a_second_spread_import_fills_the_days_the_first_left(run, vault, tmp_path):
    """Found in review: each import spread its contacts from today at `--per-day` a day,
    whatever the days already held, so two imports (or one stopped and run again, as its
    message says to) put twice as many on a day. Check-ins already set count."""
    first = [f"P{i},First,https://linkedin.com/in/p{i},,,,01 Jan 2024" for i in range(100)]
    second = [f"Q{i},Second,https://linkedin.com/in/q{i},,,,01 Jan 2024" for i in range(100)]
    imported(run, connections(tmp_path, first, name="a.csv"), "--spread")
    imported(run, connections(tmp_path, second, name="b.csv"), "--spread")
    days = _next_days(vault, [f"P{i} First" for i in range(100)]
                      + [f"Q{i} Second" for i in range(100)])
    assert max(days.count(n) for n in set(days)) == 5
    assert days[0] == 0 and days[-1] == 39  # 200 at 5 a day: 40 days


def test_a_spread_import_stopped_and_run_again_keeps_to_per_day(run, vault, tmp_path,
                                                                 monkeypatch):
    from vaultkit.disk import files

    rows = [f"S{i},Stopped,https://linkedin.com/in/s{i},,,,01 Jan 2024" for i in range(30)]
    path = connections(tmp_path, rows)
    restore = stop_after(monkeypatch, files, "_link", 10)
    run("import", "linkedin", str(path), "--spread", "--per-day", "1", expect=1)
    restore()
    run("import", "linkedin", str(path), "--spread", "--per-day", "1")
    days = _next_days(vault, [f"S{i} Stopped" for i in range(30)])
    assert len(set(days)) == 30, days  # one a day, as asked


def test_a_small_import_still_spreads_over_the_cadence(run, vault, tmp_path):
    days = _spread_days(run, vault, tmp_path, 10, "--cadence", "20d")
    assert days == [0, 2, 4, 6, 8, 10, 12, 14, 16, 18]


def test_the_spread_check_ins_say_so_on_the_agenda(run, vault, tmp_path):
    _spread_days(run, vault, tmp_path, 3)
    items = json.loads(run("agenda", "--format", "json").stdout)["items"]
    spread = [i["text"] for i in items if i["name"].endswith("Spread")]
    assert spread and all(t.endswith(": first check-in since the LinkedIn import")
                          for t in spread)
