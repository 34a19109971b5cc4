"""`vaultkit watch`: a long-running command, so it opens and closes its own vault."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import click

from vaultkit.cli.common import open_vault, sync_index, vault_options
from vaultkit.present.oneline import one_line
from vaultkit.watch import Watcher
from vaultkit.watch_agenda import outside, shown

# watch's lines for stderr; the rest (what synced, what a tick logged) go to stdout
STDERR = ("Error", "Notice", "Warning", "Wrote")


@click.command("watch", short_help="Keep the index and an agenda note current as you edit.")
@click.option("--agenda", "agenda_path", type=click.Path(dir_okay=False),
              help="Keep this agenda note current (rewritten only when it changes); "
                   "put it inside the vault, so its links resolve.")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "text"]), default="md",
              show_default=True, help="The agenda note's format.")
@click.option("--days", type=click.IntRange(0, 3660), metavar="DAYS",
              help="The agenda note's horizon in days (default: 7, or [rules] days).")
@click.option("--polling", is_flag=True, help="Poll the files instead of system events "
                                              "(network drives, some containers).")
@click.option("--debounce", type=click.IntRange(0, 60_000), default=300, show_default=True,
              metavar="MS",
              help="Quiet milliseconds after a change before syncing.")
@vault_options
@click.pass_context
def watch_cmd(ctx: click.Context, agenda_path, fmt, days, polling, debounce):
    """Keep the index, and an agenda note, current while you edit; Ctrl-C stops.

    In a Markdown agenda note, tick an item's box and watch records it in the
    item's note (a thank-you as a #thanks entry, …: vaultkit help agenda), then
    renders the note again without it.

    While it runs, other commands trust the index instead of checking every
    note first, so they start faster (it says so, and why, when it cannot).

    \b
    Example (in the vault folder):
      vaultkit watch --agenda Agenda.md
    """
    vault = open_vault(ctx)
    try:
        sync_index(vault, rebuild=False)
        path = Path(os.path.abspath(Path(agenda_path).expanduser())) if agenda_path else None
        watcher = Watcher(vault, path, fmt, days, polling, debounce / 1000,
                          say=lambda line: click.echo(line, err=line.startswith(STDERR)))
        if path and outside(vault.root, path):
            click.echo(f"Warning: {shown(path)} is outside the vault {vault.root}: its "
                       "[[links]] will not resolve in Obsidian (give a path inside it, "
                       f"e.g. --agenda {shown(vault.root / 'Agenda.md')})", err=True)
        signal.signal(signal.SIGTERM, lambda *_: _stop(watcher))
        click.echo(one_line(f"Watching {vault.root}" + (f"; agenda in {shown(path)}" if path
                                                         else "") + " (Ctrl-C stops)"), err=True)
        try:
            code = watcher.run()
        except KeyboardInterrupt:
            code = 0
        ctx.exit(code)
    finally:
        vault.close()


def _stop(watcher) -> None:
    """SIGTERM: stop as a Ctrl-C does, out of whatever the watch is doing — a wait for the
    index's write lock among it (found in review: a flag alone was not looked at there,
    and the watch ran on)."""
    watcher.stop.set()
    raise KeyboardInterrupt
