"""Ticking items in the Markdown agenda note (agenda/ticks.py, vault_ticks.py, `agenda
apply`): which lines are ticks, what each rule's tick records, and that after it the item
is gone from the agenda of that day. Real files, a real index, the real agenda."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE
from vaultkit.agenda.build import RULES
from vaultkit.agenda.ids import item_id
from vaultkit.agenda.ticks import ENTRIES, ticks_in
from vaultkit.vault import Vault

DAY = dt.date(2026, 11, 27)
ID = "vk-0123456789"


# What a line must be to count as a tick.
@pytest.mark.parametrize(("line", "channel"), [
    (f"- [x] 2026-11-27 · Send Ahmed a thank-you `thank-you` ^{ID}", None),
    (f"- [X] 2026-11-27 · Send Ahmed a thank-you `thank-you` ^{ID}", None),
    (f"    * [x] 2026-11-27 · a part ^{ID}  ", None),
    (f"\t+ [x] 2026-11-27 · tabbed ^{ID}", None),
    (f"- [x] (email) 2026-11-27 · Send Ahmed a thank-you ^{ID}", "email"),
    (f"- [x] ( in   person ) 2026-11-27 · Met ^{ID}", "in person"),
    (f"- [x] phone 2026-11-27 · Call ^{ID}", "phone"),
    (f"- [x] () 2026-11-27 · empty channel ^{ID}", None),
    (f"- [x] 2026-11-27 · the Tasks plugin's done date ^{ID} ✅ 2026-11-28", None),
])
def test_a_ticked_line(line, channel):
    for end in ("\n", "\r\n", "\r"):
        found = ticks_in(f"# Agenda{end}{line}{end}- [ ] other ^vk-aaaaaaaaaa{end}")
        assert [(t.id, t.line, t.channel) for t in found] == [(ID, 2, channel)], repr(end)
        assert found[0].due == dt.date(2026, 11, 27)


@pytest.mark.parametrize("line", [
    f"- [ ] 2026-11-27 · not ticked ^{ID}",
    f"- [-] 2026-11-27 · cancelled in the Tasks plugin ^{ID}",
    f"- [x] 2026-11-27 · the id not last ^{ID} more words",
    f"- [x] 2026-11-27 · no block id {ID}",
    "- [x] 2026-11-27 · short id ^vk-01234",
    "- [x] 2026-11-27 · upper-case hex ^vk-0123456789ABCDEF",
    f"[x] 2026-11-27 · no bullet ^{ID}",
    f"- [x]2026-11-27 · no space after the box ^{ID}",
])
def test_not_a_ticked_line(line):
    assert ticks_in(line + "\n") == []


def test_a_word_is_a_channel_only_before_the_date():
    """`email 2026-…` is a channel; a sentence's first word is not."""
    [tick] = ticks_in(f"- [x] Send Ahmed a thank-you ^{ID}\n")
    assert tick.channel is None and tick.due is None
    [tick] = ticks_in(f"- [x] (my phone (old)) 2026-11-27 · x ^{ID}\n")
    assert tick.channel is None  # parentheses inside: not a channel the log can hold


def test_each_id_counts_once_and_hostile_text_is_bounded():
    text = f"- [x] 2026-11-27 · a ^{ID}\n" * 3 + "\x00\xff" * 1000 + "- [x] " + "a" * 10**6
    assert [t.line for t in ticks_in(text)] == [1]
    assert ticks_in("x" * 3_000_000) == []


# Each rule: a vault where it has an item, the day and horizon, and what its tick writes
# into the item's note.
def _helped(vault: Path) -> None:
    (vault / "people" / "Nora Field.md").write_text(
        "---\nname: Nora Field\n---\n# Nora Field\n\n## Log\n"
        "- 2026-11-26 (email) Sent me a job posting #helped-me\n", encoding="utf-8")


def _kim_in_touch(vault: Path) -> None:
    # in touch, so told; recently, so the next check-in is not one message with the news
    _append(vault / "people" / "Kim Lee.md", "- 2026-11-26 (email) Said hello #contacted\n")


