"""What every command shares: the vault options, opening the vault and syncing its index,
the progress bars, the problem notice and JSON output."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable
from functools import update_wrapper

import click

from vaultkit.cli.stream import STREAMED
from vaultkit.errors import BadValue, IndexDamaged, UsageError
from vaultkit.vault import Vault

PROGRESS_FROM = 1000  # files to read before a progress bar is worth showing


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


def with_vault(func: Callable | None = None, *, sync: bool = True) -> Callable:
    """Open the vault, sync the index quietly, pass the vault, close it afterwards.
    `sync=False`: the command syncs itself, through `sync_index(vault, run=…)` (`search`
    searches while the sync walks)."""
    if func is None:
        return lambda func: with_vault(func, sync=sync)

    @click.pass_context
    def wrapper(ctx: click.Context, *args, **kwargs):
        vault = open_vault(ctx)
        try:
            try:
                if sync:
                    sync_index(vault, rebuild=False)
                return ctx.invoke(func, vault, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - heal re-raises what is not damage
                vault.heal(exc)  # found by a query: rebuilt in place, so once more
            sync_index(vault, rebuild=True)
            if getattr(vault, "wrote", False):
                return None  # the write is done: never twice
            if ctx.meta.get(STREAMED):  # the output began: run again, it would print twice
                raise IndexDamaged("the index was damaged and has been rebuilt; the output "
                                   "above stops short: run the command again")
            return ctx.invoke(func, vault, *args, **kwargs)
        except BadValue as exc:  # shown as Click shows its own, with the command's usage
            raise click.BadParameter(str(exc), ctx) from None
        except UsageError as exc:
            raise click.UsageError(str(exc), ctx) from None
        finally:
            say_notices(vault)
            vault.close()
    return vault_options(update_wrapper(wrapper, func))


def open_vault(ctx: click.Context) -> Vault:
    obj = ctx.ensure_object(dict)
    Vault.say_long_waits(lambda line: click.echo(f"Notice: {line}", err=True))
    vault = Vault.open(obj.get("vault"), obj.get("index"))
    say_notices(vault)
    return vault


def say_notices(vault: Vault) -> None:
    """Each notice the index had (opened, healed), once."""
    for notice in vault.notices:
        click.echo(f"Notice: {notice}", err=True)
    vault.notices.clear()


def sync_index(vault: Vault, rebuild: bool = False, run: Callable | None = None,
               trust_watch: bool = True):
    """`vault.sync`, or `run(progress)` that syncs, with a progress bar on a terminal."""
    bar = _ProgressBar()
    try:
        progress = bar if sys.stderr.isatty() else None
        if run is not None:
            return run(progress)
        return vault.sync(rebuild=rebuild, progress=progress, trust_watch=trust_watch)
    finally:
        bar.close()
        say_notices(vault)


class _ProgressBar:
    """A progress bar on a terminal, started once the work is large enough to wait for."""

    def __init__(self, label: str = "Indexing", minimum: int = PROGRESS_FROM):
        self.bar = None
        self.shown = 0
        self.label = label
        self.minimum = minimum

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None and total >= self.minimum:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(done - self.shown)
            self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


class Phases:
    """Progress bars for work in phases (`Reading`, `Writing`, `Indexing`): a bar for each,
    on a terminal only."""

    MINIMUM = {"Reading": 1_000_000}  # bytes; the others count notes

    def __init__(self):
        self.bars: dict[str, _ProgressBar] = {}

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        if phase not in self.bars:
            for bar in self.bars.values():
                bar.close()
            self.bars[phase] = _ProgressBar(phase, self.MINIMUM.get(phase, PROGRESS_FROM))
        self.bars[phase](done, total)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


def problem_notice(vault: Vault) -> None:
    """`2 notes have problems; run 'vaultkit check'` on stderr, when they have."""
    count = vault.problem_count()
    if count:
        noun = "note has" if count == 1 else "notes have"
        click.echo(f"{count} {noun} problems; run 'vaultkit check'", err=True)


def today_or(day: dt.date | None) -> dt.date:
    """A `--date` option's day, else today."""
    return day or dt.date.today()


