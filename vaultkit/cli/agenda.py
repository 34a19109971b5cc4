"""The agenda command, and message drafts for one contact."""

from __future__ import annotations

import os
import sys

import click

from vaultkit.agenda.build import RULES
from vaultkit.agenda.drafts import KINDS as DRAFTS
from vaultkit.cli.common import (
    DATE,
    OutputFile,
    complete_note_name,
    problem_notice,
    today_or,
    vault_options,
    with_vault,
)
from vaultkit.present.agenda import FORMATS
from vaultkit.vault import Vault


@click.group("agenda", invoke_without_command=True, subcommand_metavar="[apply [FILE]]",
             short_help="Whom to thank, follow up or tell the news, and why.")
@click.option("--date", "on", type=DATE,
              help="The agenda's day, YYYY-MM-DD (default: today).")
@click.option("--days", type=click.IntRange(0, 3660), metavar="DAYS",
              help="Show what is due up to this many days ahead (default: 7, or [rules] days).")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text",
              show_default=True, help="text for a terminal, md for an Obsidian note, html for "
                                      "a browser, json for scripts.")
@click.option("--template", metavar="NAME",
              help="Render with this template (from .vaultkit/templates/, else built in) "
                   "instead of the format's.")
@click.option("--output", "-o", type=OutputFile(), metavar="FILE",
              help="Write to FILE (atomically) instead of the terminal.")
@click.option("--rule", "rules", multiple=True, type=click.Choice(RULES),
              metavar="RULE", help="Only items of this rule (repeatable; the rules: "
                                   "vaultkit help agenda).")
@click.option("--tag", metavar="TAG", help="Only items about notes with this tag.")
@click.option("--links", type=click.Choice(["obsidian", "file"]), default="obsidian",
              show_default=True, help="What the html format's names open: the note in "
                                      "Obsidian (obsidian://), or the file (file://).")
@click.option("--all", "every", is_flag=True,
              help="Show every item of each section (text, md, html show the first "
                   "[agenda] max_items, default 50; json always has every item).")
