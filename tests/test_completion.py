"""Shell completion, for real: vaultkit run in a subprocess with Click's completion
variables (as the scripts of `_VAULTKIT_COMPLETE=bash_source|zsh_source|fish_source`
call it), and bash itself running the script it sources. NAME completes the vault's note
names from its index, read-only; names with spaces come out as one word."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "example-vault"


def vaultkit(*args: str, env: dict | None = None, cwd: Path | None = None,
             check: bool = True) -> subprocess.CompletedProcess:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "vaultkit", *args], env=full, cwd=cwd,
                          capture_output=True, text=True, check=check, timeout=60)


def complete(words: str, cword: int | str, shell: str = "bash", cwd: Path | None = None,
             env: dict | None = None) -> list[str]:
    """What vaultkit answers the completion script of `shell`, one item a string."""
    result = vaultkit(env={"_VAULTKIT_COMPLETE": f"{shell}_complete", "COMP_WORDS": words,
                           "COMP_CWORD": str(cword), **(env or {})}, cwd=cwd)
    assert result.stderr == ""
    if shell == "zsh":  # type, value, help: three lines an item
        lines = result.stdout.splitlines()
        return [lines[i + 1] for i in range(0, len(lines), 3) if lines[i] == "plain"]
    return [line.partition(",")[2] for line in result.stdout.splitlines()
            if line.startswith("plain,")]


@pytest.fixture
def vault(tmp_path) -> Path:
    """A copy of example-vault with a name that needs quoting, indexed."""
    target = tmp_path / "vault"
    shutil.copytree(EXAMPLE, target)
    (target / "people" / "Liam O'Brien.md").write_text(
        "---\nname: Liam O'Brien (Acme)\n---\n", encoding="utf-8")
    vaultkit("--vault", str(target), "index")
    return target


def snapshot(*folders: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p): (p.stat().st_mtime_ns, p.read_bytes())
            for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()}


def test_bash_gets_a_name_with_a_space_as_one_escaped_word(vault):
    # bash's script reads each line with `read` (one level of backslashes) and inserts it
    # as it is: `Jane\ Doe` on the command line is the one word "Jane Doe".
    assert complete("vaultkit show Ja", 2, cwd=vault) == ["Jane\\\\ Doe"]
    assert complete("vaultkit show jane", 2, cwd=vault) == ["Jane\\\\ Doe"]
    assert complete("vaultkit show li", 2, cwd=vault) == [
        "Liam\\\\ O\\\\'Brien\\\\ \\\\(Acme\\\\)"]


def test_inside_an_open_quote_bash_gets_the_name_as_it_is(vault):
    assert complete('vaultkit show "Ja', 2, cwd=vault) == ["Jane Doe"]


def test_zsh_and_fish_get_the_names_as_they_are(vault):
    # Their scripts quote what they insert (zsh's compadd, fish itself).
    assert complete("vaultkit show Ja", 2, "zsh", cwd=vault) == ["Jane Doe"]
    assert complete("vaultkit show Li", 2, "zsh", cwd=vault) == ["Liam O'Brien (Acme)"]
    assert complete("vaultkit show", "Ja", "fish", cwd=vault) == ["Jane Doe"]


@pytest.mark.parametrize("words", ["vaultkit show M", "vaultkit log M", "vaultkit snooze M",
                                   "vaultkit done M", "vaultkit set M",
                                   "vaultkit draft thank-you M"])
def test_every_name_argument_completes(vault, words):
    cword = len(words.split()) - 1
    assert complete(words, cword, "zsh", cwd=vault) == ["Marcus Chen", "Min-jun Park"]


def test_an_empty_word_offers_every_name(vault):
    names = complete("vaultkit show ", 2, "zsh", cwd=vault)
    assert "Ahmed Hassan" in names and "Acme" in names and len(names) > 20
    assert names == sorted(names, key=str.casefold)


def test_other_arguments_are_not_names(vault):
    assert complete("vaultkit log Jane Ja", 3, "zsh", cwd=vault) == []  # TEXT
    assert complete("vaultkit set Jane ", 3, "zsh", cwd=vault) == []  # KEY


def test_the_vault_given_earlier_on_the_line(vault, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert complete(f"vaultkit --vault {vault} show Mar", 4, "zsh",
                    cwd=elsewhere) == ["Marcus Chen"]
    assert complete(f"vaultkit show --vault {vault} Mar", 4, "zsh",
                    cwd=elsewhere) == ["Marcus Chen"]
    assert complete("vaultkit show Mar", 2, "zsh", cwd=elsewhere,
                    env={"VAULTKIT_VAULT": str(vault)}) == ["Marcus Chen"]
    assert complete("vaultkit show Mar", 2, "zsh", cwd=elsewhere) == []  # no vault here


def test_the_index_given_earlier_on_the_line(vault, tmp_path):
    index = tmp_path / "other" / "index.sqlite3"
    vaultkit("--vault", str(vault), "--index", str(index), "index")
    (vault / "people" / "Marta Ruiz.md").write_text("---\n---\n", encoding="utf-8")
    vaultkit("--vault", str(vault), "--index", str(index), "index")
    assert complete(f"vaultkit --index {index} show Mar", 4, "zsh",
                    cwd=vault) == ["Marcus Chen", "Marta Ruiz"]
    # The default index has not seen Marta yet: completion reads it, never syncs it.
    assert complete("vaultkit show Mar", 2, "zsh", cwd=vault) == ["Marcus Chen"]


def test_completion_writes_nothing(vault, tmp_path):
    cache = Path(os.environ["XDG_CACHE_HOME"])
    before = snapshot(vault, cache)
    complete("vaultkit show Ja", 2, cwd=vault)
    complete("vaultkit done ", 2, "zsh", cwd=vault)
    assert snapshot(vault, cache) == before


def test_a_vault_never_indexed_completes_nothing_and_creates_no_index(tmp_path):
    target = tmp_path / "fresh"
    shutil.copytree(EXAMPLE, target)
    cache = Path(os.environ["XDG_CACHE_HOME"])
    assert complete("vaultkit show Ja", 2, cwd=target) == []
    assert not cache.exists() or not any(cache.rglob("*.sqlite3"))


def test_a_damaged_index_completes_nothing_without_a_traceback(vault, tmp_path):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    before = broken.read_bytes()
    assert complete(f"vaultkit --index {broken} show Ja", 4, cwd=vault) == []
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("hello", encoding="utf-8")
    assert complete(f"vaultkit --index {not_sqlite} show Ja", 4, cwd=vault) == []
    assert broken.read_bytes() == before and not_sqlite.read_text() == "hello"


def test_help_topics_complete(tmp_path):
    assert complete("vaultkit help ", 2, "zsh", cwd=tmp_path) == [
        "vault-format", "agenda", "import", "config", "templates", "git", "completion"]
    assert complete("vaultkit help te", 2, "zsh", cwd=tmp_path) == ["templates"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_bash_itself_inserts_one_word(vault, tmp_path):
    """The script `vaultkit` gives bash, sourced by bash and run as bash runs it on Tab:
    the completion it makes is, read back by the shell, the one word of the name."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "vaultkit"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m vaultkit "$@"\n',
                        encoding="utf-8")
    launcher.chmod(0o755)
    script = """
eval "$(_VAULTKIT_COMPLETE=bash_source vaultkit)"
for word in Ja Li; do
  COMP_WORDS=(vaultkit show "$word"); COMP_CWORD=2; COMPREPLY=()
  _vaultkit_completion vaultkit
  for reply in "${COMPREPLY[@]}"; do
    eval "set -- $reply"          # the shell reads the inserted text back
    printf '%s|%s\\n' "$#" "$1"
  done
done
"""
    env = {**os.environ, "PYTHONPATH": str(ROOT),
           "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], cwd=vault,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.stderr == ""
    assert result.stdout.splitlines() == ["1|Jane Doe", "1|Liam O'Brien (Acme)"]


def test_names_still_in_the_wal_are_offered(vault):
    """While another process holds the index open (`watch`), the latest sync is in its
    write-ahead log, not yet in the file: completion reads it there too."""
    import sqlite3

    (index,) = Path(os.environ["XDG_CACHE_HOME"]).rglob("index.sqlite3")
    holder = sqlite3.connect(index)  # as `watch` does: the WAL stays while it is open
    try:
        holder.execute("SELECT COUNT(*) FROM notes").fetchone()
        (vault / "people" / "Marta Ruiz.md").write_text("---\n---\n", encoding="utf-8")
        vaultkit("--vault", str(vault), "index")
        assert Path(f"{index}-wal").exists()
        assert complete("vaultkit show Mar", 2, "zsh", cwd=vault) == ["Marcus Chen",
                                                                      "Marta Ruiz"]
    finally:
        holder.close()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_documented_lines_give_a_script(shell, tmp_path):
    """docs/commands.md and `vaultkit help completion` show each shell's line; each gives
    that shell's script."""
    line = (f'eval "$(_VAULTKIT_COMPLETE={shell}_source vaultkit)"' if shell != "fish"
            else "_VAULTKIT_COMPLETE=fish_source vaultkit | source")
    assert line in (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    assert line in vaultkit("help", "completion").stdout
    script = vaultkit(env={"_VAULTKIT_COMPLETE": f"{shell}_source"}, cwd=tmp_path).stdout
    assert "_vaultkit_completion" in script and f"{shell}_complete" in script
