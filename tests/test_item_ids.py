"""Item ids: what a ticked box in the Markdown agenda is matched by."""

import datetime as dt
import json
import re

from vaultkit.agenda.ids import item_id
from vaultkit.model import AgendaItem

DATE = "2026-11-27"
DAY = dt.date(2026, 11, 27)


def an_item(**changes) -> AgendaItem:
    base = AgendaItem(rule="thank-you", note="people/Ahmed Hassan.md", name="Ahmed Hassan",
                      link="Ahmed Hassan", due=DAY, text="Send Ahmed Hassan a thank-you")
    return base._replace(**changes)


def test_an_id_is_an_obsidian_block_id():
    assert re.fullmatch(r"vk-[0-9a-f]{10}", item_id(an_item()))


def test_the_sentence_does_not_change_the_id_but_what_makes_the_item_does():
    same = item_id(an_item())
    assert item_id(an_item(text="Thank Ahmed Hassan (serves your goal: fintech)")) == same
    for change in ({"rule": "keep-in-touch"}, {"note": "people/Ahmed.md"},
                   {"link": "Omar Diaz"}, {"due": DAY + dt.timedelta(days=1)},
                   {"related": ("Jane Doe",)}):
        assert item_id(an_item(**change)) != same, change


def test_two_tasks_due_the_same_day_in_one_note_differ():
    task = an_item(rule="task", note="leads/Acme.md", link="Acme")
    assert item_id(task._replace(text="Send the exercise")) != item_id(
        task._replace(text="Book the call"))


def test_every_item_of_the_example_agenda_has_its_own_id_and_the_md_ends_with_it(run):
    data = json.loads(run("agenda", "--date", DATE, "--days", "30",
                          "--format", "json").stdout)
    items = data["items"] + data["held"]
    ids = [i["id"] for i in items]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"vk-[0-9a-f]{10}", p["id"]) for i in items
               for p in i.get("parts", []))
    md = run("agenda", "--date", DATE, "--days", "30", "--format", "md").stdout
    boxes = [line for line in md.splitlines() if line.startswith("- [ ] ")]
    assert [line.rsplit(" ^", 1)[1] for line in boxes] == [i["id"] for i in data["items"]]
    assert "    - [ ]" not in md  # only an item's own line is a box to tick
