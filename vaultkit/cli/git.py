"""git as the sync engine: the merge driver, `git setup`, folding sync-conflict copies."""

from __future__ import annotations

import sys

import click


@click.command("merge-file")
@click.argument("base", type=click.Path(dir_okay=False))
@click.argument("ours", type=click.Path(dir_okay=False))
@click.argument("theirs", type=click.Path(dir_okay=False))
@click.argument("path", required=False)
def merge_file_cmd(base, ours, theirs, path):
    """Merge three versions of a note for git (a merge driver): the log as a union of
    both sides' entries, the front matter key by key, the rest line by line. The result
    is written over OURS; exit 0 when merged, 1 when conflicts are left (marked as git
    marks them). PATH is the note's path, for the messages and the vault's settings.

    `vaultkit git setup` registers it; by hand:

    \b
    Example:
      git config merge.vaultkit.driver "vaultkit merge-file %O %A %B %P"
    """
    from vaultkit.merging import merge_file  # edge: the driver loads only what it needs

    merged = merge_file(base, ours, theirs, path)
    if merged.conflicts:
        what = "conflict" if merged.conflicts == 1 else "conflicts"
        click.echo(f"{path or ours}: {merged.conflicts} {what} left to resolve "
                   "(between <<<<<<< and >>>>>>> lines)", err=True)
    sys.exit(1 if merged.conflicts else 0)
