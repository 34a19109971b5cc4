"""`agenda`, `list`, `show` and `search` fit the terminal: COLUMNS (even when piped), else
the terminal's width, else piped output exactly as it always was. Lines wrap with a hanging
indent and never inside a word; `list` narrows its widest columns with `…`. And the wrap
function itself, property-tested (vaultkit/present/wrap.py)."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import GOLDEN, ROOT, write
from vaultkit.present.wrap import MIN_WIDTH, cells, fit_columns, terminal_width, truncate, wrap

WIDTHS = (60, 80, 120)
COMMANDS = {
    "agenda": ("agenda", "--date", "2026-11-27"),
    "list": ("list",),
    "show": ("show", "Jane Doe", "--date", "2026-11-27"),
    "search": ("search", "platform"),
}
# Piped with no COLUMNS, these are the golden files other tests already hold.
PIPED_GOLDEN = {"agenda": "agenda.txt", "list": "list.txt", "show": "show-jane.txt"}
# An agenda item's first line, a part's, or a held item's: up to where its text starts.
ITEM = re.compile(r"^(?: {2}| {10})[A-Z][a-z]{2} \d{1,2} +|^  not before [A-Z][a-z]{2} \d+  ")


def output(run, command: str, width: int | None) -> str:
    env = {"COLUMNS": str(width)} if width else None
    return run(*COMMANDS[command], env=env).stdout


def lines_of(text: str) -> list[str]:
    return text.rstrip("\n").split("\n")


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


@pytest.fixture(scope="module", autouse=True)
def _golden_folder():
    (GOLDEN / "width").mkdir(exist_ok=True)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", COMMANDS)
def test_golden_and_every_line_fits(run, golden, command, width):
    text = output(run, command, width)
    golden(f"width/{command}-{width}.txt", text)
    for number, line in enumerate(lines_of(text), 1):
        assert cells(line) <= width, f"{command} at {width}, line {number}: {line!r}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", ["agenda", "show", "search"])
def test_wrapping_splits_no_word_and_hangs_deeper(run, command, width):
    """The words, in order, of the unwrapped output are those of the wrapped one (so no
    word, `[create-note]` or `Last contact`, is split); each unwrapped line becomes one
    first line with its own indent and continuation lines indented further."""
    plain, wrapped = output(run, command, None), output(run, command, width)
    assert wrapped.split() == plain.split()
    rows = iter(lines_of(wrapped))
    for line in lines_of(plain):
        first = next(rows)
        assert first.startswith(line[: indent_of(line)] + line.split(" ")[indent_of(line)])
        words = first.split()
        while len(words) < len(line.split()):
            more = next(rows)
            deeper = indent_of(more) - indent_of(line)
            assert deeper > 0 or (command == "search" and deeper == 0 and indent_of(more)), (
                f"{more!r} continues {line!r}")
            words += more.split()
        assert words == line.split()
    assert next(rows, None) is None


@pytest.mark.parametrize("width", [60, 80])
def test_agenda_text_continues_under_its_text(run, width):
    """An item's continuation lines start where its text starts (after the date), a
    part's under the part's text; the `[rule]` tags, the names and days stay whole."""
    plain, wrapped = output(run, "agenda", None), output(run, "agenda", width)
    start = None
    continued = 0
    for line in lines_of(wrapped):
        if ITEM.match(line):
            start = ITEM.match(line).end()
        elif line.startswith(" " * 12 + "- "):  # a prepare-event checklist's line
            start = 14
        elif start and line.startswith(" "):
            assert indent_of(line) == start, line
            continued += 1
        elif not line.startswith(" "):
            start = None
    assert continued > 10
    for tag in re.findall(r"\[[a-z-]+\]", plain):
        assert tag in wrapped
    for name in ("Marcus Chen", "Acme Platform Engineer"):  # names and days whole
        assert plain.count(name) == wrapped.count(name)
    assert not re.search(r"\b(?:Nov|Dec|Oct) *\n *\d", wrapped)


@pytest.mark.parametrize("width", WIDTHS)
def test_list_narrows_columns_with_an_ellipsis_never_mid_word(run, width):
    plain, wrapped = lines_of(output(run, "list", None)), lines_of(output(run, "list", width))
    assert len(wrapped) == len(plain)  # one row a note, never wrapped onto two
    assert wrapped[0].split() == plain[0].split()  # the headers whole: `Last contact`
    words = set(" ".join(plain).split())
    for line in wrapped:
        for word in line.split():
            assert word in words or (word.endswith("…") and any(
                w.startswith(word[:-1]) for w in words)), word
    assert (width < 94) == any("…" in line for line in wrapped)  # 94: the natural width


def test_piped_output_without_columns_is_unchanged(run):
    for command, name in PIPED_GOLDEN.items():
        assert output(run, command, None) == (GOLDEN / name).read_text(encoding="utf-8")
    hits = json.loads(run("search", "platform", "--json").stdout)
    expected = "".join(f"{h['name']}  {h['path']}\n  {' '.join(h['snippet'].split())}\n"
                       for h in hits)
    assert output(run, "search", None) == expected.replace("\x02", "")


@pytest.mark.parametrize("columns", [None, "60"])
def test_search_keeps_joiners_and_blanks_controls(run, vault, columns):
    """What a note says reaches the terminal as it reads — a family emoji made with zero-
    width joiners, a Persian word with a non-joiner — but no escape, bell, backspace, line
    separator or text-reversing character of the note's own does (each is a space)."""
    family = "\U0001F469\u200d\U0001F469\u200d\U0001F467"
    word = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # mi-khaham, with a ZWNJ
    write(vault, "people/Zed Quux.md", f"---\nname: Zed Quux {family}\n---\n## Log\n"
          f"- 2026-11-01 zorbling with {word} \x1b[2Jred\x07 \x08x \u2028y \u202egnp.exe"
          " \u200fz \ufeffw\n")
    out = run("search", "zorbling", env={"COLUMNS": columns} if columns else {}).stdout
    assert f"Zed Quux {family}" in out and word in out
    assert not any(c in out for c in "\x1b\x07\x08\u2028\u202e\u200f\ufeff")
    assert "[2Jred" in out  # the escape's own text stays, its ESC a space


