"""`vaultkit import …` and `vaultkit export …`: bring a network in from the files people
have, and take it anywhere. The readers, writers and the merge are the library's
(Vault.import_, Vault.export)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import click

from vaultkit.agenda.pace import is_cadence
from vaultkit.cli.common import OutputFile, Phases, print_json, with_vault
from vaultkit.cli.stream import echo_stream
from vaultkit.present import shapes
from vaultkit.vault import Vault


@click.group("import")
def import_group():
    """Bring contacts in from LinkedIn and other exports.

    A record joins the note that shares its e-mail, LinkedIn profile or phone, or, failing
    those, the one contact with its exact name when nothing tells them apart; else it
    becomes a new note. A matched note is only filled in: keys it lacks are added, values
    you wrote are kept (differences are listed). Importing the same file again changes
    nothing. Which field of each export goes to which key: `vaultkit help import`.

    \b
    Example:
      vaultkit import linkedin Connections.csv --spread
    """


def _cadence(_ctx, _param, value: str | None) -> str | None:
    """`--cadence`: an interval such as 2w or 1m, or never, written as the new notes'
    `cadence:`."""
    if value is None:
        return None
    if not is_cadence(value):
        raise click.BadParameter(f"{value!r} is not an interval such as 2w, 1m or never")
    return value.strip()


def _import_options(func: Callable) -> Callable:
    func = click.option("--json", "as_json", is_flag=True,
                        help="Print what was done as JSON (see vaultkit help import).")(func)
    func = click.option("--per-day", type=click.IntRange(1, 10_000), metavar="N",
                        help="With --spread: at most N check-ins fall due on one day, "
                             "those already set included (default 5).")(func)
    func = click.option("--cadence", callback=_cadence, metavar="INTERVAL",
                        help="Keep in touch with the new contacts this often (2w, 1m, "
                             "never); without it they are weak ties: [rules] "
                             "imported_cadence (default never) until you log contact.")(func)
    func = click.option("--spread", is_flag=True,
                        help="Give new contacts a first check-in (next:), staggered over "
                             "the cadence and at most --per-day a day.")(func)
    return click.option("--dry-run", is_flag=True,
                        help="Show what would be done; write nothing.")(func)


@import_group.command("linkedin", short_help="Import LinkedIn's Connections.csv or messages.csv.")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@_import_options
@with_vault
def linkedin_cmd(vault: Vault, file: Path, dry_run: bool, spread: bool, as_json: bool,
                 **pace):
    """Import FILE, LinkedIn's Connections.csv or messages.csv (Settings → Data privacy → Get a
    copy of your data). From messages.csv, each conversation's latest message becomes a
    log entry on the other person's note (never a new note), so that the agenda knows when
    you were last in touch.

    \b
    Examples:
      vaultkit import linkedin ~/Downloads/Connections.csv --dry-run
      vaultkit import linkedin ~/Downloads/messages.csv
    """
    _run(vault, "linkedin", [file], (), dry_run, spread, as_json, pace)


@import_group.command("google", short_help="Import a Google Contacts CSV export.")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@_import_options
@with_vault
def google_cmd(vault: Vault, file: Path, dry_run: bool, spread: bool, as_json: bool,
               **pace):
    """Import FILE, a Google Contacts CSV export (contacts.google.com → Export → Google
    CSV).

    \b
    Example:
      vaultkit import google contacts.csv --dry-run
    """
    _run(vault, "google", [file], (), dry_run, spread, as_json, pace)


@import_group.command("vcard", short_help="Import vCard files (.vcf) of phones and address books.")
@click.argument("files", nargs=-1, required=True, metavar="FILE...",
                type=click.Path(path_type=Path, dir_okay=False))
@_import_options
@with_vault
def vcard_cmd(vault: Vault, files: tuple[Path, ...], dry_run: bool, spread: bool,
              as_json: bool, **pace):
    """Import vCard files (.vcf: 2.1, 3.0 or 4.0) exported by phones and address books:
    each FILE may hold many cards.

    \b
    Example:
      vaultkit import vcard ~/Downloads/contacts.vcf --dry-run
    """
    _run(vault, "vcard", list(files), (), dry_run, spread, as_json, pace)


@import_group.command("csv", short_help="Import any CSV, its columns mapped to front matter keys.")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--map", "mapping", multiple=True, required=True, metavar="COLUMN=KEY",
              help="Put a column into a front matter key (repeatable; several columns may "
                   "go to one key). One must go to name.")
@_import_options
@with_vault
def csv_cmd(vault: Vault, file: Path, mapping: tuple[str, ...], dry_run: bool,
            spread: bool, as_json: bool, **pace):
    """Import FILE, any spreadsheet saved as CSV, its columns mapped to front matter
    keys.

    How columns are read, and which keys take dates or several values: `vaultkit help
    import`.

    \b
    Example:
      vaultkit import csv people.csv --map "Full Name=name" --map "E-mail=email" \\
          --map "Employer=company" --map "Met on=met"
    """
    _run(vault, "csv", [file], mapping, dry_run, spread, as_json, pace)


def _run(vault: Vault, source: str, files: list[Path], mapping, dry_run: bool, spread: bool,
         as_json: bool, pace: dict) -> None:
    """Import with progress bars (on a terminal), then report. A file `-` is standard
    input (kept in a temporary file named `stdin`: the readers read files)."""
    phases = Phases()
    with tempfile.TemporaryDirectory(prefix="vaultkit-stdin-") as folder:
        files = [_stdin_file(Path(folder)) if str(f) == "-" else f for f in files]
        _import(vault, source, files, mapping, dry_run, spread, as_json, phases, pace)


def _stdin_file(folder: Path) -> Path:
    path = folder / "stdin"
    try:
        with open(path, "wb") as out:
            shutil.copyfileobj(click.get_binary_stream("stdin"), out)
    except OSError as exc:  # a full temporary folder: say where, not "the output"
        raise click.ClickException(f"cannot keep standard input in {path}: "
                                   f"{exc.strerror}") from None
    return path


def _import(vault: Vault, source: str, files: list[Path], mapping, dry_run: bool,
            spread: bool, as_json: bool, phases: Phases, pace: dict) -> None:
    try:
        result = vault.import_(source, files, dt.date.today(), mapping=mapping,
                               dry_run=dry_run, spread=spread, progress=phases, **pace)
    finally:
        phases.close()
    _report(result, dry_run, as_json)


def _report(result, dry_run: bool, as_json: bool) -> None:
    """What an import did (imports.apply.ImportResult), for people or as JSON."""
    if as_json:
        print_json(shapes.import_json(result, dry_run))
        return
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for plan in result.plans:
        for conflict in plan.conflicts:
            click.echo(f"Kept: {conflict}", err=True)
        if plan.action == "skip":
            click.echo(f"Skipped {plan.record.where}: {plan.reason}", err=True)
        elif dry_run and plan.action in ("create", "update"):
            keys = ", ".join([*plan.add, *(["a log entry"] if plan.entry else [])])
            verb = "would create" if plan.action == "create" else "would add"
            click.echo(f"{plan.record.where}: {verb} {plan.path}"
                       + (f" ({keys})" if keys and plan.action == "update" else ""))
            if plan.entry:
                click.echo(f"  {plan.entry}")
    click.echo(("Dry run, nothing written: " if dry_run else "") + result.summary())


@click.command("export", short_help="Export the vault as csv, vCard, iCalendar or JSON.")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["csv", "vcard", "ics", "json"]))
@click.option("--kind", type=click.Choice(["contact", "lead", "event", "org", "note"]),
              help="json: only notes of this kind (csv and vcard hold the contacts, ics "
                   "the agenda).")
@click.option("--output", "-o", type=OutputFile(path_type=Path),
              metavar="FILE",
              help="Write to this file (replaced whole) instead of standard output (`-`).")
@click.option("--excel", is_flag=True, help="csv: begin with a BOM, so Excel reads UTF-8.")
@click.option("--vcard-version", type=click.Choice(["3", "4"]), default="4", show_default=True,
              help="vcard: the vCard version (3 for older address books).")
@click.option("--days", type=click.IntRange(0, 3660), metavar="DAYS",
              help="ics: agenda items due up to this many days ahead (default: [rules] days).")
@with_vault
def export_cmd(vault: Vault, fmt: str, kind: str | None, output: Path | None,
               excel: bool, vcard_version: str, days: int | None):
    """Export the vault as FORMAT: csv (the contact spreadsheet: name, title, company, e-mail,
    phone, circle, met, met at, referred by, how they helped, last contact, next due),
    vcard (every contact as a card, for address books and phones), ics
    (the agenda as to-dos, event notes as events, birthdays as yearly events; import or
    subscribe to it in a calendar program) or json (every note with its front matter and
    log entries).

    \b
    Examples:
      vaultkit export csv --excel -o contacts.csv
      vaultkit export vcard -o contacts.vcf
      vaultkit export ics --days 30 -o agenda.ics
      vaultkit export json --kind lead
    """
    chunks = vault.export_stream(fmt, dt.date.today(), kind=kind, excel=excel,
                                 vcard_version=f"{vcard_version}.0", days=days)
    if output is None or str(output) == "-":
        echo_stream(chunks)  # bytes: written as they are (CRLF kept)
        return
    vault.save(output, chunks)  # into a temporary file as they come, renamed at the end
    click.echo(f"Wrote {output}", err=True)