def _hired(vault: Path) -> None:
    lead = vault / "leads" / "Acme Platform Engineer.md"
    _append(lead, "- 2026-11-27 (email) Offer accepted; I start on Jan 4 #hired\n")
    lead.write_text(lead.read_text().replace("status: interviewing", "status: hired"))
    david = vault / "people" / "David Kim.md"  # no check-in planned: the news alone
    david.write_text(david.read_text().replace("next: 2026-11-30\n", ""))


def _attended(vault: Path) -> None:
    event = vault / "events" / "Busan Fintech Night.md"
    event.write_text(event.read_text().replace("cost:", "attending: true\ncost:"))


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")


CASES = {  # rule: (setup, day, days, what the item's note has afterwards)
    "thank-you": (None, DAY, 7, "(email) Thanked them for meeting #thanks"),
    "act-on-lead": (None, DAY, 7, "status: inquired"),
    "follow-up-inquiry": (None, DAY, 7, "(email) Followed up #followup"),
    "report-back": (_kim_in_touch, DAY, 7, "(email) Told them how the lead went #update"),
    "keep-in-touch": (None, DAY, 7, "(email) Checked in #checkin"),
    "thank-for-help": (_helped, DAY, 7, "(email) Thanked them for their help #thanks"),
    "offer-help": (None, DAY, 7, "(email) Offered my help #helped-them"),
    "reach-out-referral": (None, DAY, 7, "(email) Reached out #contacted"),
    "create-note": (None, DAY, 7, None),
    "prepare-event": (None, DAY, 14, "(email) Prepared for the event #prepared"),
    "task": (None, DAY, 7, "- [x] 2026-11-28 Send the take-home exercise"),
    "renewal": (None, DAY, 21, "renews: 2027-12-15"),
    "birthday": (None, DAY, 7, "(email) Sent birthday wishes #birthday"),
    "share-news": (_hired, DAY, 7, "(email) Told them the news of the new job #update"),
    "announce": (None, DAY, 7, "(email) Told them I am looking #announce"),
    "consider-event": (None, DAY, 7, "attending: true"),
    "follow-up-event": (_attended, dt.date(2026, 12, 3), 7,
                        "(email) Noted the people I met there #met"),
    "write-once": (None, DAY, 7, "(email) Wrote once: "),
}


def test_every_rule_has_a_case_and_a_mapping():
    assert set(CASES) == set(RULES)
    assert set(ENTRIES) | {"task", "create-note", "consider-event", "write-once"} == set(RULES)


def ticked(text: str, ids: set[str], channel: str = "(email) ") -> str:
    """The agenda note with the boxes of `ids` ticked, as a person ticks them."""
    return re.sub(r"^- \[ \] (.*\^(vk-[0-9a-f]{10}))$",
                  lambda m: f"- [x] {channel}{m[1]}" if m[2] in ids else m[0], text,
                  flags=re.M)


def open_copy(tmp_path: Path, setup=None) -> Vault:
    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE, vault)
    if setup:
        setup(vault)
    session = Vault.open(vault, tmp_path / "index.sqlite3")
    session.sync()
    return session


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


@pytest.mark.parametrize("rule", RULES)
def test_each_rule_s_tick_records_it_and_the_item_is_gone(tmp_path, rule):
    setup, day, days, written = CASES[rule]
    with open_copy(tmp_path, setup) as vault:
        items = [one for one in vault.agenda(day, days).items if one.rule == rule]
        assert items, f"no {rule} item to tick"
        item = items[0]
        before = snapshot(vault.root)
        text = ticked(vault.agenda_text(day, "md", days=days), {item_id(item)})
        applied = vault.apply_ticks(text, day, days)
        assert applied.done and not applied.stale and not applied.refused, applied
        assert item_id(item) not in {item_id(one) for one in vault.agenda(day, days).items}
        after = snapshot(vault.root)
        changed = {p for p in after if before.get(p) != after[p]}
        if rule == "create-note":
            assert changed == {"people/Omar Diaz.md"}
            assert 'referred_by: "[[Jane Doe]]"' in after["people/Omar Diaz.md"].decode()
            return
        assert changed == {item.note}, changed
        assert written in after[item.note].decode(), after[item.note].decode()
        # the same tick again (a second watcher, apply after watch): nothing more
        again = vault.apply_ticks(text, day, days)
        assert not again.done and snapshot(vault.root) == after


