"""The agenda as pages, for `Vault` (a mixin of it): rendered whole (`agenda_text`), in
pieces as they are made (`agenda_chunks`: the JSON agenda of a large vault is streamed, never
one string), and the live note `watch` keeps. Each section of a page for people shows at
most `[agenda] max_items` items, with a line saying how many more; `every` shows all, and
JSON always has every item. The agenda and its pages load when first asked for (a no-op
`index` or a `search` needs neither), each import marked `# edge:`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from vaultkit.cycles import no_cycle_collection


class AgendaPages:
    """Mixed into `Vault`, which gives `agenda`, `rules`, `rule_settings`, `templates`."""

    def agenda_text(self, today: dt.date, fmt: str = "text", *, days: int | None = None,
                    rules: Iterable[str] = (), tag: str | None = None,
                    template: str | None = None, color: bool = False,
                    links: str = "obsidian", width: int | None = None,
                    every: bool = False) -> str:
        """The agenda rendered as `fmt` (text, md, html, json) or through `template`;
        `links`: the HTML page's links to notes, obsidian:// or file://; `width`: the
        text agenda's, where the template wraps (None: not wrapped); `every`: every item
        of each section, not the first `[agenda] max_items`."""
        return "".join(self.agenda_chunks(today, fmt, days=days, rules=rules, tag=tag,
                                          template=template, color=color, links=links,
                                          width=width, every=every))

    def agenda_chunks(self, today: dt.date, fmt: str = "text", *, days: int | None = None,
                      rules: Iterable[str] = (), tag: str | None = None,
                      template: str | None = None, color: bool = False,
                      links: str = "obsidian", width: int | None = None,
                      every: bool = False) -> Iterator[str]:
        """agenda_text's text in pieces, to write as they come."""
        from vaultkit.present.agenda import agenda_chunks, agenda_page  # edge: Jinja

        with no_cycle_collection():  # the rendering too makes thousands of small objects
            agenda = self.agenda(today, days, rules, tag)
            yield from agenda_chunks(self.root, agenda, fmt, template, color, self.templates,
                                     agenda_page(self, agenda, fmt, links, width, every))

    def live_agenda_text(self, today: dt.date, fmt: str, days: int | None,
                         changed: set[str] | None) -> str | None:
        """The agenda note `watch` keeps: the notes at `changed` (None: all) judged again,
        from one snapshot of the index; None while the index is emptied to be built again
        by another process (found in review: the note said "Nothing due" meanwhile)."""
        from vaultkit.agenda.live import LiveAgenda  # edge: the rules, as Vault.agenda
        from vaultkit.index.db import snapshot  # edge: as LiveAgenda
        from vaultkit.present.agenda import agenda_page, render_agenda  # edge: Jinja

        if self._live is None:
            self._live = LiveAgenda(self.rules)
        with snapshot(self.index.conn):
            if self.index_stale():
                return None
            agenda = self._live.agenda(today, self.rule_settings(), days, changed)
            return render_agenda(self.root, agenda, fmt, None, False, self.templates,
                                 agenda_page(self, agenda, fmt))
