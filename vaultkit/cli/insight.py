"""The insight commands: `stats`."""

from __future__ import annotations

import click

from vaultkit.cli.common import print_json, problem_notice, stats_window, today_or, with_vault
from vaultkit.present.stats_text import stats_text
from vaultkit.vault import Vault


@click.command("stats", short_help="Your network in figures: habits, funnel, favours.")
@stats_window
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON for scripts (a stable schema with schema_version).")
@with_vault
def stats_cmd(vault: Vault, since, until, on, as_json: bool):
    """Your network in figures: contacts, activity by week and channel, follow-through,
    the lead funnel, whose help led somewhere, favours, the agenda's health.

    \b
    Examples:
      vaultkit stats
      vaultkit stats --since 2026-11-01 --until 2026-11-30 --json
    """
    today = today_or(on)
    stats = vault.stats(today, since, until)
    if as_json:
        print_json(stats.as_json())
    else:
        click.echo(stats_text(stats), nl=False)
    problem_notice(vault)
