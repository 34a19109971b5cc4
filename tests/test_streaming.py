"""`list --json` and `export json|csv` stream their output (issue 17, target 4): the same
bytes as when they were built whole (golden files of the example vault; digests of a
generated vault, taken from the code before streaming), memory that does not grow with
the vault, a closed pipe that ends quietly, and an export to a file that stays atomic
(a kill half-way leaves the old file)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given
from hypothesis import strategies as st

from conftest import GOLDEN, ROOT, write
from vaultkit.cli import cli
from vaultkit.exports.notes_json import indented
from vaultkit.vault import Vault

sys.path.insert(0, str(ROOT / "benchmarks"))
from genvault import generate  # noqa: E402

DAY = dt.date(2026, 11, 27)
# Notes whose text tries the encoders: non-ASCII, control characters, quotes, numbers,
# empty front matter, nested values, a formula-like name.
ODD_NOTES = {
    "people/Zoë Ünal.md": "---\nname: Zoë Ünal\nemail: [zoe@example.com, z@example.org]\n"
                          "tags: [ü, \"quote\\\"d\"]\ncircle: friend\nscore: 1.5e3\n"
                          "nested: {a: [1, 2, {b: null}], c: true}\n---\n## Log\n"
                          "- 2026-11-01 (call) Talked about \"x\" \\ y #helped-me\n",
    "people/bell.md": "---\nname: \"Bell \\a tab\\t esc\\e end\"\ncompany: \"=1+2\"\n---\n",
    "people/empty.md": "---\n---\nNo front matter values.\n",
    "notes/plain.md": "Just text, 日本語.\n",
}


def _outputs(root: Path, index: Path) -> dict[str, bytes]:
    """What the streamed commands print for the vault at `root`: through the CLI (as a
    script sees it: not a terminal) and through the Vault (csv on a fixed day)."""
    def cli_out(*args: str) -> bytes:
        result = CliRunner().invoke(cli, ["--vault", str(root), "--index", str(index), *args],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        return result.stdout_bytes

    with Vault.open(root, index) as vault:
        vault.sync()
        csv_text = vault.export("csv", DAY)
        excel = vault.export("csv", DAY, excel=True)
    return {"list.json": cli_out("list", "--json"),
            "list-all.json": cli_out("list", "--json", "--kind", "all"),
            "list-circle.json": cli_out("list", "--json", "--circle", "friend"),
            "export.json": cli_out("export", "json"),
            "export-contact.json": cli_out("export", "json", "--kind", "contact"),
            "export.csv": csv_text, "export-excel.csv": excel}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("generated") / "vault"
    generate(root, 300)
    for relpath, text in ODD_NOTES.items():
        write(root, relpath, text)
    return root


def test_the_example_vault_prints_what_it_printed(vault, index_path, request):
    """Byte for byte (the CSV's CRLF too, which the text `golden` fixture would not see)."""
    for name, data in _outputs(vault, index_path).items():
        path = GOLDEN / "stream" / name
        if request.config.getoption("--update-golden"):
            path.write_bytes(data)
        assert data == path.read_bytes(), name


# sha256 of each output of the generated vault, from the code before streaming (67a2e5a).
DIGESTS = {
    "list.json": "cab74fd02e9bbf7f794534d4a9eed42abf5ac4746aded9fcd2cde4d35de7f3ac",
    "list-all.json": "e54dda5f09136dbcf2ed0f20d2cf3595bbed608576031cf029203dc4930cb5d5",
    "list-circle.json": "ab7e5f2779e2a2de150bc10ca9638c20e2ad4f02eda298aaf03eb0db56ebbe8c",
    "export.json": "99a2463a152e4d00c6f3fafcf6de439884a583d9e6c4b8bcb629e33955a5d10a",
    "export-contact.json": "83762ae42aca1e3be78aac781993867579821ee38bc191bf768d6ccc0e775608",
    "export.csv": "6be164ab8236bcfba29dd8c43654f9e06704f4d36c083dfca90ffff5b09efe2f",
    "export-excel.csv": "7c3e1d11a13b6ca351b8155e4f13149d87e78dd296d4ae29808d2c696759a893",
}


def test_a_generated_vault_prints_what_it_printed(generated, tmp_path):
    digests = {name: hashlib.sha256(data).hexdigest()
               for name, data in _outputs(generated, tmp_path / "index.sqlite3").items()}
    assert digests == DIGESTS


@pytest.fixture(scope="module")
def sizes(tmp_path_factory) -> dict[int, Vault]:
    """Two generated vaults, one four times the other, opened with a current index. Each
    output of the smaller fills a chunk or more (csv: 100 KB), so both peaks hold one."""
    opened = {}
    for contacts in (800, 3200):
        folder = tmp_path_factory.mktemp(f"vault{contacts}")
        generate(folder / "vault", contacts)
        opened[contacts] = Vault.open(folder / "vault", folder / "index.sqlite3")
        opened[contacts].sync()
    yield opened
    for vault in opened.values():
        vault.close()


def _peak(pieces) -> int:
    """The most memory Python held (tracemalloc) while `pieces` were made and dropped one by
    one, as a writer to a pipe drops them."""
    tracemalloc.start()
    try:
        for _piece in pieces():
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


FLAT = 256 * 1024  # bytes more at four times the notes: not a chunk, far less than the output


@pytest.mark.parametrize("command", ["list --json", "list --json --kind all",
                                     "export json", "export csv"])
def test_memory_does_not_grow_with_the_vault(sizes, command):
    """At 3,200 contacts the whole output is megabytes (export json: tens); streamed, the
    peak is what one chunk needs, at 800 contacts as at 3,200."""
    def pieces(vault: Vault):
        if command.startswith("list"):
            return lambda: vault.notes_json(None if command.endswith("all") else "contact")
        return lambda: vault.export_stream(command.split()[1], DAY)

    for vault in sizes.values():  # the first export imports its modules
        _peak(pieces(vault))
    small, large = (_peak(pieces(sizes[n])) for n in (800, 3200))
    assert large - small < FLAT, (small, large)


def _command_peak(vault: Vault, *args: str) -> int:
    """tracemalloc's peak while the CLI runs `args` in this process, printing to /dev/null
    (its sync included: there is nothing to sync)."""
    argv = ["--vault", str(vault.root), "--index", str(vault.index.path), *args]
    with open(os.devnull, "w", encoding="utf-8") as sink:
        real, sys.stdout = sys.stdout, sink
        tracemalloc.start()
        try:
            cli.main(argv, standalone_mode=False)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            sys.stdout = real


@pytest.mark.parametrize("command", ["list --json", "list --json --circle alumni",
                                     "export json", "export csv"])
def test_a_command_holds_no_more_than_its_sync_and_a_chunk(sizes, command):
    """Through the CLI: what a command holds beyond the sync it starts with (`index`, with
    nothing to do) is the same at 800 contacts as at 3,200: the CLI keeps no output."""
    for vault in sizes.values():  # the first run of each imports its modules
        _command_peak(vault, *command.split())
    extra = {n: _command_peak(vault, *command.split()) - _command_peak(vault, "index")
             for n, vault in sizes.items()}
    assert extra[3200] - extra[800] < FLAT, extra


def test_the_first_chunk_comes_before_the_last_row_is_read(sizes):
    """Streamed: the export has its first bytes while most notes are still unread."""
    vault = sizes[3200]
    reads = []
    vault.conn.set_progress_handler(lambda: reads.append(1), 1000)
    try:
        stream = iter(vault.export_stream("json", DAY))
        next(stream)
        first = len(reads)
        for _piece in stream:
            pass
    finally:
        vault.conn.set_progress_handler(None, 1000)
    assert first < len(reads) / 4, (first, len(reads))


OLD = "old export, kept whole until the new one is\n"


def test_an_export_that_fails_half_way_leaves_the_old_file(session, tmp_path):
    out = tmp_path / "out.json"
    out.write_text(OLD)

    def failing():
        yield b"[" * 100_000
        assert out.read_text() == OLD  # the new bytes go to a temporary file beside it
        raise RuntimeError("half-way")

    with pytest.raises(RuntimeError):
        session.save(out, failing())
    assert out.read_text() == OLD
    assert [p.name for p in tmp_path.glob(".vaultkit-*")] == []


def test_an_export_killed_half_way_leaves_the_old_file(vault, index_path, tmp_path):
    """A real kill (SIGKILL, nothing cleans up): the old file stays whole; the next export
    there clears the temporary file the killed one left."""
    out = tmp_path / "out.json"
    out.write_text(OLD)
    script = textwrap.dedent(f"""
        import datetime as dt, os, signal
        from vaultkit.vault import Vault
        vault = Vault.open({str(vault)!r}, {str(index_path)!r})
        vault.sync()
        def chunks():
            for chunk in vault.export_stream("json", dt.date(2026, 11, 27)):
                yield chunk
                os.kill(os.getpid(), signal.SIGKILL)
        vault.save({str(out)!r}, chunks())
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert proc.returncode == -9, proc.stderr
    assert out.read_text() == OLD
    assert len(list(tmp_path.glob(".vaultkit-out.json.*.tmp"))) == 1
    result = CliRunner().invoke(cli, ["--vault", str(vault), "--index", str(index_path),
                                      "export", "json", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert json.loads(out.read_text())["version"] == 1
    assert list(tmp_path.glob(".vaultkit-*")) == []


@pytest.mark.parametrize("args", [["export", "csv"], ["list", "--json", "--kind", "all"],
                                  ["list", "--json", "--tag", "x"]])
def test_a_closed_pipe_ends_a_stream_quietly(vault, index_path, args):
    """`vaultkit export csv | head -2` (test_shell_manners has list --json, export json)."""
    for number in range(3000):  # far more than a pipe holds
        write(vault, f"people/P{number:04d}.md",
              f"---\nname: Person {number}\ntags: [x]\n---\n")
    CliRunner().invoke(cli, ["--vault", str(vault), "--index", str(index_path), "index"])
    proc = subprocess.Popen([sys.executable, "-m", "vaultkit", "--vault", str(vault),
                             "--index", str(index_path), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 0
    assert b"BrokenPipe" not in err and b"Traceback" not in err, err


def test_damage_found_half_way_is_said_and_nothing_printed_twice(vault, index_path):
    """A damaged index found after the first chunks are out: healed, and said (exit 1),
    rather than the command run again after them (which would print the notes twice)."""
    for number in range(2000):
        write(vault, f"people/P{number:04d}.md",
              f"---\nname: Person {number}\n---\n## Log\n- 2026-11-01 Met at the fair\n")

    def export() -> tuple[int, bytes, str]:
        result = CliRunner().invoke(cli, ["--vault", str(vault), "--index", str(index_path),
                                          "export", "json"])
        return result.exit_code, result.stdout_bytes, result.stderr

    code, whole, _ = export()
    assert code == 0 and len(whole) > 4 * 65536
    conn = sqlite3.connect(index_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (last,) = conn.execute("SELECT pageno FROM dbstat WHERE name = 'notes' AND pagetype"
                           " = 'leaf' ORDER BY path DESC LIMIT 1").fetchone()  # the last notes
    conn.close()
    with index_path.open("r+b") as file:
        file.seek((last - 1) * 4096)
        file.write(b"\xa5" * 4096)
    code, cut, err = export()
    assert code == 1 and "the output above stops short: run the command again" in err, err
    assert 0 < len(cut) < len(whole) and whole.startswith(cut)
    assert export() == (0, whole, "")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


@given(JSON_VALUES)
@example({"a": [], "b": {}, "c": [[], {}], "d": float("nan"), "e": float("-inf"),
          "f": -0.0, "g": 10**30, "h": "é\u2028\x1b\"\\\n", "i": [True, None, 1.5e300]})
@example({1: "a key that is no str", "b": [1]})
def test_the_indenter_writes_what_json_dumps_writes(value):
    for pad in ("\n", "\n    "):
        assert indented(value, pad) \
            == json.dumps(value, ensure_ascii=False, indent=2).replace("\n", pad)
