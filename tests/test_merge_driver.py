"""`vaultkit merge-file BASE OURS THEIRS [PATH]` as git runs it: a whole process, the
result written over OURS, git's exit statuses, bad input met with a clear error — and a
start-up that loads no more than the merge needs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BASE = "---\ntitle: A\n---\n## Log\n- 2026-11-01 met\n"


def driver(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vaultkit", "merge-file", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60)


def three(tmp_path: Path, base: str, ours: str, theirs: str) -> list[str]:
    names = []
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        (tmp_path / name).write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        names.append(str(tmp_path / name))
    return names


def test_merged_exit_0_and_the_result_over_ours(tmp_path):
    files = three(tmp_path, BASE, BASE + "- 2026-12-01 ours\n", BASE + "- 2026-12-01 theirs\n")
    done = driver(*files, "people/Jane Doe.md")
    assert (done.returncode, done.stderr) == (0, "")
    assert Path(files[1]).read_text() == BASE + "- 2026-12-01 ours\n- 2026-12-01 theirs\n"
    assert Path(files[2]).read_text() == BASE + "- 2026-12-01 theirs\n"  # theirs untouched


def test_conflicts_left_exit_1_and_say_where(tmp_path):
    files = three(tmp_path, BASE, BASE.replace("A", "B"), BASE.replace("A", "C"))
    done = driver(*files, "people/Jane Doe.md")
    assert done.returncode == 1
    assert done.stderr == ("people/Jane Doe.md: 1 conflict left to resolve (between <<<<<<< "
                           "and >>>>>>> lines)\n")
    assert "<<<<<<< ours\ntitle: B\n=======\ntitle: C\n>>>>>>> theirs\n" in Path(
        files[1]).read_text()


def test_path_is_optional_and_help_works(tmp_path):
    files = three(tmp_path, BASE, BASE + "- 2026-12-01 x\n", BASE)
    assert driver(*files).returncode == 0
    shown = driver("--help")
    assert shown.returncode == 0 and "%O %A %B %P" in shown.stdout


@pytest.mark.parametrize("missing", [0, 1, 2])
def test_a_missing_file_is_a_clear_error(tmp_path, missing):
    files = three(tmp_path, BASE, BASE, BASE)
    Path(files[missing]).unlink()
    done = driver(*files)
    assert done.returncode == 2
    assert done.stderr.startswith("Error: ") and "cannot read" in done.stderr
    assert "Traceback" not in done.stderr


def test_files_that_are_not_utf8_merge_by_line_keeping_every_byte(tmp_path):
    base = b"caf\xe9\nline\n"
    files = three(tmp_path, base, base + b"ours \xff\n", b"theirs \xfe\n" + base)
    assert driver(*files).returncode == 0
    assert Path(files[1]).read_bytes() == b"theirs \xfe\ncaf\xe9\nline\nours \xff\n"


def test_the_vaults_log_headings_are_used(tmp_path):
    vault = tmp_path / "vault"
    (vault / ".vaultkit").mkdir(parents=True)
    (vault / ".vaultkit" / "config.toml").write_text('[vault]\nlog_headings = ["Journal"]\n')
    (vault / "people").mkdir()
    base = "## Journal\n- 2026-11-01 a\n"
    files = three(tmp_path, base, base + "- 2026-12-01 ours\n", base + "- 2026-12-01 theirs\n")
    assert driver(*files, "vault/people/Jane.md", cwd=tmp_path).returncode == 0
    (vault / ".vaultkit" / "config.toml").write_text("[vault\nlog_headings = [\n")  # broken

    files = three(tmp_path, BASE, BASE + "- 2026-12-01 ours\n", BASE + "- 2026-12-01 theirs\n")
    done = driver(*files, "vault/people/Jane.md", cwd=tmp_path)
    assert done.returncode == 0 and "merging with the default log heading" in done.stderr


def test_the_driver_knows_the_config_as_config_does():
    from vaultkit import config, merging

    assert merging.DEFAULT_LOG_HEADINGS == config.DEFAULT_LOG_HEADINGS
    assert (merging._MARKER, merging._CONFIG) == (config.MARKER, config.CONFIG_NAME)


HEAVY = ("click", "sqlite3", "jinja2", "watchdog", "filelock", "phonenumbers", "rich",
         "vaultkit.vault", "vaultkit.index", "vaultkit.cli", "vaultkit.config", "tomllib",
         "pathlib")


@pytest.mark.parametrize("both_fronts", [False, True])
def test_the_driver_loads_no_more_than_the_merge_needs(tmp_path, both_fronts):
    ours = BASE.replace("A", "B") + "- 2026-12-01 ours\n"
    theirs = (BASE.replace("A", "C") if both_fronts else BASE) + "- 2026-12-01 theirs\n"
    files = three(tmp_path, BASE, ours, theirs)
    probe = ("import sys, json\nsys.argv = ['vaultkit', 'merge-file', *sys.argv[1:]]\n"
             "from vaultkit.launch import main\ntry:\n    main()\nexcept SystemExit:\n"
             "    pass\nprint(json.dumps(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", probe, *files], capture_output=True,
                          text=True, timeout=60)
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert not {m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY
                or any(m.startswith(h + ".") for h in HEAVY)}
    assert "dataclasses" not in loaded  # it loads inspect, dis, tokenize…: 10 ms
    if not both_fronts:  # the common pull: a log on both sides, a key set on one
        assert "typing" not in loaded and "merge3" not in loaded  # 6 ms and 3 ms
    assert ("yaml" in loaded) is both_fronts  # YAML only when both changed the front matter


# Found by a hostile reviewer.
@pytest.mark.parametrize("where", ["-x.md", "-dir/x.md"])
def test_a_path_that_starts_with_a_dash(tmp_path, where):
    files = three(tmp_path, BASE, BASE + "- 2026-12-01 ours\n", BASE + "- 2026-12-02 theirs\n")
    done = driver(*files, where)
    assert (done.returncode, done.stderr) == (0, "")
    assert Path(files[1]).read_text().endswith("- 2026-12-01 ours\n- 2026-12-02 theirs\n")
    assert driver("--", *files, where).returncode == 0


def test_bytes_that_are_not_utf8_keep_their_line_endings(tmp_path):
    base = b"caf\xe9\nline2\r\nA\rB\nlast\n"
    files = three(tmp_path, base, base.replace(b"caf\xe9", b"CAF\xc9"),
                  base.replace(b"last", b"LAST"))
    assert driver(*files).returncode == 0
    assert Path(files[1]).read_bytes() == b"CAF\xc9\nline2\r\nA\rB\nLAST\n"


@pytest.mark.parametrize("data", ["\ufeffutf-16 text\n".encode("utf-16"), b"\x00\x01bin\n"])
def test_binary_or_utf16_is_left_as_ours_and_a_conflict(tmp_path, data):
    files = three(tmp_path, data, data + b"x", data + b"y")
    done = driver(*files, "people/X.md")
    assert done.returncode == 1 and "not text" in done.stderr
    assert Path(files[1]).read_bytes() == data + b"x"  # git keeps every side in its index


def test_a_file_too_large_is_left_as_ours(tmp_path):
    big = b"- 2026-01-01 x\n" * (17 * 2**20 // 15)
    files = three(tmp_path, BASE, BASE, BASE)
    Path(files[2]).write_bytes(big)
    done = driver(*files)
    assert done.returncode == 1 and "larger than 16 MB" in done.stderr
    assert Path(files[1]).read_text() == BASE


def test_a_failure_nobody_foresaw_falls_back_to_the_line_merge(tmp_path, monkeypatch, capsys):
    """Fault injection: whatever goes wrong in the note merge, git gets both sides."""
    from vaultkit import merging

    def broken(*_args):
        raise ValueError("something nobody foresaw")

    monkeypatch.setattr(merging, "merge_notes", broken)
    files = three(tmp_path, BASE, BASE + "- 2026-12-01 ours\n", BASE + "- 2026-12-01 theirs\n")
    merged = merging.merge_file(*files, "people/X.md")
    text = Path(files[1]).read_text()
    assert merged.by_line and merged.conflicts == 1
    assert "- 2026-12-01 ours\n" in text and "- 2026-12-01 theirs\n" in text
    assert "merged line by line (ValueError: something nobody foresaw)" in capsys.readouterr().err
