"""Every string vaultkit writes reads back as the same string in every reader: YAML 1.1
(PyYAML, python-frontmatter), YAML 1.2 core (ruamel.yaml; js-yaml and Obsidian follow the
same schema) and vaultkit's own loader. Plain only when all agree (notes/plain.py), quoted
otherwise — by the emitter of new notes (notes/emit.py) and by the one-line values of
`set` and imports into existing notes (notes/edit.yaml_value).

VAULTKIT_PROPERTY_EXAMPLES raises the number of generated examples for a run by hand
(docs/reliability.md has the figures).
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
import yaml
from hypothesis import event, given, settings
from hypothesis import strategies as st

from vaultkit.notes import frontmatter
from vaultkit.notes.edit import yaml_value
from vaultkit.notes.emit import dump_new
from vaultkit.notes.plain import plain_ok

ruamel_yaml = pytest.importorskip("ruamel.yaml")
EXAMPLES = settings(max_examples=int(os.environ.get("VAULTKIT_PROPERTY_EXAMPLES", "300")),
                    deadline=None)
_RUAMEL = ruamel_yaml.YAML(typ="safe", pure=True)  # YAML 1.2 core, as js-yaml and Obsidian


def _plain_data(value):
    """A reader's value with dates as ISO text (as vaultkit normalises them)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain_data(v) for k, v in value.items()}
    return value


def readings(text: str) -> dict[str, object]:
    """The front matter `text` as each reader reads it (an exception's type if it fails)."""
    out: dict[str, object] = {}
    readers = {
        "yaml 1.1 (PyYAML)": lambda: yaml.load(text, Loader=yaml.SafeLoader),  # noqa: S506
        "yaml 1.2 (ruamel)": lambda: _RUAMEL.load(text),
        "vaultkit": lambda: frontmatter.load(text)[0],
    }
    for name, read in readers.items():
        try:
            out[name] = _plain_data(read())
        except Exception as exc:  # noqa: BLE001 - a reader failing is a disagreement too
            out[name] = type(exc).__name__
    return out


def assert_all_read(text: str, expected: dict) -> None:
    for reader, got in readings(text).items():
        assert got == expected, f"{reader} reads {got!r} from {text!r}"


# Pieces that make strings readers disagree about: numbers in every base and form, dates,
# times, the YAML 1.1 words, indicators, comments, line breaks and unusual characters.
_PIECES = [
    "0", "01", "1", "7", "9", "10", "+", "-", ".", ":", "e", "E", "_", " ", "  ", "#", "yes",
    "No", "ON", "off", "y", "N", "~", "null", "Null", "true", "FALSE", "inf", ".inf", ".NaN",
    "nan", "2026-11-30", "2026-1-3", "12:30", "12:30:45", "T", "t", "Z", "0x", "0o", "0b",
    "1_000", "@", "`", "!", "&", "*", "%", "{", "}", "[", "]", "|", ">", "'", '"', ",", "?",
    "=", "<<", "\t", "\n", "\r", "\x85", "\u2028", "\ufeff", "\x7f", "\x00", "\xa0", "a",
    "Kim", "é", "김", "🚀", "(", ")", "/", "\\", "[[", "]]", "---", "...", "::", "- ",
]
pieces = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6).map("".join)
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=24)
phones = st.builds(lambda sign, parts, sep: sign + sep.join(parts),
                   st.sampled_from(["", "+", "0", "00"]),
                   st.lists(st.text("0123456789", min_size=1, max_size=4), min_size=1,
                            max_size=4),
                   st.sampled_from([" ", "-", "/", "(", ")", "", ".", ":"]))
strings = st.one_of(pieces, any_text, phones)


@EXAMPLES
@given(strings)
def test_a_string_is_plain_only_when_every_reader_reads_it_back(text):
    plain = plain_ok(text)
    event("plain" if plain else "quoted")
    if plain:
        assert_all_read(f"k: {text}\n", {"k": text})


@EXAMPLES
@given(strings)
def test_a_value_set_in_a_note_reads_back_in_every_reader(text):
    assert_all_read(f"k: {yaml_value(text)}\n", {"k": text})


@EXAMPLES
@given(st.lists(strings, min_size=1, max_size=4))
def test_a_list_set_in_a_note_reads_back_in_every_reader(items):
    assert_all_read(f"k: {yaml_value(items)}\n", {"k": items})


@EXAMPLES
@given(st.fixed_dictionaries({"name": strings, "phone": strings, "title": strings,
                              "tags": st.lists(strings, min_size=1, max_size=3)}))
def test_a_new_notes_front_matter_reads_back_in_every_reader(data):
    assert_all_read(dump_new(data), data)


@EXAMPLES
@given(st.fixed_dictionaries({"name": pieces, "company": pieces}))
def test_the_fast_path_of_imports_reads_back_in_every_reader(data):
    assert_all_read(dump_new(data), data)


@pytest.mark.parametrize("text", [
    "01012345678", "02134", "0123", "12:30", "1:30:00", "1.10", "1e3", "1_000", "0x1F",
    "0o17", "0b101", ".inf", "-.inf", ".nan", "yes", "No", "ON", "off", "y", "n", "~", "null",
    "true", "2026-11-30", "2026-11-30 10:00:00", "@home", "`cmd`", "!tag", "&a", "*a", "%x",
    "{x}", "[a]", "|", ">", "'q'", '"q"', "#tag", "a: b", "a #b", "-", "- a", "?", ":",
    "a:", " padded", "padded ", "<<", "=",
])
def test_what_some_reader_would_misread_is_quoted(text):
    assert not plain_ok(text)
    assert yaml_value(text).startswith('"')
    assert_all_read(f"k: {yaml_value(text)}\n", {"k": text})
    assert_all_read(dump_new({"k": text}), {"k": text})


@pytest.mark.parametrize("text", [
    "Kim Lee", "Acme Holdings", "+82 10-2345-6789", "+1 (555) 123-4567", "030 7654321",
    "--04-09", "https://www.linkedin.com/in/kim", "kim@example.com", "김민준 🚀", "a:b",
])
def test_ordinary_values_stay_plain(text):
    assert plain_ok(text) and yaml_value(text) == text
    assert_all_read(f"k: {text}\n", {"k": text})


def test_an_imported_phone_with_a_leading_zero_is_quoted():
    assert dump_new({"phone": "01012345678"}) == "phone: '01012345678'\n"
    assert yaml_value("01012345678") == '"01012345678"'


@pytest.mark.parametrize("value, written", [
    (4, "4"), (True, "true"), (dt.date(2026, 11, 30), "2026-11-30"), (3.5, "3.5"),
    (1e20, "1.0e+20"), (None, "null"), (["a", "b"], "[a, b]"),
    (["a, b", "c:d", "[x]"], '["a, b", "c:d", "[x]"]'),
])
def test_typed_values(value, written):
    assert yaml_value(value) == written
    assert_all_read(f"k: {written}\n", {"k": _plain_data(value)})
