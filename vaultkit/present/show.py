"""The `show` page of one note: its front matter, log, open tasks, backlinks and favours,
rendered through `show.txt.j2`."""

from __future__ import annotations

from dataclasses import dataclass

from vaultkit.index.queries import NoteDetail
from vaultkit.notes.values import shown
from vaultkit.present.shapes import detail_json
from vaultkit.present.templates import Templates


@dataclass(frozen=True)
class ShowContext:
    """The context of `show.txt.j2`."""

    note: dict  # detail_json() of the note: name, kind, path, front_matter, entries, …
    fields: list  # (key, text) pairs of the front matter, for display


def render_detail(templates: Templates, detail: NoteDetail) -> str:
    """The `show` page, through `show.txt.j2` (the vault's own first)."""
    data = detail_json(detail)
    fields = [(k, shown(v)) for k, v in detail.row.meta.items() if k != "name"]
    return templates.render("show.txt.j2", ShowContext(note=data, fields=fields))
