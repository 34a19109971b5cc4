"""Parsing one note: kind, identity, log entries, tasks, links and problems with lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.config import Config
from vaultkit.model import Entry, Link, Problem
from vaultkit.notes.parse import parse_note

CONFIG = Config(root=Path("/nonexistent"))


def parse(text: str | bytes, path: str = "people/Jane Doe.md", config: Config = CONFIG):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_note(path, data, config)


JANE = """---
name: Jane Doe
company: "[[Acme]]"
met: 2026-11-20
---
# Jane

Works with [[Bob|Bobby]], [[x/Carl#Heading]] and [[Dana#^block|see]].
![[photo.png]] and [[#Local heading]] name no note.

## Log
- 2026-11-20 (in person) Met at the fair #met [[Busan Job Fair]]
- 2026-11-21 14:30 (email) Sent a thank-you note #thanks
- 2026-11-25 Gave me two names: [[Kim Lee]], [[Omar Diaz]] #referral #helped-me
* 2026-11-26 (phone) Star bullets work too #checkin
- [ ] 2026-12-01 Send the article #promise
- [x] Call back 📅 2026-11-25
- [ ] Undated task
- A plain list item, not an entry
  - 2026-11-22 nested items are not entries
```
- 2026-11-23 inside a code block [[Not A Link]]
```
## Other
- 2026-11-24 under another heading: not an entry
"""


def test_a_contact_in_full():
    note = parse(JANE)
    assert (note.kind, note.name, note.title) == ("contact", "Jane Doe", "Jane Doe")
    assert note.meta == {"name": "Jane Doe", "company": "[[Acme]]", "met": "2026-11-20"}
    assert note.problems == ()
    assert note.entries == (
        Entry(12, "2026-11-20", "Met at the fair #met [[Busan Job Fair]]", None, "in person",
              ("met",), ("Busan Job Fair",)),
        Entry(13, "2026-11-21", "Sent a thank-you note #thanks", "14:30", "email",
              ("thanks",), ()),
        Entry(14, "2026-11-25", "Gave me two names: [[Kim Lee]], [[Omar Diaz]] #referral "
              "#helped-me", None, None, ("referral", "helped-me"), ("Kim Lee", "Omar Diaz")),
        Entry(15, "2026-11-26", "Star bullets work too #checkin", None, "phone", ("checkin",)),
        Entry(16, "2026-12-01", "Send the article #promise", None, None, ("promise",),
              task="open"),
        Entry(17, "2026-11-25", "Call back 📅 2026-11-25", task="done"),
        Entry(18, None, "Undated task", task="open"),
    )
    assert note.links == (
        Link("Acme", 3, "meta:company"),
        Link("Bob", 8), Link("x/Carl", 8), Link("Dana", 8),
        Link("Busan Job Fair", 12, "entry", date="2026-11-20"),
        Link("Kim Lee", 14, "entry", referral=True, date="2026-11-25"),
        Link("Omar Diaz", 14, "entry", referral=True, date="2026-11-25"),
    )
    assert note.last_contact == "2026-11-26"  # open tasks do not count as contact


def test_notes_to_self_do_not_count_as_contact():
    note = parse("## Log\n- 2026-11-01 Asked about exams #note\n- 2026-10-01 Call #checkin\n")
    assert note.last_contact == "2026-10-01"


def test_log_heading_level_and_section_end():
    text = "# Jane\n### Log\n- 2026-01-02 a\n#### Sub\n- 2026-01-03 b\n## Next\n- 2026-01-04 c\n"
    assert [e.date for e in parse(text).entries] == ["2026-01-02", "2026-01-03"]


def test_configured_log_headings():
    config = Config(root=Path("/x"), log_headings=("Log", "Interactions"))
    note = parse("### Interactions\n- 2026-01-02 (email) hi #thanks\n", config=config)
    assert [e.kinds for e in note.entries] == [("thanks",)]
    assert parse("### Interactions\n- 2026-01-02 hi\n").entries == ()


@pytest.mark.parametrize("line, message", [
    ("- 2026-1-5 call", "log entry date '2026-1-5' is not YYYY-MM-DD (e.g. 2026-01-05)"),
    ("- 05/01/2026 call", "log entry date '05/01/2026' is not YYYY-MM-DD (e.g. 2026-01-05)"),
    ("- 2026-13-01 call", "log entry date '2026-13-01' is not a real date"),
    ("- 2026-02-30 call", "log entry date '2026-02-30' is not a real date"),
    ("- 2026-02-03 25:00 call", "log entry date '2026-02-03 25:00' is not a real date"),
    ("- [ ] send 📅 2026-02-31", "task date '📅 2026-02-31' is not a real date"),
])
def test_log_lines_that_look_like_entries_but_do_not_parse(line, message):
    note = parse(f"# N\n\n## Log\n- 2026-01-01 fine\n{line}\n")
    assert note.problems == (Problem(5, message),)
    assert [e.date for e in note.entries if e.task is None] == ["2026-01-01"]


@pytest.mark.parametrize("path, meta, kind", [
    ("people/A.md", "", "contact"),
    ("people/alumni/A.md", "", "contact"),
    ("leads/A.md", "", "lead"),
    ("events/A.md", "", "event"),
    ("orgs/A.md", "", "org"),
    ("A.md", "", "note"),
    ("Peoples/A.md", "", "note"),
    ("A.md", "type: person", "contact"),
    ("A.md", "type: Job", "lead"),
    ("people/A.md", "type: opportunity", "lead"),
    ("A.md", "type: organization", "org"),
    ("A.md", "type: company", "org"),
    ("people/A.md", "type: note", "note"),
])
def test_kind_from_type_or_folder(path, meta, kind):
    text = f"---\n{meta}\n---\n" if meta else "text\n"
    assert parse(text, path).kind == kind


def test_folder_map_from_config():
    config = Config(root=Path("/x"), folders={"Contacts": "contact", "Jobs/open": "lead"})
    assert parse("x", "Contacts/A.md", config).kind == "contact"
    assert parse("x", "Jobs/open/A.md", config).kind == "lead"
    assert parse("x", "people/A.md", config).kind == "note"


@pytest.mark.parametrize("meta, message", [
    ("type: friend", "type: 'friend' is not contact, lead, event, org or note"),
    ("met: 2026-13-01", "met: '2026-13-01' is not a date (YYYY-MM-DD)"),
    ("next: soon", "next: 'soon' is not a date (YYYY-MM-DD)"),
    ("cadence: sometimes", "cadence: 'sometimes' is not an interval "
                           "(e.g. 14d, 2w, 3m, monthly or never)"),
    ("min_gap: 0d", "min_gap: '0d' is not an interval (e.g. 14d, 2w, 3m, monthly or never)"),
    ("status: gone", "status: 'gone' is not one of active, paused, archived"),
    ("influence: 7", "influence: '7' is not a whole number from 1 to 5"),
    ("influence: high", "influence: 'high' is not a whole number from 1 to 5"),
    ("may_use_name: maybe", "may_use_name: 'maybe' is not true or false"),
    ("may_use_name: yes", "may_use_name: 'yes' is not true or false"),
    ("birthday: 31-12", "birthday: '31-12' is not a date (YYYY-MM-DD or --MM-DD)"),
    ("birthday: --02-30", "birthday: '--02-30' is not a date (YYYY-MM-DD or --MM-DD)"),
])
def test_contact_key_problems_name_key_and_line(meta, message):
    note = parse(f"---\nname: X\n{meta}\n---\n")
    assert note.problems == (Problem(3, message),)


@pytest.mark.parametrize("meta", [
    "cadence: monthly", "cadence: 2w", "cadence: 3m", "cadence: 10d", "cadence: never",
    "cadence: quarterly", "min_gap: 7d", "birthday: --02-29", "birthday: 1988-11-30",
    "influence: 5", "status: Paused", "may_use_name: false", "met: 2026-11-20T09:00:00",
    "next: 2026-12-05",
])
def test_valid_contact_keys(meta):
    assert parse(f"---\n{meta}\n---\n").problems == ()


@pytest.mark.parametrize("path, meta, message", [
    ("leads/L.md", "status: dreaming", "status: 'dreaming' is not one of idea, inquired, "
     "applied, interviewing, offer, hired, rejected, withdrawn, closed"),
    ("leads/L.md", "advertised: sometimes", "advertised: 'sometimes' is not true or false"),
    ("events/E.md", "date: tomorrow", "date: 'tomorrow' is not a date (YYYY-MM-DD)"),
    ("orgs/O.md", "renews: someday", "renews: 'someday' is not a date (YYYY-MM-DD)"),
    ("orgs/O.md", "member: 1", "member: '1' is not true or false"),
])
def test_other_kinds_key_problems(path, meta, message):
    assert parse(f"---\n{meta}\n---\n", path).problems == (Problem(2, message),)


def test_yaml_error_is_a_problem_and_the_body_still_parses():
    note = parse("---\nname: X\ntitle: Meeting: notes\n---\n## Log\n- 2026-01-01 hi #met\n")
    assert note.problems == (Problem(3, "invalid YAML: mapping values are not allowed "
                                        "in this context"),)
    assert note.meta == {} and [e.kinds for e in note.entries] == [("met",)]


@pytest.mark.parametrize("front, message", [
    ("- a\n- b", "front matter is a list, not a set of 'key: value'"),
    ("just words", "front matter is a single value (str), not a set of 'key: value'"),
])
def test_front_matter_that_is_not_a_mapping(front, message):
    assert parse(f"---\n{front}\n---\nbody\n").problems == (Problem(2, message),)


def test_bom_and_crlf():
    note = parse("\ufeff---\r\nname: X\r\nmet: bad\r\n---\r\n## Log\r\n- 2026-01-01 hi #met\r\n")
    assert note.meta["name"] == "X"
    assert note.problems == (Problem(3, "met: 'bad' is not a date (YYYY-MM-DD)"),)
    assert note.entries[0].line == 6 and note.entries[0].kinds == ("met",)


def test_bytes_that_are_not_utf8():
    note = parse(b"---\nname: X\n---\nline\ncaf\xe9\n")
    assert note.problems == (Problem(5, "not UTF-8 text (byte 0xe9); save it as UTF-8"),)
    assert note.meta == {"name": "X"}


def test_git_conflict_markers():
    text = ("---\nname: X\n---\n## Log\n<<<<<<< HEAD\n- 2026-01-01 a\n=======\n"
            "- 2026-01-02 b\n>>>>>>> other\n")
    assert Problem(5, "git conflict markers: resolve the merge conflict") in parse(text).problems


def test_a_setext_underline_alone_is_not_a_conflict():
    assert parse("Title\n=======\n\ntext\n").problems == ()


@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_git_conflict_markers_with_any_line_ending(nl):
    text = nl.join(["---", "name: X", "---", "## Log", "<<<<<<< HEAD", "- 2026-01-01 a",
                    "=======", "- 2026-01-02 b", ">>>>>>> other", ""])
    assert Problem(5, "git conflict markers: resolve the merge conflict") in parse(text).problems


def test_a_heading_underline_before_a_conflict_does_not_hide_it():
    text = "Title\n=======\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> other\n"
    assert parse(text).problems == (
        Problem(3, "git conflict markers: resolve the merge conflict"),)


def test_markers_out_of_order_are_not_a_conflict():
    assert parse(">>>>>>> a\n=======\n<<<<<<< b\ntext\n").problems == ()


def test_a_ten_megabyte_note():
    lines = [f"- 2026-01-{1 + i % 28:02d} (email) a longer entry, number {i} #checkin"
             for i in range(180_000)]
    text = "---\nname: Big\n---\n## Log\n" + "\n".join(lines) + "\n"
    assert len(text.encode()) > 10_000_000
    note = parse(text)
    assert len(note.entries) == 180_000 and note.problems == ()


def test_empty_file():
    note = parse(b"", "people/Empty.md")
    assert (note.kind, note.name, note.meta, note.problems) == ("contact", "Empty", {}, ())


def test_aliases_and_display_name():
    note = parse("---\nname: Lucía Fernández\naliases: [Lucia, null, '']\n---\n",
                 "people/Lucia Fernandez.md")
    assert note.title == "Lucía Fernández" and note.aliases == ("Lucia",)
    assert parse("---\nalias: Jo\n---\n").aliases == ("Jo",)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_text_parses_without_raising(text):
    note = parse("---\n" + text if text[:1] == "x" else text)
    assert isinstance(note.problems, tuple)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_parse_without_raising(data):
    parse(data)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "---", "name: X", "met: 2026-01-01", "## Log", "- 2026-01-01 hi #met", "- [ ] task",
    "- 2026-1-1 bad", "key: [a, b", "  - item", "[[Link]]", "...", "\r", "", "<<<<<<< x",
    "=======", ">>>>>>> y", "```", "# H", "- [x] 2026-02-30 x", "tags: [[A]]",
]), max_size=25))
def test_note_shaped_text_parses_without_raising(lines):
    note = parse("\n".join(lines))
    assert all(p.line >= 1 for p in note.problems)
