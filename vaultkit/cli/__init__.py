"""The command line: a thin Click shell over the library. Only this package imports Click."""

from __future__ import annotations

import click

from vaultkit import __version__
from vaultkit.cli.agenda import agenda_cmd, draft_cmd
from vaultkit.cli.common import VaultkitGroup
from vaultkit.cli.read import (
    check_cmd,
    index_cmd,
    list_cmd,
    search_cmd,
    show_cmd,
)
from vaultkit.cli.transfer import export_cmd, import_group
from vaultkit.cli.watch import watch_cmd
from vaultkit.cli.write import (
    add_cmd,
    done_cmd,
    init_cmd,
    log_cmd,
    set_cmd,
    snooze_cmd,
)


@click.group(cls=VaultkitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--vault", envvar="VAULTKIT_VAULT", type=click.Path(file_okay=False),
              help="The vault folder (default: the nearest folder with .vaultkit/; "
                   "env VAULTKIT_VAULT).")
@click.option("--index", "index_path", envvar="VAULTKIT_INDEX",
              type=click.Path(dir_okay=False),
              help="Index file (default: in the user cache folder; env VAULTKIT_INDEX).")
@click.option("--debug", is_flag=True, help="Show the traceback of unexpected errors.")
@click.version_option(__version__, prog_name="vaultkit")
@click.pass_context
def cli(ctx: click.Context, vault, index_path, debug):
    """Keep up a professional network in a folder of Markdown notes.

    \b
    Example:
      vaultkit --vault example-vault agenda --date 2026-11-27
    """
    obj = ctx.ensure_object(dict)
    obj.update({"debug": debug})
    if vault is not None:
        obj["vault"] = vault
    if index_path is not None:
        obj["index"] = index_path


for command in (agenda_cmd, draft_cmd, index_cmd, list_cmd, show_cmd, search_cmd, check_cmd,
                init_cmd, add_cmd, log_cmd, done_cmd, snooze_cmd, set_cmd, watch_cmd,
                import_group, export_cmd):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="vaultkit")
