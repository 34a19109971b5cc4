"""`vaultkit report`: the stats and the referral graph on one page, HTML or Markdown."""

from __future__ import annotations

import click

from vaultkit.cli.agenda import wrote
from vaultkit.cli.common import OutputFile, problem_notice, stats_window, today_or, with_vault
from vaultkit.vault import Vault


@click.command("report", short_help="One page of charts: activity, funnel, referrals.")
@click.option("--format", "fmt", type=click.Choice(["html", "md"]), default="html",
              metavar="FORMAT", show_default=True,
              help="html (a standalone page with SVG charts) or md (an Obsidian note with "
                   "Mermaid charts).")
@click.option("--output", "-o", type=OutputFile(), metavar="FILE",
              help="Write to FILE (atomically) instead of the terminal.")
@stats_window
@click.option("--template", metavar="NAME",
              help="Render with this template (from .vaultkit/templates/, else built in) "
                   "instead of report.FORMAT.j2.")
@with_vault
def report_cmd(vault: Vault, fmt: str, output, since, until, on, template):
    """One page you would rather look at than read: activity by week, channels, the lead
    funnel, follow-through, whose help led to interviews, the favour balance and the
    referral network.

    \b
    Examples:
      vaultkit report -o report.html
      vaultkit report --format md --output Report.md --since 2026-11-01
    """
    today = today_or(on)
    output = None if output == "-" else output
    text = vault.report_text(today, fmt, since, until, template)
    if output:
        wrote(vault.save(output, text))
    else:
        click.echo(text, nl=False)
    problem_notice(vault)
