"""The commands that change notes: log, done, snooze, set. Each changes only the lines it
means to (edit.py), writes atomically unless another program saved the note meanwhile
(write.py), and updates the index for that note alone."""

from __future__ import annotations

import datetime as dt
import sys

import click

from ..errors import VaultkitError
from ..index.queries import find_note
from ..logging_entry import LEAD_STATUS_OF_KIND, entry_line
from ..session import Session
from .common import with_session

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

    from ..edit import add_log_line, set_key

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
    from ..edit import tick_task

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
    from ..edit import set_key

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
    from ..edit import set_key, yaml_value

    text = yaml_value(value)
    row = find_note(session.conn, name)
    session.change(row.path, lambda old: set_key(old, key, text, row.path))
    click.echo(f"{row.path}: {key}: {text}")
