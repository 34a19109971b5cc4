"""Two git clones of one vault with vaultkit's merge driver set up on both, for the git
sync tests (tests/test_git_sync.py) and the pull benchmark (benchmarks/bench_merge.py):
real git, a bare origin, vaultkit run as a process as people run it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "example-vault"
JANE = "people/Jane Doe.md"


def git_env(home: Path) -> dict:
    """git with no user or system config of the machine, and a fixed identity."""
    env = dict(os.environ, GIT_CONFIG_GLOBAL=str(home / "gitconfig"), GIT_CONFIG_NOSYSTEM="1",
               GIT_AUTHOR_NAME="A Person", GIT_AUTHOR_EMAIL="a@example.org",
               GIT_COMMITTER_NAME="A Person", GIT_COMMITTER_EMAIL="a@example.org",
               HOME=str(home))
    (home / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n[pull]\n\trebase = false\n")
    return env


class Clones:
    """Two clones of one vault, with the driver set up on both."""

    def __init__(self, tmp: Path, source: Path = EXAMPLE, hook: bool = False):
        self.tmp = tmp
        tmp.mkdir(parents=True, exist_ok=True)
        self.env = git_env(tmp)
        origin = tmp / "origin.git"
        self.a, self.b = tmp / "a", tmp / "b"
        shutil.copytree(source, self.a)
        self.git(self.a, "init", "-q")
        self.setup(self.a, hook)
        self.git(self.a, "add", "-A")
        self.git(self.a, "commit", "-qm", "the vault")
        self.git(tmp, "clone", "-q", "--bare", str(self.a), str(origin))
        self.git(self.a, "remote", "add", "origin", str(origin))
        self.git(self.a, "fetch", "-q", "origin")
        self.git(self.a, "branch", "-q", "--set-upstream-to=origin/main")
        self.git(tmp, "clone", "-q", str(origin), str(self.b))
        self.setup(self.b, hook)

    def git(self, where: Path, *args: str, expect: int | None = 0) -> subprocess.CompletedProcess:
        done = subprocess.run(["git", "-C", str(where), *args], env=self.env,
                              capture_output=True, text=True, timeout=120)
        if expect is not None:
            assert done.returncode == expect, (args, done.stdout, done.stderr)
        return done

    def vaultkit(self, where: Path, *args: str, expect: int = 0) -> subprocess.CompletedProcess:
        env = dict(self.env, VAULTKIT_INDEX=str(self.tmp / f"index-{where.name}.sqlite3"))
        done = subprocess.run([sys.executable, "-m", "vaultkit", "--vault", str(where), *args],
                              env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == expect, (args, done.stdout, done.stderr)
        return done

    def setup(self, where: Path, hook: bool) -> None:
        self.vaultkit(where, "git", "setup", *(() if hook else ("--no-hook",)))

    def commit(self, where: Path, message: str) -> None:
        self.git(where, "add", "-A")
        self.git(where, "commit", "-qm", message)

    def a_pushes_b_pulls(self, expect: int = 0) -> subprocess.CompletedProcess:
        self.commit(self.a, "on A")
        self.git(self.a, "push", "-q", "origin", "main")
        self.commit(self.b, "on B")
        return self.git(self.b, "pull", "-q", "--no-edit", "origin", "main", expect=expect)

    def read(self, where: Path, relpath: str = JANE) -> str:
        return (where / relpath).read_bytes().decode("utf-8")