def test_a_write_once_tick_closes_every_part(tmp_path):
    with open_copy(tmp_path) as vault:
        jane = next(one for one in vault.agenda(DAY).items
                    if one.rule == "write-once" and one.name == "Jane Doe")
        vault.apply_ticks(ticked(vault.agenda_text(DAY, "md"), {item_id(jane)}), DAY)
        left = [one for one in vault.agenda(DAY).items + vault.agenda(DAY).held
                if one.note == jane.note and one.name == jane.name]
        assert [one.rule for one in left] == ["keep-in-touch"], left  # the next one, later
        assert left[0].due > DAY
        note = (vault.root / jane.note).read_text()
        assert "- [x] 2026-12-01 Send Jane the article" in note
        assert re.search(r"- 2026-11-27 \(email\) Wrote once: thanked them for their help;.*"
                         r"#thanks #helped-them #update #checkin", note), note


def test_a_stale_tick_and_an_unticked_box_write_nothing(tmp_path):
    with open_copy(tmp_path) as vault:
        before = snapshot(vault.root)
        text = vault.agenda_text(DAY, "md")
        stale = text + "- [x] 2026-11-20 · done long ago ^vk-00000000aa\n"
        applied = vault.apply_ticks(stale, DAY)
        assert [t.id for t in applied.stale] == ["vk-00000000aa"] and not applied.done
        assert not vault.apply_ticks(text, DAY)  # nothing ticked
        assert snapshot(vault.root) == before


def test_two_ticks_in_one_save(tmp_path):
    with open_copy(tmp_path) as vault:
        items = vault.agenda(DAY).items
        pick = {item_id(one) for one in items if one.name in ("Ahmed Hassan", "Sofia Rossi")}
        assert len(pick) == 2
        applied = vault.apply_ticks(ticked(vault.agenda_text(DAY, "md"), pick), DAY)
        assert sorted(applied.done) == ["Logged #checkin in people/Sofia Rossi.md",
                                        "Logged #thanks in people/Ahmed Hassan.md"]
        assert not pick & {item_id(one) for one in vault.agenda(DAY).items}


def test_a_keep_in_touch_due_on_a_planned_next_is_closed_too(tmp_path):
    """A check-in due on the contact's `next:`, ticked before that day: `next:` becomes
    today, or the item would stay."""
    def planned(vault: Path) -> None:
        (vault / "people" / "Nora Field.md").write_text(
            "---\nname: Nora Field\ncadence: monthly\nnext: 2026-11-30\n---\n# Nora\n\n"
            "## Log\n- 2026-11-01 (email) Caught up #checkin\n", encoding="utf-8")
    with open_copy(tmp_path, planned) as vault:
        item = next(one for one in vault.agenda(DAY).items if one.name == "Nora Field")
        assert item.due == dt.date(2026, 11, 30)
        applied = vault.apply_ticks(ticked(vault.agenda_text(DAY, "md"), {item_id(item)}),
                                    DAY)
        assert "Set next: 2026-11-27 in people/Nora Field.md" in applied.done, applied
        assert not any(one.name == "Nora Field" for one in vault.agenda(DAY).items)


def test_consider_event_no_says_not_going(tmp_path):
    with open_copy(tmp_path) as vault:
        item = next(one for one in vault.agenda(DAY).items if one.rule == "consider-event")
        text = ticked(vault.agenda_text(DAY, "md"), {item_id(item)}, channel="(no) ")
        vault.apply_ticks(text, DAY)
        assert "attending: false" in (vault.root / item.note).read_text()


