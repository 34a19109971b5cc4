"""The `show` page of one note: its front matter, log, open tasks, backlinks, favours and
a contact's pace, rendered through `show.txt.j2`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from vaultkit.agenda.build import RuleSource, Subjects
from vaultkit.agenda.context import Context, Subject
from vaultkit.agenda.network import Network
from vaultkit.agenda.settings import RuleSettings
from vaultkit.agenda.words import pronouns
from vaultkit.agenda.words import subject as subject_word
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
    they: str = "they"  # the contact's pronouns, as subject and object (`pronouns:`)
    them: str = "them"


def render_detail(templates: Templates, detail: NoteDetail, width: int | None = None) -> str:
    """The `show` page, through `show.txt.j2` (the vault's own first)."""
    data = detail_json(detail)
    fields = [(k, shown(v)) for k, v in detail.row.meta.items() if k != "name"]
    return templates.render("show.txt.j2", ShowContext(
        note=data, fields=fields, width=width, they=subject_word(detail.row.meta),
        them=pronouns(detail.row.meta)[0]))


def contact_facts(source: RuleSource, detail: NoteDetail, settings: RuleSettings,
                  today: dt.date) -> NoteDetail:
    """A contact's detail with what the agenda's rules know of them on `today`: the pace
    (cadence and minimum gap, and where the cadence comes from: agenda/pace.py), under
    "pace": {"cadence_days": 60 (-1: never), "cadence": "every 60 days", "source":
    "circle", "why": "the cadence for your alumni circle", "min_gap_days": 7}; and the
    favours counted as offer-help counts them: the leads they gave you that got you an
    interview or more count as their help (favours "leads", "balance_with_leads")."""
    lookup = source.lookup()
    note = lookup.note(detail.row.path)
    if note is None or note.kind != "contact":
        return detail
    ctx = Context(today, settings, Subjects(lookup, settings, today).resolve)
    subject = Subject(note, settings, today)
    network = Network.of(source.network_notes(settings), ctx)
    subject.bind(network)
    paced = subject.pace
    never = paced.cadence == NEVER
    pace = {"cadence_days": -1 if never else paced.cadence.days,
            "cadence": "never" if never else f"every {paced.cadence.days} days",
            "source": paced.source, "why": paced.why, "min_gap_days": subject.min_gap.days}
    leads = list(network.credits.get(note.path, ()))
    favours = {**detail.favours, "leads": leads,
               "balance_with_leads": detail.favours["balance"] - len(leads)}
    return replace(detail, pace=pace, favours=favours)
