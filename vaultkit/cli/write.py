"""The commands that change notes: log, done, snooze, set, add, init. Each is one Vault call
(which changes only the lines it means to, writes atomically unless another program saved
the note meanwhile, and updates the index for that note alone) and a line saying what was
written."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from vaultkit.cli.common import DATE, complete_note_name, today_or, with_vault
from vaultkit.model import NEW_NOTE_KINDS
from vaultkit.present.oneline import one_line
from vaultkit.vault import Vault


@click.command("log", short_help="Add a dated entry (or a task) to a note's log.")
@click.argument("name", shell_complete=complete_note_name)
@click.argument("text")
@click.option("--date", "on", type=DATE, help="The entry's day, YYYY-MM-DD (default: today).")
@click.option("--via", metavar="CHANNEL", help="How: email, phone, in person, video, message, …")
@click.option("--kind", "kinds", multiple=True, metavar="KIND",
              help="A kind for the entry: met, thanks, checkin, referral, … (repeatable).")
@click.option("--task", is_flag=True, help="Add an open task (- [ ]) due on the date.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask when the last contact is recent.")
@with_vault
def log_cmd(vault: Vault, name: str, text: str, on, via, kinds, task: bool, yes: bool):
    """Add TEXT as an entry to the log of NAME's note, in date order under its Log
    heading. NAME is a file name, display name or alias, or a unique beginning of one.

    \b
    Examples:
      vaultkit log "Jane Doe" "Sent a thank-you note" --via email --kind thanks
      vaultkit log jane "Send her the article" --task --date 2026-12-01
    """
    day = today_or(on)

    def warn(warning: str) -> None:
        click.echo(f"Warning: {warning}", err=True)
        if not yes and sys.stdin.isatty() and sys.stdout.isatty():
            # Recording what happened (today or before) is the usual case: yes by default;
            # planning contact too soon is what the question is for.
            click.confirm("Add the entry anyway?", default=day <= dt.date.today(),
                          abort=True, err=True)

    path, line, extra = vault.log(name, text, day, via=via, kinds=kinds, task=task,
                                  warn=warn)
    click.echo(one_line(f"{path}: {line}"))
    for key, value in extra:
        click.echo(one_line(f"{path}: {key}: {value}"))


@click.command("done", short_help="Tick an open task of a note (- [ ] → - [x]).")
@click.argument("name", shell_complete=complete_note_name)
@click.argument("text", required=False)
@click.option("--date", "on", type=DATE,
              help="The day it was done, written as ✅ DATE (default: today).")
@with_vault
def done_cmd(vault: Vault, name: str, text, on):
    """Tick an open task (- [ ] → - [x]) in NAME's note: the first one, or the first
    whose text contains TEXT. It is marked with the day it was done, ✅ DATE, as the
    Obsidian Tasks plugin marks it: it counts as contact on that day.

    \b
    Example:
      vaultkit done jane article
    """
    path, ticked = vault.done(name, text, today_or(on))
    click.echo(one_line(f"{path}: ticked {ticked}"))


@click.command("snooze", short_help="No keep-in-touch item for a contact before a day.")
@click.argument("name", shell_complete=complete_note_name)
@click.argument("until", type=DATE, metavar="UNTIL")
@with_vault
def snooze_cmd(vault: Vault, name: str, until):
    """Set `next:` of NAME's note: no keep-in-touch item before the day UNTIL,
    a date (YYYY-MM-DD).

    \b
    Example:
      vaultkit snooze "Marcus Chen" 2027-01-10
    """
    path, value = vault.snooze(name, until)
    click.echo(f"{path}: next: {value}")


@click.command("set", short_help="Set one front matter key of a note, typed as it means.")
@click.argument("name", shell_complete=complete_note_name)
@click.argument("key")
@click.argument("values", nargs=-1, required=True, metavar="VALUE...")
@click.option("--text", is_flag=True, help="Write every VALUE as the text given.")
@with_vault
def set_cmd(vault: Vault, name: str, key: str, values: tuple[str, ...], text: bool):
    """Set one front matter KEY of NAME's note to VALUE, on its own line (added at the
    end if missing), typed as the key means: dates for met/next/…, true/false for
    may_use_name/…, a whole number 1-5 for influence, text for title/company/…; any other
    key as YAML reads VALUE (4 a number, 2026-11-30 a date). Several VALUEs, or a list
    "[a, b]", make a list (tags, aliases, email, phone). --text writes text. Put -- before
    a VALUE that starts with -.

    \b
    Examples:
      vaultkit set jane title "Director of Engineering"
      vaultkit set jane influence 4
      vaultkit set jane tags fintech mentor
      vaultkit set jane zip --text 02134
    """
    try:
        path, written = vault.set(name, key, list(values), text=text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="VALUE") from None
    click.echo(f"{path}: {key}: {written}")


@click.command("add", short_help="Add a note for a contact (or a lead, event or organisation).")
@click.argument("words", nargs=-1, required=True, metavar="[contact|lead|event|org] NAME")
@click.option("--title", help="Job title.")
@click.option("--company", metavar="NAME",
              help="Employer (a link when the vault has a note for it).")
@click.option("--email", multiple=True, help="E-mail address (repeatable).")
@click.option("--phone", multiple=True, help="Phone number (repeatable).")
@click.option("--linkedin", metavar="URL", help="LinkedIn profile URL.")
@click.option("--location", help="City, region or country.")
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="A tag (repeatable).")
@click.option("--circle", help="friend, family, alumni, colleague, recruiter, event, …")
@click.option("--met", type=DATE, help="When you met.")
@click.option("--at", "met_at", metavar="PLACE",
              help="Where you met (a link when the vault has that note).")
@click.option("--referred-by", metavar="NAME", help="Who gave you the name (a link when known).")
@click.option("--may-use-name/--may-not-use-name", default=None,
              help="Whether you may mention the referrer.")
@click.option("--cadence", metavar="INTERVAL",
              help="Keep in touch every: 2w, monthly, quarterly, never, …")
@click.option("--min-gap", metavar="INTERVAL",
              help="Never suggest contact sooner than this after the last: 3d, 1w, …")
@click.option("--influence", type=click.IntRange(1, 5), metavar="N",
              help="How much they can open doors for you, 1 to 5 (default 3).")
@click.option("--status", help="Contacts: active, paused, archived; leads: idea, inquired, "
                                "applied, interviewing, offer, hired, …")
@click.option("--next", "next_", type=DATE,
              help="No keep-in-touch item (leads: no follow-up) before this day.")
@click.option("--birthday", metavar="DATE",
              help="YYYY-MM-DD, or --MM-DD without the year.")
@click.option("--role", help="Leads: the role.")
@click.option("--source", metavar="NAME",
              help="Leads: who gave you the lead, or where it came from.")
@click.option("--url", metavar="URL", help="Leads: the posting's address.")
@click.option("--advertised/--not-advertised", default=None,
              help="Leads: whether the role is advertised.")
@click.option("--date", "date_", type=DATE, help="Events: the day.")
@click.option("--org", metavar="NAME", help="Events: the organiser.")
@click.option("--website", metavar="URL", help="Organisations: the website.")
@click.option("--member/--not-member", default=None,
              help="Organisations: whether you are a member.")
@click.option("--renews", type=DATE, help="Organisations: when the membership renews.")
@click.option("--set", "extra", multiple=True, metavar="KEY=VALUE",
              help="Any other key (repeatable).")
@click.option("--new", "allow_duplicate", is_flag=True,
              help="Add it even if a note with that name, e-mail or LinkedIn URL exists.")
@with_vault
def add_cmd(vault: Vault, words, allow_duplicate, extra, **options):
    """Add a note for a contact named NAME (or, with the kind before NAME, a lead, an
    event or an organisation).

    \b
    Example:
      vaultkit add "Jane Doe" --company Acme --title "Engineering Manager" \\
          --email jane@acme.example --met 2026-11-20 --at "Busan Job Fair" \\
          --referred-by "John Smith" --may-use-name --tag fintech
      vaultkit add lead "Acme Platform Engineer" --company Acme
    """
    if len(words) == 2 and words[0] in NEW_NOTE_KINDS:
        kind, name = words
    elif len(words) == 1:
        kind, name = "contact", words[0]
    else:
        raise click.UsageError("give the kind (optional) and the name; quote a name with spaces")
    values = {
        "title": options["title"], "company": options["company"], "role": options["role"],
        "email": options["email"][0] if len(options["email"]) == 1 else options["email"],
        "phone": options["phone"][0] if len(options["phone"]) == 1 else options["phone"],
        "linkedin": options["linkedin"], "location": options["location"],
        "tags": options["tags"], "circle": options["circle"], "met": (options["met"]),
        "met_at": options["met_at"], "referred_by": options["referred_by"],
        "may_use_name": options["may_use_name"], "cadence": options["cadence"],
        "min_gap": options["min_gap"], "influence": options["influence"],
        "status": options["status"], "next": (options["next_"]),
        "birthday": options["birthday"], "source": options["source"], "url": options["url"],
        "advertised": options["advertised"], "date": (options["date_"]),
        "org": options["org"], "website": options["website"], "member": options["member"],
        "renews": (options["renews"]),
    }
    for item in extra:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"'{item}' is not KEY=VALUE", param_hint="--set")
        values[key.strip()] = value
    path = vault.add(kind, name, values, today_or(None), allow_duplicate)
    click.echo(f"Added {path}")


@click.command("init", short_help="Make a folder a vault, or add what a vault lacks.")
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@click.option("--git/--no-git", "git", default=None,
              help="In a git work tree: set up git sync too (`vaultkit git setup`), or "
                   "not (default: ask, when there is someone to ask).")
def init_cmd(folder, git):
    """Make FOLDER (default: the current one) a vault: `.vaultkit/` with a commented
    config.toml, the folders people/ leads/ events/ orgs/ prep/, and prep notes to fill in.
    On an existing folder (an Obsidian vault) it adds only what is missing. In a git work
    tree it offers to set up git sync (vaultkit help git).

    \b
    Example:
      vaultkit init ~/network
    """
    root = Path(folder or ".").expanduser()
    for line in Vault.init(root):
        click.echo(line)
    if git is not False and Vault.in_git_work_tree(root):
        if git is None and sys.stdin.isatty():
            git = click.confirm("This folder is in a git work tree. Set up git sync (the "
                                "merge driver for notes, a pre-commit check)?", default=True)
        if git:
            from vaultkit.cli.git import launcher  # edge: only when git sync is wanted

            for line in Vault.git_setup(root, launcher()):
                click.echo(line)
        else:
            click.echo("This folder is in a git work tree: 'vaultkit git setup' makes git\n"
                       "merge notes without conflicts on logs (vaultkit help git).")
    click.echo(f"Ready. Next: vaultkit --vault {root} add \"Name\"  (or, in that folder, "
               "vaultkit add \"Name\")")
