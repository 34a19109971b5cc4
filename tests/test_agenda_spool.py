"""The agenda keeps its settled items out of memory (issue 17, target 4): an agenda of a
vault that is behind has an item for nearly every contact, and held as objects they were
most of the 350 MB of a 100,000-contact backlog. agenda/spool.py keeps each item's bytes,
in a temporary file past SPILL_AT, and only a sort key per item in memory (the items
themselves while there are at most KEEP_ITEMS)."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import resource
import signal
import tempfile
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.agenda import spool
from vaultkit.agenda.spool import ItemSpool, order, sort_key
from vaultkit.model import AgendaItem
from vaultkit.vault import Vault

DAY = dt.date(2026, 11, 27)
# Every character a string can hold, surrogates and NUL among them (a name from YAML can).
ANY_TEXT = st.text(st.characters(codec=None, categories=None), max_size=12)
SMALL_TEXT = st.sampled_from(["", "a", "A", "ab", "a\0", "a\0b", "\ud800", "\ue000", "é",
                              "Zoë", "zoë", "b"]) | ANY_TEXT
DAYS = st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))


def _items(parts: bool = True):
    return st.builds(
        AgendaItem, rule=SMALL_TEXT, note=SMALL_TEXT, name=SMALL_TEXT, link=SMALL_TEXT,
        due=DAYS, text=ANY_TEXT, influence=st.integers(-10**6, 10**6),
        related=st.tuples(ANY_TEXT), held_until=st.none() | DAYS, clause=ANY_TEXT,
        draft=st.none() | SMALL_TEXT, goals=st.lists(SMALL_TEXT, max_size=2).map(tuple),
        parts=st.lists(_items(False), max_size=2).map(tuple) if parts else st.just(()),
        checklist=st.lists(ANY_TEXT, max_size=2).map(tuple),
        mentions=st.lists(st.tuples(ANY_TEXT, ANY_TEXT), max_size=2).map(tuple))


@settings(max_examples=300, deadline=None)
@given(st.lists(_items(), max_size=30), st.sampled_from([0, 200, spool.SPILL_AT]),
       st.sampled_from([0, 5, spool.KEEP_ITEMS]), st.booleans())
def test_the_spool_gives_back_the_items_in_the_agenda_order(items, spill_at, keep, early):
    """As a stable sort of the items by `order` gives them, field for field and of the same
    types, as objects, as bytes in memory or from the file (spilled at the first item or
    the second; gone to bytes at the first item, the sixth or never), read half-way
    (`early`: sorted and read after the first items, then given more) or not."""
    real, real_keep = spool.SPILL_AT, spool.KEEP_ITEMS
    spool.SPILL_AT, spool.KEEP_ITEMS = spill_at, keep
    try:
        kept = ItemSpool()
        for n, item in enumerate(items):
            kept.extend([item])
            if early and n == 2:
                assert list(kept.sort()) == sorted(items[:3], key=order)
        expected = sorted(items, key=order)
        assert list(kept.sort()) == expected and kept == expected and len(kept) == len(items)
        if spill_at in (0, real):  # at 0 from the first item; 30 items never fill 4 MB
            assert kept.spilled == (len(items) > keep and spill_at == 0)
        assert [type(one) for one in kept] == [AgendaItem] * len(items)
        assert [[type(v) for v in one] for one in kept] == [[type(v) for v in one]
                                                            for one in expected]
        if items:
            assert kept[-1] == expected[-1] and kept[1:3] == expected[1:3]
            assert kept + kept == expected * 2 == expected + kept == kept + expected
        assert pickle.loads(pickle.dumps(kept)) == expected == copy.deepcopy(kept)
        assert kept[::-2] == expected[::-2] and kept[-3:] == expected[-3:]
    finally:
        spool.SPILL_AT, spool.KEEP_ITEMS = real, real_keep


@given(_items(False), _items(False))
def test_the_keys_compare_as_the_order_does(one, other):
    """Bytes against the tuple: a string before its extensions, NUL and surrogates too."""
    assert (sort_key(one) < sort_key(other)) == (order(one) < order(other))
    assert (sort_key(one) == sort_key(other)) == (order(one) == order(other))


def _three() -> list[AgendaItem]:
    return [AgendaItem("keep-in-touch", f"people/{n}.md", n, n, DAY, "Check in " * 30)
            for n in ("b", "a", "c")]


def test_without_a_temporary_file_the_items_stay_in_memory(tmp_path, monkeypatch):
    """A missing (or unwritable) temporary folder does not stop the agenda, nor is a file
    tried again for every item that follows."""
    tried = []
    real = tempfile.TemporaryFile

    def counted(*args, **kwargs):
        tried.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    monkeypatch.setattr(tempfile, "TemporaryFile", counted)
    monkeypatch.setattr(spool, "SPILL_AT", 0)
    monkeypatch.setattr(spool, "KEEP_ITEMS", 0)
    kept = ItemSpool()
    for item in _three() * 20:
        kept.extend([item])
    assert not kept.spilled and list(kept) == sorted(_three() * 20, key=order)
    assert len(tried) == 1


@pytest.fixture
def file_size_limit():
    """Files of this process may grow to `limit(n)` bytes (RLIMIT_FSIZE, as a full disk
    refuses a write: EFBIG rather than ENOSPC), SIGXFSZ ignored so the write fails."""
    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        yield lambda n: resource.setrlimit(resource.RLIMIT_FSIZE, (n, old_limit[1]))
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGXFSZ, old_handler)


def test_a_full_disk_brings_the_items_back_into_memory(monkeypatch, file_size_limit):
    """The file takes the first items, then refuses one write half-way: every item is still
    there, in order, from memory."""
    monkeypatch.setattr(spool, "SPILL_AT", 0)
    monkeypatch.setattr(spool, "_WRITE_AT", 0)
    monkeypatch.setattr(spool, "KEEP_ITEMS", 0)
    items = _three() * 40
    kept = ItemSpool()
    file_size_limit(4000)
    for item in items:
        kept.extend([item])
        if len(kept) == 3:
            assert kept.spilled  # the first items went to the file
    file_size_limit(resource.RLIM_INFINITY)
    assert not kept.spilled and list(kept.sort()) == sorted(items, key=order)


def _held_and_items(vault: Vault) -> tuple[int, int]:
    """The memory (tracemalloc) a finished agenda holds, and how many items it has."""
    tracemalloc.start()
    try:
        agenda = vault.agenda(DAY)
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return held, len(agenda.items)


def test_the_agenda_holds_a_key_per_item_not_the_item(backlogs, monkeypatch):
    """Past KEEP_ITEMS items and SPILL_AT bytes an item costs the agenda its key, about
    110 bytes, not the 500 bytes of the item as objects: a finished agenda holds less than
    200 bytes for each item more. (The peak while it is made is the batch of notes being
    judged, flat from 2,000 contacts: index/rule_input.py.)"""
    monkeypatch.setattr(spool, "SPILL_AT", 64 * 1024)
    monkeypatch.setattr(spool, "KEEP_ITEMS", 500)
    _held_and_items(backlogs[800])  # the first agenda imports the rules
    (small, few), (large, many) = (_held_and_items(backlogs[n]) for n in (800, 3200))
    assert many - few > 2000
    assert (large - small) / (many - few) < 200, (small, large, few, many)
