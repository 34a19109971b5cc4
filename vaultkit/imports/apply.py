"""Importing records into a vault: plan every record first (imports/merge.py), then write
the new notes and fill in the matched ones through the same safe-write code as every
other command — each note written whole or not at all — and sync the index once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.disk.bounds import refuse_links_out
from vaultkit.disk.create import Taken, new_note
from vaultkit.disk.files import create_all
from vaultkit.disk.held import held_back
from vaultkit.disk.names import safe_file_name, unused_name
from vaultkit.disk.newnote import LINK_KEYS, kind_folder
from vaultkit.disk.write import change_note
from vaultkit.errors import ImportStopped, VaultkitError, WrittenNotIndexed
from vaultkit.imports.merge import Matcher, Plan
from vaultkit.imports.records import Record
from vaultkit.index.queries import check_ins_from, contacts_for_import, note_stems, org_names
from vaultkit.notes.edit import add_log_line, set_key, yaml_value
from vaultkit.notes.values import parse_interval

if TYPE_CHECKING:
    from vaultkit.vault import Vault

Progress = Callable[[str, int, int], None]  # (phase, done, total)
# `--spread`: at most this many first check-ins fall due on one day (`--per-day`), so that
# 5,000 connections do not flood the agenda.
SPREAD_PER_DAY = 5


@dataclass
class ImportResult:
    plans: list[Plan] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # `where: what` of cleaned values

    def count(self, action: str) -> int:
        return sum(1 for plan in self.plans if plan.action == action)

    def summary(self) -> str:
        return (f"created {self.count('create')}, updated {self.count('update')}, "
                f"unchanged {self.count('unchanged')}, skipped {self.count('skip')}")


def import_records(vault: Vault, records: Iterable[Record], today: dt.date, *,
                   dry_run: bool = False, spread: bool = False,
                   progress: Progress | None = None, cadence: str | None = None,
                   per_day: int = SPREAD_PER_DAY) -> ImportResult:
    """Match, then (unless `dry_run`) write. `cadence` (an interval or "never") is written
    as the `cadence:` of new contacts (else imported_cadence applies to them until you
    act). `spread` staggers their first check-ins (`next:`) over the cadence, or over as
    many more days as `per_day` asks."""
    config = vault.config
    matcher = Matcher(contacts_for_import(vault.conn), config.default_region)
    stems = note_stems(vault.conn)
    folder = kind_folder(config, "contact")

    def new_path(name: str) -> str:
        stem = unused_name(safe_file_name(name), lambda s: s.lower() in stems)
        stems.add(stem.lower())
        return f"{folder}/{stem}.md" if folder else f"{stem}.md"

    result = ImportResult()
    for record in records:
        plan = matcher.plan(record, new_path)
        if plan.action == "create" and safe_file_name(record.name) != " ".join(
                record.name.split()):
            record.warnings.append(f"{record.where}: the name '{_short(record.name)}' cannot"
                                   f" be a file name as it is; the note is {plan.path}")
        result.plans.append(plan)
        result.warnings.extend(record.warnings)
    _logged_already(config.root, result.plans)
    if cadence is not None:
        for plan in result.plans:
            if plan.action == "create":
                plan.add.setdefault("cadence", cadence)
    if spread:
        _spread(result.plans, today, _spread_days(cadence, vault), per_day,
                check_ins_from(vault.conn, today))
    if not dry_run:
        _write(vault, result.plans, today, org_names(vault.conn), progress)
    return result


def _logged_already(root: Path, plans: list[Plan]) -> None:
    """An entry the note has (from an earlier import) leaves it unchanged."""
    texts: dict[str, str] = {}
    for plan in plans:
        if not plan.entry or plan.path is None:
            continue
        if plan.path not in texts:
            try:
                texts[plan.path] = (root / plan.path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                texts[plan.path] = ""
        text = texts[plan.path]
        if _has_line(text, plan.entry):
            plan.action = "unchanged"
        else:
            texts[plan.path] = f"{text}\n{plan.entry}"  # the same entry twice: once


def _has_line(text: str, line: str) -> bool:
    return line in (have.rstrip("\r") for have in text.split("\n"))


def _spread_days(cadence: str | None, vault: Vault) -> int:
    """The days first check-ins spread over: the import's `--cadence`, else the default."""
    interval = parse_interval(cadence) if cadence else None
    if isinstance(interval, dt.timedelta) and interval.days > 0:
        return interval.days
    return vault.rule_settings().default_cadence.days


