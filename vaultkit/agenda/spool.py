"""The settled items of an agenda, in agenda order, without keeping them all in memory. An
agenda of a large vault that is behind holds an item for nearly every contact (100,000 and
more): as objects, about 600 bytes each (tracemalloc) and a sort key of 160 more. Up to
KEEP_ITEMS items are kept as they are (a vault of 10,000 contacts has about 5,000, and
their bytes would cost a tenth of its agenda's time); past that, every item is kept as
marshal's bytes (230 or so), in memory up to SPILL_AT
bytes and beyond that in an unnamed temporary file, which goes with the process even when
it is killed; memory keeps only each item's sort key, about 110 bytes, and reads an item
back when the agenda is written. Should the temporary file fail (none can be made, the disk
is full), every item comes back into memory and stays there: the agenda is the same, only
larger.

The key is bytes that sort as `order()` does, so that sorting is comparing bytes: the date
and the numbers big-endian, each string UTF-8 (code-point order, as str compares) with its
NUL bytes escaped and a terminator below any character, so that a string sorts before its
extensions. After the key comes where the item is, which breaks ties in the order the items
came, as a stable sort of the items would."""

from __future__ import annotations

import datetime as dt
import marshal
import os
import struct
import tempfile
import weakref
from collections.abc import Iterable, Iterator, Sequence

from vaultkit.model import AgendaItem

KEEP_ITEMS = 8192  # items kept as they are (about 5 MB) before they go to bytes
SPILL_AT = 4 << 20  # bytes of items kept in memory before they go to a temporary file
_WRITE_AT = 256 << 10  # then gathered in memory to this many, for one write
_HEAD = struct.Struct(">IBQ")  # the due day, whether it serves no goal, the influence
_PLACE = struct.Struct(">QI")  # where the item is, and how long: the key's last 12 bytes
_LIFT = 1 << 63  # influence, most first: (_LIFT - influence) rises as it falls


def order(item: AgendaItem) -> tuple:
    """The agenda order. Among items due the same day, those that serve a goal first
    (targeted networking), then the most influential."""
    return (item.due, not item.goals, -item.influence, item.name.lower(), item.rule, item.note)


def sort_key(item: AgendaItem) -> bytes:
    """`order(item)` as bytes that compare as the tuple does."""
    return b"".join((_HEAD.pack(item.due.toordinal(), not item.goals, _LIFT - item.influence),
                     _text(item.name.lower()), _text(item.rule), _text(item.note)))


def _text(value: str) -> bytes:
    return value.encode("utf-8", "surrogatepass").replace(b"\0", b"\0\xff") + b"\0\0"


class ListLike(Sequence):
    """A read-only sequence that stands where a list stood: equal to a list of the same
    values, and added to one as a list is (`agenda.items + agenda.held`)."""

    def __eq__(self, other) -> bool:
        if not _listlike(other):
            return NotImplemented
        return len(self) == len(other) and list(self) == list(other)

    def __add__(self, other) -> list:
        return list(self) + list(other) if _listlike(other) else NotImplemented

    def __radd__(self, other) -> list:
        return list(other) + list(self) if _listlike(other) else NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to a list, so unhashable

    def _slice(self, at: slice) -> list:
        # only the values the slice takes: `items[:3]` reads three, not every item
        return [self[i] for i in range(len(self))[at]]


