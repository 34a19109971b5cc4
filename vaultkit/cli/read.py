"""The read commands: index, list, show, search, check."""

from __future__ import annotations

import sys

import click

from vaultkit.cli.common import (
    DATE,
    complete_note_name,
    open_vault,
    print_json,
    problem_notice,
    sync_index,
    today_or,
    vault_options,
    with_vault,
)
from vaultkit.cli.stream import echo_stream, json_array, print_json_rows
from vaultkit.present import shapes
from vaultkit.present.oneline import one_line
from vaultkit.vault import Vault

KINDS = ("contact", "lead", "event", "org", "note", "all")


@click.command("index", short_help="Bring the index up to date and say what changed.")
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
    vault = open_vault(ctx)
    try:
        try:
            stats = sync_index(vault, rebuild=rebuild, trust_watch=False)  # walk: asked to look
            vault.problem_count()  # the index read past its file rows
        except Exception as exc:  # noqa: BLE001 - heal re-raises what is not damage
            vault.heal(exc)  # rebuilt in place: read every note
            stats = sync_index(vault, rebuild=True)
        if as_json:
            print_json(shapes.stats_json(stats))
        else:
            click.echo(stats.summary())
            if verbose:
                click.echo(shapes.stats_paths(stats), nl=False)
        problem_notice(vault)
    finally:
        vault.close()


@click.command("list")
@click.option("--kind", type=click.Choice(KINDS), default="contact", show_default=True,
              help="Which notes to list.")
@click.option("--tag", metavar="TAG", help="Only notes with this tag.")
@click.option("--company", help="Only notes whose company contains this text.")
@click.option("--circle", help="Only contacts in this circle (alumni, colleague, …).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@with_vault
def list_cmd(vault: Vault, kind: str, tag, company, circle, as_json: bool):
    """List contacts (or other notes) with their last contact.

    \b
    Example:
      vaultkit list --circle alumni
    """
    selected = None if kind == "all" else kind
    if as_json and not (tag or company or circle or sys.stdout.isatty()):
        # For scripts, on large vaults: one note a line, encoded by SQLite, streamed.
        echo_stream(json_array(vault.notes_json(selected), "[", ",\n", "]\n"))
    elif as_json:
        print_json_rows(row.as_json() for row in vault.each_note(selected, tag, company, circle))
    else:
        from vaultkit.present import tables  # edge: rich, which --json does not need

        tables.print_list(vault.notes(selected, tag, company, circle), kind)
    problem_notice(vault)


@click.command("show", short_help="Show one note in full, with its cadence and backlinks.")
@click.argument("name", shell_complete=complete_note_name)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--date", "on", type=DATE,
              help="The day whose cadence to show, YYYY-MM-DD (default: today).")
@with_vault
def show_cmd(vault: Vault, name: str, as_json: bool, on):
    """Show one note: front matter, log, open tasks, backlinks, favour balance, and for a
    contact the cadence that applies and why.

    NAME is a file name, display name or alias, or a unique beginning of one.

    \b
    Example:
      vaultkit show "Jane Doe"
    """
    detail = vault.show(name, today_or(on))
    if as_json:
        print_json(shapes.detail_json(detail))
    else:
        from vaultkit.present.wrap import terminal_width  # edge: rich, which --json does not need

        click.echo(vault.show_page(detail, terminal_width()), nl=False)
    problem_notice(vault)


@click.command("search", short_help="Full-text search over the notes, best match first.")
@click.argument("query")
@click.option("--limit", default=50, show_default=True, metavar="N",
              type=click.IntRange(1, 1_000_000), help="At most this many results.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_vault(sync=False)  # it syncs itself: the search is made while the sync walks
def search_cmd(vault: Vault, query: str, limit: int, as_json: bool):
    """Full-text search for QUERY over names, front matter and note text, best match
    first. Every word of QUERY must match, as a whole word (`thank` does not find
    `thanked`); case and accents do not matter (`lucia` finds Lucía).

    \b
    Example:
      vaultkit search "platform team"
    """
    hits = sync_index(vault, run=lambda progress: vault.synced_search(query, limit, progress))
    if as_json:
        print_json([shapes.hit_json(h) for h in hits])
    else:
        from vaultkit.present.hits import print_hits  # edge: what --json does not need

        print_hits(hits)
    problem_notice(vault)


@click.command("check", short_help="List every problem in the vault; exit 1 on an error.")
@click.argument("paths", nargs=-1, type=click.Path(), metavar="[PATH]...")
@click.option("--staged", is_flag=True,
              help="Check the notes staged in git, as the next commit holds them.")
@click.option("--strict", is_flag=True, help="Exit 1 on notices too, not only on errors.")
@click.option("--all-links", is_flag=True,
              help="Check the links of every note's body too, not only those the rules read.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--prep", is_flag=True, help="Instead: which prep notes are missing or empty.")
@with_vault
def check_cmd(vault: Vault, paths: tuple[str, ...], staged: bool, strict: bool,
              all_links: bool, as_json: bool, prep: bool):
    """List every problem as path:line: message; exit 1 if there is an error.

    Errors (invalid YAML, bad dates or cadences, conflict markers, duplicate contacts …)
    come first; then, under "Notices", links to notes not written yet and links that
    several notes fit: exit 0 on those unless --strict. Links are checked in the front
    matter and log of contacts, leads, events and orgs; --all-links checks every note's.

    With PATH…, only those notes: their own problems, their links that resolve to no note
    or several, and the duplicate contacts they are part of. Paths that are not .md are
    passed over (a hook may pass every file it commits), and so are deleted ones.

    With --staged, the notes staged in git (the vault may be the repository or a folder
    in it): their text as the next commit holds it, whatever the working tree holds; their
    links are resolved against the working tree's notes. For .git/hooks/pre-commit.

    \b
    Examples:
      vaultkit check                                   # the whole vault
      vaultkit check "people/Jane Doe.md" leads/*.md   # those notes
      vaultkit check --staged                          # in .git/hooks/pre-commit
    """
    if bool(paths) + staged + prep > 1:
        raise click.UsageError("PATH…, --staged and --prep go alone: give one of them")
    if prep:
        lines = vault.empty_prep()
        for line in lines:
            click.echo(line)
        if not lines:
            click.echo("Every prep note has something in it.", err=True)
        sys.exit(1 if lines else 0)
    problems = (vault.check_staged(all_links) if staged
                else vault.check_paths(paths, all_links) if paths else vault.check(all_links))
    errors, notices = shapes.by_severity(problems)
    if as_json:
        print_json(shapes.problems_json(problems))
    else:
        _print_problems(errors, notices)
    sys.exit(1 if errors or (strict and notices) else 0)


def _print_problems(errors: list, notices: list) -> None:
    """`check`'s lines (line 0: about the file, not a line of it), wrapped with a hanging
    indent to the terminal's width or COLUMNS, the path never broken (piped: one line
    each)."""
    from vaultkit.present.wrap import terminal_width, wrap  # edge: rich

    width = terminal_width()
    for heading, problems in (("", errors), ("Notices:", notices)):
        if heading and problems:
            click.echo(("\n" if errors else "") + heading)
        for path, line, message in problems:
            text = one_line(f"{path}:{line}: {message}" if line else f"{path}: {message}")
            click.echo(wrap(text, width, 4, keep=path))
    if not errors:
        click.echo(f"No errors; {len(notices)} notice{'s' * (len(notices) != 1)}."
                   if notices else "No problems found.", err=True)
