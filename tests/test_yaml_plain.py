"""Front matter of the simple shapes read without libyaml (notes/yaml_plain.py): whatever it
reads, it reads as the YAML 1.2 loader does (frontmatter.load_yaml), values, their types
and the line of each key; whatever it is not sure of, it leaves to that loader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE, REALDATA
from vaultkit.notes.frontmatter import FrontMatterError, load, load_yaml, split
from vaultkit.notes.yaml_plain import plain_front

# Pieces of front matter, plain and tricky: YAML's indicators, typed-looking words, quotes,
# comments, spaces and tabs where they change the meaning.
TAME_KEYS = ["name", "tags", "met", "e-mail", "a.b", "Date created", "t1", "nan", "_", "y",
             "no", "type", "aliases", "x2"]
WILD_KEYS = ["true", "Null", "1", "~", "-k", "k ", "ké", "'q'", "x  y", "? k", "[k]"]
WORDS = ["Jane Doe", "2024-06-12", "2024-6-1", "2026-13-01", "2024-01-15T10:30:00",
         "2024-01-15T10:30", "0162", "12", "0", "+5", "-3", "00", "0x1f", "0o17", "1_000",
         "1.5", "1e3", ".inf", ".nan", "true", "False", "no", "~", "null", "NULL", "", "2w",
         "3 years", "Berlin, Germany", "a [b] c", "C#", "a #c", "a: b", "http://x.y/z", "x:",
         "a:b", "O'Brien", 'say "hi"', "é ü 漢", "😀", "=", "<<", "a  b", "-", "- x", "?",
         "? x", ":x", "&a x", "*a", "!t x", "!!str 5", "|", ">", "%x", "@x", "`x`", "{a: 1}",
         "{}", "a ", " a", "a\tb", "a,", "a]", "a}"]
QUOTED = ['"q"', "'s'", '"a\\"b"', "''", '""', "'it''s'", '"a # b"', '"x: y"', "'[a]'",
          '"tab\\t"', '"\\u00e9"', '"unclosed', "'unclosed", '"a" b', "'a' #c", '"a"b"',
          "'a'b'", '" "']
FLOWS = ["[a, b]", "[ ]", "[]", "[a,b]", "[ a , b ]", "[a, ~]", "[1, 2024-01-01, true]",
         "[[J]]", "[[[A]], [[B]]]", "[a, [b]]", "[a, b,]", "[a,, b]", "[a", "[a] x",
         '["a, b"]', '["a", "b"]', "[a: b]", "[a:b]", "[x:]", "[a #c]", "[a#c]", "[x, 'y']",
         "[1.5]", "[-1]", "[a, b] #c", "[a]b]", "[a{b]", "[a}b]", "[a, b: c]", '["a\\"b"]',
         "[{a}]", "[?]"]
WEIRD = st.text(st.sampled_from(list("ab 1-:#,[]{}'\"\t&*!|>%@`~.?\\é\x85\u2028\ufeff"
                                     "\xa0\u3000\r\x00\x1f\x9f\u2029\u200b\u2003\ufffe\ud800"
                                     )), max_size=8)
PIECES = WORDS + QUOTED + FLOWS
# The pieces the plain reader takes on a line of their own, drawn more often: a front
# matter of several lines is read here only when it takes every line (and what it takes
# wrongly is then drawn the more).
TAKEN = [one for one in PIECES if plain_front(f"k: {one}\n", 2) is not None]
TAME = st.sampled_from(TAKEN * 4 + PIECES)
SEP = st.sampled_from([": "] * 8 + [":", ":  ", " : ", ":\t"])
OTHER = st.sampled_from(["", "   ", "# a comment", "  # indented comment", "  continued",
                         "---", "...", "%YAML 1.2", "? complex", "- top item", "\t",
                         "#", "key", "a: b: c", "\xa0", "\u3000 "])  # no blank lines to YAML


@st.composite
def entries(draw, hostile: bool) -> list[str]:
    """A `key: value` line, or a `key:` line and `- item` lines after it."""
    def pick(tame, wild):  # when hostile, now and then wild
        return draw(wild if hostile and draw(st.integers(0, 9)) == 9 else tame)

    key = pick(st.sampled_from(TAME_KEYS), st.sampled_from(WILD_KEYS) | WEIRD)
    value = st.sampled_from(TAKEN) if not hostile else TAME
    if draw(st.integers(0, 3)):
        return [f"{key}{pick(st.just(': '), SEP)}{pick(value, WEIRD)}"]
    lines = [f"{key}:{pick(st.just(''), st.sampled_from([' ', ' x']))}"]
    indent = draw(st.sampled_from(["", "  ", "    "]))
    for _ in range(draw(st.integers(0, 3))):
        lines.append(f"{pick(st.just(indent), st.sampled_from(['', ' ', '  ']))}"
                     f"{pick(st.just('- '), st.sampled_from(['-', '-  ', '* ']))}"
                     f"{pick(value, WEIRD)}")
    return lines


@st.composite
def front_matter(draw) -> str:
    """Front matter of the shapes the plain reader takes, or (half the time) with hostile
    lines among them."""
    hostile = draw(st.booleans())
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.integers(0, 6)):
            lines.extend(draw(entries(hostile)))
        else:
            lines.append(draw(OTHER if hostile else st.sampled_from(["", "  ", "# a comment"])))
    end = draw(st.sampled_from(["\n"] * 5 + ["\r\n"])) if hostile else "\n"
    return end.join(lines) + (end if lines and draw(st.booleans()) else "")


def same(a: tuple[dict, dict], b: tuple[dict, dict]) -> bool:
    """Equal data, down to the types JSON tells apart (True is not 1, 1 is not 1.0)."""
    return json.dumps(a[0]) == json.dumps(b[0]) and a[1] == b[1]


def full(raw: str, first_line: int = 2):
    """What the YAML loader gives: the result and what it adds to both lists, or the error."""
    twice: list = []
    rejected: list = []
    try:
        return load_yaml(raw, first_line, twice, rejected), twice, rejected
    except FrontMatterError as exc:
        return (exc.line, exc.message), None, None


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matter(), st.sampled_from([0, 2, 7]))
def test_what_it_reads_the_yaml_loader_reads_alike(raw, first_line):
    plain = plain_front(raw, first_line)
    if plain is None:
        return
    data, twice, rejected = full(raw, first_line)
    assert twice == [] and rejected == [], raw  # no duplicate key, no odd tag or key
    assert same(plain, data), raw


@settings(max_examples=500, deadline=None)
@given(front_matter(), st.sampled_from([0, 1, 2, 50]))
def test_load_is_the_yaml_loader_with_or_without_the_plain_reader(raw, first_line):
    twice: list = []
    rejected: list = []
    try:
        got = load(raw, first_line, twice, rejected), twice, rejected
    except FrontMatterError as exc:
        got = (exc.line, exc.message), None, None
    want = full(raw, first_line)
    assert (same(got[0], want[0]) if got[1] is not None and want[1] is not None
            else got[0] == want[0]), raw
    assert got[1:] == want[1:], raw


@pytest.mark.parametrize("raw, data", [
    ("name: Ahmed Becker 000162\ntitle: Engineer 1\ncompany: \"[[Globex]]\"\n"
     "phone: \"+82 10-0162-0000\"\ntags: [cloud, t12]\nmet: 2024-06-12\ncadence: 2w\n"
     "influence: 3\n",
     {"name": "Ahmed Becker 000162", "title": "Engineer 1", "company": "[[Globex]]",
      "phone": "+82 10-0162-0000", "tags": ["cloud", "t12"], "met": "2024-06-12",
      "cadence": "2w", "influence": 3}),
    ("type: contact\naliases:\n  - Jo\n  - ~\ntags:\n- a\n- 'b c'\nnext:\n# note\n"
     "zip: 02134\nok: true\nempty: \n",
     {"type": "contact", "aliases": ["Jo"], "tags": ["a", "b c"], "next": None,
      "zip": "02134", "ok": True, "empty": None}),
])
def test_the_common_shapes_are_read_here(raw, data):
    """The shapes of most notes take the plain reader (it is no use else), to the loader's
    result."""
    plain = plain_front(raw, 2)
    assert plain is not None and plain[0] == data
    assert same(plain, full(raw)[0])


@pytest.mark.parametrize("raw", [
    "a: 1\na: 2\n",            # written twice: load says so
    "n: 1.5\n",                # a float: its constructor decides
    "at: 2024-01-15T10:30:00\n",  # a timestamp with a time
    "link: [[Jane]]\n",        # a nested list: normalise makes it a link again
    "a: x\r\nb: y\r\n",        # CRLF
    "a:\tb\n",                 # a tab
    "a: b # comment\n",
    "a: |\n  text\n",
    "a: b\n  continued\n",
    "true: x\n",
])
def test_what_it_is_not_sure_of_goes_to_the_yaml_loader(raw):
    assert plain_front(raw, 2) is None


def notes_in(*folders: Path) -> list[str]:
    raws = []
    for folder in folders:
        for path in sorted(folder.rglob("*.md")):
            try:
                raw = split(path.read_text(encoding="utf-8").lstrip("\ufeff")).raw
            except (UnicodeDecodeError, FrontMatterError):
                continue
            if raw is not None:
                raws.append(raw)
    return raws


def test_real_notes_read_alike():
    """The example vault's notes and the front matter other tools wrote (realdata, when it
    is here): each read here is read alike by the loader; most of the vault's are."""
    folders = [EXAMPLE] + ([REALDATA / "frontmatter"] if (REALDATA / "frontmatter").is_dir()
                           else [])
    raws = notes_in(*folders)
    read = [raw for raw in raws if plain_front(raw, 2) is not None]
    for raw in read:
        assert same(plain_front(raw, 2), full(raw)[0]), raw
    assert len(read) >= len(raws) // 2, (len(read), len(raws))