class ItemSpool(ListLike, Sequence[AgendaItem]):
    """Items added in any order, read back in agenda order once `sort()`ed."""

    def __init__(self, items: Iterable[AgendaItem] = ()):
        # The items themselves while they are few (a vault of 10,000 contacts has about
        # 5,000): their bytes would cost a tenth of such an agenda's time. None once they
        # went to bytes, for good.
        self._objects: list[AgendaItem] | None = []
        self._keys: list[bytes] = []
        self._memory = bytearray()  # the items from byte `_on_file` on
        self._on_file = 0
        self._file = None  # the unnamed temporary file, unbuffered: os.write, os.pread
        self._closing = None
        self._only_memory = False  # a temporary file failed: not tried again
        self._size = 0
        self._sorted = True
        self.extend(items)

    def extend(self, items: Iterable[AgendaItem]) -> None:
        if self._objects is not None:
            self._objects.extend(items)
            self._sorted = False
            if len(self._objects) <= KEEP_ITEMS:
                return
            items, self._objects = self._objects, None  # all to bytes, in the order kept
        bodies, keys, size = [], self._keys, self._size
        for item in items:
            body = marshal.dumps(_plain(item))
            keys.append(sort_key(item) + _PLACE.pack(size, len(body)))
            size += len(body)
            bodies.append(body)
        if bodies:
            self._size = size
            self._keep(b"".join(bodies))
            self._sorted = False

    @property
    def spilled(self) -> bool:
        """Whether the items are in a temporary file."""
        return self._file is not None

    def sort(self) -> ItemSpool:
        if self._objects is not None:
            self._objects.sort(key=order)  # stable: ties in the order they came, as below
        self._keys.sort()
        self._sorted = True
        return self

    def _keep(self, bodies: bytes) -> None:
        self._memory += bodies
        if len(self._memory) > (_WRITE_AT if self._file else SPILL_AT) and not self._only_memory:
            self._write()

    def _write(self) -> None:
        """The items in memory moved to the end of the temporary file (made the first
        time). Should there be no file, or should it take no more (a full disk, a size
        limit), every item comes back into memory and stays there."""
        try:
            if self._file is None:
                self._file = tempfile.TemporaryFile(buffering=0)
                self._closing = weakref.finalize(self, self._file.close)
            fd, view = self._file.fileno(), memoryview(self._memory)
            with view:
                written = 0
                while written < len(view):
                    written += os.write(fd, view[written:])
        except OSError:
            self._back_to_memory()
            return
        self._on_file += len(self._memory)
        self._memory = bytearray()

    def _back_to_memory(self) -> None:
        if self._file is not None:
            self._memory[:0] = os.pread(self._file.fileno(), self._on_file, 0)
            self._closing()
        self._file, self._on_file, self._only_memory = None, 0, True

    def _all_in_one_place(self) -> None:
        if self._file is not None and self._memory:
            self._write()
        if not self._sorted:
            self.sort()

    def _read(self, key: bytes) -> AgendaItem:
        start, size = _PLACE.unpack_from(key, len(key) - _PLACE.size)
        if self._file is None:
            return _item(marshal.loads(memoryview(self._memory)[start:start + size]))
        return _item(marshal.loads(os.pread(self._file.fileno(), size, start)))

    def __iter__(self) -> Iterator[AgendaItem]:
        self._all_in_one_place()
        if self._objects is not None:
            return iter(self._objects)
        if self._file is None:
            return map(self._read, self._keys)
        return self._from_file(self._file.fileno())

    def _from_file(self, fd: int) -> Iterator[AgendaItem]:
        # _read's file half with its names bound once: it runs for every item written
        unpack, end, loads, pread = _PLACE.unpack_from, _PLACE.size, marshal.loads, os.pread
        for key in self._keys:
            start, size = unpack(key, len(key) - end)
            yield _item(loads(pread(fd, size, start)))

    def __len__(self) -> int:
        return len(self._keys) if self._objects is None else len(self._objects)

    def __getitem__(self, at):
        if isinstance(at, slice):
            return self._slice(at)
        self._all_in_one_place()
        if self._objects is not None:
            return self._objects[at]
        return self._read(self._keys[at])

    def __reduce__(self):  # pickle and copy: the items, not the file
        return ItemSpool, (list(self),)

    def __repr__(self) -> str:
        return f"ItemSpool({list(self)!r})"


def _listlike(other) -> bool:
    return isinstance(other, Sequence) and not isinstance(other, str | bytes)


def _plain(item: AgendaItem) -> list:
    """The item as marshal keeps it: its fields, the days as ordinals, its parts plain."""
    fields = list(item)
    fields[4] = item.due.toordinal()
    if item.held_until is not None:
        fields[8] = item.held_until.toordinal()
    if item.parts:
        fields[12] = tuple(map(_plain, item.parts))
    return fields


_day = dt.date.fromordinal
_new = tuple.__new__  # what AgendaItem._make calls, without its checks: these are its fields


def _item(fields: list) -> AgendaItem:
    fields[4] = _day(fields[4])
    if fields[8] is not None:
        fields[8] = _day(fields[8])
    if fields[12]:
        fields[12] = tuple(map(_item, fields[12]))
    return _new(AgendaItem, fields)
