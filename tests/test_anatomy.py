"""One anatomy of a note (notes/anatomy.py) for the reader and the writer: the writer puts an
entry only where the reader reads it, and entries and tasks in code or comments are neither
read nor written. The property tests generate notes with everything mixed in; set
VAULTKIT_PROPERTY_EXAMPLES (e.g. 3000) to run more than the default."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import write
from vaultkit.config import Config
from vaultkit.notes.anatomy import scan, split_lines
from vaultkit.notes.body import read_body
from vaultkit.notes.edit import EditError, add_log_line, set_key, tick_task
from vaultkit.notes.parse import parse_note

EXAMPLES = int(os.environ.get("VAULTKIT_PROPERTY_EXAMPLES", "300"))
HEADINGS = ("Log", "Interactions")
CONFIG = Config(root=".", log_headings=HEADINGS)
NEW = "- 2026-06-15 (email) NEW entry #thanks"


def entries(text: str, headings: tuple[str, ...] = HEADINGS) -> list[tuple]:
    note = parse_note("people/X.md", text.encode("utf-8"), Config(root=".",
                                                                 log_headings=headings))
    return [(e.date, e.text, e.task) for e in note.entries]


# --- the bugs seen, each a test that failed before the anatomy --------------------------

def test_log_never_writes_into_a_front_matter_comment_that_looks_like_the_heading():
    text = "---\n# Log\nname: X\n# Contact\nemail: x@y.z\n---\n## Log\n- 2026-01-01 a\n"
    new = add_log_line(text, "- 2026-02-01 b", "2026-02-01")
    assert new == text + "- 2026-02-01 b\n"
    note = parse_note("people/X.md", new.encode(), CONFIG)
    assert note.meta == {"name": "X", "email": "x@y.z"}
    assert [e.text for e in note.entries] == ["a", "b"]


def test_log_skips_a_log_heading_inside_a_fenced_example():
    text = "# X\n```markdown\n## Log\n- 2026-01-01 example\n```\n## Log\n- 2026-01-02 real\n"
    new = add_log_line(text, "- 2026-03-01 added", "2026-03-01")
    assert new == text + "- 2026-03-01 added\n"
    assert entries(new) == [("2026-01-02", "real", None), ("2026-03-01", "added", None)]


@pytest.mark.parametrize("text, expected", [
    ("\n", "\n## Log\n- 2026-01-02 Hi\n"),
    ("\ufeff", "\ufeff## Log\n- 2026-01-02 Hi\n"),
    ("\ufeff\n", "\ufeff\n## Log\n- 2026-01-02 Hi\n"),
    ("\r\n", "\r\n## Log\r\n- 2026-01-02 Hi\r\n"),
    ("x\ry\r", "x\ry\r\r## Log\r- 2026-01-02 Hi\r"),
])
def test_a_file_of_only_a_line_break_or_a_bom_keeps_it(text, expected):
    assert add_log_line(text, "- 2026-01-02 Hi", "2026-01-02") == expected


def test_a_new_section_takes_the_first_configured_heading():
    new = add_log_line("# X\n", "- 2026-01-02 Hi", "2026-01-02", ("Interactions", "Log"))
    assert new == "# X\n\n## Interactions\n- 2026-01-02 Hi\n"
    assert entries(new, ("Interactions",)) == [("2026-01-02", "Hi", None)]


def test_done_ticks_the_real_task_not_one_in_a_code_block():
    text = "## Log\n```\n- [ ] 2026-01-01 example task\n```\n- [ ] 2026-01-02 real task\n"
    new, line = tick_task(text, None)
    assert line == "- [ ] 2026-01-02 real task"
    assert new == text.replace("- [ ] 2026-01-02", "- [x] 2026-01-02")


def test_done_refuses_when_the_only_open_task_is_in_a_comment():
    with pytest.raises(EditError, match="no open task"):
        tick_task("## Log\n%%\n- [ ] hidden\n%%\n<!-- - [ ] also -->\n", None)


@pytest.mark.parametrize("text", [
    "## Log\n%%\n- 2026-01-01 hidden\n%%\n- 2026-01-02 real\n",
    "## Log\n<!--\n- 2026-01-01 hidden\n-->\n- 2026-01-02 real\n",
    "## Log\n- 2026-01-02 real %% a comment\n- 2026-01-01 hidden\nthat ends %%\n",
    "## Log\n<!-- one --> <!-- two\n- 2026-01-01 hidden -->\n- 2026-01-02 real\n",
    "## Log\n\n    - 2026-01-01 hidden (indented code)\n\n- 2026-01-02 real\n",
    "## Log\n~~~\n```\n- 2026-01-01 hidden\n~~~\n- 2026-01-02 real\n",
    "## Log\n````\n```\n- 2026-01-01 hidden\n````\n- 2026-01-02 real\n",
])
def test_entries_in_comments_and_code_are_not_read(text):
    assert [(date, text.split()[0]) for date, text, _ in entries(text)] == [("2026-01-02",
                                                                           "real")]


def test_inline_code_and_comments_hide_links_and_kinds():
    note = parse_note("x.md", b"See `[[Code]]` and %% [[Hidden]] %% [[Shown]]\n## Log\n"
                              b"- 2026-01-01 a `#code` <!-- [[Gone]] #gone --> #met [[Kim]]\n",
                      CONFIG)
    assert [link.target for link in note.links] == ["Shown", "Kim"]
    assert note.entries[0].kinds == ("met",)


def test_cr_only_line_endings_keep_the_front_matter():
    note = parse_note("people/X.md", b"---\rname: Old Mac\r---\r## Log\r- 2026-01-05 a\r",
                      CONFIG)
    assert note.meta == {"name": "Old Mac"}
    assert [(e.line, e.text) for e in note.entries] == [(5, "a")]
    assert set_key("---\rname: Old Mac\r---\r", "next", "2026-02-01") == \
        "---\rname: Old Mac\rnext: 2026-02-01\r---\r"


@pytest.mark.parametrize("char", ["\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_reader_and_writer_split_lines_alike(char):
    text = f"# X {char} y\n## Log\n- 2026-01-01 a{char}b\n- 2026-03-01 c\n"
    note = parse_note("x.md", text.encode(), CONFIG)
    assert [(e.line, e.text) for e in note.entries] == [(3, f"a{char}b"), (4, "c")]
    new = add_log_line(text, "- 2026-02-01 b", "2026-02-01")
    assert new == text.replace("- 2026-03-01", "- 2026-02-01 b\n- 2026-03-01")


def test_a_key_written_twice_is_a_problem_at_both_lines(run, vault):
    write(vault, "people/Twice.md", "---\nname: One\ncadence: 2w\nname: Two\n---\n")
    result = run("check", expect=1)
    assert "people/Twice.md:2: name: written twice (lines 2 and 4)" in result.stdout
    assert "people/Twice.md:4: name: written twice (lines 2 and 4)" in result.stdout


def test_anatomy_parts():
    text = ("\ufeff---\r\n# Log\r\nname: X\r\n---\r\n## Log\r\n```\r\n## Log\r\n```\r\n"
            "%% a\r\nb %% c\r\n\r\n    code\r\n### Log\r\n")
    found = scan(text)
    assert (found.bom, found.newline, found.front, found.body_start) == ("\ufeff", "\r\n",
                                                                         (0, 3), 4)
    assert found.hidden == {5, 6, 7, 9, 11}  # line 8 starts outside the comment it opens
    assert found.masked == {8: " ", 9: "  c"}
    assert found.open_after == {5, 6, 8}
    assert found.headings == [(4, 2, "log"), (12, 3, "log")]
    assert found.logs == [(4, 12), (12, 14)]
    assert split_lines("a\r\nb\rc\n\x0cd") == (["a", "b", "c", "\x0cd"], ["\r\n", "\r", "\n", ""])


# --- property tests over generated notes ------------------------------------------------

FAKES = [  # what may never be read: `FAKE` marks entries and tasks inside code or comments
    ["```", "## Log", "- 2026-01-01 FAKE in backticks", "- [ ] FAKE task", "```"],
    ["~~~~", "```", "- 2026-01-02 FAKE in tildes", "~~~", "## Log", "~~~~"],
    ["````md", "```", "- [ ] 2026-01-03 FAKE task in a long fence", "````"],
    ["%%", "## Log", "- 2026-01-05 FAKE in an Obsidian comment", "- [ ] FAKE task", "%%"],
    ["<!--", "## Log", "- 2026-01-06 FAKE in an HTML comment", "-->"],
    ["text %% opens", "- 2026-01-07 FAKE inside", "closes %% text"],
    ["a <!-- b -->", "c <!-- d", "- [ ] FAKE task", "e --> f"],
    ["", "    - 2026-01-08 FAKE indented code", "    ## Log", ""],
    ["%% - 2026-01-09 FAKE inline %% and `- [ ] FAKE` <!-- FAKE -->"],
]
REAL = ["## Log", "### Log", "## Interactions", "# Title", "## Other", "#### Deep",
        "- 2026-01-10 real a", "- 2026-05-01 (phone) real b #met", "- 2026-12-31 real c",
        "- [ ] real open task", "- [ ] 2026-03-01 real dated task", "- [x] 2026-02-01 done",
        "* 2026-04-01 real star", "text", "", "  ", "- plain item", "---",
        "text with `code` and [[Link]]", "Setext title", "===="]
FRONT = ["# Log", "## Log", "name: X", "# Contact", "email: x@y.z", "note: '---'",
         'title: "a --- b"', "tags:", "  - a", "- [ ] not a task"]


@st.composite
def notes(draw) -> str:
    nl = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    lines: list[str] = []
    if draw(st.booleans()):
        lines += ["---", *draw(st.lists(st.sampled_from(FRONT), max_size=5)), "---"]
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.integers(0, 3)) == 0:
            lines += draw(st.sampled_from(FAKES))
        else:
            lines += draw(st.lists(st.sampled_from(REAL), min_size=1, max_size=4))
    if draw(st.integers(0, 5)) == 0:  # unclosed: code or a comment to the end of the note
        lines += draw(st.sampled_from([["```", "## Log", "- 2026-01-04 FAKE unclosed fence"],
                                       ["%%", "- [ ] FAKE unclosed comment"],
                                       ["x <!-- y", "## Log", "- 2026-01-04 FAKE unclosed"]]))
    text = nl.join(lines) + (nl if lines and draw(st.booleans()) else "")
    if not lines and draw(st.booleans()):
        text = nl
    return ("\ufeff" if draw(st.booleans()) else "") + text


def _refusal_allowed(text: str) -> bool:
    """The one case add_log_line refuses: no Log section, and the note ends inside code or a
    comment (a new section there would not be read)."""
    found = scan(text, HEADINGS)
    return not found.logs and bool(found.open_after) and max(found.open_after) >= len(
        found.lines) - 2


def _keeps_every_byte(old: str, new: str, appended: bool) -> bool:
    """`new` is `old` with the line NEW inserted at a line boundary (with the file's line
    ending), or after a last line without a line break (which gets one; NEW then has none);
    or, with a new section, `old` (its last line ended) + a blank line unless the last line
    is blank + `## Log` + NEW (+ a line break if `old` ended with one)."""
    found = scan(old)
    nl, body = found.newline, found.text
    at = new.find(NEW)
    if at < 0 or new.count(NEW) != 1:
        return False
    prefix, suffix = new[:at], new[at + len(NEW):]
    if appended:
        ended = body == "" or found.lines[-1] == "" and len(found.lines) > 1
        head = found.bom + body + ("" if ended or not body else nl)
        last = found.lines[-2] if ended and len(found.lines) > 1 else found.lines[-1]
        spacer = nl if last.strip() else ""
        return prefix == head + spacer + f"## Log{nl}" and suffix == (nl if ended else "")
    if suffix == "" and prefix == old + nl:
        return True
    return suffix.startswith(nl) and prefix + suffix[len(nl):] == old and (
        prefix == found.bom or prefix[-1:] in "\r\n")


@settings(max_examples=EXAMPLES, deadline=None)
@given(notes())
def test_after_log_the_reader_reads_old_entries_plus_the_new_one(text):
    before = entries(text)
    try:
        new = add_log_line(text, NEW, "2026-06-15", HEADINGS)
    except EditError:
        assert _refusal_allowed(text)
        return
    after = entries(new)
    assert all("FAKE" not in entry[1] for entry in after)
    added = ("2026-06-15", "NEW entry #thanks", None)
    assert added in after
    after.remove(added)
    assert after == before  # exactly the old entries, in their order, and the new one
    assert _keeps_every_byte(text, new, appended=not scan(text, HEADINGS).logs)


@settings(max_examples=EXAMPLES, deadline=None)
@given(notes())
def test_done_ticks_exactly_one_real_task(text):
    before = entries(text)
    assert all("FAKE" not in entry[1] for entry in before)
    open_tasks = [e for e in before if e[2] == "open"]
    try:
        new, line = tick_task(text, None, HEADINGS)
    except EditError:
        assert open_tasks == []
        return
    after = entries(new)
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [(open_tasks[0], (*open_tasks[0][:2], "done"))]
    diff = [i for i, (a, b) in enumerate(zip(text, new, strict=True)) if a != b]
    assert len(new) == len(text) and len(diff) == 1 and (text[diff[0]], new[diff[0]]) == (
        " ", "x")
    assert "FAKE" not in line


@settings(max_examples=EXAMPLES, deadline=None)
@given(notes())
def test_what_is_read_is_what_the_scan_shows(text):
    found = scan(text, HEADINGS)
    body = read_body(found)
    in_log = {i for start, end in found.logs for i in range(start + 1, end)}
    for entry in body.entries:
        index = entry.line - 1
        assert index in in_log and index not in found.hidden and index >= found.body_start
        assert "FAKE" not in entry.text


def test_log_and_done_through_the_cli_on_real_files(run, vault):
    text = ("---\r\n# Log\r\nname: Ann Fence\r\n---\r\n# Ann\r\n```\r\n## Log\r\n"
            "- [ ] 2026-01-01 FAKE task\r\n```\r\n%%\r\n- [ ] FAKE too\r\n%%\r\n## Log\r\n"
            "- 2026-01-02 (email) real #met\r\n- [ ] 2026-01-03 real task\r\n")
    path = write(vault, "people/Ann Fence.md", text)
    run("log", "Ann Fence", "Called back", "--date", "2026-01-05", "--via", "phone", "--yes")
    after_log = path.read_bytes().decode()
    assert after_log == text + "- 2026-01-05 (phone) Called back\r\n"
    shown = run("show", "Ann Fence", "--json").stdout
    assert "Called back" in shown and "FAKE" not in shown
    run("done", "Ann Fence", "--date", "2026-01-06")
    assert path.read_bytes().decode() == after_log.replace(
        "- [ ] 2026-01-03 real task", "- [x] 2026-01-03 real task ✅ 2026-01-06")


@settings(max_examples=EXAMPLES, deadline=None)
@given(notes(), st.sampled_from(["", "\ufeff"]), st.sampled_from(["\n", "\r\n", "\r"]))
def test_the_front_matter_cut_from_the_text_is_its_lines_joined(text, bom, end):
    """The front matter's text and the body's offset, cut and summed from the text, are
    what joining its lines gives: with a BOM or none, and any line ending."""
    from vaultkit.notes.anatomy import front_of
    from vaultkit.notes.frontmatter import split_of

    found = front_of(bom + text.replace("\n", end))
    if found.front is None:
        return
    close = found.front[1]
    assert found.body_offset == len(found.joined(0, close + 1))
    assert split_of(found).raw == found.joined(1, close)
