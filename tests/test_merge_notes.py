"""The three-way merge of a note (vaultkit/merge/): the log as a union of entries, the front
matter key by key, the rest line by line; each rule of docs/git-sync.md as a case."""

from __future__ import annotations

import datetime as dt

import frontmatter as reference  # python-frontmatter: a reader of people's scripts
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.merge_audit import KEYS, WORDS, merged_and_audit
from vaultkit.merge.note import common_base, merge_notes
from vaultkit.notes import frontmatter as fm
from vaultkit.notes.text import conflict_line

BASE = """---
title: Engineer
company: Acme
next: 2026-12-10
tags: [python, data]
---
Met Jane at the Python meetup.

## Log
- 2026-11-01 (in person) Met at the meetup #met
- 2026-11-02 (email) Sent a thank-you #thanks
- [ ] 2026-11-20 Send her the article

## Notes
She likes short e-mails.
"""


def entry_after(text: str, anchor: str, new: str) -> str:
    assert anchor in text
    return text.replace(anchor + "\n", anchor + "\n" + new + "\n", 1)


LAST = "- [ ] 2026-11-20 Send her the article"


def test_same_day_log_on_both_sides_is_a_union_ours_first():
    ours = entry_after(BASE, LAST, "- 2026-12-01 (phone) Called about the role")
    theirs = entry_after(BASE, LAST, "- 2026-12-01 (email) Sent my CV")
    merged = merge_notes(BASE, ours, theirs)
    assert merged.conflicts == 0
    assert merged.text == entry_after(ours, "- 2026-12-01 (phone) Called about the role",
                                      "- 2026-12-01 (email) Sent my CV")


def test_entries_go_in_date_order_among_ours():
    ours = entry_after(BASE, LAST, "- 2026-12-05 Coffee")
    theirs = entry_after(BASE, LAST, "- 2026-12-01 Sent my CV")
    merged = merge_notes(BASE, ours, theirs)
    assert merged.text == entry_after(BASE, LAST, "- 2026-12-01 Sent my CV\n- 2026-12-05 Coffee")


def test_newest_first_logs_get_new_entries_newest_first():
    base = "## Log\n- 2026-11-05 b\n- 2026-11-01 a\n"
    ours = "## Log\n- 2026-12-03 ours\n- 2026-11-05 b\n- 2026-11-01 a\n"
    theirs = "## Log\n- 2026-11-05 b\n- 2026-11-03 theirs\n- 2026-11-01 a\n"
    merged = merge_notes(base, ours, theirs)
    assert merged.text == ("## Log\n- 2026-12-03 ours\n- 2026-11-05 b\n- 2026-11-03 theirs\n"
                           "- 2026-11-01 a\n")


def test_an_entry_both_sides_wrote_is_there_once():
    line = "- 2026-12-01 (email) Sent my CV"
    ours = entry_after(BASE, LAST, line)
    theirs = entry_after(BASE.replace("title: Engineer", "title: Lead"), LAST, line)
    merged = merge_notes(BASE, ours, theirs)
    assert merged.text.count(line) == 1
    assert "title: Lead" in merged.text


def test_an_entry_removed_or_edited_on_one_side_takes_that_change():
    removed = BASE.replace("- 2026-11-02 (email) Sent a thank-you #thanks\n", "")
    edited = BASE.replace("Met at the meetup #met", "Met at the PyData meetup #met")
    ours = entry_after(removed, LAST, "- 2026-12-01 ours")
    merged = merge_notes(BASE, ours, entry_after(edited, LAST, "- 2026-12-01 theirs"))
    assert merged.conflicts == 0
    assert "Sent a thank-you" not in merged.text
    assert "Met at the PyData meetup #met" in merged.text
    assert "Met at the meetup #met" not in merged.text
    assert "- 2026-12-01 ours\n- 2026-12-01 theirs\n" in merged.text


def test_a_task_ticked_on_one_side_while_an_entry_is_added_on_the_other():
    ticked = BASE.replace("- [ ] 2026-11-20", "- [x] 2026-11-20")
    ours = entry_after(BASE, LAST, "- 2026-12-01 (phone) Called")
    merged = merge_notes(BASE, ours, ticked)
    assert merged.conflicts == 0
    assert "- [x] 2026-11-20 Send her the article\n- 2026-12-01 (phone) Called\n" in merged.text
    assert "- [ ] 2026-11-20" not in merged.text