# Found by a hostile review: the limits the loader keeps, which the plain reader must keep
# too (it gives such front matter to the loader), and one the loader did not keep.
@pytest.mark.parametrize("raw", [
    "".join(f"k{i}: v\n" for i in range(10_000)),   # more values than the walk's budget
    "k:\n" + "- a\n" * 9_999,
    "k:\n" + "- ~\n" * 9_999,                        # null items count, though dropped
    "k: [" + ", ".join(["a"] * 9_999) + "]\n",
    "a" * 1025 + ": x\n",                            # libyaml's longest simple key is 1,024
    "b: 1\n" + "a " * 600 + "b: x\n",
])
def test_front_matter_past_the_loaders_limits_goes_to_the_loader(raw):
    assert plain_front(raw, 2) is None
    want = full(raw)
    got = load(raw, 2, [], []) if want[1] is not None else None
    if got is not None:
        assert same(got, want[0])
    else:
        with pytest.raises(FrontMatterError):
            load(raw, 2, [], [])


@pytest.mark.parametrize("digits", [4301, 5000])
@pytest.mark.parametrize("raw", ["a: {n}\n", "a: {n}\n b\n", "k:\n- {n}\n  x\n",
                                 "a: {n}\nb: [\n", "a: 0x{n}\n"])
def test_a_number_too_long_for_python_is_its_text_never_an_error(raw, digits):
    """Python refuses to turn more than 4,300 digits into an integer (ValueError, which
    stopped the whole index): a number written with that many characters is read as its
    text, by both readers alike."""
    raw = raw.format(n="1" * digits)
    want = full(raw)
    plain = plain_front(raw, 2)
    if plain is not None:
        assert same(plain, want[0])
    twice: list = []
    try:
        got = load(raw, 2, twice, []), twice
    except FrontMatterError as exc:
        got = (exc.line, exc.message), None
    assert got[0] == want[0] if got[1] is None else same(got[0], want[0])


def test_a_vault_with_a_number_too_long_for_python_is_indexed(tmp_path):
    from vaultkit.vault import Vault

    (tmp_path / "v" / "people").mkdir(parents=True)
    (tmp_path / "v" / "people" / "X.md").write_text(
        "---\ntype: contact\nphone: " + "1" * 4301 + "\n---\n# X\n", encoding="utf-8")
    (tmp_path / "v" / "people" / "Y.md").write_text("---\ntype: contact\n---\n# Y\n",
                                                     encoding="utf-8")
    v = Vault.open(tmp_path / "v", tmp_path / "index.sqlite3")
    try:
        assert v.sync().notes_changed() == {"people/X.md", "people/Y.md"}
        assert v.find("X").meta["phone"] == "1" * 4301
    finally:
        v.close()
