"""The commands that change notes: log, done, snooze, set. Each changes only the lines it
means to (edit.py), writes atomically unless another program saved the note meanwhile
(write.py), and updates the index for that note alone."""

from __future__ import annotations

import datetime as dt
import sys

import click

from vaultkit.cli.common import with_session
from vaultkit.errors import VaultkitError
from vaultkit.index.queries import find_note
from vaultkit.notes.entry import LEAD_STATUS_OF_KIND, entry_line
from vaultkit.session import Session

# The edits (and the YAML library under them) are imported inside each command: loading
# them at start-up would slow every read command.

_DATE = click.DateTime(formats=["%Y-%m-%d"])
# Entries that answer or record rather than start contact: no min_gap warning for these.
_ANSWERS = {"thanks", "update", "met", "note"}


@click.command("log")
@click.argument("name")
@click.argument("text")
@click.option("--date", "on", type=_DATE, help="The entry's day, YYYY-MM-DD (default: today).")
@click.option("--via", help="How: email, phone, in person, video, message, …")
@click.option("--kind", "kinds", multiple=True,
              help="A kind for the entry: met, thanks, checkin, referral, … (repeatable).")
@click.option("--task", is_flag=True, help="Add an open task (- [ ]) due on the date.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask when the last contact is recent.")
@with_session
def log_cmd(session: Session, name: str, text: str, on, via, kinds, task: bool, yes: bool):
    """Add an entry to a note's log, in date order under its Log heading.

    \b
    Examples:
      vaultkit log "Jane Doe" "Sent a thank-you note" --via email --kind thanks
      vaultkit log jane "Send her the article" --task --date 2026-12-01
    """
    day = on.date() if on else dt.date.today()
    try:
        line = entry_line(day, text, via, list(kinds), task)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    row = find_note(session.conn, name)
    wanted = {k.strip().lstrip("#").lower() for k in kinds}
    if not task and not wanted & _ANSWERS:
        _mind_the_gap(session, row, day, yes)
    extra = _keys_set_by(row, wanted, day)

    from vaultkit.notes.edit import add_log_line, set_key

    def change(old: str) -> str:
        new = add_log_line(old, line, day.isoformat(), session.config.log_headings)
        for key, value in extra:
            new = set_key(new, key, value, row.path)
        return new

    session.change(row.path, change)
    click.echo(f"{row.path}: {line}")
    for key, value in extra:
        click.echo(f"{row.path}: {key}: {value}")


def _keys_set_by(row, kinds: set[str], day: dt.date) -> list[tuple[str, str]]:
    """`--kind met` fills an empty `met:`; on a lead, a status kind sets `status:`."""
    extra = []
    if row.kind == "contact" and "met" in kinds and not row.meta.get("met"):
        extra.append(("met", day.isoformat()))
    if row.kind == "lead":
        for kind, status in LEAD_STATUS_OF_KIND.items():
            if kind in kinds and row.meta.get("status") != status:
                extra.append(("status", status))
    return extra[:2]


def _mind_the_gap(session: Session, row, day: dt.date, yes: bool) -> None:
    """Warn before contact closer than the contact's min_gap to the last one; ask on a
    terminal (PRODUCT.md §4: never more often than the contact would like)."""
    if row.kind != "contact" or not row.last_contact:
        return
    last = dt.date.fromisoformat(row.last_contact)
    gap = session.min_gap(row)
    if not dt.timedelta(0) <= day - last < gap:
        return
    click.echo(f"Warning: the last contact with {row.title} was on {last:%b} {last.day} "
               f"({(day - last).days} days before); their minimum gap is {gap.days} days.",
               err=True)
    if not yes and sys.stdin.isatty() and sys.stdout.isatty():
        click.confirm("Add the entry anyway?", abort=True, err=True)


@click.command("done")
@click.argument("name")
@click.argument("text", required=False)
@with_session
def done_cmd(session: Session, name: str, text):
    """Tick an open task (- [ ] → - [x]): the first one, or the first whose text contains
    TEXT.

    \b
    Example:
      vaultkit done jane article
    """
    from vaultkit.notes.edit import tick_task

    ticked = []

    def change(old: str) -> str:
        new, line = tick_task(old, text)
        ticked.append(line)
        return new

    row, _ = session.change(name, change)
    click.echo(f"{row.path}: ticked {ticked[-1].strip()}")


@click.command("snooze")
@click.argument("name")
@click.argument("until", type=_DATE)
@with_session
def snooze_cmd(session: Session, name: str, until):
    """Set `next:` — no keep-in-touch item before UNTIL (YYYY-MM-DD).

    \b
    Example:
      vaultkit snooze "Marcus Chen" 2027-01-10
    """
    from vaultkit.notes.edit import set_key

    value = until.date().isoformat()
    row = find_note(session.conn, name)
    session.change(row.path, lambda old: set_key(old, "next", value, row.path))
    click.echo(f"{row.path}: next: {value}")