def test_set_on_one_side_and_snooze_on_the_other_merge_key_by_key():
    ours = BASE.replace("title: Engineer", "title: Staff Engineer")
    theirs = BASE.replace("next: 2026-12-10", "next: 2027-01-05")
    merged = merge_notes(BASE, ours, theirs)
    assert merged.conflicts == 0
    assert merged.text == BASE.replace("title: Engineer", "title: Staff Engineer").replace(
        "next: 2026-12-10", "next: 2027-01-05")


def test_the_same_key_set_to_different_values_is_a_conflict_of_that_key_alone():
    ours = entry_after(BASE.replace("title: Engineer", "title: Staff Engineer"), LAST,
                       "- 2026-12-01 ours")
    theirs = BASE.replace("title: Engineer", "title: Manager").replace(
        "next: 2026-12-10", "next: 2027-01-05")
    merged = merge_notes(BASE, ours, theirs)
    assert merged.conflicts == 1
    assert merged.text.startswith(
        "---\n<<<<<<< ours\ntitle: Staff Engineer\n=======\ntitle: Manager\n>>>>>>> theirs\n"
        "company: Acme\nnext: 2027-01-05\n")
    assert conflict_line(merged.text) == 2
    assert "- 2026-12-01 ours" in merged.text


def test_the_same_change_on_both_sides_is_taken_once():
    ours = BASE.replace("title: Engineer", "title: Lead")
    theirs = BASE.replace("title: Engineer", 'title: "Lead"')  # re-quoted: the same value
    merged = merge_notes(BASE, ours, entry_after(theirs, LAST, "- 2026-12-01 x"))
    assert merged.conflicts == 0
    assert "title: Lead\n" in merged.text


def test_a_reflowed_value_is_not_a_change():
    """Obsidian's property editor writes lists in block style: that side did not change
    the tags, so the other side's new tags win."""
    ours = BASE.replace("tags: [python, data]", "tags:\n  - python\n  - data").replace(
        "title: Engineer", "title: Lead")
    theirs = BASE.replace("tags: [python, data]", "tags: [python, data, ml]")
    merged = merge_notes(BASE, ours, theirs)
    assert merged.conflicts == 0
    assert "tags: [python, data, ml]\n" in merged.text and "title: Lead" in merged.text


def test_keys_new_on_their_side_follow_ours_in_their_order_and_comments_stay():
    base = "---\n# who\ntitle: A\n---\nbody\n"
    ours = "---\n# who\ntitle: A\nphone: \"+1 555 0100\"  # mobile\n---\nbody\n"
    theirs = "---\n# who\ntitle: A\nlinkedin: jane\nemail: j@x.org\n---\nbody\n"
    merged = merge_notes(base, ours, theirs)
    assert merged.text == ("---\n# who\ntitle: A\nphone: \"+1 555 0100\"  # mobile\n"
                           "linkedin: jane\nemail: j@x.org\n---\nbody\n")


def test_a_key_removed_on_one_side_and_changed_on_the_other_is_a_conflict():
    ours = BASE.replace("company: Acme\n", "")
    theirs = BASE.replace("company: Acme", "company: Initech")
    merged = merge_notes(BASE, ours, theirs)
    assert merged.conflicts == 1
    assert "<<<<<<< ours\n=======\ncompany: Initech\n>>>>>>> theirs\n" in merged.text


def test_a_key_removed_on_one_side_and_kept_on_the_other_goes():
    ours = BASE.replace("company: Acme\n", "")
    theirs = entry_after(BASE, LAST, "- 2026-12-01 x")
    merged = merge_notes(BASE, ours, theirs)
    assert merged.conflicts == 0 and "company" not in merged.text


def test_a_body_paragraph_edited_on_one_side():
    ours = BASE.replace("She likes short e-mails.", "She likes short e-mails, and calls.")
    theirs = entry_after(BASE, LAST, "- 2026-12-01 theirs")
    merged = merge_notes(BASE, ours, theirs)
    assert merged.conflicts == 0
    assert "She likes short e-mails, and calls." in merged.text
    assert "- 2026-12-01 theirs" in merged.text