def test_an_agenda_written_to_a_file_is_not_wrapped(run, vault, tmp_path):
    target = tmp_path / "agenda.txt"
    run("agenda", "--date", "2026-11-27", "--output", str(target), env={"COLUMNS": "60"})
    assert target.read_text(encoding="utf-8") == (GOLDEN / "agenda.txt").read_text(
        encoding="utf-8")


def test_a_vaults_own_template_wraps_with_the_filter(run, vault):
    write(vault, ".vaultkit/templates/agenda.txt.j2",
          '{{ ("Due: " ~ (["lorem ipsum"] * 20) | join(" ")) | wrap(width, 5) }}\n'
          "{{ width }} {{ 'Zoë 東京' | cells }}\n")
    text = run("agenda", "--date", "2026-11-27", env={"COLUMNS": "40"}).stdout
    *body, last = lines_of(text)
    assert all(cells(line) <= 40 for line in body) and len(body) > 5
    assert all(line[:5] == "     " and line[5] != " " for line in body[1:])
    assert last == "40 8"
    assert run("agenda", "--date", "2026-11-27").stdout.endswith("\nNone 8\n")


def test_in_a_real_terminal_its_width_and_colours_do_not_count(vault, index_path):
    """No COLUMNS: the width the terminal reports (a pseudo-terminal of 60 columns),
    with colour on; the escapes take no room."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")}
    env["PYTHONPATH"] = str(ROOT)
    screen = _in_terminal([sys.executable, "-m", "vaultkit", "--vault", str(vault),
                           "--index", str(index_path), "agenda", "--date", "2026-11-27"],
                          env, vault.parent, columns=60)
    assert "\x1b[" in screen  # coloured: a terminal
    lines = lines_of(screen.replace("\r\n", "\n"))
    assert max(cells(line) for line in lines) <= 60 < max(len(line) for line in lines)
    assert len(lines) > 60


def test_an_error_in_a_terminal_wraps_and_piped_is_one_line(short_tmp):
    tmp_path = short_tmp  # a path shorter than the terminal: a word is never cut
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "VAULTKIT_VAULT")}
    env["PYTHONPATH"] = str(ROOT)
    argv = [sys.executable, "-m", "vaultkit", "list"]  # no vault above tmp_path
    screen = _in_terminal(argv, env, tmp_path, columns=60, expect=3)
    lines = lines_of(screen.replace("\r\n", "\n"))
    assert lines[0].startswith("Error: no vault here") and len(lines) > 1
    assert all(cells(line) <= 60 for line in lines)
    assert all(line.startswith("    ") for line in lines[1:])
    piped = subprocess.run(argv, env=env, cwd=tmp_path, capture_output=True, text=True)
    assert piped.returncode == 3 and len(piped.stderr.splitlines()) == 1
    assert piped.stderr.split() == screen.split()


@pytest.fixture
def short_tmp():
    folder = Path(tempfile.mkdtemp(prefix="vk", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _in_terminal(argv: list[str], env: dict, cwd: Path, columns: int, expect: int = 0
                 ) -> str:
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    proc = subprocess.Popen(argv, stdin=follower, stdout=follower, stderr=follower, env=env,
                            cwd=cwd)
    os.close(follower)
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], 30)
            if not ready:
                break
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the program ended and closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        proc.wait(timeout=30)
        os.close(leader)
    assert proc.returncode == expect, b"".join(chunks)
    return b"".join(chunks).decode("utf-8")


def test_terminal_width_reads_columns_and_ignores_nonsense(monkeypatch):
    class Piped:
        def isatty(self):
            return False

    monkeypatch.setenv("COLUMNS", "72")
    assert terminal_width(Piped()) == 72
    monkeypatch.setenv("COLUMNS", "5")
    assert terminal_width(Piped()) == MIN_WIDTH
    for nonsense in ("", "0", "wide", "-3"):
        monkeypatch.setenv("COLUMNS", nonsense)
        assert terminal_width(Piped()) is None


# The wrap function: property tests.

WORD = st.text(st.sampled_from("abcxyzé東京ü\u0301-."), min_size=1, max_size=14).filter(
    lambda w: not w.startswith("\u0301"))
SPACE = st.sampled_from([" ", "  ", "   "])


@st.composite
def lines(draw):
    words = draw(st.lists(WORD, min_size=1, max_size=40))
    lead = " " * draw(st.integers(0, 6))
    out = lead + words[0]
    for word in words[1:]:
        out += draw(SPACE) + word
    return out


@settings(max_examples=300, deadline=None)  # the first call loads rich's cell tables
@given(lines(), st.integers(MIN_WIDTH, 100), st.integers(0, 30))
def test_wrap_properties(text, width, indent):
    out = wrap(text, width, indent)
    rows = out.split("\n")
    hang = min(indent, width // 2)
    assert out.split() == text.split()  # the words, whole and in order
    lead = indent_of(text)
    assert rows[0][:lead] == text[:lead] and not rows[0][lead:][:1].isspace()
    for row in rows[1:]:
        assert row[:hang] == " " * hang and not row[hang:][:1].isspace()
    for row in rows:
        # A line over the width holds one word, too wide for any line.
        assert cells(row) <= width or len(row.split()) == 1
    if cells(text) <= width:
        assert out == text


@settings(max_examples=300, deadline=None)  # the first call loads rich's cell tables
@given(st.lists(st.tuples(lines(), st.booleans()), min_size=1, max_size=8),
       st.integers(MIN_WIDTH, 100), st.integers(0, 30))
# Found in CI: `a aaaaaa` was glued again inside `aaaaaa aaaaaa`, one line of 22 cells.
@example(pieces=[("a aaaaaa", False), ("aaaaaa aaaaaa", False)], width=20, indent=0)
def test_wrap_keeps_links_and_kept_strings_whole(pieces, width, indent):
    """`[[a link]]` and the strings of `keep` wrap as one word: each is whole on a line."""
    spans = [f"[[{text.strip()}]]" if link else text.strip() for text, link in pieces]
    kept = [span for (_t, link), span in zip(pieces, spans, strict=True) if not link]
    text = " ".join(spans)
    out = wrap(text, width, indent, keep=kept)
    assert out.split() == text.split()
    rows = out.split("\n")
    for span in spans:
        assert any(span in row for row in rows), span
    for row in rows:
        assert cells(row) <= width or row.strip() in spans or len(row.split()) == 1


@settings(max_examples=300, deadline=None)  # the first call loads rich's cell tables
@given(lines(), st.integers(MIN_WIDTH, 100), st.integers(0, 30))
def test_wrap_measures_colour_as_nothing(text, width, indent):
    """Each word in bold: the same lines as the plain text, with the escapes kept."""
    styled = re.sub(r"\S+", lambda m: f"\x1b[1m{m.group()}\x1b[0m", text)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", wrap(styled, width, indent))
    assert plain == wrap(text, width, indent)


@settings(max_examples=300, deadline=None)  # the first call loads rich's cell tables
@given(lines(), st.integers(0, 30))
def test_wrap_without_a_width_changes_nothing(text, indent):
    assert wrap(text, None, indent) == text
    assert wrap(text + "\n" + text, None, indent) == text + "\n" + text


@settings(max_examples=300, deadline=None)  # the first call loads rich's cell tables
@given(st.text(st.sampled_from("ab東é "), max_size=30), st.integers(1, 20))
def test_truncate(text, width):
    out = truncate(text, width)
    assert cells(out) <= width
    assert out == text or (out.endswith("…") and text.startswith(out[:-1]))


@settings(max_examples=300, deadline=None)  # the first call loads rich's cell tables
@given(st.lists(st.tuples(st.integers(1, 40), st.integers(1, 12)), min_size=1, max_size=8),
       st.integers(MIN_WIDTH, 200))
def test_fit_columns(columns, width):
    natural = [max(w, f) for w, f in columns]
    floors = [f for _w, f in columns]
    fitted = fit_columns(natural, floors, width, first=1)
    gaps = 2 * (len(columns) - 1)
    assert all(f <= w <= n for f, w, n in zip(floors, fitted, natural, strict=True))
    if sum(natural) + gaps <= width:
        assert fitted == natural
    elif sum(floors) + gaps <= width:
        assert sum(fitted) + gaps == width
    else:
        assert fitted == floors


def test_wide_characters_take_two_cells(run, vault):
    """A Korean name and title: `list` cuts by cells and keeps its columns aligned;
    `show` wraps its long Korean value within the width."""
    write(vault, "people/김민수.md", "---\nname: 김민수\ntitle: 수석 플랫폼 엔지니어 겸 "
          "사이트 신뢰성 엔지니어링 팀장\ncompany: 한빛 물류 주식회사 부산 지사\n"
          "circle: colleague\nnotes: " + "부산 핀테크 모임에서 만났다 " * 6 + "\n---\n")
    table = lines_of(run("list", env={"COLUMNS": "60"}).stdout)
    assert all(cells(line) <= 60 for line in table)
    row = next(line for line in table if line.startswith("김민수"))
    assert "…" in row
    # Its circle starts in the same cell as Raj Singh's: the cut cells are padded by cells.
    starts = {cells(line[: line.index(" colleag") + 1]) for line in table
              if " colleag" in line}
    assert len(starts) == 1 and sum(" colleag" in line for line in table) == 2
    page = lines_of(run("show", "김민수", env={"COLUMNS": "40"}).stdout)
    assert all(cells(line) <= 40 for line in page) and max(len(line) for line in page) < 40
    assert any(line.startswith("  notes: 부산") for line in page)


# --- check ----------------------------------------------------------------------------

def _vault_with_problems(vault):
    write(vault, "people/Kim Lee With A Long Name.md",
          "---\nname: Kim Lee\ncadence: every fortnight or so\nmet: 2026-13-45\n---\n"
          "## Log\n- 2026-11-31 Met at the fair, a date that is not a real one #met\n")
    write(vault, "people/Omar.md", "---\nname: Omar\nreferred_by: \"[[Someone Not Written "
          "Yet With A Long Name]]\"\n---\n")


@pytest.mark.parametrize("width", WIDTHS)
def test_check_wraps_with_a_hanging_indent_and_keeps_the_path_whole(run, vault, golden,
                                                                   width):
    _vault_with_problems(vault)
    piped = run("check", expect=1).stdout
    text = run("check", expect=1, env={"COLUMNS": str(width)}).stdout
    golden(f"width/check-{width}.txt", text)
    assert all(cells(line) <= width for line in lines_of(text))
    assert text.split() == piped.split()  # the same words, in the same order
    for line in lines_of(text):
        assert line == "" or line == "Notices:" or line.startswith(("people/", "    "))
    assert "people/Kim Lee With A Long Name.md:" in text  # the path is never broken
    assert any(line.startswith("    ") for line in lines_of(text))


def test_check_piped_is_one_line_per_problem(run, vault):
    _vault_with_problems(vault)
    lines = [line for line in lines_of(run("check", expect=1).stdout)
             if line and line != "Notices:"]
    assert all(line.startswith("people/") for line in lines)


@pytest.mark.parametrize("columns", ["10000000", "99999999999999999999"])
def test_an_absurd_columns_is_as_good_as_no_wrapping(run, columns):
    """It reached a template as a number too large for it (exit 4)."""
    for command in ("agenda", "show"):
        assert output(run, command, None) == run(*COMMANDS[command],
                                                 env={"COLUMNS": columns}).stdout