class OutputFile(click.Path):
    """`--output FILE`: a file to write to, `-` for standard output. An empty name is
    refused (found in review: `agenda -o ""` wrote to the terminal, `export -o ""` to `.`)."""

    def __init__(self, **kwargs):
        super().__init__(dir_okay=False, **kwargs)

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value.strip():
            self.fail("give a file name, or - for standard output", param, ctx)
        return super().convert(value, param, ctx)


class DateError(click.ClickException):
    """A date that is not one: said in one line (no usage around it), exit 2."""

    exit_code = 2


class DateParam(click.ParamType):
    """YYYY-MM-DD, as a date; a wrong one is said plainly: `'2026-13-01' is not a real
    date (month 13)`."""

    name = "date"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "DATE"

    def convert(self, value, param, ctx) -> dt.date:
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        try:
            return dt.date.fromisoformat(text) if len(text) == 10 else _no_date(text)
        except ValueError:
            raise DateError(f"{_named(param)}{date_problem(text)}") from None


def _no_date(text: str) -> dt.date:
    raise ValueError(text)


def _named(param: click.Parameter | None) -> str:
    if param is None:
        return ""
    if isinstance(param, click.Option) and param.opts:
        return f"{max(param.opts, key=len)}: "
    return f"{(param.metavar or param.name or '').upper()}: "


def date_problem(text: str) -> str:
    """Why `text` is no YYYY-MM-DD date, in words."""
    parts = text.split("-")
    if len(text) == 10 and len(parts) == 3 and all(p.isdigit() for p in parts):
        month, day = int(parts[1]), int(parts[2])
        if not 1 <= month <= 12:
            return f"'{text}' is not a real date (month {month})"
        return f"'{text}' is not a real date (day {day} of month {month})"
    return f"'{text}' is not a date: write it YYYY-MM-DD, e.g. 2026-11-27"


DATE = DateParam()


def print_json(data) -> None:
    # Indented for a person at a terminal; compact (and several times faster) for scripts.
    indent = 2 if sys.stdout.isatty() else None
    click.echo(json.dumps(data, ensure_ascii=False, indent=indent))


# Characters a shell word cannot hold as they are (bash is given them escaped).
_SHELL_SPECIAL = re.compile(r"""([\s'"\\$`!&;|<>()\[\]*?{}#~^])""")


def complete_note_name(ctx: click.Context, _param, incomplete: str) -> list[str]:
    """Shell completion of a NAME: the display names of the vault's notes that begin with
    what was typed, from its index, read-only (nothing is created, synced or written).
    The vault and index are those of --vault/--index given earlier on the line, else of
    VAULTKIT_VAULT/VAULTKIT_INDEX, else found from the current folder."""
    try:
        obj = ctx.find_object(dict) or {}
        root = ctx.find_root().params
        vault = obj.get("vault") or root.get("vault") or os.environ.get("VAULTKIT_VAULT")
        index = (obj.get("index") or root.get("index_path")
                 or os.environ.get("VAULTKIT_INDEX"))
        names = Vault.completion_names(incomplete, vault or None, index or None)
    except Exception:  # noqa: BLE001 - a key press never shows a traceback
        return []
    if os.environ.get("_VAULTKIT_COMPLETE", "").startswith("bash") and not _in_quotes():
        # bash inserts a completion as it is (`Jane Doe` would be two words), after its
        # script's `read` has taken one level of backslashes: escape twice.
        names = [_SHELL_SPECIAL.sub(r"\\\\\1", name) for name in names]
    return names  # Click makes them CompletionItems


def _in_quotes() -> bool:
    """Whether the word being completed opened a quote (`show "Jane D`): bash then keeps
    what is inserted inside it, as it is."""
    import shlex  # edge: only completion splits a command line

    try:
        shlex.split(os.environ.get("COMP_WORDS", ""))
    except ValueError:
        return True
    return False


def stats_window(command):
    """`--since`, `--until` and `--date` of the commands that sum up a time (stats,
    report): the same options, the same help."""
    for option in reversed([
        click.option("--since", type=DATE, metavar="DATE",
                     help="First day counted, YYYY-MM-DD (default: the Monday 7 weeks "
                          "before --until's week)."),
        click.option("--until", type=DATE, metavar="DATE",
                     help="Last day counted, YYYY-MM-DD (default: --date)."),
        click.option("--date", "on", type=DATE, metavar="DATE",
                     help="Today, for what is pending or overdue, YYYY-MM-DD (default: "
                          "today).")]):
        command = option(command)
    return command