def test_the_same_paragraph_edited_on_both_sides_is_a_line_conflict():
    ours = BASE.replace("She likes short e-mails.", "She likes calls.")
    theirs = BASE.replace("She likes short e-mails.", "She likes letters.")
    merged = merge_notes(BASE, ours, theirs)
    assert merged.conflicts == 1
    assert "<<<<<<< ours\nShe likes calls.\n=======\nShe likes letters.\n>>>>>>> theirs\n" \
        in merged.text


def test_crlf_on_one_side():
    ours = entry_after(BASE, LAST, "- 2026-12-01 ours").replace("\n", "\r\n")
    theirs = entry_after(BASE, LAST, "- 2026-12-01 theirs")
    merged = merge_notes(BASE, ours, theirs)
    assert merged.conflicts == 0
    assert merged.text == entry_after(BASE, LAST, "- 2026-12-01 ours\n- 2026-12-01 theirs"
                                      ).replace("\n", "\r\n")


def test_a_side_that_only_changed_the_line_endings_gives_them():
    ours = entry_after(BASE, LAST, "- 2026-12-01 ours")
    theirs = entry_after(BASE, LAST, "- 2026-12-01 theirs").replace("\n", "\r\n")
    assert merge_notes(BASE, ours, theirs).text.count("\r\n") == BASE.count("\n") + 2


def test_bom_and_missing_final_newline_are_ours():
    base = "\ufeff## Log\n- 2026-11-01 a"
    ours = "\ufeff## Log\n- 2026-11-01 a\n- 2026-12-01 ours"
    theirs = "\ufeff## Log\n- 2026-11-01 a\n- 2026-12-02 theirs"
    assert merge_notes(base, ours, theirs).text == (
        "\ufeff## Log\n- 2026-11-01 a\n- 2026-12-01 ours\n- 2026-12-02 theirs")


def test_both_sides_adding_the_log_section_to_a_note_without_one():
    base = "---\ntitle: A\n---\nMet at the fair.\n"
    ours = base + "\n## Log\n- 2026-12-01 ours\n"
    theirs = base + "\n## Log\n- 2026-12-02 theirs\n"
    merged = merge_notes(base, ours, theirs)
    assert merged.conflicts == 0
    assert merged.text == base + "\n## Log\n- 2026-12-01 ours\n- 2026-12-02 theirs\n"


def test_lines_under_an_entry_travel_with_it():
    base = "## Log\n- 2026-11-01 a\n"
    ours = "## Log\n- 2026-11-01 a\n- 2026-12-03 ours\n  - a detail of ours\n"
    theirs = "## Log\n- 2026-11-01 a\n- 2026-12-01 theirs\n  ```\n  code\n  ```\n"
    merged = merge_notes(base, ours, theirs)
    assert merged.text == ("## Log\n- 2026-11-01 a\n- 2026-12-01 theirs\n  ```\n  code\n  ```\n"
                           "- 2026-12-03 ours\n  - a detail of ours\n")


def test_a_custom_log_heading():
    base = "## Journal\n- 2026-11-01 a\n"
    ours, theirs = base + "- 2026-12-01 ours\n", base + "- 2026-12-01 theirs\n"
    assert merge_notes(base, ours, theirs, ("Journal",)).conflicts == 0
    assert merge_notes(base, ours, theirs, ("Log",)).conflicts == 1  # not a log: lines


def test_text_after_the_log_and_other_log_sections_merge_by_line():
    base = "## Log\n- 2026-11-01 a\n\n## Ideas\nx\n"
    ours = "## Log\n- 2026-11-01 a\n- 2026-12-01 ours\n\n## Ideas\nx\ny\n"
    theirs = "## Log\n- 2026-11-01 a\n- 2026-12-01 theirs\n\n## Ideas\nx\n"
    assert merge_notes(base, ours, theirs).text == (
        "## Log\n- 2026-11-01 a\n- 2026-12-01 ours\n- 2026-12-01 theirs\n\n## Ideas\nx\ny\n")