@vault_options
@click.pass_context
def agenda_cmd(ctx: click.Context, **options):
    """Whom to thank, follow up, tell about a result, or leave alone for now — and why.

    `agenda apply` records the items ticked in the Markdown agenda note.

    \b
    Examples:
      vaultkit agenda
      vaultkit agenda --date 2026-11-27 --days 14
      vaultkit agenda --format md --output Agenda.md
      vaultkit agenda --all
      vaultkit agenda apply Agenda.md
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(_agenda, **options)


@with_vault
def _agenda(vault: Vault, on, days, fmt, template, output, rules, tag, links, every):
    # NO_COLOR turns colour off when set and not empty (no-color.org).
    output = None if output == "-" else output  # `-`: standard output, as everywhere
    color = fmt == "text" and not output and sys.stdout.isatty() and not os.environ.get(
        "NO_COLOR")
    width = None
    if fmt == "text" and not output:
        from vaultkit.present.wrap import terminal_width  # edge: rich, which json does not need

        width = terminal_width()
    chunks = vault.agenda_chunks(today_or(on), fmt, days=days, rules=rules, tag=tag,
                                 template=template, color=color, links=links, width=width,
                                 every=every)
    if output:
        wrote(vault.save(output, "".join(chunks)))
    else:
        for chunk in chunks:  # written as made: a large JSON agenda is never one string
            click.echo(chunk, nl=False)
    problem_notice(vault)


def wrote(path: str | os.PathLike) -> None:
    """`Wrote Agenda.md` on stderr: where a write went (relative to the current folder
    when it is below it), so that piped output is unchanged."""
    full = os.path.abspath(path)
    shown = os.path.relpath(full)
    click.echo(f"Wrote {full if shown.startswith('..') else shown}", err=True)


@agenda_cmd.command("apply")
@click.argument("file", type=click.Path(dir_okay=False), required=False, metavar="[FILE]")
@click.option("--date", "on", type=DATE, metavar="DATE",
              help="Record the ticks as of this day, YYYY-MM-DD (default: today).")
@click.option("--days", type=click.IntRange(0, 3660), metavar="DAYS",
              help="The re-rendered note's horizon in days (default: 7, or [rules] days).")
@with_vault
def apply_cmd(vault: Vault, file, on, days):
    """Record the items ticked in the agenda note, then render it again.

    FILE is the Markdown agenda note (default: Agenda.md in the vault), a path as the
    shell gives it. Each ticked item (`- [x] … ^vk-…`) is recorded in its note, dated
    today: a thank-you as a #thanks entry, a task ticked, and so on (every rule:
    vaultkit help agenda). Type a channel after the box to log it: `- [x] (email) …`.
    A tick that matches no item of today's agenda is not recorded, and said.

    \b
    Examples:
      vaultkit agenda apply
      vaultkit agenda apply Agenda.md --date 2026-11-27
    """
    day = today_or(on)
    path = file or vault.root / "Agenda.md"
    applied = vault.apply_agenda_note(path, day, days)
    for line in applied.done:
        click.echo(line)
    for tick, why in applied.refused:
        click.echo(f"{path}:{tick.line}: not recorded: {why}", err=True)
    for tick in applied.stale:
        click.echo(f"{path}:{tick.line}: ticked {tick.id} matches no item of today's "
                   "agenda (done already, or not one of vaultkit's): not recorded",
                   err=True)
    if not applied:
        click.echo(f"No ticked items in {path}", err=True)
    if applied.wrote is None:
        click.echo(f"{path} changed while its ticks were recorded: not written again "
                   "(run this again to record the new ticks)", err=True)
    else:
        wrote(applied.wrote)
    if applied.refused:  # their boxes are still ticked: fix what was said, apply again
        problem_notice(vault)
        sys.exit(5)
    problem_notice(vault)


@click.command("draft")
@click.argument("kind", type=click.Choice(DRAFTS), metavar="KIND")
@click.argument("name", shell_complete=complete_note_name)
@click.option("--mailto", is_flag=True, help="Print a mailto: URL that opens the draft in a "
                                            "mail program.")
@click.option("--date", "on", type=DATE,
              help="Write as of this day, YYYY-MM-DD (default: today).")
@with_vault
def draft_cmd(vault: Vault, kind: str, name: str, mailto: bool, on):
    """A message draft for one contact, filled in from the vault.

    NAME is a contact, or a lead (the draft goes to its first contact and is about that
    lead). KIND is what the message is for:

    \b
      thank-you          thank someone you met (within 2 days, the guidance says)
      check-in           keep in touch: ask how they are, give your news
      report-back        tell them how a lead went; thank them and offer your help
                         in return only when the vault shows they helped
      ask-referral       ask for two or three names, and whether to mention theirs
      follow-up-inquiry  follow up an inquiry or application
      introduce          first contact through a referral: ask for a short
                         informational interview (names the referrer only with
                         may_use_name: true)
      follow-up-event    after an event: recall it and what you talked about,
                         propose a next step
      share-news         after a hire: tell them where you start, and thank them
      announce           tell your circles you are looking, and for what
      offer-help         offer your help in return for theirs
      thank-for-help     thank them for a favour (a #helped-me entry)
      write-once         one message for everything the agenda asks of them
                         (its write-once item, up to --date plus [rules] days)

    A draft the vault contradicts is refused (exit 1): share-news before a
    hire, announce after it, thank-for-help without a #helped-me entry.

    Templates: templates/drafts/KIND.txt.j2, or the vault's
    .vaultkit/templates/drafts/KIND.txt.j2.

    \b
    Examples:
      vaultkit draft thank-you "Ahmed Hassan"
      vaultkit draft introduce "Kim Lee"
      vaultkit draft report-back jane --mailto
    """
    draft = vault.draft(kind, name, today_or(on))
    click.echo(draft.mailto() if mailto else draft.text().rstrip("\n"))
    problem_notice(vault)
