"""Surgical edits: every byte outside the change is kept."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.notes.anatomy import scan
from vaultkit.notes.body import parse_body
from vaultkit.notes.edit import (
    EditError,
    add_log_line,
    newline_of,
    refuse_conflicts,
    set_key,
    tick_task,
    yaml_value,
)

NOTE = """---
# a comment people wrote
name: 'Jane Doe'
tags:
  - fintech
  - mentor
company: "[[Acme]]"   # trailing comment
unknown_key: {nested: [1, 2]}
---
# Jane

%% an Obsidian comment %%
Some text with trailing spaces<SPACES>

## Log
- 2026-11-20 (in person) Met #met
- 2026-11-25 (phone) Gave names #referral

## After the log
Text that must stay.
""".replace("<SPACES>", "   ")


def removed(new: str, line: str, nl: str = "\n") -> str:
    """`new` without the one inserted line (and its line ending): should be the original."""
    lines = new.split("\n")
    index = next(i for i, current in enumerate(lines) if current.rstrip("\r") == line)
    del lines[index]
    return "\n".join(lines)


def test_append_in_date_order_keeps_everything_else():
    line = "- 2026-11-21 (email) Sent a thank-you note #thanks"
    new = add_log_line(NOTE, line, "2026-11-21")
    assert removed(new, line) == NOTE
    assert new.split("\n").index(line) == new.split("\n").index(
        "- 2026-11-20 (in person) Met #met") + 1


def test_append_after_the_last_entry_and_same_day_entries():
    line = "- 2026-11-25 Second on the day"
    new = add_log_line(NOTE, line, "2026-11-25")
    lines = new.split("\n")
    assert lines[lines.index(line) - 1] == "- 2026-11-25 (phone) Gave names #referral"
    assert lines[lines.index(line) + 1] == ""  # the blank line before the next heading stays


@pytest.mark.parametrize("text", [
    NOTE.replace("\n", "\r\n"),
    "\ufeff" + NOTE,
    NOTE.rstrip("\n"),                                   # no final newline
    "\ufeff" + NOTE.replace("\n", "\r\n").rstrip("\r\n"),
])
def test_line_endings_bom_and_final_newline(text):
    nl = "\r\n" if "\r\n" in text else "\n"
    line = "- 2026-11-22 Hello"
    new = add_log_line(text, line, "2026-11-22")
    assert removed(new, line, nl) == text
    assert new.startswith("\ufeff") == text.startswith("\ufeff")
    assert new.endswith(nl) == text.endswith(nl)


@pytest.mark.parametrize("text, expected", [
    ("---\nname: X\n---\n# X\n", "---\nname: X\n---\n# X\n\n## Log\n- 2026-01-02 Hi\n"),
    ("# X\nno final newline", "# X\nno final newline\n\n## Log\n- 2026-01-02 Hi"),
    ("", "## Log\n- 2026-01-02 Hi\n"),
    ("# X\r\n\r\n", "# X\r\n\r\n## Log\r\n- 2026-01-02 Hi\r\n"),
])
def test_a_log_heading_is_added_at_the_end(text, expected):
    assert add_log_line(text, "- 2026-01-02 Hi", "2026-01-02") == expected


def test_configured_heading_and_levels():
    text = "# X\n### Interactions\n- 2026-01-01 a\n#### Detail\nmore\n## Next\n"
    new = add_log_line(text, "- 2026-01-05 b", "2026-01-05", ("Log", "Interactions"))
    assert new == "# X\n### Interactions\n- 2026-01-01 a\n#### Detail\nmore\n- 2026-01-05 b\n" \
                  "## Next\n"


def test_mixed_line_endings_keep_every_byte():
    text = "# X\r\n## Log\n- 2026-01-01 a\r\n- 2026-03-01 c\n"
    new = add_log_line(text, "- 2026-02-01 b", "2026-02-01")
    assert new == "# X\r\n## Log\n- 2026-01-01 a\r\n- 2026-02-01 b\r\n- 2026-03-01 c\n"


def test_back_dated_entry_goes_first():
    new = add_log_line(NOTE, "- 2026-01-01 Long ago", "2026-01-01")
    assert "## Log\n- 2026-01-01 Long ago\n- 2026-11-20" in new


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "---", "name: X", "## Log", "### Log", "## Other", "- 2026-01-01 a", "- 2026-12-31 z",
    "- [ ] 2026-06-01 task", "text", "", "   ", "%% c %%", "# Title", "- item",
    "<!-- x -->", "```", "- 2026-06-15 (email) m #thanks"]), max_size=30),
    st.sampled_from(["\n", "\r\n"]), st.booleans(), st.booleans(),
    st.dates().map(lambda d: d.isoformat()))
def test_adding_an_entry_changes_nothing_else(lines, nl, bom, final, day):
    text = ("\ufeff" if bom else "") + nl.join(lines) + (nl if final else "")
    line = f"- {day} (email) Property #checkin"
    try:
        new = add_log_line(text, line, day)
    except EditError:  # only a note with no Log section that ends in unclosed code/comment
        found = scan(text)
        assert not found.logs and found.open_after and max(found.open_after) >= len(
            found.lines) - 2
        return
    assert new.count(line) == text.count(line) + 1
    if new.rstrip("\r\n").endswith(line):  # added at the very end: the original is kept whole
        assert new.startswith(text.rstrip("\r\n")) or text.strip("\ufeff") == ""
        assert (new.endswith(newline_of(text)) == text.endswith(newline_of(text))
                or not text.strip("\ufeff"))
    else:
        assert removed(new, line) == text


def test_set_a_key_on_its_own_line():
    new = set_key(NOTE, "company", '"[[Globex]]"')
    assert new == NOTE.replace('company: "[[Acme]]"   # trailing comment',
                               'company: "[[Globex]]"')


def test_set_replaces_a_block_list():
    new = set_key(NOTE, "tags", "[cloud]")
    assert new == NOTE.replace("tags:\n  - fintech\n  - mentor\n", "tags: [cloud]\n")


def test_set_adds_a_missing_key_at_the_end_of_the_front_matter():
    new = set_key(NOTE, "next", "2026-12-05")
    assert new == NOTE.replace("unknown_key: {nested: [1, 2]}\n---",
                               "unknown_key: {nested: [1, 2]}\nnext: 2026-12-05\n---")


@pytest.mark.parametrize("text", [NOTE.replace("\n", "\r\n"), "\ufeff" + NOTE])
def test_set_keeps_line_endings_and_bom(text):
    nl = "\r\n" if "\r\n" in text else "\n"
    new = set_key(text, "next", "2026-12-05")
    assert new == text.replace(f"unknown_key: {{nested: [1, 2]}}{nl}---",
                               f"unknown_key: {{nested: [1, 2]}}{nl}next: 2026-12-05{nl}---")


def test_set_on_a_note_without_front_matter():
    assert set_key("# X\n", "next", "2026-12-05") == "---\nnext: 2026-12-05\n---\n# X\n"


def test_set_refuses_front_matter_that_does_not_parse():
    with pytest.raises(EditError) as caught:
        set_key("---\nname: [x\n---\n", "next", "2026-12-05", "people/X.md")
    assert str(caught.value).startswith("people/X.md:2: invalid YAML")


@pytest.mark.parametrize("value, written", [
    ("Engineering Manager", "Engineering Manager"),
    ("no", '"no"'),
    ("yes", '"yes"'),
    ("true", '"true"'),
    ("2026-13-01", "\"2026-13-01\""),  # YAML 1.1 readers fail on it
    ("2026-12-01", '"2026-12-01"'),  # would become a date
    ("01234567", '"01234567"'),  # YAML 1.1 reads an octal number
    ("12", '"12"'),
    ("a: b", '"a: b"'),
    ("#tag", '"#tag"'),
    ("x # y", '"x # y"'),
    ("[[Acme]]", '"[[Acme]]"'),
    ("{x}", '"{x}"'),
    (" padded ", '" padded "'),
    ("", '""'),
    ("line\nbreak", '"line\\nbreak"'),
    ('say "hi"', 'say "hi"'),
])
def test_yaml_value_reads_back_as_written(value, written):
    assert yaml_value(value) == written


def test_tick_task():
    text = "## Log\n- [ ] 2026-12-01 Send the article\n- [ ] Call back\n"
    new, line = tick_task(text, "call")
    assert new == "## Log\n- [ ] 2026-12-01 Send the article\n- [x] Call back\n"
    assert line == "- [ ] Call back"
    assert tick_task(text, None)[0].startswith("## Log\n- [x] 2026-12-01")
    with pytest.raises(EditError):
        tick_task(text, "nothing like it")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "name: Jane", "title: 'Quoted: yes'", "# comment", "tags:", "  - a", "  - b",
    'company: "[[Acme]]"', "empty:", "list: [x, y]", "n: 12", "next: 2026-01-01"]),
    max_size=10, unique=True),
    st.sampled_from(["next", "title", "tags", "status", "new_key"]),
    st.sampled_from(["2026-12-05", '"x: y"', "[a, b]", "true", '"no"']),
    st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_setting_a_key_changes_only_that_key(keys, key, value, nl, bom):
    from vaultkit.notes.frontmatter import load, split

    text = ("\ufeff" if bom else "") + nl.join(["---", *keys, "---", "# Body", "Text"]) + nl
    try:
        before, _ = load(split(text.lstrip("\ufeff")).raw)
    except Exception:
        return  # front matter that does not parse is refused: tested above
    try:
        new = set_key(text, key, value)
    except EditError:
        return  # refused: nothing written
    after, _ = load(split(new.lstrip("\ufeff")).raw)
    expected, _ = load(f"{key}: {value}\n")
    assert {k: v for k, v in after.items() if k != key} == {
        k: v for k, v in before.items() if k != key}
    assert after[key] == expected[key]
    assert new.endswith(nl + "# Body" + nl + "Text" + nl)
    assert new.startswith("\ufeff") == bom
    assert all(line.rstrip("\r") in text for line in new.split("\n") if not
               line.startswith(f"{key}:"))


@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_conflict_markers_refused_with_any_line_ending(nl):
    text = nl.join(["# Jane", "<<<<<<< HEAD", "mine", "=======", "theirs", ">>>>>>> other", ""])
    with pytest.raises(EditError, match="git conflict markers"):
        refuse_conflicts(text, "people/Jane.md")
    refuse_conflicts(nl.join(["Title", "=======", "text", ""]), "people/Jane.md")


@pytest.mark.parametrize("heading", ["## Log", "### log ##", "#\tLOG  ", "## Journal"])
def test_the_parser_reads_the_line_where_the_editor_wrote_it(heading):
    text = f"Jane\n{heading}\n- 2026-01-01 first\n# Later\n- 2026-01-03 not a log\n"
    new = add_log_line(text, "- 2026-01-02 added", "2026-01-02", ("Log", "Journal"))
    entries = parse_body(new, 1, ("Log", "Journal")).entries
    assert [e.text for e in entries] == ["first", "added"]


@pytest.mark.parametrize("key", ["on", "y", "no", "007", "1", "-1", "1_0", "2026-01-01"])
def test_a_key_other_readers_would_not_read_as_text_is_quoted(key):
    """YAML 1.1 readers (python-frontmatter, PyYAML) and 1.2 ones read `on:` as true and
    `007:` as 7: `set` quotes such keys as `add` does, and a second set replaces the line."""
    import yaml

    text = set_key(set_key("---\nname: X\n---\n", key, "first"), key, "second")
    front = text.split("---\n")[1]
    assert yaml.safe_load(front) == {"name": "X", key: "second"}
    assert front.count("second") == 1 and "first" not in front