@pytest.mark.parametrize("broken", [
    "---\ntitle: [unclosed\n---\n## Log\n- 2026-11-01 a\n",  # invalid YAML
    "---\ntitle: A\ntitle: B\n---\n## Log\n- 2026-11-01 a\n",  # a key written twice
    "---\ntitle: A\n## Log\n- 2026-11-01 a\n",  # front matter never closed
])
def test_a_side_that_does_not_parse_falls_back_to_lines_and_loses_nothing(broken):
    base = "---\ntitle: A\n---\n## Log\n- 2026-11-01 a\n"
    theirs = base.replace("title: A", "title: C") + "- 2026-12-01 theirs\n"
    merged = merge_notes(base, broken, theirs)
    assert merged.by_line
    for line in broken.splitlines():  # ours, whole; and what theirs added
        assert line in merged.text
    assert "- 2026-12-01 theirs" in merged.text


def test_a_side_that_removed_the_log_section_while_the_other_logged_loses_nothing():
    base = "intro\n\n## Log\n- 2026-11-01 a\n"
    ours = "intro\n"
    theirs = base + "- 2026-12-01 theirs\n"
    merged = merge_notes(base, ours, theirs)
    assert "- 2026-12-01 theirs" in merged.text and merged.conflicts == 1


def test_what_is_merged_reads_back_through_python_frontmatter():
    ours = BASE.replace("title: Engineer", "title: Staff Engineer")
    theirs = entry_after(BASE.replace("company: Acme", "company: Initech"), LAST,
                         "- 2026-12-01 theirs")
    post = reference.loads(merge_notes(BASE, ours, theirs).text)
    assert post["title"] == "Staff Engineer" and post["company"] == "Initech"


# Property: random edit scripts on both sides, made with vaultkit's own edits.

steps = st.one_of(
    st.tuples(st.just("log"), st.integers(0, 60),
              st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)),
    st.tuples(st.just("set"), st.sampled_from(KEYS),
              st.one_of(st.sampled_from(["Lead", "Initech", "+1 555 0100", "Seoul"]),
                        st.dates(dt.date(2026, 11, 1), dt.date(2027, 3, 1)))),
    st.tuples(st.just("tick")),
    st.tuples(st.just("para"), st.sampled_from(["She likes calls.", "She likes letters."])),
)


@given(st.lists(steps, max_size=6), st.lists(steps, max_size=6))
def test_no_entry_is_lost_and_no_key_written_twice(ours_script, theirs_script):
    ours, theirs, merged, lost, twice = merged_and_audit(ours_script, theirs_script)
    assert lost == [] and twice == [], merged.text
    if not merged.conflicts:  # what merged cleanly reads back as a note, keys agreed
        meta, _ = fm.load(fm.split(merged.text).raw)
        mine, _ = fm.load(fm.split(ours).raw)
        yours, _ = fm.load(fm.split(theirs).raw)
        for key in KEYS:
            assert meta.get(key) in (mine.get(key), yours.get(key))


def test_a_copy_and_its_original_merge_from_what_they_have_in_common():
    original = ("---\ntitle: Director\ncompany: Acme\ntags: [a]\n---\nIntro.\n\n## Log\n"
                "- 2026-11-01 met\n- 2026-12-01 from the laptop\n")
    copy = ("---\ntitle: VP\ncompany: Acme\ncity: Seoul\n---\nIntro.\nFrom the phone.\n\n"
            "## Log\n- 2026-11-01 met\n- 2026-12-02 from the phone\n")
    base = common_base(original, copy)
    assert base == "---\ncompany: Acme\n---\nIntro.\n\n## Log\n- 2026-11-01 met\n"
    merged = merge_notes(base, original, copy)
    assert merged.conflicts == 1  # the title: which one is right, only the person knows
    assert merged.text == (
        "---\n<<<<<<< ours\ntitle: Director\n=======\ntitle: VP\n>>>>>>> theirs\n"
        "company: Acme\ntags: [a]\ncity: Seoul\n---\nIntro.\nFrom the phone.\n\n## Log\n"
        "- 2026-11-01 met\n- 2026-12-01 from the laptop\n- 2026-12-02 from the phone\n")


