"""A task is marked with the day it was done, ` ✅ DATE`, as the Obsidian Tasks plugin marks
it, and counts as contact on that day — not on the day it was planned for, which may be
later (a task done early was a "future" entry) or long past."""

import datetime as dt
import json
from pathlib import Path

from conftest import write
from vaultkit.config import Config
from vaultkit.notes.edit import tick_task
from vaultkit.notes.parse import parse_note

CONFIG = Config(root=Path("/vault"))

LOG = "---\nname: Jane\n---\n## Log\n"


def entries(body: str):
    note = parse_note("people/Jane.md", (LOG + body).encode(), CONFIG)
    return note.entries, tuple(note.problems)


def test_a_done_task_counts_on_its_done_day():
    (entry,), problems = entries("- [x] 2026-12-01 Send the article ✅ 2026-11-27\n")
    assert (entry.task, entry.date, problems) == ("done", "2026-11-27", ())
    (entry,), _ = entries("- [x] Send the article 📅 2026-12-01 ✅ 2026-11-27\n")
    assert entry.date == "2026-11-27"


def test_without_a_done_day_or_on_an_open_task_the_planned_day_stands():
    (entry,), _ = entries("- [x] 2026-12-01 Send the article\n")
    assert entry.date == "2026-12-01"
    (entry,), _ = entries("- [ ] 2026-12-01 Send the article ✅ 2026-11-27\n")
    assert (entry.task, entry.date) == ("open", "2026-12-01")


def test_a_done_day_that_is_no_date_is_a_problem_and_not_guessed():
    (entry,), problems = entries("- [x] 2026-12-01 Send it ✅ 2026-11-31\n")
    assert entry.date == "2026-12-01"
    assert [p.message for p in problems] == [
        "task done date '✅ 2026-11-31' is not a real date"]


def test_ticking_marks_the_day_before_a_block_id_and_only_once():
    text = LOG + "- [ ] 2026-12-01 Send it ^abc-1\n- [ ] 2026-12-02 Call\n"
    new, _ = tick_task(text, "Send", ("Log",), dt.date(2026, 11, 27))
    assert "- [x] 2026-12-01 Send it ✅ 2026-11-27 ^abc-1\n" in new
    new, _ = tick_task(new, "Call", ("Log",), dt.date(2026, 11, 28))
    assert new.endswith("- [x] 2026-12-02 Call ✅ 2026-11-28\n")
    again = LOG + "- [ ] 2026-12-01 Send it ✅ 2026-11-20\n"
    assert tick_task(again, None, ("Log",), dt.date(2026, 11, 27))[0].count("✅") == 1


def test_a_task_done_early_is_contact_that_day_not_a_future_entry(run, vault):
    run("done", "jane", "article", "--date", "2026-11-27")
    shown = json.loads(run("show", "jane", "--json", "--date", "2026-11-27").stdout)
    assert shown["last_contact"] == "2026-11-27"
    agenda = json.loads(run("agenda", "--date", "2026-11-27", "--format", "json").stdout)
    assert not [w for w in agenda["warnings"] if w["rule"] == "future-entry"
                and w["name"] == "Jane Doe"]


def test_the_tasks_plugins_own_done_mark_is_read(run, vault):
    write(vault, "people/Ann.md", "---\nname: Ann\n---\n## Log\n"
          "- 2026-10-01 Met #met\n- [x] Send the deck 📅 2026-12-05 ✅ 2026-11-02\n")
    run("index")
    listed = json.loads(run("list", "--json").stdout)
    assert {n["name"]: n["last_contact"] for n in listed}["Ann"] == "2026-11-02"