def test_agenda_apply_on_a_note_ticked_elsewhere(vault, run):
    """A note ticked on a phone and synced (CRLF): `agenda apply FILE` records it once,
    renders the note again and says where it wrote."""
    note = vault / "Agenda.md"
    run("agenda", "--date", "2026-11-27", "--format", "md", "--output", str(note))
    text = note.read_text(encoding="utf-8")
    ahmed = re.search(r"Ahmed Hassan\|Ahmed Hassan\]\] a thank-you.*\^(vk-\w+)$", text, re.M)[1]
    note.write_bytes(ticked(text, {ahmed}).replace("\n", "\r\n").encode())
    done = run("agenda", "apply", str(note), "--date", "2026-11-27")
    assert done.stdout == "Logged #thanks in people/Ahmed Hassan.md\n"
    assert "Wrote " in done.stderr and "Agenda.md" in done.stderr
    assert ahmed not in note.read_text() and "[x]" not in note.read_text()
    again = run("agenda", "apply", str(note), "--date", "2026-11-27")
    assert again.stdout == "" and "No ticked items" in again.stderr
    ahmed_note = (vault / "people" / "Ahmed Hassan.md").read_text()
    assert ahmed_note.count("#thanks") == 1


def test_agenda_apply_refuses_a_contact_note(vault, run):
    """`^vk-` ids in a contact note are not ticks: only an agenda note's count."""
    note = vault / "people" / "Ahmed Hassan.md"
    _append(note, "- [x] 2026-11-27 · Send Ahmed a thank-you ^vk-4317cc2eb8\n")
    before = snapshot(vault)
    result = run("agenda", "apply", str(note), "--date", "2026-11-27", expect=5)
    assert "not an agenda note vaultkit wrote" in result.stderr  # not an export's message
    assert "export" not in result.stderr and "Traceback" not in result.stderr
    assert snapshot(vault) == before


def test_agenda_apply_on_a_binary_or_missing_file(vault, run, tmp_path):
    junk = tmp_path / "junk.md"
    junk.write_bytes(b"\x00\xff- [x] \x80 ^vk-4317cc2eb8\n" * 1000)
    result = run("agenda", "apply", str(junk), "--date", "2026-11-27", expect=5)
    assert "not an agenda note vaultkit wrote" in result.stderr
    missing = run("agenda", "apply", str(tmp_path / "none.md"), expect=1)
    assert "no such agenda note" in missing.stderr


def test_output_says_where_it_wrote_and_stdout_stays_empty(vault, run):
    result = run("agenda", "--format", "md", "--output", str(vault / "Agenda.md"))
    assert result.stdout == ""
    assert result.stderr.startswith("Wrote ") and "Agenda.md" in result.stderr


# --- found by the hostile review -------------------------------------------------------

def _agenda_with(vault, run, pattern: str, channel: str = "(email) ") -> tuple[Path, str]:
    """Agenda.md of 2026-11-27 with the item whose line matches `pattern` ticked."""
    note = vault / "Agenda.md"
    run("agenda", "--date", "2026-11-27", "--format", "md", "--output", str(note))
    text = note.read_text(encoding="utf-8")
    found = re.search(pattern + r".*\^(vk-\w+)$", text, re.M)[1]
    note.write_text(ticked(text, {found}, channel), encoding="utf-8")
    return note, found


