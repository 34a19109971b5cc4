"""Front matter: where it starts and ends, and YAML 1.2 values as Obsidian reads them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.notes.frontmatter import FrontMatterError, load, split


@pytest.mark.parametrize("text, expected", [
    ("phone: 01234567", "01234567"),      # YAML 1.1 would give the octal 342391
    ("phone: 0123", "0123"),
    ("zip: 02134", "02134"),
    ("time: 12:30", "12:30"),             # YAML 1.1: 750 (base 60)
    ("country: no", "no"),                # YAML 1.1: False
    ("answer: yes", "yes"),
    ("flag: on", "on"),
    ("ok: true", True),
    ("ok: False", False),
    ("count: 12", 12),
    ("count: -3", -3),
    ("hex: 0x1f", 31),
    ("octal: 0o17", 15),
    ("ver: 1.10", 1.1),
    ("big: 1e3", 1000.0),
    ("inf: .inf", "inf"),
    ("company: 2013", 2013),
    ("met: 2026-11-20", "2026-11-20"),
    ("at: 2024-01-15T10:30:00", "2024-01-15T10:30:00"),
    ("at: 2024-01-15T10:30", "2024-01-15T10:30"),
    ("at: 2021-10-01T02:00:00+02:00", "2021-10-01T02:00:00+02:00"),
    ("at: 2024-01-15T10:30:00Z", "2024-01-15T10:30:00+00:00"),
    ("bad: 2026-13-01", "2026-13-01"),    # not a date: kept as text for the key's check
    ("link: [[Jane Doe]]", "[[Jane Doe]]"),  # unquoted: YAML reads a nested list
    ("link: \"[[Jane Doe]]\"", "[[Jane Doe]]"),
    ("tag: #client", None),               # `#` starts a comment
    ("empty:", None),
    ("tilde: ~", None),
    ("list: [a, null, b]", ["a", "b"]),   # null items dropped
    ("list: [[[A]], [[B]]]", ["[[A]]", "[[B]]"]),  # unquoted links in a list
    ("custom: !foo bar", "bar"),
])
def test_scalars_follow_yaml_1_2(text, expected):
    data, _lines = load(text + "\n")
    assert list(data.values()) == [expected]


def test_keys_become_strings_and_lines_are_file_lines():
    data, lines = load("1: one\n2024-01-01: day\nyes: sure\n\"q k\": 4\n", first_line=2)
    assert data == {"1": "one", "2024-01-01": "day", "yes": "sure", "q k": 4}
    assert lines == {"1": 2, "2024-01-01": 3, "yes": 4, "q k": 5}


def test_keys_named_like_python_internals_are_plain_keys():
    data, _ = load("content: a\nhandler: b\n")
    assert data == {"content": "a", "handler": "b"}


def test_duplicate_key_keeps_the_last_value_and_its_line():
    twice: list = []
    data, lines = load("a: 1\nb: 2\na: 3\n", duplicates=twice)
    assert data == {"a": 3, "b": 2}
    assert lines["a"] == 4  # the line of the value that is read
    assert twice == [("a", 2, 4)]


def test_key_lines_follow_the_note_lines_not_yamls_extra_breaks():
    # libyaml also breaks lines at U+2028, U+2029 and U+0085; a note's lines do not
    _, lines = load('a: "x\u2028y"\nb: "\x85"\nc: 1\n')
    assert lines == {"a": 2, "b": 3, "c": 4}


def test_anchors_and_aliases():
    data, _ = load("base: &b [x, y]\ncopy: *b\n")
    assert data == {"base": ["x", "y"], "copy": ["x", "y"]}


@pytest.mark.parametrize("text, line, words", [
    ("a: 1\ntitle: Meeting: notes\n", 3, "mapping values are not allowed"),
    ("a: [1, 2\n", 2, "invalid YAML"),  # where the unclosed list starts
    ("- a\n- b\n", 2, "is a list"),
    ("just text\n", 2, "is a single value"),
    ("a: &x [*x]\n", 2, "recursive alias"),
])
def test_bad_front_matter_names_the_file_line(text, line, words):
    with pytest.raises(FrontMatterError) as caught:
        load(text, first_line=2)
    assert caught.value.line == line
    assert words in caught.value.message


def test_empty_front_matter_is_an_empty_mapping():
    assert load("") == ({}, {})
    assert load("# only a comment\n") == ({}, {})


@pytest.mark.parametrize("text, raw, body, body_line", [
    ("---\na: 1\n---\nbody\n", "a: 1\n", "body\n", 4),
    ("---\r\na: 1\r\n---\r\nbody", "a: 1\r\n", "body", 4),
    ("---\na: 1\n...\nbody\n", "a: 1\n", "body\n", 4),          # YAML's document end
    ("---\na: 1\n---   \nbody\n", "a: 1\n", "body\n", 4),       # closing: spaces allowed
    ("---\n---\nEmpty YAML.", "", "Empty YAML.", 3),
    ("---\ntitle: Foo --- Bar\n---\n", "title: Foo --- Bar\n", "", 4),
    ("---\na: 1\n---\ntext\n---\nmore\n", "a: 1\n", "text\n---\nmore\n", 4),
])
def test_split(text, raw, body, body_line):
    got = split(text)
    assert (got.raw, got.body, got.body_line, got.notice) == (raw, body, body_line, None)


@pytest.mark.parametrize("text", ["No YAML.", "", "----\na: 1\n----\n", "# Title\n---\n"])
def test_no_front_matter(text):
    got = split(text)
    assert got.raw is None and got.body == text and got.notice is None


@pytest.mark.parametrize("first, words", [("--- ", "followed by spaces"), ("+++", "TOML")])
def test_lookalike_openings_are_reported_not_read(first, words):
    got = split(f"{first}\na = 1\n{first.strip()}\nbody\n")
    assert got.raw is None
    assert got.notice.line == 1 and words in got.notice.message


def test_unclosed_front_matter():
    with pytest.raises(FrontMatterError) as caught:
        split("---\na: 1\nno end\n")
    assert caught.value.line == 1 and "not closed" in caught.value.message


_NEARLY_PLAIN = st.text(alphabet="aZé9 .,'&()/+@_-:#[]\"!?*%|>{}~=\\", max_size=12)
_SCALARS = st.one_of(st.text(), st.integers(), st.booleans(), st.none(), st.dates(),
                     _NEARLY_PLAIN, _NEARLY_PLAIN.map(lambda t: f"[[{t}]]"),
                     st.sampled_from(["Yes", "NO", "Null", "On", "y", "N", "off", "True"]),
                     st.sampled_from(["no", "12:30", "0123", "[[Jane Doe]]", "a: b", "- x",
                                      "#tag", "1e3", "~", "'q'", " lead", "tail ", "é\u2028x"]))


@settings(max_examples=800)
@given(st.dictionaries(st.one_of(st.from_regex(r"[a-z][a-z_-]{0,8}", fullmatch=True),
                                 st.sampled_from(["on", "Yes", "n", "null"]),
                                 st.text(min_size=1)), _SCALARS, max_size=8))
def test_the_fast_emitter_writes_what_the_python_one_does(data):
    """dump_new uses libyaml's emitter where it can: it must write the same text as the
    Python emitter would."""
    import yaml

    from vaultkit.notes.emit import _NewNoteDumper, dump_new, new_front_matter

    assert dump_new(data) == yaml.dump(data, Dumper=_NewNoteDumper, sort_keys=False,
                                       allow_unicode=True, default_flow_style=False,
                                       width=1000)
    text, as_read = new_front_matter(data)
    assert text == dump_new(data)
    assert as_read == load(text)[0]
