"""The single exit point: library errors become `Error: …` and their exit code (usage
errors are turned into Click's own by cli.common.with_vault, inside the command)."""

from __future__ import annotations

import errno
import os
import sys

import click

from vaultkit.errors import VaultkitError


class VaultkitGroup(click.Group):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        for arg in args:  # bytes that are no UTF-8 reach Python as lone surrogates
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:
                shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                raise click.UsageError(f"'{shown}' is not valid UTF-8 text", ctx) from None
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except VaultkitError as exc:
            click.echo(_for_a_terminal(f"Error: {exc}"), err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # `vaultkit list | head`: the reader has what it wanted
            closed_pipe()
        except OSError as exc:
            if not output_failed(exc):
                raise
            cannot_write_output(exc)
        except Exception as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Error: unexpected {type(exc).__name__}: {exc} "
                       "(run with --debug for the traceback)", err=True)
            ctx.exit(1)


def _for_a_terminal(message: str) -> str:
    """A message wrapped to the width of the terminal it goes to, with a hanging indent;
    to a file or a pipe, one line, as scripts and editors read `path:line: message`."""
    try:
        if not sys.stderr.isatty():
            return message
    except (AttributeError, ValueError):  # a closed or unusual stream
        return message
    from vaultkit.present.wrap import terminal_width, wrap  # edge: rich, only for a person

    return wrap(message, terminal_width(sys.stderr), 4)


def output_failed(exc: OSError) -> bool:
    """Whether `exc` is the system refusing what vaultkit wrote to standard output (a full
    disk, `> /dev/full`, a quota, a device error): an OSError of those kinds naming no file
    (vaultkit's own writes to files say which file, as VaultkitErrors)."""
    return exc.filename is None and exc.errno in _OUTPUT_ERRNOS


_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EIO, getattr(errno, "EDQUOT", errno.ENOSPC)}


def cannot_write_output(exc: OSError) -> None:
    """Say so in one line (if standard error can still be written) and exit 1; standard
    output goes to /dev/null, so that the interpreter's last flush fails no more."""
    try:
        click.echo(f"Error: cannot write the output: {exc.strerror}", err=True)
    except OSError:
        pass
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(1)


def closed_pipe() -> None:
    """End quietly, exit 0, as `git log | head` does: stdout goes to /dev/null so that the
    interpreter's last flush finds no closed pipe either."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)
