"""The Vault's insight methods (a mixin of `Vault`): `stats` from the index alone — the
rows of index/insight_rows.py and the agenda's overdue items, summed up by
vaultkit/insight/stats.py, loaded when stats are asked for (`# edge:`)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import TYPE_CHECKING

from vaultkit.cycles import no_cycle_collection
from vaultkit.vault_graph import GraphReads

if TYPE_CHECKING:
    from vaultkit.insight.stats import Stats, StatsInput


class Insight(GraphReads):
    """Mixed into `Vault` (vault.py), which gives `index`, `rule_settings` and `agenda`."""

    def stats_input(self, today: dt.date, since: dt.date | None = None,
                    until: dt.date | None = None) -> StatsInput:
        """The rows `stats` sums up, for the days since..until (both included; defaults:
        insight.stats.window), as of `today`.

        The rows are read on a second connection in a thread of their own while the agenda
        is worked out here: those queries spend their time inside SQLite, which lets go of
        Python's lock, so the two share the machine's cores (0.57 -> 0.50 s of `stats` on a
        10,000-contact vault, docs/performance-history.md). A plain thread: concurrent.futures
        would add to every command's start-up. Any failure there (sums_aside gives None)
        reads them here instead."""
        from vaultkit.index import insight_rows as rows  # edge: what stats alone reads
        from vaultkit.insight.stats import StatsInput, window  # edge: as insight_rows

        since, until = window(today, since, until)
        with self.index.second_reader() as conn:
            aside: list = [None]
            thread = threading.Thread(
                target=lambda: aside.__setitem__(0, rows.sums_aside(conn, since, until)))
            thread.start()
            try:
                overdue = self.agenda(today, days=0).overdue
                notes = (rows.judged_notes(self.conn)
                         + rows.judged_contacts(self.conn, since, min(today, until)))
            finally:
                thread.join()  # before the connection closes, whatever happened here
            found = aside[0] or rows.sums(self.conn, since, until)
        return StatsInput(today=today, since=since, until=until,
                          settings=self.rule_settings(), lookup=self.rules.lookup(),
                          overdue=overdue, notes=notes, **found)

    def stats(self, today: dt.date, since: dt.date | None = None,
              until: dt.date | None = None) -> Stats:
        """Counts, activity by week and channel, follow-through, the lead funnel, favours
        and the agenda's health (docs/commands.md, `stats`)."""
        from vaultkit.insight.stats import stats_of  # edge: as stats_input

        with no_cycle_collection():  # thousands of small objects, none in a cycle
            return stats_of(self.stats_input(today, since, until))

