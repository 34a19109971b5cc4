"""`[agenda] max_items` (issue 17, target 5): the text, Markdown and HTML agendas show the
first items of each section — the most urgent and influential, in the agenda's own order —
and one line saying how many more and that `--all` shows every one; JSON always has every
item. The agenda note's ticks still match by id. And the JSON agenda, written in batches,
is byte for byte what one `json.dumps` of it gives."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from conftest import write
from vaultkit.model import AgendaItem
from vaultkit.present.agenda import agenda_json, item_json, item_text, json_chunks
from vaultkit.present.filters import to_json

DATE = "2026-11-27"
MORE = "… and {n} more; vaultkit agenda --all shows every one"
# Ten contacts overdue for a check-in on the same day, of influence 1–5 (two of each), one
# of influence 1 overdue for longer, and one thank-you due today: the overdue section has
# eleven items, today's one.
PEOPLE = [(f"Person {i:02d}", i % 5 + 1) for i in range(10)]
EARLIER = ("Person 10", 1)


@pytest.fixture
def small(tmp_path) -> Path:
    root = tmp_path / "small"
    write(root, ".vaultkit/config.toml", "[agenda]\nmax_items = 3\n")
    for (name, influence), day in [*((one, "10-01") for one in PEOPLE), (EARLIER, "09-15")]:
        write(root, f"people/{name}.md", f"---\nname: {name}\ninfluence: {influence}\n"
              f"cadence: 30d\n---\n## Log\n- 2026-{day} (email) Caught up #checkin\n")
    write(root, "people/Met Today.md", "---\nname: Met Today\n---\n## Log\n"
          "- 2026-11-26 (in person) Met at the fair #met\n")
    return root


def agenda(run, small: Path, fmt: str, *more: str) -> str:
    return run("agenda", "--date", DATE, "--format", fmt, *more, vault_path=small).stdout


def test_text_shows_max_items_of_a_section_and_says_how_many_more(run, small):
    page = agenda(run, small, "text")
    overdue = page.split("Overdue\n")[1].split("\n\n")[0].splitlines()
    assert len(overdue) == 4, page  # three items and the line saying how many more
    assert overdue[-1] == "  " + MORE.format(n=8)
    assert "Send Met Today a thank-you" in page  # a section under the cap: all of it
    assert page.count("more; vaultkit agenda --all") == 1


def test_the_cap_keeps_the_most_urgent_and_influential_in_the_agenda_order(run, small):
    data = json.loads(agenda(run, small, "json"))
    overdue = [i for i in data["items"] if i["overdue"]]
    assert len(overdue) == 11  # JSON has every item
    shown = re.findall(r"Check in with (Person \d\d)", agenda(run, small, "text"))
    assert shown == [i["name"] for i in overdue[:3]]
    assert shown[0] == EARLIER[0]  # the most overdue first, whatever its influence
    influence = dict(PEOPLE)
    assert [influence[n] for n in shown[1:]] == [5, 5]  # then the most influential


def test_all_shows_every_item_and_no_more_line(run, small):
    page = agenda(run, small, "text", "--all")
    assert len(re.findall(r"Check in with Person \d\d", page)) == 11
    assert "more; vaultkit agenda --all" not in page
    assert agenda(run, small, "json", "--all") == agenda(run, small, "json")


def test_markdown_caps_its_boxes_and_the_more_line_is_no_task(run, small):
    page = agenda(run, small, "md")
    boxes = [line for line in page.splitlines() if line.startswith("- [ ]")]
    assert len(boxes) == 4  # three overdue, one today
    assert "*… and 8 more; `vaultkit agenda --all` shows every one*" in page.splitlines()
    assert len([line for line in agenda(run, small, "md", "--all").splitlines()
                if line.startswith("- [ ]")]) == 12


def test_html_counts_every_item_and_shows_the_cap(run, small):
    page = agenda(run, small, "html")
    assert page.count('class="item"') == 4
    assert '<h2>Overdue <span class="count">11</span></h2>' in page
    assert "… and 8 more; <code>vaultkit agenda --all</code> shows every one" in page
    assert agenda(run, small, "html", "--all").count('class="item"') == 12


def test_the_count_has_thousands_separators(run, small):
    for i in range(1100):
        write(small, f"people/Many {i:04d}.md", "---\ncadence: 30d\n---\n## Log\n"
              "- 2026-10-01 (email) Caught up #checkin\n")
    assert MORE.format(n="1,108") in agenda(run, small, "text")


def test_a_ticked_item_of_the_capped_note_is_applied_and_the_next_one_comes_in(run, small):
    note = small / "Agenda.md"
    note.write_text(agenda(run, small, "md"), encoding="utf-8")
    first = next(line for line in note.read_text().splitlines() if "Check in with" in line)
    name = re.search(r"Person \d\d", first).group()
    note.write_text(note.read_text().replace(first, first.replace("- [ ]", "- [x]")))
    result = run("agenda", "apply", str(note), "--date", DATE, vault_path=small)
    assert f"people/{name}.md" in result.stdout
    assert "Checked in" in (small / f"people/{name}.md").read_text()
    again = note.read_text()
    assert name not in again
    assert len([line for line in again.splitlines() if "Check in with" in line]) == 3
    assert MORE.format(n=7).replace("vaultkit agenda --all", "`vaultkit agenda --all`") in again


@pytest.mark.parametrize("value", ["0", "-3", '"5"', "true", "2.5", "[3]"])
def test_max_items_must_be_a_positive_whole_number(run, small, value):
    config = small / ".vaultkit" / "config.toml"
    config.write_text(f"# settings\n\n[agenda]\ntasks_plugin = false\nmax_items = {value}\n")
    result = run("agenda", "--date", DATE, vault_path=small, expect=3)
    assert result.stderr.startswith(f"Error: {config}:5: 'agenda.max_items' must be a whole "
                                    "number of items, at least 1, not "), result.stderr
    assert "Traceback" not in result.stderr


def test_max_items_as_a_dotted_key_is_found_on_its_line(run, small):
    config = small / ".vaultkit" / "config.toml"
    config.write_text('agenda.max_items = 0\n[me]\nname = "A"\n', encoding="utf-8")
    result = run("agenda", vault_path=small, expect=3)
    assert result.stderr.startswith(f"Error: {config}:1: 'agenda.max_items'"), result.stderr


# --- the JSON agenda in batches -------------------------------------------------------

@pytest.mark.parametrize("batch", [1, 2, 3, 500])
def test_json_in_batches_is_byte_for_byte_one_dump(session, batch):
    agenda = session.agenda(dt.date(2026, 11, 27), 30)
    assert len(agenda.items) > 6 and agenda.held and agenda.warnings
    assert "".join(json_chunks(agenda, batch)) == to_json(agenda_json(agenda)) + "\n"
    empty = session.agenda(dt.date(2026, 11, 27), 0, rules=["renewal"])
    assert "".join(json_chunks(empty, batch)) == to_json(agenda_json(empty)) + "\n"


def test_json_is_written_as_it_is_made(session):
    """The JSON agenda comes in pieces, the first before the last item is encoded."""
    chunks = session.agenda_chunks(dt.date(2026, 11, 27), "json", days=30)
    first = next(chunks)
    assert first.startswith('{"date": "2026-11-27", "days": 30, "until": ')
    assert '"rule"' not in first  # no item encoded yet
    rest = list(chunks)
    assert len(rest) >= 3 and json.loads(first + "".join(rest))["items"]


ODD = AgendaItem("task", "people/Zoë \"Q\" Ng.md", "Zoë \"Q\" Ng\n", "Zoë \"Q\" Ng",
                 dt.date(2026, 11, 20), "Send the \\ path \u2028 tab\t, \x00 and \udc80 «»",
                 influence=2.5, related=("A", "B \"b\""), draft=None, goals=("g",),
                 checklist=("one", "two"), mentions=(("A", "people/A.md"),),
                 held_until=dt.date(2026, 12, 1))


@pytest.mark.parametrize("item, priority", [
    (ODD, None), (ODD._replace(influence=True, draft="check-in"), 7),
    (ODD._replace(influence=4, related=(), goals=(), checklist=(), held_until=None,
                  parts=(ODD, ODD._replace(due=dt.date(2027, 1, 1)))), 1)])
def test_an_item_written_directly_is_what_the_encoder_writes(item, priority):
    today = dt.date(2026, 11, 27)
    assert item_text(item, today, priority) == to_json(item_json(item, today, priority))


def test_the_live_agenda_note_is_cut_too(small, tmp_path):
    """The note `watch --agenda` keeps renders through the same page: cut the same way."""
    from vaultkit.vault import Vault

    with Vault.open(small, tmp_path / "live.sqlite3") as vault:
        vault.sync()
        day = dt.date(2026, 11, 27)
        live = vault.live_agenda_text(day, "md", None, None)
        assert live == vault.agenda_text(day, "md")
        assert len([line for line in live.splitlines() if line.startswith("- [ ]")]) == 4
        assert "*… and 8 more; `vaultkit agenda --all` shows every one*" in live


def test_a_judged_note_lets_go_of_its_decoded_json(small, tmp_path):
    """The agenda of a large vault holds every candidate until it is made: each lets go of
    the front matter and facts decoded while it was judged (same agenda, less memory)."""
    from vaultkit.agenda.build import build_agenda
    from vaultkit.vault import Vault

    write(small, "people/Met Today.md", "---\nname: Met Today\nmet_at: Fair\n---\n## Log\n"
          "- 2026-11-20 (phone) Caught up #checkin\n- 2026-11-26 Met at the fair #met\n")
    with Vault.open(small, tmp_path / "released.sqlite3") as vault:
        vault.sync()
        day = dt.date(2026, 11, 27)
        settings = vault.rule_settings()
        notes = list(vault.rules.candidates(day, settings, 7))
        assert all(isinstance(n._meta, str) and isinstance(n._facts, str) for n in notes)
        agenda = build_agenda(notes, vault.rules.referrals(), day, settings, 7,
                              lookup=vault.rules.lookup(),
                              network_notes=vault.rules.network_notes(settings, []))
        assert all(isinstance(n._meta, str) and isinstance(n._facts, str) for n in notes)
        assert agenda == vault.agenda(day, 7) and len(agenda.items) == 12
