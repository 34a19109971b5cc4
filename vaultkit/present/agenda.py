"""The agenda as data for scripts (the JSON schema in docs/agenda.md) and as the context of
the agenda templates (present/templates.py renders them; Vault.render_agenda chooses).
No Jinja here: the JSON agenda needs none, and a template renders through the Templates
handed in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from json.encoder import encode_basestring as _string  # json.dumps's own, without ensure_ascii
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.agenda.build import Agenda
from vaultkit.agenda.ids import item_id
from vaultkit.config import USER_TEMPLATES
from vaultkit.errors import UsageError, VaultkitError
from vaultkit.model import AgendaItem
from vaultkit.notes.dates import shift
from vaultkit.notes.severity import is_error
from vaultkit.present.agenda_view import ItemDicts, sections
from vaultkit.present.filters import to_json
from vaultkit.present.links import md_link, obsidian_base

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
        "mentions": [list(one) for one in item.mentions],
    }
    if item.checklist:
        data["checklist"] = list(item.checklist)
    if item.parts:
        data["parts"] = [item_json(part, today, None) for part in item.parts]
    if item.held_until:
        data["held_until"] = item.held_until.isoformat()
    return data


def item_text(item: AgendaItem, today: dt.date, priority: int | None) -> str:
    """`to_json(item_json(item, today, priority))`, byte for byte (a test holds them equal),
    written directly: no dict per item, no walk of one by the encoder (a JSON agenda of a
    large vault has a hundred thousand items). The fields the model types as text are
    encoded as text."""
    due = item.due
    text = (f'{{"rule": {_string(item.rule)}, "note": {_string(item.note)}, '
            f'"name": {_string(item.name)}, "link": {_string(item.link)}, '
            f'"due": "{due.isoformat()}", "overdue": {"true" if due < today else "false"}, '
            f'"days": {(due - today).days}, "text": {_string(item.text)}, '
            f'"priority": {_v(priority)}, "influence": {_v(item.influence)}, '
            f'"related": {_list(item.related) if item.related else "[]"}, '
            f'"draft": {_v(item.draft)}, "goals": {_list(item.goals) if item.goals else "[]"}, '
            f'"id": "{item_id(item)}", "mentions": '
            f'[{", ".join([_list(one) for one in item.mentions])}]')
    if item.checklist:
        text += f', "checklist": {_list(item.checklist)}'
    if item.parts:
        text += ', "parts": [' + ", ".join(item_text(part, today, None)
                                           for part in item.parts) + "]"
    if item.held_until:
        text += f', "held_until": "{item.held_until.isoformat()}"'
    return text + "}"


def _v(value: object) -> str:
    """One value as json.dumps writes it (strings through its own encoder)."""
    kind = type(value)
    if kind is str:
        return _string(value)
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    return to_json(value)  # bool, float, anything else: as the encoder would


def _list(values) -> str:
    return "[" + ", ".join(map(_v, values)) + "]"


def json_chunks(agenda: Agenda, batch: int = 500):
    """`to_json(agenda_json(agenda)) + "\\n"` in pieces, byte for byte (a test holds them
    equal), a batch of items at a time: the whole agenda is never one string, nor every
    item a dict at once."""
    today = agenda.date
    head = to_json({"date": agenda.date.isoformat(), "days": agenda.days,
                    "until": shift(agenda.date, agenda.days).isoformat()})
    yield head[:-1] + ', "items": ['
    yield from _batches(((i, today, n) for n, i in enumerate(agenda.items, 1)), batch)
    yield '], "held": ['
    yield from _batches(((i, today, None) for i in agenda.held), batch)
    yield '], "warnings": ' + to_json([_warning(w) for w in agenda.warnings]) + "}\n"


def _batches(rows: Iterator[tuple], size: int) -> Iterator[str]:
    rows = iter(rows)
    first = True
    while part := ", ".join([item_text(*row) for row in islice(rows, size)]):
        yield part if first else ", " + part
        first = False


def _warning(w) -> dict:
    return {"rule": w.rule, "note": w.note, "name": w.name, "text": w.text}


def agenda_json(agenda: Agenda) -> dict:
    """The stable schema: `priority` is the item's place in the agenda order (1 first)."""
    return {
        "date": agenda.date.isoformat(),
        "days": agenda.days,
        "until": shift(agenda.date, agenda.days).isoformat(),
        "items": [item_json(i, agenda.date, n) for n, i in enumerate(agenda.items, 1)],
        "held": [item_json(i, agenda.date, None) for i in agenda.held],
        "warnings": [_warning(w) for w in agenda.warnings],
    }


