"""`report` for `Vault` (a mixin of it): the stats (vault_insight) and the referral graph
(vault_graph) on one page, rendered by present/report.py — which loads pygal and Jinja,
so it is imported when a report is asked for, not at start-up."""

from __future__ import annotations

import datetime as dt

from vaultkit.cycles import no_cycle_collection

REPORT_EDGES = ("referral", "lead")  # the referral graph: who referred whom, gave which lead
REPORT_TOP = 40  # its nodes at most (the rest collapse, and the page says how many)


class Report:
    """Mixed into `Vault`, which gives `stats`, `graph` and `templates`."""

    def report_text(self, today: dt.date, fmt: str = "html", since: dt.date | None = None,
                    until: dt.date | None = None, template: str | None = None) -> str:
        """One page of the network: activity by week, channels, the funnel,
        follow-through, whose help led to interviews, favours and the referral graph,
        as `fmt` (html, md) through templates/report.FORMAT.j2 or `template`."""
        from vaultkit.present.report import render_report, report_page  # edge: pygal, Jinja

        stats = self.stats(today, since, until)
        graph = self.graph(kinds=REPORT_EDGES, top=REPORT_TOP, today=today)
        with no_cycle_collection():
            return render_report(self.templates, fmt, report_page(stats, graph, fmt),
                                 template)
