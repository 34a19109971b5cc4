"""The agenda as data for scripts (the JSON schema in docs/agenda.md) and as the context of
the agenda templates (present/templates.py renders them; Vault.render_agenda chooses).
No Jinja here: the JSON agenda needs none, and a template renders through the Templates
handed in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.agenda.build import Agenda
from vaultkit.agenda.ids import item_id
from vaultkit.config import USER_TEMPLATES
from vaultkit.errors import UsageError
from vaultkit.model import AgendaItem
from vaultkit.notes.dates import shift
from vaultkit.present.filters import to_json

if TYPE_CHECKING:  # only its type: Jinja loads when a template renders
    from vaultkit.present.templates import Templates

FORMATS = {"text": "agenda.txt.j2", "md": "agenda.md.j2", "html": "agenda.html.j2",
           "json": "agenda.json.j2"}


def item_json(item: AgendaItem, today: dt.date, priority: int | None) -> dict:
    data = {
        "rule": item.rule, "note": item.note, "name": item.name, "link": item.link,
        "due": item.due.isoformat(), "overdue": item.due < today,
        "days": (item.due - today).days, "text": item.text, "priority": priority,
        "influence": item.influence, "related": list(item.related),
        "draft": item.draft, "goals": list(item.goals), "id": item_id(item),
    }
    if item.checklist:
        data["checklist"] = list(item.checklist)
    if item.parts:
        data["parts"] = [item_json(part, today, None) for part in item.parts]
    if item.held_until:
        data["held_until"] = item.held_until.isoformat()
    return data


def agenda_json(agenda: Agenda) -> dict:
    """The stable schema: `priority` is the item's place in the agenda order (1 first)."""
    return {
        "date": agenda.date.isoformat(),
        "days": agenda.days,
        "until": shift(agenda.date, agenda.days).isoformat(),
        "items": [item_json(i, agenda.date, n) for n, i in enumerate(agenda.items, 1)],
        "held": [item_json(i, agenda.date, None) for i in agenda.held],
        "warnings": [{"rule": w.rule, "note": w.note, "name": w.name, "text": w.text}
                     for w in agenda.warnings],
    }


@dataclass(frozen=True)
class AgendaContext:
    """The context of every agenda template (`agenda.txt.j2`, `.md.j2`, `.html.j2`,
    `.json.j2`, and a vault's own). Items are the dicts of `agenda_json()`."""

    agenda: dict  # all of agenda_json(): date, days, until, items, held, warnings
    date: str  # the agenda's date, ISO
    until: str  # the last day it covers, ISO
    overdue: list[dict]  # items due before `date`, most overdue first
    today: list[dict]  # items due on `date`
    upcoming: list[dict]  # items due after `date`, up to `until`
    held: list[dict]  # give them space: items held back, with `held_until`
    warnings: list[dict]  # too-frequent and future-entry warnings
    vault: str  # the vault folder's name
    width: int | None = None  # the terminal's width for `wrap(width, indent)`; None: as is


def agenda_context(agenda: Agenda, vault_root: Path,
                   width: int | None = None) -> AgendaContext:
    data = agenda_json(agenda)
    items = data["items"]
    return AgendaContext(
        agenda=data, date=data["date"], until=data["until"],
        overdue=[i for i in items if i["days"] < 0],
        today=[i for i in items if i["days"] == 0],
        upcoming=[i for i in items if i["days"] > 0],
        held=data["held"], warnings=data["warnings"], vault=vault_root.name, width=width)


def render_agenda(root: Path, agenda: Agenda, fmt: str, template: str | None, color: bool,
                  templates: Callable[[], Templates], width: int | None = None) -> str:
    """The agenda in `fmt`, or through `template`; `templates()` gives the compiled
    templates (the vault's own first), asked for only when a template renders; `width`:
    the terminal's, for the text agenda to wrap to (None: not wrapped)."""
    if not template and fmt not in FORMATS:
        raise UsageError(f"no agenda format '{fmt}' ({', '.join(FORMATS)})")
    name = template or FORMATS[fmt]
    if name == FORMATS["json"] and not (root / USER_TEMPLATES / name).exists():
        # What the built-in agenda.json.j2 renders (a test holds them equal), without
        # Jinja: scripts ask for it often, and on large vaults.
        return to_json(agenda_json(agenda)) + "\n"
    return templates().render(name, agenda_context(agenda, root, width), color=color)
