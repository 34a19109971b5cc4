"""The single exit point: library errors become `Error: …` and their exit code."""

from __future__ import annotations

import click

from vaultkit.errors import UsageError, VaultkitError


class VaultkitGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UsageError as exc:  # shown with the usage, as Click's own
            raise click.UsageError(str(exc), ctx.find_object(click.Context)) from None
        except VaultkitError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Error: unexpected {type(exc).__name__}: {exc} "
                       "(run with --debug for the traceback)", err=True)
            ctx.exit(1)
