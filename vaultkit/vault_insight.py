"""The Vault's insight methods (a mixin of `Vault`): `stats` from the index alone — the
rows of index/insight_rows.py and the agenda's overdue items, summed up by
vaultkit/insight/stats.py."""

from __future__ import annotations

import datetime as dt

from vaultkit.agenda.build import no_cycle_collection
from vaultkit.index import insight_rows as rows
from vaultkit.insight.stats import Stats, StatsInput, stats_of, window


class Insight:
    """Mixed into `Vault` (vault.py), which gives `conn`, `rule_settings` and `agenda`."""

    def stats_input(self, today: dt.date, since: dt.date | None = None,
                    until: dt.date | None = None) -> StatsInput:
        """The rows `stats` sums up, for the days since..until (both included; defaults:
        insight.stats.window), as of `today`."""
        since, until = window(today, since, until)
        conn = self.conn
        return StatsInput(
            today=today, since=since, until=until, settings=self.rule_settings(),
            kinds=rows.kind_counts(conn), groups=rows.contact_groups(conn, since, until),
            entries=rows.contact_entries(conn, since, until),
            notes=rows.judged_notes(conn) + rows.judged_contacts(conn, since, min(today, until)),
            lookup=self.rules.lookup(), overdue=self.agenda(today, days=0).overdue)

    def stats(self, today: dt.date, since: dt.date | None = None,
              until: dt.date | None = None) -> Stats:
        """Counts, activity by week and channel, follow-through, the lead funnel, favours
        and the agenda's health (docs/commands.md, `stats`)."""
        with no_cycle_collection():  # thousands of small objects, none in a cycle
            return stats_of(self.stats_input(today, since, until))
