"""The command line: a thin Click shell over the library. The only module importing Click."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import update_wrapper

import click

from . import __version__, views
from .errors import VaultkitError
from .identity import duplicate_contacts
from .index.queries import (
    contact_identities,
    find_note,
    list_json,
    list_notes,
    matches_filters,
    note_detail,
    search,
    stored_problems,
)
from .session import Session, open_session

KINDS = ("contact", "lead", "event", "org", "note", "all")
PROGRESS_FROM = 1000  # files to read before a progress bar is worth showing


class VaultkitGroup(click.Group):
    """Turns library errors into `Error: …` and an exit code: the single exit point."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
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


def _remember(name: str):
    def callback(ctx: click.Context, _param, value):
        if value is not None:
            ctx.ensure_object(dict)[name] = value
        return value
    return callback


def vault_options(func: Callable) -> Callable:
    """`--vault` and `--index` are accepted after the subcommand too, as people type them."""
    func = click.option("--index", "index_path", type=click.Path(dir_okay=False),
                        expose_value=False, callback=_remember("index"),
                        help="Index file (default: in the user cache folder).")(func)
    return click.option("--vault", type=click.Path(file_okay=False), expose_value=False,
                        callback=_remember("vault"), help="The vault folder.")(func)


def with_session(func: Callable) -> Callable:
    """Open the vault, sync the index quietly, pass the session, close it afterwards."""
    @click.pass_context
    def wrapper(ctx: click.Context, *args, **kwargs):
        session = _open(ctx)
        try:
            _sync(session, rebuild=False)
            return ctx.invoke(func, session, *args, **kwargs)
        finally:
            session.close()
    return vault_options(update_wrapper(wrapper, func))


def _open(ctx: click.Context) -> Session:
    obj = ctx.ensure_object(dict)
    session = open_session(obj.get("vault"), obj.get("index"))
    for notice in session.index.notices:
        click.echo(f"Notice: {notice}", err=True)
    return session


def _sync(session: Session, rebuild: bool):
    bar = _ProgressBar()
    try:
        return session.sync(rebuild=rebuild, progress=bar if sys.stderr.isatty() else None)
    finally:
        bar.close()


class _ProgressBar:
    """A progress bar on a terminal, started once the work is large enough to wait for."""

    def __init__(self):
        self.bar = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None and total >= PROGRESS_FROM:
            self.bar = click.progressbar(length=total, label="Indexing", file=sys.stderr)
            self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(done - self.shown)
            self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _notice(session: Session) -> None:
    notice = session.problem_notice()
    if notice:
        click.echo(notice, err=True)


def _json(data) -> None:
    # Indented for a person at a terminal; compact (and several times faster) for scripts.
    indent = 2 if sys.stdout.isatty() else None
    click.echo(json.dumps(data, ensure_ascii=False, indent=indent))


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
      vaultkit --vault example-vault list
    """
    obj = ctx.ensure_object(dict)
    obj.update({"debug": debug})
    if vault is not None:
        obj["vault"] = vault
    if index_path is not None:
        obj["index"] = index_path


@cli.command("index")
@click.option("--rebuild", is_flag=True, help="Drop the index and read every note again.")
@click.option("-v", "--verbose", is_flag=True, help="List each path that changed.")
@click.option("--json", "as_json", is_flag=True, help="Print the stats as JSON.")
@vault_options
@click.pass_context
def index_cmd(ctx: click.Context, rebuild: bool, verbose: bool, as_json: bool):
    """Bring the index up to date with the notes and print what changed.

    \b
    Example:
      vaultkit index -v
    """
    session = _open(ctx)
    try:
        stats = _sync(session, rebuild=rebuild)
        if as_json:
            _json(views.stats_json(stats))
        else:
            click.echo(stats.summary())
            if verbose:
                click.echo(views.stats_paths(stats), nl=False)
        _notice(session)
    finally:
        session.close()


@cli.command("list")
@click.option("--kind", type=click.Choice(KINDS), default="contact", show_default=True,
              help="Which notes to list.")
@click.option("--tag", help="Only notes with this tag.")
@click.option("--company", help="Only notes whose company contains this text.")
@click.option("--circle", help="Only contacts in this circle (alumni, colleague, …).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@with_session
def list_cmd(session: Session, kind: str, tag, company, circle, as_json: bool):
    """List contacts (or other notes) with their last contact.

    \b
    Example:
      vaultkit list --circle alumni
    """
    selected = None if kind == "all" else kind
    if as_json and not (tag or company or circle or sys.stdout.isatty()):
        click.echo("[" + ",\n".join(list_json(session.conn, selected)) + "]")
        _notice(session)
        return
    rows = [r for r in list_notes(session.conn, selected)
            if matches_filters(r, tag, company, circle)]
    if as_json:
        _json([r.as_json() for r in rows])
    else:
        views.print_list(rows, kind)
    _notice(session)


@cli.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_session
def show_cmd(session: Session, name: str, as_json: bool):
    """Show one note: front matter, log, open tasks, backlinks, favour balance.

    NAME is a file name, display name or alias, or a unique beginning of one.

    \b
    Example:
      vaultkit show "Jane Doe"
    """
    detail = note_detail(session.conn, find_note(session.conn, name))
    if as_json:
        _json(views.detail_json(detail))
    else:
        click.echo(views.render_detail(session.config.root, detail), nl=False)
    _notice(session)


@cli.command("search")
@click.argument("query")
@click.option("--limit", default=50, show_default=True, help="At most this many results.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_session
def search_cmd(session: Session, query: str, limit: int, as_json: bool):
    """Full-text search over names, front matter and note text, best match first.

    \b
    Example:
      vaultkit search "platform team"
    """
    hits = search(session.conn, query, session.index.has_fts, limit)
    if as_json:
        _json([views.hit_json(h) for h in hits])
    else:
        views.print_hits(hits)
    _notice(session)


@cli.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_session
def check_cmd(session: Session, as_json: bool):
    """List every problem as path:line: message; exit 1 if there is any.

    Usable as a git pre-commit hook.

    \b
    Example:
      vaultkit check
    """
    problems = sorted(stored_problems(session.conn) + duplicate_contacts(
        contact_identities(session.conn), session.config.default_region))
    if as_json:
        _json([{"path": p, "line": line, "message": m} for p, line, m in problems])
    else:
        for path, line, message in problems:
            click.echo(f"{path}:{line}: {message}")
        if not problems:
            click.echo("No problems found.", err=True)
    sys.exit(1 if problems else 0)


def main() -> None:
    cli(prog_name="vaultkit")