def test_a_copy_that_does_not_parse_merges_by_line_from_the_common_lines():
    original = "---\ntitle: [\n---\n## Log\n- 2026-11-01 met\n- 2026-12-01 a\n"
    copy = "---\ntitle: [\n---\n## Log\n- 2026-11-01 met\n- 2026-12-02 b\n"
    merged = merge_notes(common_base(original, copy), original, copy)
    assert "- 2026-12-01 a" in merged.text and "- 2026-12-02 b" in merged.text


# Found by a hostile reviewer.
@pytest.mark.parametrize("base_front", ["---\n---\n", "---\n# only a comment\n---\n"])
def test_a_base_whose_front_matter_holds_no_key(base_front):
    base = base_front + "## Log\n- 2026-11-01 a\n"
    ours = "---\na: 1\n---\n## Log\n- 2026-11-01 a\n- 2026-12-01 ours\n"
    theirs = "---\nb: 2\n---\n## Log\n- 2026-11-01 a\n- 2026-12-02 theirs\n"
    merged = merge_notes(base, ours, theirs)
    assert merged.conflicts == 0
    assert merged.text == "---\na: 1\nb: 2\n---\n## Log\n- 2026-11-01 a\n- 2026-12-01 ours\n" \
        "- 2026-12-02 theirs\n"


@pytest.mark.parametrize("base, ours", [("1", "true"), ("0", "false"), ("1", "1.0"),
                                        ("[a]", "[a, 1]")])
def test_values_of_other_types_are_changes(base, ours):
    merged = merge_notes(f"---\nn: {base}\n---\n", f"---\nn: {ours}\n---\n",
                         "---\nn: 2\n---\n")
    assert merged.conflicts == 1 and f"n: {ours}\n" in merged.text


def test_a_comment_one_side_wrote_is_not_dropped():
    base = "---\n# old comment\ntitle: A\n---\n"
    ours = "---\n# new comment by ours\ntitle: A\n---\n"
    theirs = "---\n# old comment\ntitle: B\n---\n"
    assert merge_notes(base, ours, theirs).text == "---\n# new comment by ours\ntitle: B\n---\n"
    inline = merge_notes("---\ntitle: A\n---\n", "---\ntitle: A  # keep this note\n---\n",
                         "---\ntitle: B\n---\n")
    assert inline.conflicts == 1 and "title: A  # keep this note\n" in inline.text


def test_a_copy_that_shares_no_key_with_its_original():
    original, copy = "---\ntitle: H\n---\nbody\n", "---\ntitle: H2\n---\nbody\n"
    merged = merge_notes(common_base(original, copy), original, copy)
    assert merged.conflicts == 1 and "title: H\n" in merged.text and "title: H2\n" in merged.text


def test_a_long_log_merges_in_bounded_time():
    import time

    base = "## Log\n" + "".join(f"- 2026-{1 + i % 12:02d}-{1 + i % 28:02d} entry {i}\n"
                                for i in range(50_000))
    theirs = base + "".join(f"- 2026-06-{1 + i % 28:02d} theirs {i}\n" for i in range(5_000))
    started = time.perf_counter()
    merged = merge_notes(base, base + "- 2026-12-31 ours\n", theirs)
    assert time.perf_counter() - started < 10  # was minutes: a scan per new entry
    assert merged.conflicts == 0 and merged.text.count("theirs") == 5_000


def test_comments_after_the_last_key_and_above_a_removed_key_are_kept():
    base = "---\na: 1\n# tail\n---\n"
    merged = merge_notes(base, "---\na: 1\n# tail\n# ours tail\n---\n",
                         "---\na: 2\n# tail\n# theirs tail\n---\n")
    assert merged.text == "---\na: 2\n# tail\n# ours tail\n# theirs tail\n---\n"
    base = "---\nz: 0\n# about a\na: 1\n---\n"
    merged = merge_notes(base, "---\nz: 0\n---\n",
                         "---\nz: 1\n# about a: keep, see ticket 42\na: 1\n---\n")
    assert merged.conflicts == 1 and "# about a: keep, see ticket 42\n" in merged.text