def _as_a_user(vault: Path, index: Path, *args: str) -> subprocess.CompletedProcess:
    """vaultkit as a normal user is: as root, without the capabilities that write any
    file whatever its mode (CI runs as root)."""
    drop = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner",
            "--inh-caps=-all"] if os.geteuid() == 0 else []
    if drop and shutil.which("setpriv") is None:
        pytest.skip("root without setpriv: a read-only note cannot be tried")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run([*drop, sys.executable, "-m", "vaultkit", "--vault", str(vault),
                           "--index", str(index), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_a_tick_that_cannot_be_recorded_stays_ticked_and_exits_5(vault, run, index_path):
    note, ahmed = _agenda_with(vault, run, r"Ahmed Hassan\|Ahmed Hassan\]\] a thank-you")
    person = vault / "people" / "Ahmed Hassan.md"
    before = person.read_bytes()
    person.chmod(0o444)
    try:
        result = _as_a_user(vault, index_path, "agenda", "apply", str(note),
                            "--date", "2026-11-27")
    finally:
        person.chmod(0o644)
    assert result.returncode == 5, result.stderr
    assert "not recorded" in result.stderr and person.read_bytes() == before
    line = next(x for x in note.read_text().splitlines() if x.endswith(ahmed))
    assert line.startswith("- [x] (email) 2026-11-27 · Send ")  # the box and the word kept


def test_control_characters_in_a_channel_word_never_reach_a_note(vault, run):
    note, _ = _agenda_with(vault, run, r"Ahmed Hassan\|Ahmed Hassan\]\] a thank-you",
                           channel="(e\x00m\x1b[2J) ")
    run("agenda", "apply", str(note), "--date", "2026-11-27")
    data = (vault / "people" / "Ahmed Hassan.md").read_bytes()
    assert b"#thanks" in data and b"\x00" not in data and b"\x1b" not in data
    result = run("log", "Ahmed", "Called", "--via", "pho\x00ne", "--date", "2026-11-27",
                 expect=2)
    assert "control character" in result.stderr


def test_no_to_an_event_then_its_prepare_in_one_save_records_no_preparation(vault, run):
    note = vault / "Agenda.md"
    run("agenda", "--date", "2026-12-01", "--format", "md", "--output", str(note))
    text = note.read_text(encoding="utf-8")
    consider = re.search(r"Consider going.*\^(vk-\w+)$", text, re.M)[1]
    prepare = re.search(r"Prepare for the .*\^(vk-\w+)$", text, re.M)[1]
    text = ticked(text, {consider}, "(no) ")
    note.write_text(ticked(text, {prepare}, ""), encoding="utf-8")
    result = run("agenda", "apply", str(note), "--date", "2026-12-01")
    event = (vault / "events" / "Busan Fintech Night.md").read_text()
    assert "attending: false" in event and "#prepared" not in event
    assert "matches no item" in result.stderr


def test_after_a_follow_up_the_next_says_when_you_applied_and_when_you_followed_up(
        vault, run):
    note, _ = _agenda_with(vault, run, r"Follow up on Site Reliability Engineer at Globex")
    run("agenda", "apply", str(note), "--date", "2026-11-27")
    data = json.loads(run("agenda", "--date", "2026-12-04", "--format", "json").stdout)
    text = next(i["text"] for i in data["items"] if i["rule"] == "follow-up-inquiry"
                and "Globex" in i["text"])
    assert "applied on Nov 14, last in touch about it on Nov 27, no news since" in text


def test_a_create_note_tick_for_a_name_no_file_may_have_closes_its_item(vault, run):
    jane = vault / "people" / "Jane Doe.md"
    jane.write_text(jane.read_text().replace("[[Omar Diaz]]", "[[Omar Diaz]], [[CON]], "
                                             "[[Evil: name?*]]"))
    note = vault / "Agenda.md"
    run("agenda", "--date", "2026-11-27", "--format", "md", "--output", str(note))
    text = note.read_text()
    ids = set(re.findall(r"^- \[ \] .*`create-note` \^(vk-\w+)$", text, re.M))
    assert len(ids) == 3
    note.write_text(ticked(text, ids, ""))
    run("agenda", "apply", str(note), "--date", "2026-11-27")
    assert "create-note" not in note.read_text()
    assert "CON" in (vault / "people" / "CON (note).md").read_text()  # its alias


class TickedMeanwhile(Vault):
    """A vault during whose recording of ticks the person ticks another box."""

    def apply_ticks(self, text, today, days=None):
        applied = super().apply_ticks(text, today, days)
        note = self.root / "Agenda.md"
        note.write_text(note.read_text(encoding="utf-8") + "- [x] mine ^vk-0000000000\n",
                        encoding="utf-8")
        return applied


def test_agenda_apply_never_writes_over_a_tick_saved_meanwhile(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "vault")
    with TickedMeanwhile.open(tmp_path / "vault", tmp_path / "index.sqlite3") as vault:
        vault.sync()
        note = vault.root / "Agenda.md"
        vault.save(note, vault.agenda_text(DAY, "md"))
        item = next(one for one in vault.agenda(DAY).items if one.rule == "thank-you")
        note.write_text(ticked(note.read_text(), {item_id(item)}), encoding="utf-8")
        applied = vault.apply_agenda_note(note, DAY)
        assert applied.done and applied.wrote is None
        assert note.read_text().endswith("- [x] mine ^vk-0000000000\n")
