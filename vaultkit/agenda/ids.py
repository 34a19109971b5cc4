"""Each agenda item's id: a short name that stays the same while the item does, so a box
ticked in the Markdown agenda (where it is an Obsidian block id, `^vk-…`) can be matched
with the item it was rendered for, after any number of renders or a sync from a phone.

It is made of what makes the item itself: its rule, the note it is about, what it links
to, its due date, the people involved and, for a task, the task's text (one note may hold
several tasks due the same day). The sentence is left out (except a task's): its wording
may change with the settings, and a tick must still find its item."""

from __future__ import annotations

import hashlib

from vaultkit.model import AgendaItem

PREFIX = "vk-"
DIGITS = 10  # hex digits: a clash among the items of one agenda is about one in 10**12


def item_id(item: AgendaItem) -> str:
    """`vk-` and ten hex digits; letters, digits and dashes only, as Obsidian's block ids
    must be."""
    parts = [item.rule, item.note, item.link, item.due.isoformat(), *item.related]
    if item.rule == "task":
        parts.append(item.text)
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogateescape"),
                             digest_size=DIGITS // 2)
    return PREFIX + digest.hexdigest()
