"""The writing half of the library face (vault.py's `Vault` is made of it): log, done,
snooze, set, add, save, import and export. Each write holds the vault's write lock
(disk/lock.py) and brings the index up to date for what it wrote. Like vault.py, an edge:
the editor (YAML), Jinja, filelock and the formats load when a method first needs them,
each import marked `# edge:` (tests/test_layers.py).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.disk.writers import writers
from vaultkit.errors import IndexUnavailable, WouldOverwrite, WrittenNotIndexed
from vaultkit.index import queries, write_lock
from vaultkit.index.db import lock_file
from vaultkit.notes.entry import check_key, entry_line, keys_set_by, needs_gap_check

if TYPE_CHECKING:
    from vaultkit.disk.fold import CopyFolded
    from vaultkit.imports.apply import ImportResult
    from vaultkit.vault_ticks import Applied

_HELD = threading.local()  # the vaults whose write lock this thread holds


@contextmanager
def _write_lock(root: Path):
    """The vault's write lock; re-entrant within a thread (apply_ticks holds it around
    the log, done and set it calls)."""
    from vaultkit.disk.lock import write_lock  # edge: filelock, loaded by writers only

    held = _HELD.__dict__.setdefault("roots", set())
    if root in held:
        yield
        return
    with write_lock(lock_file(root)):
        held.add(root)
        try:
            yield
        finally:
            held.discard(root)


@writers(_write_lock, "log", "done", "set", "add", "save", "import_",  # snooze is a set
         "merge_copy", "apply_ticks")
class Writes:
    """What `Vault` does to the files (it has `root`, `config`, `conn`, `sync`, `find`,
    `rule_settings` and `templates`)."""

    def log(self, name: str, text: str, day: dt.date, *, via: str | None = None,
            kinds: Iterable[str] = (), task: bool = False,
            warn: Callable[[str], None] | None = None) -> tuple[str, str, list]:
        """Add an entry to a note's log, in date order; (path, the line, the keys it also
        set). A contact seen within their minimum gap is `warn`ed about (it may raise)."""
        line = entry_line(day, text, via, list(kinds), task)
        row = self.find(name)
        wanted = {k.strip().lstrip("#").lower() for k in kinds}
        if warn is not None and needs_gap_check(wanted, task):
            from vaultkit.agenda.gap import gap_warning  # edge: the rules, as Vault.agenda
            from vaultkit.index.rule_input import leads_naming  # edge: as gap_warning

            warning = gap_warning(row.kind, row.title, row.last_contact, row.meta,
                                  self.rule_settings, day, dt.date.today(),
                                  lambda: leads_naming(self.conn, row.path))
            if warning:
                warn(warning)
        extra = keys_set_by(row.kind, row.meta, wanted, day)
        self._disk().log_entry(self.root, row.path, line, day, extra, self.config.log_headings)
        self.index_written([row.path])
        return row.path, line, extra

    def done(self, name: str, text: str | None = None, day: dt.date | None = None
             ) -> tuple[str, str]:
        """Tick the first open task (whose text contains `text`), marked done on `day`
        (` ✅ DATE`, default today: the day it counts as contact); (path, the task)."""
        row = self.find(name)
        ticked = self._disk().tick(self.root, row.path, text, self.config.log_headings,
                                   day or dt.date.today())
        self.index_written([row.path])
        return row.path, ticked

    def snooze(self, name: str, until: dt.date) -> tuple[str, str]:
        """No keep-in-touch item before `until` (`next:`); (path, the value written)."""
        return self.set(name, "next", until)

    def set(self, name: str, key: str, value: object, text: bool = False) -> tuple[str, str]:
        """Set one front matter key, typed as the key means (notes/typed.py; a list of
        values for several, `text` for strings as given); (path, the YAML text written)."""
        from vaultkit.notes.typed import typed_value  # edge: YAML reads the value

        check_key(key)
        row = self.find(name)
        typed = typed_value(row.kind, key, value, text)
        written = self._disk().set_value(self.root, row.path, key, typed)
        self.index_written([row.path])
        return row.path, written

    @staticmethod
    def say_long_waits(say) -> None:
        """Where a wait of more than a few seconds for the index's write lock (another
        process's cold build) is said, once a wait: a callable taking the line, or None
        (say nothing). For the whole process; the CLI says them on stderr."""
        write_lock.say_waiting = say

    def index_written(self, paths: list[str], progress=None) -> None:
        """`sync(only=paths)` after writing them. Stopped meanwhile (Ctrl-C, SIGTERM), or
        the index unusable (locked by another process all the while), the error says the
        notes were written (found in review: `Aborted!` alone, and a `log` run again
        wrote its entry twice)."""
        try:
            self.sync(only=paths, progress=progress)
        except (KeyboardInterrupt, SystemExit, IndexUnavailable) as exc:
            raise WrittenNotIndexed(paths, exc) from None

    @staticmethod
    def _disk():
        from vaultkit.disk import change  # edge: the editor loads YAML
        return change

    def add(self, kind: str, name: str, values: dict, today: dt.date,
            allow_duplicate: bool = False) -> str:
        """Create a note; its path. Refuses a name, e-mail or LinkedIn profile the vault
        has already, unless `allow_duplicate`."""
        from vaultkit.disk import create  # edge: YAML, Jinja, phone numbers

        existing = queries.name_paths(self.conn, create.names_to_check(values, name))
        identities = queries.contacts_mentioning(self.conn, create.identity_words(values))
        taken = create.Taken(existing, identities,  # and any note of that file name:
                             lambda stem: bool(queries.name_paths(self.conn, [stem])))
        path = create.add_note(self.config, self.templates(), kind, name, values, today,
                               taken, allow_duplicate)
        self.index_written([path])
        return path

    def save(self, path: str | os.PathLike, text: str | Iterable[bytes],
             known: str | None = None) -> Path:
        """Write `text` to `path` whole (atomically): an agenda note, an export (a stream of
        bytes too: written as it comes, renamed over `path` at its end); over a
        file of the vault only if it says vaultkit made it, or is `known` (what the caller
        wrote there before)."""
        return self._disk().save_output(self.root, Path(path), text, self.config.log_headings,
                                        known)

    def apply_ticks(self, text: str, today: dt.date, days: int | None = None) -> Applied:
        """Record the items ticked in an agenda note's `text` (agenda/ticks.py), each through
        log, done, set or add, dated `today`; what was done, and the ticks that match no
        item of today's agenda (not recorded)."""
        from vaultkit.vault_ticks import apply_ticks  # edge: only a ticked agenda note

        return apply_ticks(self, text, today, days)

    def apply_agenda_note(self, path: str | os.PathLike, today: dt.date,
                          days: int | None = None) -> Applied:
        """`apply_ticks` of the agenda note at `path` (relative to the current folder),
        then the note rendered again, the ticks that could not be recorded still ticked
        (`Applied.wrote`: where)."""
        from vaultkit.vault_ticks import read_agenda_note  # edge: as apply_ticks

        # A note's own `- [x] … ^vk-…` lines are not ticks: only an agenda note's count,
        # and a file that is none (a résumé, ~/.bashrc) is neither read for ticks nor
        # rendered over.
        disk = self._disk()
        not_ours = WouldOverwrite(f"{path}: not an agenda note vaultkit wrote (its first "
                                  "lines do not say 'Made by vaultkit'): nothing recorded "
                                  "or written")
        try:
            disk.refuse_a_note(self.root, Path(path), self.config.log_headings)
        except WouldOverwrite:
            if not Path(path).is_file():
                raise  # a folder, a device, a pipe: said as such
            raise not_ours from None  # a note, a hidden file: not what an export is told
        text = read_agenda_note(Path(path))
        if text.strip() and (not disk.is_our_output(text) or text.lstrip().startswith("<")):
            raise not_ours  # (an HTML page of ours is no Markdown agenda note either)
        from vaultkit.agenda.ticks import keep_ticked  # edge: the rules, as Vault.agenda

        applied = self.apply_ticks(text, today, days)
        rendered = keep_ticked(self.agenda_text(today, "md", days=days), text,
                               [tick for tick, _why in applied.refused])
        if read_agenda_note(Path(path)) != text:  # ticked again meanwhile: keep theirs
            return applied  # (wrote None: run again to record it)
        applied.wrote = self.save(path, rendered)
        return applied

    def import_(self, source: str, files: list[Path], today: dt.date, *,
                mapping: Iterable[str] = (), dry_run: bool = False, spread: bool = False,
                progress=None, cadence: str | None = None,
                per_day: int | None = None) -> ImportResult:
        """Import `files` of `source` (linkedin, google, vcard, csv with `mapping`); new
        contacts get `cadence` and, with `spread`, at most `per_day` first check-ins a
        day (imports/apply.py)."""
        from vaultkit.imports.apply import import_records  # edge: the formats' libraries
        from vaultkit.imports.sources import read_records

        phase = (lambda done, total: progress("Reading", done, total)) if progress else None
        records = read_records(source, files, list(mapping), self.config.me, phase)
        more = {"per_day": per_day} if per_day is not None else {}
        return import_records(self, records, today, dry_run=dry_run, spread=spread,
                              progress=progress, cadence=cadence, **more)

    def merge_copy(self, copy: str | os.PathLike, delete: bool = False) -> CopyFolded:
        """Fold a sync tool's conflict copy (a path relative to the current folder, or
        absolute) into its original note, then move the copy to the trash (`delete`:
        delete it); what was merged (docs/git-sync.md)."""
        from vaultkit.disk.fold import fold_into_original  # edge: merge3, send2trash
        from vaultkit.disk.given import vault_path

        done = fold_into_original(self.config, vault_path(self.config, copy), delete)
        self.index_written([done.original, done.copy])
        return done

    def export(self, fmt: str, today: dt.date, *, kind: str | None = None,
               excel: bool = False, vcard_version: str = "4.0",
               days: int | None = None) -> bytes:
        """The vault as csv, vcard, ics or json (docs/commands.md)."""
        return b"".join(self.export_stream(fmt, today, kind=kind, excel=excel,
                                           vcard_version=vcard_version, days=days))

    def export_stream(self, fmt: str, today: dt.date, *, kind: str | None = None,
                      excel: bool = False, vcard_version: str = "4.0",
                      days: int | None = None) -> Iterator[bytes]:
        """`export()` in chunks of UTF-8, each read from the index when asked for (memory
        stays flat), for a pipe or `save()`; bad options raise before the first chunk."""
        from vaultkit.exports.gather import export_stream  # edge: vCard and iCalendar libraries

        return export_stream(self, fmt, today, kind=kind, excel=excel,
                             vcard_version=vcard_version, days=days)
