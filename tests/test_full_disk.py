"""A full disk under the vault (found in review): every write says which note it could not
write, and writes nothing — never "cannot write the output", which is for standard output
(cli/group.py), nor an unexpected error. A real full file system: a small tmpfs, mounted
for the test (skipped where mounting is not allowed)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid

import pytest

from conftest import EXAMPLE


@pytest.fixture
def full(tmp_path):
    """A vault (a few notes of example-vault/) on a 400 kB tmpfs, then the disk filled."""
    mount = tmp_path / f"full-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        vault = mount / "vault"
        (vault / "people").mkdir(parents=True)
        shutil.copytree(EXAMPLE / ".vaultkit", vault / ".vaultkit")
        shutil.copy(EXAMPLE / "people" / "Jane Doe.md", vault / "people")
        index = tmp_path / "index.sqlite3"  # the index is elsewhere, on a disk with room
        assert cli(vault, index, "index").returncode == 0
        with open(mount / "filler", "wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 1024)
            except OSError:
                pass
        yield vault, index
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def cli(vault, index, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vaultkit", "--vault", str(vault),
                           "--index", str(index), *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})


def test_add_on_a_full_disk_names_the_note_and_writes_nothing(full):
    vault, index = full
    done = cli(vault, index, "add", "contact", "Zed Person")
    assert done.returncode == 1, done.stderr
    assert done.stderr == "Error: people/Zed Person.md: cannot write: No space left on device\n"
    assert sorted(p.name for p in (vault / "people").iterdir()) == ["Jane Doe.md"]


def test_log_on_a_full_disk_names_the_note_and_changes_nothing(full):
    vault, index = full
    before = (vault / "people" / "Jane Doe.md").read_bytes()
    done = cli(vault, index, "log", "Jane Doe", "Coffee at the meetup", "--yes")
    assert done.returncode != 0
    assert "people/Jane Doe.md: cannot write: No space left on device" in done.stderr
    assert "output" not in done.stderr and "unexpected" not in done.stderr
    assert (vault / "people" / "Jane Doe.md").read_bytes() == before
    assert sorted(p.name for p in (vault / "people").iterdir()) == ["Jane Doe.md"]
