"""The `show` page of one note: its front matter, log, open tasks, backlinks, favours and
a contact's pace, rendered through `show.txt.j2`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vaultkit.agenda.build import RuleSource, Subjects
from vaultkit.agenda.context import Context, Subject
from vaultkit.agenda.network import Network
from vaultkit.agenda.settings import RuleSettings
from vaultkit.index.queries import NoteDetail
from vaultkit.notes.values import NEVER, shown
from vaultkit.present.shapes import detail_json
from vaultkit.present.templates import Templates


@dataclass(frozen=True)
class ShowContext:
    """The context of `show.txt.j2`."""

    note: dict  # detail_json() of the note: name, kind, path, front_matter, entries, …
    fields: list  # (key, text) pairs of the front matter, for display
    width: int | None = None  # the terminal's width for `wrap(width, indent)`; None: as is


def render_detail(templates: Templates, detail: NoteDetail, width: int | None = None) -> str:
    """The `show` page, through `show.txt.j2` (the vault's own first)."""
    data = detail_json(detail)
    fields = [(k, shown(v)) for k, v in detail.row.meta.items() if k != "name"]
    return templates.render("show.txt.j2", ShowContext(note=data, fields=fields, width=width))


def pace_json(source: RuleSource, path: str, settings: RuleSettings,
              today: dt.date) -> dict | None:
    """The cadence and minimum gap that apply to the contact at `path` on `today`, and
    where the cadence comes from (agenda/pace.py), as `show --json` gives them under
    "pace": {"cadence_days": 60 (-1: never), "cadence": "every 60 days", "source":
    "circle", "why": "the cadence for your alumni circle", "min_gap_days": 7}."""
    lookup = source.lookup()
    note = lookup.note(path)
    if note is None or note.kind != "contact":
        return None
    ctx = Context(today, settings, Subjects(lookup, settings, today).resolve)
    subject = Subject(note, settings, today)
    subject.bind(Network.of(source.network_notes(settings), ctx))
    paced = subject.pace
    never = paced.cadence == NEVER
    return {"cadence_days": -1 if never else paced.cadence.days,
            "cadence": "never" if never else f"every {paced.cadence.days} days",
            "source": paced.source, "why": paced.why,
            "min_gap_days": subject.min_gap.days}
