"""A day's drafts (`vaultkit draft`, the HTML agenda's mail links) read the notes they need
from the index, not every note into memory (issue 17: one draft of a 100,000-contact vault
took 252 MB and 3.6 s, the HTML agenda 297 MB), and the write-once drafts of a page read
the agenda once, not once per draft (the HTML agenda with --all was quadratic). The drafts
are those the list of every note gives."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tracemalloc
from collections.abc import Sequence

import pytest

from vaultkit.agenda.bundle import WRITE_ONCE, with_parts
from vaultkit.agenda.draft_notes import DraftNotes
from vaultkit.agenda.drafts import KINDS, draft_for
from vaultkit.errors import VaultkitError

DAY = dt.date(2026, 11, 27)


def _context_or_refusal(source, path: str, kind: str, vault, agenda):
    """The draft context of `kind` for `path` from `source`, or the refusal's words."""
    try:
        context = draft_for(source, path, kind, DAY, vault.config.me, vault.rule_settings())
        if kind == WRITE_ONCE:
            person = source.note(path)
            context = with_parts(context, agenda, [person] if person else [])
        return context
    except VaultkitError as exc:
        return str(exc)


def test_the_index_gives_the_drafts_every_note_in_memory_gives(backlogs):
    """Every kind of draft, for every contact and lead of a generated vault: the same
    context (or the same refusal) from the index's look-ups as from a list of every note."""
    vault = backlogs[800]
    agenda = vault.agenda(DAY)
    notes = vault.rules.notes()
    listed = DraftNotes(notes)
    lookup = vault.rules.lookup()
    looked_up = DraftNotes.looked_up(lookup.note, lookup.resolve, vault.rules.leads())
    paths = [n.path for n in notes if n.kind in ("contact", "lead")]
    assert len(paths) > 800
    made = 0
    for path in paths[::3]:
        for kind in KINDS:
            ours = _context_or_refusal(looked_up, path, kind, vault, agenda)
            assert ours == _context_or_refusal(listed, path, kind, vault, agenda), (path, kind)
            made += not isinstance(ours, str)
    assert made > 500  # drafts, not only refusals


def _draft_peak(vault, paths: list[str]) -> int:
    """tracemalloc's peak while a drafter is made and drafts a check-in for `paths`."""
    tracemalloc.start()
    try:
        draft = vault.drafter(DAY)
        for path in paths:
            draft("check-in", path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_day_of_drafts_holds_the_notes_it_drafts_from_not_every_note(backlogs):
    """At four times the contacts, the peak of twenty drafts grows by less than 600 bytes a
    contact (about 130 measured): the leads are read (one in twenty notes here), the rest
    looked up as asked. Reading every note grew it by about 2,100."""
    peaks = {}
    for contacts in (800, 3200):
        vault = backlogs[contacts]
        paths = [n.path for n in vault.notes(kind="contact")][:20]
        _draft_peak(vault, paths)  # the templates compiled, the caches warm
        peaks[contacts] = _draft_peak(vault, paths)
    per_contact = (peaks[3200] - peaks[800]) / 2400
    assert per_contact < 600, f"{per_contact:.0f} bytes a contact"


class _Counted(Sequence):
    """A sequence that counts the passes made over it."""

    def __init__(self, items: Sequence):
        self.items, self.passes = items, 0

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        return self.items[index]

    def __iter__(self):
        self.passes += 1
        return iter(self.items)


def test_a_page_of_write_once_drafts_reads_the_agenda_once(backlogs):
    """Every write-once draft of an agenda, as the HTML page with --all asks for them: one
    pass over its items and one over its held ones, however many drafts."""
    vault = backlogs[800]
    made = vault.agenda(DAY)
    items, held = _Counted(made.items), _Counted(made.held)
    agenda = dataclasses.replace(made, items=items, held=held)
    bundled = [one.note for one in made.items if one.rule == WRITE_ONCE]
    assert len(bundled) > 20
    draft = vault.drafter(DAY, agenda)
    texts = [draft(WRITE_ONCE, path).body for path in bundled]
    assert all(texts) and (items.passes, held.passes) == (1, 1)


@pytest.mark.parametrize("kind", ["check-in", WRITE_ONCE])
def test_a_draft_of_someone_with_nothing_to_write_is_still_refused(backlogs, kind):
    """The look-ups refuse as the list did: a path that is no note, and (write-once) a
    contact the agenda asks nothing of."""
    vault = backlogs[800]
    draft = vault.drafter(DAY, vault.agenda(DAY))
    with pytest.raises(VaultkitError, match="is not a contact"):
        draft(kind, "people/Nobody At All.md")


def test_a_leads_draft_goes_where_the_index_says_its_link_goes(tmp_path):
    """`[[Jane Doe]]` names a plain note at the root and a contact in people/; the index
    (and `check`'s notice) takes the one nearest the root, and so does the draft now: it
    refuses, as the agenda finds no contact either, where reading every rule note drafted
    to the contact the link does not go to."""
    from vaultkit.vault import Vault

    root = tmp_path / "vault"
    for rel, text in (
            ("people/Jane Doe.md", "---\nkind: contact\nname: Jane Doe\n"
                                   "email: jane@example.com\n---\n"),
            ("Jane Doe.md", "# Jane Doe\n\nSomeone else of that name.\n"),
            ("leads/Role.md", '---\nkind: lead\nname: Role\nstatus: applied\n'
                              'source: "[[Jane Doe]]"\n---\n')):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / ".vaultkit").mkdir()
    with Vault.open(root, tmp_path / "index.sqlite3") as vault:
        vault.sync()
        assert any("it goes to Jane Doe.md" in message for _p, _l, message in vault.check())
        with pytest.raises(VaultkitError, match="names no contact"):
            vault.draft("check-in", "Role", DAY)
        assert vault.draft("check-in", "people/Jane Doe", DAY).to == "jane@example.com"


def test_a_drafter_outlives_its_index_being_opened_again(backlogs, tmp_path):
    """Found in review: a drafter kept while its index was deleted and opened again (as
    `watch` does) queried the closed connection. It asks the vault's current one."""
    import shutil

    from vaultkit.vault import Vault

    root = tmp_path / "vault"
    shutil.copytree(backlogs[800].root, root)
    index = tmp_path / "index.sqlite3"
    with Vault.open(root, index) as vault:
        vault.sync()
        contact = vault.notes(kind="contact")[0].path
        draft = vault.drafter(DAY)
        for leftover in tmp_path.glob("index.sqlite3*"):
            leftover.unlink()
        vault.sync()  # finds its index gone: opens (and builds) it again
        assert draft("check-in", contact).to


@pytest.mark.parametrize("path", ["people/\udce9.md", ("a",), ["a"], 7, None])
def test_a_path_that_is_no_text_is_refused_as_no_note(backlogs, path):
    """Found in review: a path with a surrogate or of another type reached SQLite, whose
    UnicodeEncodeError or ProgrammingError escaped; it is refused as any unknown path."""
    draft = backlogs[800].drafter(DAY)
    with pytest.raises(VaultkitError, match="is not a contact"):
        draft("check-in", path)
