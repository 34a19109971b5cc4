"""The command line: a thin Click shell over the library face (`vaultkit.vault.Vault`).
Every command parses its options, calls one Vault method and prints what it returns; no
command decides a question of the practice. Only this package imports Click, and nothing
outside it imports this package.

Commands load on first use (Click's lazy group): each command's module, and the parts of
vaultkit it needs, cost start-up time that `vaultkit --version` and the other commands do
not need (docs/performance.md has the figure that guards it).
"""

from __future__ import annotations

import importlib
import os
import signal
import sys

import click

from vaultkit import __version__
from vaultkit.cli.group import VaultkitGroup, cannot_write_output, closed_pipe, output_failed

# Command name -> "module:function" (`--help` lists them by name).
COMMANDS = {
    "agenda": "agenda:agenda_cmd", "draft": "agenda:draft_cmd",
    "index": "read:index_cmd", "list": "read:list_cmd", "show": "read:show_cmd",
    "search": "read:search_cmd", "check": "read:check_cmd",
    "init": "write:init_cmd", "add": "write:add_cmd", "log": "write:log_cmd",
    "done": "write:done_cmd", "snooze": "write:snooze_cmd", "set": "write:set_cmd",
    "watch": "watch:watch_cmd", "import": "transfer:import_group",
    "export": "transfer:export_cmd",
    "merge-file": "git:merge_file_cmd", "git": "git:git_group",
    "merge-copy": "git:merge_copy_cmd", "help": "help:help_cmd",
    "stats": "insight:stats_cmd", "graph": "graph:graph_cmd", "report": "report:report_cmd",
}


class LazyGroup(VaultkitGroup):
    """Imports a command's module when the command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)  # as Click lists them

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = args[0]
        if name not in COMMANDS and not name.startswith("-") and not ctx.resilient_parsing:
            # Click suggests "Did you mean …?" from the commands loaded: here, all names.
            raise click.exceptions.NoSuchCommand(name, possibilities=list(COMMANDS), ctx=ctx)
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, _, attr = COMMANDS[name].partition(":")
        # edge: commands load on first use (why: the module docstring)
        return getattr(importlib.import_module(f"vaultkit.cli.{module}"), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


def main() -> None:
    _stop_on_sigterm()
    for name in ("stdout", "stderr"):  # started with the stream closed (`>&-`): nowhere
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 (for the life of the process)
    try:
        try:
            cli(prog_name="vaultkit")
        finally:
            _flush_output()  # the output's last bytes, while a failure can still be said
    except BrokenPipeError:  # raised past Click (its own output, or the final flush)
        closed_pipe()
    except OSError as exc:  # `--version > /dev/full`: raised past Click too
        if not output_failed(exc):
            raise
        cannot_write_output(exc)


# The signals that end a command from outside: `kill`, a closing terminal (disk/held.py's
# ENDINGS; the CLI names them itself, as it reaches disk/ only through the Vault).
ENDINGS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _stop_on_sigterm() -> None:
    """SIGTERM (`kill`, a timeout) and SIGHUP (the terminal closed) stop a command as a
    Ctrl-C does, through its clean-up (temporary files removed, transactions rolled back),
    with exit code 128 + the signal (143, 129), as the shell reports it. Python's default
    ended the process where it stood (found in review: an import so stopped left thousands
    of temporary notes in the vault). `watch` sets its own for SIGTERM. Left alone where
    a program that embeds vaultkit set one, or where the signal is ignored (`nohup`)."""
    for number in ENDINGS:
        if signal.getsignal(number) == signal.SIG_DFL:
            signal.signal(number, _terminated)


def _terminated(signum: int, _frame) -> None:
    # The stop is under way: another SIGTERM or SIGHUP (`kill` run twice) must not break
    # off its clean-up (found in review: it did, and Python printed a traceback at exit),
    # nor `watch`'s own SIGTERM handler after a SIGHUP (found in review too).
    for number in ENDINGS:
        signal.signal(number, signal.SIG_IGN)
    raise SystemExit(128 + signum)


def _flush_output() -> None:
    stdout = sys.stdout
    if stdout is not None and not stdout.closed:
        stdout.flush()
