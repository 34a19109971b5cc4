"""The agenda command, and message drafts for one contact."""

from __future__ import annotations

import os
import sys

import click

from vaultkit.agenda.build import RULES
from vaultkit.agenda.drafts import KINDS as DRAFTS
from vaultkit.cli.common import DATE, problem_notice, today_or, with_vault
from vaultkit.present.agenda import FORMATS
from vaultkit.vault import Vault


@click.command("agenda")
@click.option("--date", "on", type=DATE,
              help="The agenda's day, YYYY-MM-DD (default: today).")
@click.option("--days", type=click.IntRange(0, 3660),
              help="Show what is due up to this many days ahead (default: 7, or [rules] days).")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text",
              show_default=True, help="text for a terminal, md for an Obsidian note, html for "
                                      "a browser, json for scripts.")
@click.option("--template", help="Render with this template (from .vaultkit/templates/, "
                                 "else built in) instead of the format's.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write to FILE (atomically) instead of the terminal.")
@click.option("--rule", "rules", multiple=True, type=click.Choice(RULES),
              help="Only items of this rule (repeatable).")
@click.option("--tag", help="Only items about notes with this tag.")
@with_vault
def agenda_cmd(vault: Vault, on, days, fmt, template, output, rules, tag):
    """Whom to thank, follow up, tell about a result, or leave alone for now — and why.

    \b
    Examples:
      vaultkit agenda
      vaultkit agenda --date 2026-11-27 --days 14
      vaultkit agenda --format md --output Agenda.md
    """
    # NO_COLOR turns colour off when set and not empty (no-color.org).
    output = None if output == "-" else output  # `-`: standard output, as everywhere
    color = fmt == "text" and not output and sys.stdout.isatty() and not os.environ.get(
        "NO_COLOR")
    width = None
    if fmt == "text" and not output:
        from vaultkit.present.wrap import terminal_width  # edge: rich, which json does not need

        width = terminal_width()
    text = vault.agenda_text(today_or(on), fmt, days=days, rules=rules, tag=tag,
                             template=template, color=color, width=width)
    if output:
        vault.save(output, text)
    else:
        click.echo(text, nl=False)
    problem_notice(vault)


@click.command("draft")
@click.argument("kind", type=click.Choice(DRAFTS), metavar="KIND")
@click.argument("name")
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
