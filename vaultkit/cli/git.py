"""git as the sync engine: the merge driver, `git setup`, folding sync-conflict copies."""

from __future__ import annotations

import os
import shlex
import shutil
import sys

import click

from vaultkit.cli.common import vault_options, with_vault
from vaultkit.vault import Vault


@click.command("merge-file", short_help="Merge three versions of a note (git's merge driver).")
@click.argument("base", type=click.Path(dir_okay=False))
@click.argument("ours", type=click.Path(dir_okay=False))
@click.argument("theirs", type=click.Path(dir_okay=False))
@click.argument("path", required=False)
def merge_file_cmd(base, ours, theirs, path):
    """Merge three versions of a note for git (a merge driver), BASE (the common
    ancestor), OURS and THEIRS: the log as a union of
    both sides' entries, the front matter key by key, the rest line by line. The result
    is written over OURS; exit 0 when merged, 1 when conflicts are left (marked as git
    marks them). PATH is the note's path, for the messages and the vault's settings.
    `vaultkit git setup` registers it with git, as this example does by hand.

    \b
    Example:
      git config merge.vaultkit.driver "vaultkit merge-file %O %A %B %P"
    """
    from vaultkit.launch import merge_file_main  # edge: the driver's one way to run

    sys.exit(merge_file_main([base, ours, theirs, *([path] if path else [])]))

@click.group("git", short_help="Sync the vault with git (git setup, once per clone).")
def git_group():
    """Sync the vault with git: run `vaultkit git setup` once in every clone.

    \b
    Example:
      vaultkit git setup
    """


@git_group.command("setup", short_help="Set up git sync: merge driver, attributes, hook.")
@click.option("--agenda", default="Agenda.md", show_default=True, metavar="PATH",
              help="The agenda note `watch --agenda` writes (merged as ours: it is "
                   "written again anyway), relative to the vault.")
@click.option("--no-agenda", is_flag=True, help="Write no line for an agenda note.")
@click.option("--no-hook", is_flag=True, help="Install no pre-commit hook.")
@vault_options
@click.pass_context
def git_setup_cmd(ctx: click.Context, agenda, no_agenda, no_hook):
    """Set up the vault's git work tree: `.gitattributes` (notes merged by vaultkit's
    driver, the agenda note as ours), the driver in .git/config, a pre-commit hook that
    runs `vaultkit check --staged`, and `pull.rebase=false` when git has no pull setting
    (without one, git stops a pull before merging). Run it once on every clone (git does
    not copy drivers or hooks); run twice, it changes nothing.

    \b
    Example:
      vaultkit git setup
    """
    vault = ctx.find_object(dict).get("vault") if ctx.find_object(dict) else None
    for line in Vault.git_setup(vault, launcher(), None if no_agenda else agenda,
                                hook=not no_hook):
        click.echo(line)


def launcher() -> str:
    """How git should start this vaultkit: `vaultkit` when that is what PATH finds, else
    this very program (a virtual environment that is not on PATH, `python -m vaultkit`)."""
    program = os.path.abspath(sys.argv[0])
    found = shutil.which("vaultkit")
    if os.path.basename(program) == "vaultkit":
        if found and os.path.samefile(found, program):
            return "vaultkit"
        return shlex.quote(program)
    return f"{shlex.quote(sys.executable)} -m vaultkit"


@click.command("merge-copy", short_help="Fold a sync tool's conflict copy into its note.")
@click.argument("copy", type=click.Path(dir_okay=False))
@click.option("--delete", is_flag=True, help="Delete the copy instead of moving it to "
              "the system trash.")
@with_vault
def merge_copy_cmd(vault, copy, delete):
    """Fold COPY, a sync tool's conflict copy of a note (Syncthing, Dropbox, Nextcloud, …; `check`
    lists them) into its original, as the git merge driver merges: what only the copy
    has is added, what the two hold differently is marked as a conflict in the original.
    Then the copy goes to the system trash. Exit 1 if conflicts are left to resolve.

    \b
    Example:
      vaultkit merge-copy \\
          "people/Jane Doe.sync-conflict-20261201-101500-ABCD123.md"
    """
    done = vault.merge_copy(copy, delete)
    folded = done.folded
    brought = [f"{folded.entries} log {'entry' if folded.entries == 1 else 'entries'}"]
    if folded.keys:
        brought.append(f"{len(folded.keys)} {'key' if len(folded.keys) == 1 else 'keys'} "
                       f"({', '.join(folded.keys)})")
    click.echo(f"Merged {done.copy} into {done.original}: " + " and ".join(brought)
               + " from the copy.")
    if folded.conflicts:
        click.echo(f"{folded.conflicts} {'conflict' if folded.conflicts == 1 else 'conflicts'}"
                   f" marked in {done.original} (between <<<<<<< and >>>>>>> lines): "
                   "keep what is right and delete the rest.")
    removed = {"trash": "The copy is in the trash.", "deleted": "The copy is deleted."}
    click.echo(removed.get(done.removed, f"The copy was {done.removed}."))
    sys.exit(1 if folded.conflicts or done.removed not in removed else 0)
