"""The read commands: index, list, show, search, check."""

from __future__ import annotations

import sys

import click

from vaultkit.cli.common import (
    open_vault,
    print_json,
    problem_notice,
    sync_index,
    vault_options,
    with_session,
)
from vaultkit.index.queries import (
    contact_identities,
    find_note,
    list_json,
    list_notes,
    matches_filters,
    note_detail,
    search,
    stored_problems,
)
from vaultkit.notes.identity import duplicate_contacts
from vaultkit.present import views
from vaultkit.session import Session

KINDS = ("contact", "lead", "event", "org", "note", "all")


@click.command("index")
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
    session = open_vault(ctx)
    try:
        stats = sync_index(session, rebuild=rebuild)
        if as_json:
            print_json(views.stats_json(stats))
        else:
            click.echo(stats.summary())
            if verbose:
                click.echo(views.stats_paths(stats), nl=False)
        problem_notice(session)
    finally:
        session.close()


@click.command("list")
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
        problem_notice(session)
        return
    rows = [r for r in list_notes(session.conn, selected)
            if matches_filters(r, tag, company, circle)]
    if as_json:
        print_json([r.as_json() for r in rows])
    else:
        views.print_list(rows, kind)
    problem_notice(session)


@click.command("show")
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
        print_json(views.detail_json(detail))
    else:
        click.echo(views.render_detail(session.config.root, detail), nl=False)
    problem_notice(session)


@click.command("search")
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
        print_json([views.hit_json(h) for h in hits])
    else:
        views.print_hits(hits)
    problem_notice(session)


@click.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--prep", is_flag=True, help="Instead: which prep notes are missing or empty.")
@with_session
def check_cmd(session: Session, as_json: bool, prep: bool):
    """List every problem as path:line: message; exit 1 if there is any.

    Usable as a git pre-commit hook.

    \b
    Example:
      vaultkit check
    """
    if prep:
        from vaultkit.disk.setup import empty_prep

        lines = empty_prep(session.config.root)
        for line in lines:
            click.echo(line)
        if not lines:
            click.echo("Every prep note has something in it.", err=True)
        sys.exit(1 if lines else 0)
    session.rule_settings()  # a [rules] setting of the wrong type stops here, as in `agenda`
    problems = sorted(stored_problems(session.conn) + duplicate_contacts(
        contact_identities(session.conn), session.config.default_region))
    if as_json:
        print_json([{"path": p, "line": line, "message": m} for p, line, m in problems])
    else:
        for path, line, message in problems:
            click.echo(f"{path}:{line}: {message}")
        if not problems:
            click.echo("No problems found.", err=True)
    sys.exit(1 if problems else 0)
