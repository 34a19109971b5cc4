"""Shared fixtures: a copy of example-vault/ in a temp dir, an index beside it, a CLI runner."""

from __future__ import annotations

import os
import re
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from vaultkit.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "example-vault"
REALDATA = ROOT.parent / "shared" / "realdata"
GOLDEN = Path(__file__).parent / "golden"


# The property tests run the same examples on every run, here and in CI: a failure is
# reproducible and never a coin toss (a flaky test is a failing test). To look for new
# examples, ask for them: `pytest --hypothesis-profile=explore` (a new seed each run; and
# VAULTKIT_PROPERTY_EXAMPLES=3000 for more in the parser tests); a failure found so becomes
# an `@example` of its test. Nor do they hang on the machine's speed: no deadline per
# example, no health check of how fast examples are made (CI's machine is slower and noisier
# than a laptop; a test that fails for it is flaky, and says nothing of the code).
settings.register_profile("ci", derandomize=True, database=None, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", parent=settings.get_profile("ci"), derandomize=False)
settings.load_profile("ci")


# GNU readline, which pytest imports, exports COLUMNS and LINES into the process's C
# environment, where os.environ does not see them (so monkeypatch.delenv cannot remove
# them) but every child process does: a `vaultkit` run by subprocess then wrapped at 80
# columns, in whichever test ran before any other had set and restored COLUMNS. Setting
# and deleting them through os.environ unsets them below it too.
for _name in ("COLUMNS", "LINES"):
    os.environ[_name] = ""
    del os.environ[_name]


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output")


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path, monkeypatch):
    """No test reads the developer's vault or writes the developer's cache."""
    monkeypatch.delenv("VAULTKIT_VAULT", raising=False)
    monkeypatch.delenv("VAULTKIT_INDEX", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("COLUMNS", raising=False)  # piped output is not wrapped


@pytest.fixture
def vault(tmp_path) -> Path:
    target = tmp_path / "vault"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture
def index_path(tmp_path) -> Path:
    return tmp_path / "cache" / "index.sqlite3"


@pytest.fixture
def run(vault, index_path):
    """Run the CLI against the vault copy; check the exit code; return the result."""

    def invoke(*args: str, expect: int = 0, vault_path: Path | None = None,
               env: dict | None = None):
        argv = ["--vault", str(vault_path or vault), "--index", str(index_path), *args]
        result = CliRunner().invoke(cli, argv, env=env, catch_exceptions=False)
        assert result.exit_code == expect, (
            f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}")
        return result

    return invoke


@pytest.fixture
def golden(request):
    """Compare text with tests/golden/NAME exactly (or rewrite it with --update-golden)."""

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if request.config.getoption("--update-golden"):
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"no golden file {path}; run pytest --update-golden"
        assert text == path.read_text(encoding="utf-8")

    return check


# A vault's config with only the folders of the kinds: no [rules], no [search].
PLAIN_CONFIG = """[vault]
log_headings = ["Log"]

[folders]
people = "contact"
leads = "lead"
events = "event"
orgs = "org"
"""


def write(root: Path, relpath: str, text: str | bytes) -> Path:
    """Write a note into a vault (creating folders)."""
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `root` with its bytes and mtime, to prove nothing was written."""
    out = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            out[str(path.relative_to(root))] = (path.read_bytes(), path.stat().st_mtime_ns)
    return out


def config_with(vault: Path, text: str, without: tuple[str, ...] = ()) -> None:
    """Add `text` to the vault's config, in place of the tables it declares and those
    named in `without` (the example vault sets [search] and [goals]: a test's own replace
    them)."""
    config = vault / ".vaultkit" / "config.toml"
    declared = set(re.findall(r"^\[([^\]]+)\]", text, re.M)) | set(without)
    kept, skipping = [], False
    for line in config.read_text(encoding="utf-8").splitlines(keepends=True):
        header = re.match(r"^\[([^\]]+)\]", line)
        if header:
            skipping = header.group(1) in declared
        if not skipping:
            kept.append(line)
    config.write_text("".join(kept) + text, encoding="utf-8")


@pytest.fixture
def session(vault, index_path):
    """The copied example vault opened and synced (closed after the test)."""
    from vaultkit.vault import Vault

    opened = Vault.open(vault, index_path)
    opened.sync()
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def backlogs(tmp_path_factory):
    """Generated vaults (benchmarks/genvault.py) of 800 and 3,200 contacts, every one
    overdue: an agenda item for each. Opened with a current index."""
    import sys

    from vaultkit.vault import Vault

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from genvault import generate

    opened = {}
    for contacts in (800, 3200):
        folder = tmp_path_factory.mktemp(f"backlog{contacts}")
        generate(folder / "vault", contacts, backlog=1.0)
        opened[contacts] = Vault.open(folder / "vault", folder / "index.sqlite3")
        opened[contacts].sync()
    yield opened
    for vault in opened.values():
        vault.close()


def wait_for(condition, timeout: float = 20.0) -> bool:
    """Poll `condition` until true or `timeout` seconds (the watcher's processes)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@contextmanager
def index_locked_by_another_process(index_path: Path):
    """The index's write lock held by another process (a long cold build, a stuck one) for
    the `with` block."""
    import subprocess
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "c.execute('BEGIN IMMEDIATE')\n"
         "print('held', flush=True)\n"
         "time.sleep(120)", str(index_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.kill()
        holder.communicate()


def stoppable_vaultkit(*args: str, before: str = ""):
    """`vaultkit ARGS` as a process that a SIGINT stops as a Ctrl-C in a terminal does
    (a background process ignores SIGINT otherwise); `before`: Python run first."""
    import subprocess
    import sys

    return subprocess.Popen(
        [sys.executable, "-c", "import signal, sys\n"
         "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
         f"{before}\n"
         "from vaultkit.cli import main\n"
         "sys.argv[0] = 'vaultkit'\n"
         "main()", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})


def stopped(process, signum: int, timeout: float = 60) -> tuple[float, str]:
    """Send `signum` to `process`; (how many seconds it took to end, its stderr)."""
    process.send_signal(signum)
    began = time.monotonic()
    _out, err = process.communicate(timeout=timeout)
    return time.monotonic() - began, err


def stop_after(monkeypatch, owner, name: str, calls: int, stop=KeyboardInterrupt):
    """Make `owner.name` do its work `calls` times, then raise `stop` (a Ctrl-C, or the
    SystemExit a SIGTERM becomes) as the next call begins: a command stopped part-way.
    Returns a function that puts the real one back."""
    real = getattr(owner, name)
    done = []

    def stopping(*args, **kwargs):
        if len(done) == calls:
            raise stop
        result = real(*args, **kwargs)
        done.append(args)
        return result

    monkeypatch.setattr(owner, name, stopping)
    return lambda: monkeypatch.setattr(owner, name, real)