@dataclass(frozen=True)
class AgendaContext:
    """The context of every agenda template (`agenda.txt.j2`, `.md.j2`, `.html.j2`,
    `.json.j2`, and a vault's own). Items are the dicts of `agenda_json()`."""

    # All of agenda_json(): date, days, until, items, held, warnings; items and held are
    # sequences whose dicts are made as they are read (agenda_view.ItemDicts).
    agenda: dict
    date: str  # the agenda's date, ISO
    until: str  # the last day it covers, ISO
    overdue: list[dict]  # items due before `date`, most overdue first
    today: list[dict]  # items due on `date`
    upcoming: list[dict]  # items due after `date`, up to `until`
    held: list[dict]  # give them space: items held back, with `held_until`
    warnings: list[dict]  # too-frequent and future-entry warnings
    vault: str  # the vault folder's name
    # The notes that could not be read (agenda_problems): path, line, message, `link` (an
    # Obsidian link to the note), `loss` (what the agenda misses: "" when nothing).
    problems: list[dict] = ()
    unread: int = 0  # how many notes `problems` names
    tasks_plugin: bool = False  # [agenda] tasks_plugin: ` 📅 DUE` on each Markdown item
    link_base: str = ""  # a note's URL is this + its quoted path (obsidian:// or file://)
    mailto: dict = field(default_factory=dict)  # item id -> its draft's mailto: (html)
    width: int | None = None  # the terminal's width for `wrap(width, indent)`; None: as is
    # Each section (overdue, today, upcoming, held, warnings) shows its first `max_items`
    # ([agenda] max_items; None with --all: every one); `more`: section -> how many not shown.
    max_items: int | None = None
    more: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    """What the agenda's page shows besides the items; `Vault.agenda_page` fills it."""

    problems: tuple = ()  # (path, line, message) of every note, as Vault.problems() gives
    tasks_plugin: bool = False
    links: str = "obsidian"  # obsidian:// URLs, or file:// ones ("file")
    mailto: Callable[[dict], str | None] | None = None  # an item's draft as a mailto: URL
    width: int | None = None  # the text agenda wraps to this (the terminal's); None: not
    max_items: int | None = None  # items a section shows ([agenda] max_items); None: all


# What a problem means for the agenda, by how its message starts: the front matter is
# not read at all, so the note's items (and its name in others') are missing.
_FRONT_UNREAD = "its front matter is not read: items that need it are missing or wrong"
_LOSS = (("invalid YAML", _FRONT_UNREAD),
         ("front matter", _FRONT_UNREAD),
         ("YAML aliases", _FRONT_UNREAD),
         ("log entry date", "that entry is not counted"))


def agenda_problems(problems) -> list[tuple[str, int, str]]:
    """The problems the agenda lists: those that lose data (YAML, dates, encodings,
    conflicts, …), not links that resolve to no note or to several."""
    return sorted(p for p in problems if is_error(p[2]))


def _problem(path: str, line: int, message: str) -> dict:
    loss = next((what for start, what in _LOSS if message.startswith(start)), "")
    return {"path": path, "line": line, "message": message, "loss": loss,
            "link": md_link(path, path)}


