"""Front matter that arrived through git with something hostile in it: an alias bomb, tags
of other languages, mappings as keys, deep nesting, huge scalars. Every note is read in
bounded time and memory, and what other readers reject is a problem, never silence."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
import tracemalloc

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.notes import frontmatter as fm

LEVELS = "abcdefghi"


def alias_bomb(width: int = 9) -> str:
    """Nine levels of nine aliases: 414 bytes, 387 million values once expanded."""
    text = "a: &a [" + ", ".join(['"lol"'] * width) + "]\n"
    for prev, name in zip(LEVELS, LEVELS[1:], strict=False):
        text += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * width) + "]\n"
    return "---\nname: Bomb\n" + text + "tags: *i\n---\nBody.\n"


def _limited() -> None:  # a child that tries to expand the bomb dies here, not the machine
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def test_an_alias_bomb_is_a_problem_and_every_command_answers(tmp_path):
    vault = tmp_path / "vault"
    (vault / ".vaultkit").mkdir(parents=True)
    (vault / "people").mkdir()
    (vault / "people" / "Bomb.md").write_text(alias_bomb(), encoding="utf-8")
    (vault / "people" / "Kim Lee.md").write_text("---\nname: Kim Lee\n---\n", encoding="utf-8")
    base = [sys.executable, "-m", "vaultkit", "--vault", str(vault), "--index",
            str(tmp_path / "index.sqlite3")]
    for args, code in ((["index"], 0), (["check"], 1), (["list"], 0),
                       (["agenda", "--format", "json"], 0), (["search", "lol"], 0),
                       (["export", "json"], 0)):
        started = time.monotonic()
        done = subprocess.run([*base, *args], capture_output=True, text=True, timeout=60,
                              preexec_fn=_limited)
        assert done.returncode == code, (args, done.stderr)
        assert time.monotonic() - started < 20, args
    check = subprocess.run([*base, "check"], capture_output=True, text=True, timeout=60)
    # Named at the alias that passes the budget (level d, line 6).
    assert "people/Bomb.md:6: YAML aliases expand too far" in check.stdout
    assert "Kim Lee" in subprocess.run([*base, "list"], capture_output=True, text=True,
                                       timeout=60).stdout


def test_the_bomb_is_read_in_a_moment_and_a_little_memory():
    raw = alias_bomb().split("---\n")[1]
    tracemalloc.start()
    started = time.process_time()  # CPU, not wall: a loaded machine stretches the wall
    try:
        fm.load(raw)
        raise AssertionError("no problem reported")
    except fm.FrontMatterError as exc:
        assert "aliases expand too far" in exc.message
    took = time.process_time() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert took < 1.0 and peak < 100 * 2**20, (took, peak)


def test_what_other_readers_reject_is_a_problem():
    problems: list[tuple[int, str]] = []
    meta, lines = fm.load("name: X\ncreated: {{date}}\nrun: !<tag:yaml.org,2002:js/function> f"
                          "\nbin: !!binary aGk=\nfine: !!str 12\n", problems=problems)
    assert meta["name"] == "X" and meta["run"] == "f" and meta["fine"] == "12"
    assert problems == [
        (3, "a mapping used as a key (an unfilled template placeholder?); other readers "
            "reject this"),
        (4, "unknown YAML tag '!!js/function': read as text, never run"),
        (5, "unknown YAML tag '!!binary': read as text, never run"),
    ]


def test_a_scanner_error_names_the_line_where_it_starts():
    """A Markdown rule `___` inside front matter: YAML notices at the end of the block."""
    raw = "name: X\ntitle: Y\nnotes: a\n___\nmore: 1\nother: 2\n"
    try:
        fm.load(raw)
        raise AssertionError("no error")
    except fm.FrontMatterError as exc:
        assert exc.line == 5, exc.message  # file line of `___` (front matter from line 2)


def _nested(depth: int, width: int) -> str:
    """Aliases `depth` levels deep, `width` wide."""
    lines = ["l0: &l0 [x]"]
    for level in range(1, depth):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 30), st.integers(1, 40), st.integers(0, 200_000), st.integers(0, 200))
def test_any_hostile_front_matter_is_read_in_bounded_time(depth, width, scalar, nest):
    raw = _nested(depth, width) + f"big: {'w' * scalar}\n" + "deep: " + "[" * nest + \
        "]" * nest + "\nodd: !foo bar\n"
    started = time.perf_counter()
    try:
        meta, _ = fm.load(raw)
        assert isinstance(meta, dict)
    except fm.FrontMatterError as exc:
        assert exc.line >= 2
    assert time.perf_counter() - started < 1.0