def _spread(plans: list[Plan], today: dt.date, cadence: int, per_day: int,
            set_already: dict[str, int]) -> None:
    """`next:` dates for the new contacts, from today over `cadence` days, or over more
    days when that would put more than `per_day` on one day. The check-ins contacts have
    already (`set_already`: ISO day → how many) count: a day that is full is passed over
    for the next with room (found in review: a second import, or one stopped and run
    again, put twice `per_day` on a day)."""
    new = [plan for plan in plans if plan.action == "create" and "next" not in plan.add]
    if not new:
        return
    per_day = max(per_day, 1)
    span = max(cadence, 1, -(-len(new) // per_day))
    due = dict(set_already)
    offset = 0
    for number, plan in enumerate(new):
        # Days before the last one given were full when it was chosen: never looked at again.
        offset = max(offset, number * span // len(new))
        while due.get((day := today + dt.timedelta(days=offset)).isoformat(), 0) >= per_day:
            offset += 1
        due[day.isoformat()] = due.get(day.isoformat(), 0) + 1
        plan.add["next"] = day


def _write(vault: Vault, plans: list[Plan], today: dt.date, orgs: dict[str, str],
           progress: Progress | None) -> None:
    """Create the new notes, fill in the matched ones, then index what was written."""
    new = [plan for plan in plans if plan.action == "create"]
    updates = [plan for plan in plans if plan.action == "update"]
    count = _Count(progress, len(new) + len(updates))
    written: dict[str, None] = {}  # each note written, once, in order
    try:
        _create(vault, new, today, orgs, count, written)
        _update(vault, updates, orgs, count, written)
        count.done()
        if written:
            vault.index_written(list(written), progress=_indexing(progress))
    except (KeyboardInterrupt, SystemExit) as stop:  # before the index was asked to
        # Found in review: `Aborted!` alone, and no one knew what was written.
        planned = {plan.path for plan in new + updates}
        if written and len(written) < len(planned):
            raise ImportStopped(len(written), len(planned), stop) from None
        if written:  # every note written: only the index has yet to take them in
            raise WrittenNotIndexed(list(written), stop) from None
        raise


def _indexing(progress: Progress | None):
    def indexing(done: int, total: int) -> None:
        if progress:
            progress("Indexing", done, total)

    return indexing


class _Count:
    """The `Writing` phase's progress: every 200 notes, and at the end."""

    def __init__(self, progress: Progress | None, total: int):
        self.progress, self.total, self.number = progress, total, 0

    def step(self) -> None:
        self.number += 1
        if self.progress and self.number % 200 == 0:
            self.progress("Writing", self.number, self.total)

    def done(self) -> None:
        if self.progress and self.total:
            self.progress("Writing", self.total, self.total)


def _create(vault: Vault, new: list[Plan], today: dt.date, orgs: dict[str, str],
            count: _Count, written: dict[str, None]) -> None:
    """Write the new notes whole, all at once (disk.files.create_all); their paths go to
    `written` as they are written (so that a stop part-way knows them)."""
    templates = vault.templates()
    creates: list[Plan] = []
    planned: dict[Path, str] = {}  # each file made, by the path its plan gives

    def files():
        """The new notes' files, made one by one as they are written."""
        for plan in new:
            count.step()
            chosen = Path(plan.path or "").stem
            try:
                # The path was chosen while planning, among the notes of this import too:
                # every other name counts as taken, so plan_note keeps it.
                taken = Taken(orgs, [], lambda stem, chosen=chosen: stem != chosen)
                note, text = new_note(vault.config, templates, "contact", plan.record.name,
                                      plan.add, today, taken, True)
                refuse_links_out(vault.root, vault.root / note.path)
            except VaultkitError as exc:
                plan.action, plan.reason = "skip", f"not written: {exc}"
                continue
            creates.append(plan)
            planned[vault.root / note.path] = plan.path or ""
            yield vault.root / note.path, text

    linked: list[Path] = []
    try:
        errors = create_all(files(), linked)
    finally:
        with held_back():  # stopped or not, what was written is known, and all of it
            written.update(dict.fromkeys(planned[path] for path in linked))
    for plan, error in zip(creates, errors, strict=True):
        if isinstance(error, FileExistsError):
            plan.action, plan.reason = "skip", f"{plan.path} appeared meanwhile; not written"
        elif error is not None:
            plan.action, plan.reason = "skip", f"not written: {error.strerror or error}"


def _update(vault: Vault, updates: list[Plan], orgs: dict[str, str],
            count: _Count, written: dict[str, None]) -> None:
    """Fill in the matched notes one by one; the paths of those changed go to `written`
    (a note that already had what a record adds is not written)."""
    for plan in updates:
        try:
            with held_back():  # a stop comes after the count, never between: it is true
                if _fill(vault.root, plan, orgs, vault.config.log_headings):
                    written[plan.path or ""] = None
        except (VaultkitError, OSError) as exc:
            plan.action, plan.reason = "skip", f"not written: {exc}"
        count.step()


def _fill(root: Path, plan: Plan, orgs: dict[str, str], headings: tuple[str, ...]) -> bool:
    """Add the plan's keys to its note, each on its own line (edit.set_key), and its log
    entry in date order (edit.add_log_line); whether the note changed."""
    values = {key: _linked(key, value, orgs, LINK_KEYS) for key, value in plan.add.items()}

    changed = []

    def fill(text: str) -> str:
        before = text
        for key, value in values.items():
            text = set_key(text, key, yaml_value(value), plan.path or "")
        if plan.record.entry and not _has_line(text, plan.entry):
            day, line = plan.record.entry
            text = add_log_line(text, line, day.isoformat(), headings)
        changed[:] = [text != before]  # the last try's (change_note may read again)
        return text

    change_note(root, plan.path or "", fill)
    return changed == [True]


def _linked(key: str, value: object, orgs: dict[str, str], link_keys) -> object:
    """A company that has a note, as a link to it (as `add` writes it)."""
    if key in link_keys and isinstance(value, str) and value.lower() in orgs:
        return f"[[{Path(orgs[value.lower()]).stem}]]"
    return value


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"