def agenda_context(agenda: Agenda, vault_root: Path, page: Page | None = None
                   ) -> AgendaContext:
    page = page or Page()
    data = agenda_data(agenda)
    problems = [_problem(*p) for p in agenda_problems(page.problems)]
    base = (vault_root.resolve().as_uri() + "/" if page.links == "file"
            else obsidian_base(vault_root.name))
    shown, more = sections(agenda.items, data["held"], data["warnings"], agenda.date,
                           page.max_items, item_json)
    return AgendaContext(
        agenda=data, date=data["date"], until=data["until"], **shown, vault=vault_root.name,
        problems=problems, unread=len({p["path"] for p in problems}),
        tasks_plugin=page.tasks_plugin, link_base=base,
        mailto=_mailtos([i for key in ("overdue", "today", "upcoming") for i in shown[key]],
                        page),
        width=page.width, max_items=page.max_items, more=more)


def agenda_data(agenda: Agenda) -> dict:
    """agenda_json(agenda), its items' dicts made as they are read (agenda_view.py)."""
    return {**agenda_json(_no_items(agenda)),
            "items": ItemDicts(agenda.items, agenda.date, True, item_json),
            "held": ItemDicts(agenda.held, agenda.date, False, item_json)}


def _no_items(agenda: Agenda) -> Agenda:
    return Agenda(agenda.date, agenda.days, [], [], agenda.warnings)


def _mailtos(items: list[dict], page: Page) -> dict:
    if page.mailto is None:
        return {}
    found = {}
    for item in items:
        if item["draft"]:
            url = page.mailto(item)
            if url:
                found[item["id"]] = url
    return found


def agenda_page(vault, agenda: Agenda, fmt: str, links: str = "obsidian",
                width: int | None = None, every: bool = False) -> Page:
    """The page of `vault`'s agenda in `fmt` (called back with the Vault): its notes'
    problems, the Tasks setting, for html the links and drafts, for text the `width` to
    wrap to, and how many items a section shows (`[agenda] max_items`; `every`: all).
    JSON needs none: it always has every item (scripts read it)."""
    if fmt == "json":
        return Page()
    return Page(tuple(vault.problems()), vault.config.tasks_plugin, links,
                draft_mailto(vault, agenda) if fmt == "html" else None, width,
                None if every else vault.config.max_items)


def draft_mailto(vault, agenda: Agenda) -> Callable[[dict], str | None]:
    """An item's draft as a mailto: URL, through `vault` (called back, not imported; its
    notes read once for the page); None when the contact has no e-mail address or the
    vault refuses the draft."""
    draft_of = vault.drafter(agenda.date, agenda)

    def mailto(item: dict) -> str | None:
        try:
            note = vault.find(item["note"])
            if note.kind == "contact" and not note.meta.get("email"):
                return None
            draft = draft_of(item["draft"], item["note"])
        except VaultkitError:
            return None
        return draft.mailto() if draft.to else None
    return mailto


def render_agenda(root: Path, agenda: Agenda, fmt: str, template: str | None, color: bool,
                  templates: Callable[[], Templates], page: Page | None = None) -> str:
    """The agenda in `fmt`, or through `template`; `templates()` gives the compiled
    templates (the vault's own first), asked for only when a template renders; `page`:
    what the page shows besides the items (agenda_page)."""
    return "".join(agenda_chunks(root, agenda, fmt, template, color, templates, page))


def agenda_chunks(root: Path, agenda: Agenda, fmt: str, template: str | None, color: bool,
                  templates: Callable[[], Templates], page: Page | None = None):
    """render_agenda's text in pieces: the built-in JSON streamed (json_chunks), a
    template's page as one piece."""
    if not template and fmt not in FORMATS:
        raise UsageError(f"no agenda format '{fmt}' ({', '.join(FORMATS)})")
    name = template or FORMATS[fmt]
    if name == FORMATS["json"] and not (root / USER_TEMPLATES / name).exists():
        # What the built-in agenda.json.j2 renders (a test holds them equal), without
        # Jinja: scripts ask for it often, and on large vaults.
        yield from json_chunks(agenda)
        return
    yield templates().render(name, agenda_context(agenda, root, page), color=color)
