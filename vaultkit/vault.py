"""The library face: `Vault` is the one way into vaultkit for the CLI, `watch`, the tests
and Python users (docs/library.md); each method is one thing a person does with a vault.
Start-up: a read of a current index needs neither YAML, Jinja, filelock, the writers nor
the formats: methods load them when first called, marked `# edge:` (tests/test_layers.py)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.config import CONFIG_NAME, MARKER, Config, find_vault, load_config
from vaultkit.errors import ConfigError, GitUnavailable
from vaultkit.index import heal, names, queries
from vaultkit.index.beside import ReadBeside
from vaultkit.index.db import Index, default_path, lock_file
from vaultkit.index.journal import changes_since
from vaultkit.index.sync import Progress, SyncStats, stale
from vaultkit.model import StoredNote
from vaultkit.vault_agenda import AgendaPages
from vaultkit.vault_drafts import Drafts
from vaultkit.vault_insight import Insight
from vaultkit.vault_report import Report
from vaultkit.vault_writes import Writes

if TYPE_CHECKING:
    from vaultkit.agenda.build import Agenda
    from vaultkit.agenda.live import LiveAgenda
    from vaultkit.agenda.settings import RuleSettings
    from vaultkit.index.rule_input import IndexRules
    from vaultkit.present.templates import Templates


class Vault(AgendaPages, Writes, Insight, Report, Drafts):
    """A vault folder and its index. Open with `Vault.open()`; every read brings the index
    up to date first only if you call `sync()` (the CLI does, once per command)."""

    def __init__(self, config: Config, index: Index):
        self.config = config
        self.root = config.root
        self._use(index)
        self._templates: Templates | None = None
        self._copies: list[str] = []  # the sync-conflict copies the last walk found

    conn = property(lambda self: self.index.conn)  # for queries of your own (index-design)
    completion_names = staticmethod(names.completion_names)  # read-only, for the shell

    @property
    def rules(self) -> IndexRules:
        """What the agenda's rules read, from the index (index/rule_input.py)."""
        if self._rules is None:
            from vaultkit.index.rule_input import IndexRules  # edge: the agenda's rules
            self._rules = IndexRules(lambda: self.index.conn)
        return self._rules

    def _use(self, index: Index) -> None:
        self.index = index
        self._rules: IndexRules | None = None
        self.notices: list[str] = index.notices  # what the index had to say (heal.py)
        self._live: LiveAgenda | None = None

    @classmethod
    def open(cls, vault: str | os.PathLike | None = None,
             index: str | os.PathLike | None = None) -> Vault:
        """The vault at `vault` (default: the nearest folder with .vaultkit/ from the
        current one up; the CLI reads VAULTKIT_VAULT, this does not) with its index
        (default: in the user cache folder)."""
        root = find_vault(vault)
        config = load_config(root)
        path = Path(index).expanduser() if index else default_path(root)
        return cls(config, heal.open_index(path))

    @staticmethod
    def init(folder: str | os.PathLike) -> list[str]:
        """Make `folder` a vault, or add what an existing one lacks; what was done."""
        from vaultkit.disk.setup import init_vault  # edge: only `init` writes the skeleton

        root = Path(folder).expanduser()
        return init_vault(root, lock_file(root))

    @staticmethod
    def git_setup(folder: str | os.PathLike | None = None, launcher: str = "vaultkit",
                  agenda: str | None = "Agenda.md", hook: bool = True) -> list[str]:
        """Make the vault's git work tree merge notes with vaultkit's driver and check
        staged notes before a commit (docs/git-sync.md); what was done. `launcher` is the
        command git runs vaultkit by."""
        from vaultkit.disk.gitsetup import setup_git  # edge: only `git setup` needs it

        root = find_vault(folder)
        return setup_git(root, lock_file(root), launcher, agenda, hook)

    @staticmethod
    def in_git_work_tree(folder: str | os.PathLike) -> bool:
        """Whether `folder` is in a git work tree (False without git)."""
        from vaultkit.disk.gitsetup import work_tree  # edge: only `init` asks

        try:
            return work_tree(Path(folder).expanduser()) is not None
        except GitUnavailable:
            return False

    def close(self) -> None:
        self.index.close()

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # The index
    def sync(self, *, rebuild: bool = False, progress: Progress | None = None,
             only: list[str] | None = None, read: ReadBeside | None = None,
             trust_watch: bool = True) -> SyncStats:
        """Bring the index in line with the files (`only`: just those paths). `read`: made
        beside the walk, kept if the index was current (index/beside.py). `trust_watch`: no
        walk when a running `vaultkit watch` vouches for the index (disk/vouch.py)."""
        if heal.gone(self.index):  # deleted or replaced under us (`watch`): open it again
            self._use(heal.reopen(self.index))
        stats = heal.sync(self.index, self.config, _load_all, rebuild=rebuild,
                          progress=progress, only=only, read=read, trust_watch=trust_watch)
        if stats.copies is not None:
            self._copies = stats.copies
        return stats

    def heal(self, exc: BaseException) -> None:
        """Rebuild a damaged index in place (a notice says so); re-raise any other error."""
        heal.recover(self.index, exc)

    def reload_config(self) -> None:
        """Read `.vaultkit/config.toml` again (`watch` does before each sync)."""
        self.config = load_config(self.config.root)

    def changes_since(self, seen: int | None) -> tuple[int, set[str] | None]:
        """What any sync, in any process, changed after journal number `seen`."""
        return changes_since(self.conn, seen)

    def index_version(self) -> int:
        """SQLite's data_version, which another connection's commit changes: cheaply."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def index_stale(self) -> bool:
        """Whether the next sync builds the index whole (emptied by another process)."""
        return stale(self.index, self.config)

    def problem_count(self) -> int:
        """How many notes have problems (`check` lists them), with the copies of notes."""
        return queries.notes_with_problems(self.conn) + len(self._copies)

    # Reading
    def notes(self, kind: str | None = "contact", tag: str | None = None,
              company: str | None = None, circle: str | None = None) -> list[StoredNote]:
        """Notes of `kind` (None: all) by name, narrowed by tag, company and circle."""
        return list(self.each_note(kind, tag, company, circle))

    def each_note(self, kind: str | None = "contact", tag: str | None = None,
                  company: str | None = None, circle: str | None = None) -> Iterator[StoredNote]:
        """`notes()` one at a time, each read from the index when asked for (flat memory)."""
        return (row for row in queries.each_note(self.conn, kind)
                if queries.matches_filters(row, tag, company, circle))

    def notes_json(self, kind: str | None = "contact") -> Iterator[str]:
        """`notes()` as JSON texts (docs/commands.md), encoded by SQLite (faster), streamed."""
        return queries.list_json(self.conn, kind)

    def find(self, name: str) -> StoredNote:
        """The one note `name` names (name, alias, path, a unique beginning of one)."""
        return queries.find_note(self.conn, name)

    def show(self, name: str, today: dt.date | None = None) -> queries.NoteDetail:
        """One note in full: front matter, log, backlinks, problems, favours, and for a
        contact the cadence that applies today and why (unless [rules] is wrong)."""
        from vaultkit.present.show import contact_facts  # edge: Jinja

        detail = queries.note_detail(self.conn, self.find(name))
        if detail.row.kind != "contact":
            return detail
        try:
            settings = self.rule_settings()
        except ConfigError:
            return detail
        return contact_facts(self.rules, detail, settings, today or dt.date.today())

    def show_page(self, detail: queries.NoteDetail, width: int | None = None) -> str:
        """`show()`'s note as the `show` page (show.txt.j2), wrapped to `width`."""
        from vaultkit.present.show import render_detail  # edge: Jinja

        return render_detail(self.templates(), detail, width)

    def search(self, query: str, limit: int = 50) -> list[queries.Hit]:
        """Full-text search, best match first."""
        return queries.search(self.conn, query, self.index.has_fts, limit)

    def synced_search(self, query: str, limit: int = 50, progress: Progress | None = None
                      ) -> list[queries.Hit]:
        """`sync()`, then `search()`: made beside the sync's walk, kept if the index was current."""
        has_fts = self.index.has_fts
        early = ReadBeside(lambda conn: queries.search(conn, query, has_fts, limit))
        self.sync(progress=progress, read=early)
        return early.result if early.kept else self.search(query, limit)

    def check(self, all_links: bool = False) -> list[tuple[str, int, str]]:
        """Every problem as (path, line, message), by path: the notes' own, links the rules
        read (`all_links`: every link) that resolve to no note or several (notices:
        notes.severity), contacts that look like one person, sync tools' copies of notes."""
        from vaultkit.disk import copies, temps  # edge: the walk, which a vouched sync skips
        from vaultkit.disk.scan import scan  # edge: as copies
        from vaultkit.notes.identity import duplicate_contacts  # edge: phone numbers

        self.rule_settings()  # a [rules] setting of the wrong type stops here, as in agenda
        found = scan(self.config)
        return sorted(queries.stored_problems(self.conn, None, all_links) + duplicate_contacts(
            queries.contact_identities(self.conn), self.config.default_region)
            + [(path, 0, temps.MESSAGE) for path in temps.in_vault(self.root)]
            + [(path, 0, why) for path, why in found.unreadable]
            + [(copy, 0, copies.problem(copy, note)) for copy, note in found.copies]
            + [(copy, 0, copies.problem(copy, note, False)) for copy, note in found.lone_copies]
            + self._git_problems())

    def _git_problems(self) -> list[tuple[str, int, str]]:
        """A clone that has not registered the merge driver its `.gitattributes` names."""
        from vaultkit.disk.gitsetup import ATTRIBUTES, driver_missing  # edge: runs git

        if not driver_missing(self.root):
            return []
        return [(ATTRIBUTES, 0, "names vaultkit's merge driver, which this clone has not "
                 "registered: run 'vaultkit git setup' (until then git merges notes line "
                 "by line, and a log on two machines conflicts)")]

    def check_paths(self, paths: Iterable[str | os.PathLike], all_links: bool = False
                    ) -> list[tuple[str, int, str]]:
        """`check()` of the notes at `paths` (relative to the current folder, or absolute):
        their problems, their links' and the duplicate contacts they are part of. Paths
        that are not `.md` are passed over, and deleted, hidden or excluded ones with a
        notice (disk.given); one outside the vault, or a folder, raises NotANote."""
        from vaultkit.index.selected import indexed_problems  # edge: phone numbers

        self.rule_settings()
        from vaultkit.disk.given import notes_given  # edge: as scan in check()

        given = notes_given(self.config, paths)
        self.notices.extend(given.notices)
        return indexed_problems(self.conn, given.notes, self.config.default_region, all_links)

    def check_staged(self, all_links: bool = False) -> list[tuple[str, int, str]]:
        """The problems of the notes staged in git (the vault may be a folder of the
        repository) in their staged text, as the next commit holds them, their links resolved
        against the index of the working tree. GitUnavailable outside a work tree, or no git."""
        from vaultkit.disk.gitrepo import staged_notes  # edge: only --staged runs git
        from vaultkit.index.selected import parsed_problems  # edge: phone numbers
        from vaultkit.notes.parse import parse_note  # edge: the note parser loads YAML

        self.rule_settings()
        staged = staged_notes(self.config)
        notes = [parse_note(path, data, self.config) for path, data in staged.notes]
        return sorted(parsed_problems(self.conn, notes, self.config.default_region, all_links)
                      + staged.problems)

    def problems(self) -> set[tuple[str, int, str]]:
        """The notes' own problems, and links as `check` reads them (`watch` reports them)."""
        return set(queries.stored_problems(self.conn, None, all_links=False))

    def empty_prep(self) -> list[str]:
        """The prep notes (résumé, pitch, …) that are missing or still empty."""
        from vaultkit.disk.setup import empty_prep  # edge: only `check --prep`
        return empty_prep(self.root)

    # The agenda
    def rule_settings(self) -> RuleSettings:
        from vaultkit.agenda.settings import rule_settings  # edge: as `rules`

        return rule_settings(self.config.rules, self.root / MARKER / CONFIG_NAME,
                             self.config.search, self.config.goals)

    def agenda(self, today: dt.date, days: int | None = None, rules: Iterable[str] = (),
               tag: str | None = None) -> Agenda:
        """What is due up to `today + days`, from the index alone (no note is read)."""
        from vaultkit.agenda.build import agenda_from  # edge: as `rules`

        return agenda_from(self.rules, today, self.rule_settings(), days, rules, tag)

    def forget_templates(self) -> None:
        """Compile the templates afresh at the next render (one may have changed)."""
        self._templates = None

    def templates(self) -> Templates:
        """The vault's templates, then the built-in ones; compiled once."""
        if self._templates is None:
            from vaultkit.present.templates import Templates  # edge: Jinja

            self._templates = Templates(self.root, self.config.render_seconds)
        return self._templates


def _load_all(config: Config, jobs: list[tuple]):
    """Read and parse changed files (index.load): only a sync that found changes calls it."""
    from vaultkit.index.load import load_all  # edge: the note parser loads YAML
    return load_all(config, jobs)
