"""Finding notes: hidden folders, excludes, symbolic links (loops, links out of the vault)."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import write
from vaultkit.config import Config
from vaultkit.disk.files import read
from vaultkit.disk.scan import scan


def make(root: Path) -> None:
    for rel in ("A.md", "people/B.md", ".obsidian/C.md", ".trash/D.md", ".git/E.md",
                ".vaultkit/templates/F.md", "people/.hidden.md", "notes.txt", "templates/G.md",
                "deep/er/H.md"):
        write(root, rel, "x\n")


def test_hidden_and_excluded_paths_are_passed_over(tmp_path):
    make(tmp_path)
    found = scan(Config(root=tmp_path, exclude=("templates/**",)))
    assert sorted(found.files) == ["A.md", "deep/er/H.md", "people/B.md"]


def test_exclude_patterns(tmp_path):
    make(tmp_path)
    found = scan(Config(root=tmp_path, exclude=("deep", "**/B.md")))
    assert sorted(found.files) == ["A.md", "templates/G.md"]


def test_stat_is_what_read_sees(tmp_path):
    write(tmp_path, "A.md", "hello\n")
    found = scan(Config(root=tmp_path))
    data, st = read(tmp_path, "A.md")
    assert data == b"hello\n" and found.files["A.md"] == st
    assert read(tmp_path, "missing.md") is None


def test_read_gives_every_byte_whatever_the_size(tmp_path):
    """An empty note, one of a few bytes, and ones larger than a single read, exactly (a
    read in pieces joined right); a folder where a note was is gone, not an error."""
    for size in (0, 3, 65535, 65536, 65537, 300_001):
        data = bytes(i % 251 for i in range(size))
        (tmp_path / "A.md").write_bytes(data)
        got, st = read(tmp_path, "A.md")
        assert got == data and st.size == size
    (tmp_path / "A.md").unlink()
    (tmp_path / "A.md").mkdir()
    assert read(tmp_path, "A.md") is None


def test_a_note_that_grew_or_shrank_since_its_stat_is_read_to_its_end(tmp_path):
    """The stat said one size and the file holds another by the time it is read (an editor
    saving meanwhile): every byte there is then, past the size as far as it goes, and no
    more than there is."""
    from vaultkit.disk.files import _read_all

    path = tmp_path / "A.md"
    for size in (0, 3, 4096, 65536, 200_000):
        data = bytes(i % 251 for i in range(size))
        path.write_bytes(data)
        for said in {0, size // 2, max(size - 1, 0), size, size + 1, size * 2 + 10}:
            fd = os.open(path, os.O_RDONLY)
            try:
                assert _read_all(fd, said) == data, (size, said)
            finally:
                os.close(fd)


def test_symlink_loop_is_walked_once(tmp_path):
    write(tmp_path, "people/A.md", "x\n")
    os.symlink(tmp_path, tmp_path / "people" / "loop")
    found = scan(Config(root=tmp_path))
    assert sorted(found.files) == ["people/A.md"]
    assert any("loop" in s and "already indexed" in s for s in found.skipped)


def test_symlinks_out_of_the_vault_are_not_followed(tmp_path):
    vault, outside = tmp_path / "vault", tmp_path / "outside"
    write(vault, "A.md", "x\n")
    write(outside, "Secret.md", "x\n")
    os.symlink(outside, vault / "linked-folder")
    os.symlink(outside / "Secret.md", vault / "Linked.md")
    found = scan(Config(root=vault))
    assert sorted(found.files) == ["A.md"]
    assert sorted(found.skipped) == [
        "Linked.md: symbolic link out of the vault, not followed",
        "linked-folder: symbolic link out of the vault, not followed",
    ]


def test_symlinks_inside_the_vault_are_followed(tmp_path):
    write(tmp_path, "archive/Old.md", "x\n")
    os.symlink(tmp_path / "archive", tmp_path / "people")
    found = scan(Config(root=tmp_path))
    assert sorted(found.files) in (["archive/Old.md"], ["people/Old.md"])


def test_dangling_symlink(tmp_path):
    write(tmp_path, "A.md", "x\n")
    os.symlink(tmp_path / "gone.md", tmp_path / "Dangling.md")
    found = scan(Config(root=tmp_path))
    assert sorted(found.files) == ["A.md"]


def test_a_note_linked_inside_the_vault_is_one_note(tmp_path):
    """`people/Kim Lee.md` a link to `archive/Kim Lee.md`: one note, under its own path,
    whichever the walk meets first (names are not made ambiguous by the link)."""
    import shutil
    import subprocess
    import sys

    from conftest import EXAMPLE

    vault = tmp_path / "vault"
    shutil.copytree(EXAMPLE, vault)
    (vault / "archive").mkdir()
    os.replace(vault / "people" / "Kim Lee.md", vault / "archive" / "Kim Lee.md")
    (vault / "people" / "Kim Lee.md").symlink_to(Path("..") / "archive" / "Kim Lee.md")
    base = [sys.executable, "-m", "vaultkit", "--vault", str(vault), "--index",
            str(tmp_path / "index.sqlite3")]
    logged = subprocess.run([*base, "log", "Kim Lee", "Linked", "--date", "2026-11-30",
                             "--yes"], capture_output=True, text=True, timeout=60)
    assert logged.returncode == 0, logged.stderr
    assert "- 2026-11-30 Linked" in (vault / "archive" / "Kim Lee.md").read_text()
    check = subprocess.run([*base, "check"], capture_output=True, text=True, timeout=60)
    assert "matches 2 notes" not in check.stdout, check.stdout
