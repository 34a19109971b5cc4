"""The agenda's templates see every item (`agenda.items`, docs/agenda.md) but a page shows
the first `[agenda] max_items` of each section: the dicts are made as they are read
(present/agenda_view.py), so a text agenda of a backlog no longer holds a dict for each of
its items (issue 17: 200 MB for 100,000)."""

from __future__ import annotations

import datetime as dt
import json
import tracemalloc

import pytest

from conftest import write
from vaultkit.agenda import spool
from vaultkit.present.agenda import agenda_chunks, agenda_json, agenda_page
from vaultkit.vault import Vault

DAY = dt.date(2026, 11, 27)
DATE = DAY.isoformat()


def test_a_template_reads_the_items_as_it_would_a_list(run, vault):
    """Length, indexing from the end, slices, `+`, reverse, sort, the json filter: the
    same as over the lists of the JSON agenda."""
    write(vault, ".vaultkit/templates/mine.txt.j2",
          "{% set items = agenda['items'] %}"
          "{{ items | length }}|{{ items[-1].name }}|"
          "{{ items[1:3] | map(attribute='priority') | join(',') }}|"
          "{{ (items + agenda.held) | length }}|"
          "{% for i in items | reverse %}{{ i.priority }},{% endfor %}|"
          "{{ items | sort(attribute='name') | map(attribute='name') | first }}|"
          "{{ agenda.held | json }}|{{ agenda | json }}")
    data = json.loads(run("agenda", "--date", DATE, "--format", "json").stdout)
    items, held = data["items"], data["held"]
    assert len(items) > 3 and held
    expected = "|".join([
        str(len(items)), items[-1]["name"], ",".join(str(i["priority"]) for i in items[1:3]),
        str(len(items) + len(held)), "".join(f"{i['priority']}," for i in items[::-1]),
        sorted(items, key=lambda i: i["name"])[0]["name"],
        json.dumps(held, ensure_ascii=False), json.dumps(data, ensure_ascii=False)])
    shown = run("agenda", "--date", DATE, "--template", "mine.txt.j2").stdout
    assert shown.rstrip("\n") == expected


def _page_peak(vault: Vault, fmt: str) -> tuple[int, int]:
    """tracemalloc's peak while a made agenda is rendered in `fmt`, and its items."""
    agenda = vault.agenda(DAY)
    page = agenda_page(vault, agenda, fmt)
    tracemalloc.start()
    try:
        for _piece in agenda_chunks(vault.root, agenda, fmt, None, False, vault.templates,
                                    page):
            pass
        return tracemalloc.get_traced_memory()[1], len(agenda.items)
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_a_page_holds_the_items_it_shows_not_every_item(backlogs, fmt, monkeypatch):
    """At four times the items the page's peak grows by less than 100 bytes an item (a
    dict of each took about 1,500); the page shows 50 a section either way."""
    monkeypatch.setattr(spool, "SPILL_AT", 64 * 1024)
    for vault in backlogs.values():  # each vault's first page compiles its templates
        _page_peak(vault, fmt)
    (small, few), (large, many) = (_page_peak(backlogs[n], fmt) for n in (800, 3200))
    assert many - few > 2000
    assert (large - small) / (many - few) < 100, (small, large, few, many)


def test_every_item_is_still_shown_with_all(backlogs):
    """--all: every item, in agenda order, as in the JSON agenda."""
    vault = backlogs[800]
    text = vault.agenda_text(DAY, "md", every=True)
    names = [i["name"] for i in agenda_json(vault.agenda(DAY))["items"]]
    assert len(names) > 800
    at = [text.index(f"{name}") for name in names[:5]]
    assert at == sorted(at) and all(name in text for name in names)


def test_a_slice_makes_only_the_dicts_it_takes():
    """`agenda["items"][:3]` in a template makes three dicts, not one for every item."""
    from vaultkit.model import AgendaItem
    from vaultkit.present.agenda import item_json
    from vaultkit.present.agenda_view import ItemDicts

    made = []

    def counted(item, today, n):
        made.append(n)
        return item_json(item, today, n)

    items = [AgendaItem("keep-in-touch", f"people/{n}.md", str(n), str(n), DAY, "Check in")
             for n in range(100)]
    dicts = ItemDicts(items, DAY, True, counted)
    assert dicts[:3] == [item_json(one, DAY, n) for n, one in enumerate(items[:3], 1)]
    assert made == [1, 2, 3]
    assert dicts[-2:] == [item_json(one, DAY, n) for n, one in enumerate(items, 1)][-2:]