@click.command("set")
@click.argument("name")
@click.argument("key")
@click.argument("value")
@with_session
def set_cmd(session: Session, name: str, key: str, value: str):
    """Set one front matter KEY to VALUE, on its own line (added at the end if missing).

    VALUE is quoted when YAML would read it as something else (`no`, `2026-13-01`, `a: b`).

    \b
    Example:
      vaultkit set jane title "Director of Engineering"
    """
    if not key or not key.replace("_", "a").replace("-", "a").isalnum():
        raise VaultkitError(f"'{key}' is not a key vaultkit sets (letters, digits, - and _)")
    from vaultkit.notes.edit import set_key, yaml_value

    text = yaml_value(value)
    row = find_note(session.conn, name)
    session.change(row.path, lambda old: set_key(old, key, text, row.path))
    click.echo(f"{row.path}: {key}: {text}")


def _date(value):
    return value.date() if value else None


@click.command("add")
@click.argument("words", nargs=-1, required=True, metavar="[contact|lead|event|org] NAME")
@click.option("--title")
@click.option("--company", help="Employer (a link when the vault has a note for it).")
@click.option("--email", multiple=True)
@click.option("--phone", multiple=True)
@click.option("--linkedin")
@click.option("--location")
@click.option("--tag", "tags", multiple=True)
@click.option("--circle", help="friend, family, alumni, colleague, recruiter, event, …")
@click.option("--met", type=_DATE, help="When you met, YYYY-MM-DD.")
@click.option("--at", "met_at", help="Where you met (a link when the vault has that note).")
@click.option("--referred-by", help="Who gave you the name (a link when known).")
@click.option("--may-use-name/--may-not-use-name", default=None,
              help="Whether you may mention the referrer.")
@click.option("--cadence", help="Keep in touch every: 2w, monthly, quarterly, never, …")
@click.option("--min-gap")
@click.option("--influence", type=click.IntRange(1, 5))
@click.option("--status")
@click.option("--next", "next_", type=_DATE)
@click.option("--birthday")
@click.option("--role", help="Leads: the role.")
@click.option("--source", help="Leads: who gave you the lead, or where it came from.")
@click.option("--url")
@click.option("--advertised/--not-advertised", default=None)
@click.option("--date", "date_", type=_DATE, help="Events: the day.")
@click.option("--org", help="Events: the organiser.")
@click.option("--website")
@click.option("--member/--not-member", default=None)
@click.option("--renews", type=_DATE)
@click.option("--set", "extra", multiple=True, metavar="KEY=VALUE",
              help="Any other key (repeatable).")
@click.option("--new", "allow_duplicate", is_flag=True,
              help="Add it even if a note with that name, e-mail or LinkedIn URL exists.")
@with_session
def add_cmd(session: Session, words, allow_duplicate, extra, **options):
    """Add a note for a contact (or a lead, event or organisation).

    \b
    Example:
      vaultkit add "Jane Doe" --company Acme --title "Engineering Manager" \\
          --email jane@acme.example --met 2026-11-20 --at "Busan Job Fair" \\
          --referred-by "John Smith" --may-use-name --tag fintech
      vaultkit add lead "Acme Platform Engineer" --role "Platform Engineer" --company Acme
    """
    from vaultkit.disk.newnote import KINDS

    if len(words) == 2 and words[0] in KINDS:
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
        "tags": options["tags"], "circle": options["circle"], "met": _date(options["met"]),
        "met_at": options["met_at"], "referred_by": options["referred_by"],
        "may_use_name": options["may_use_name"], "cadence": options["cadence"],
        "min_gap": options["min_gap"], "influence": options["influence"],
        "status": options["status"], "next": _date(options["next_"]),
        "birthday": options["birthday"], "source": options["source"], "url": options["url"],
        "advertised": options["advertised"], "date": _date(options["date_"]),
        "org": options["org"], "website": options["website"], "member": options["member"],
        "renews": _date(options["renews"]),
    }
    for item in extra:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"'{item}' is not KEY=VALUE", param_hint="--set")
        values[key.strip()] = value
    path = session.add(kind, name, values, dt.date.today(), allow_duplicate)
    click.echo(f"Added {path}")


@click.command("init")
@click.argument("folder", required=False, type=click.Path(file_okay=False))
def init_cmd(folder):
    """Make FOLDER (default: the current one) a vault: `.vaultkit/` with a commented
    config.toml, the folders people/ leads/ events/ orgs/ prep/, and prep notes to fill in.
    On an existing folder (an Obsidian vault) it adds only what is missing.

    \b
    Example:
      vaultkit init ~/network
    """
    from pathlib import Path

    from vaultkit.disk.setup import init_vault

    root = Path(folder or ".").expanduser()
    try:
        report = init_vault(root)
    except OSError as exc:
        raise VaultkitError(f"{root}: cannot set up a vault here: {exc.strerror}") from None
    for line in report:
        click.echo(line)
    click.echo(f"Ready. Next: vaultkit --vault {root} add \"Name\"  (inside it, no --vault)")
