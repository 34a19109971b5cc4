"""Measure the bounds of issue 12 (docs/reliability.md): each template bomb of
tests/test_template_bounds.py as a whole `vaultkit agenda` process (seconds, peak RSS,
under a 1 GB address-space limit), and search of a 50 MB note (seconds per query).

Run:  PYTHONPATH=. python benchmarks/bench_bounds.py [--mb 50]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from test_template_bounds import BOMBS  # noqa: E402

from vaultkit.vault import Vault  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
BUDGET = 1.0


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def bombs(work: Path) -> None:
    vault = work / "vault"
    shutil.copytree(ROOT / "example-vault", vault)
    (vault / ".vaultkit" / "templates").mkdir(parents=True, exist_ok=True)
    (vault / ".vaultkit" / "config.toml").write_text(f"[templates]\nrender_seconds = {BUDGET}\n")
    base = [sys.executable, "-m", "vaultkit", "--vault", str(vault), "--index",
            str(work / "index.sqlite3")]
    subprocess.run([*base, "index"], capture_output=True, env=ENV, check=True)
    print(f"template bombs, render_seconds = {BUDGET} (whole process: start-up, sync, render)")
    for name, text in BOMBS.items():
        (vault / ".vaultkit" / "templates" / "agenda.txt.j2").write_text(text)
        start = time.monotonic()
        proc = subprocess.Popen([*base, "agenda"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, env=ENV, preexec_fn=_limited)
        err = proc.stderr.read().decode().strip().splitlines()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.stderr.close()
        seconds = time.monotonic() - start
        print(f"  {name:24} exit {os.waitstatus_to_exitcode(status)}  {seconds:5.2f} s  "
              f"{usage.ru_maxrss / 1024:6.1f} MB  {err[-1][:70] if err else ''}")


def search(work: Path, mb: int) -> None:
    root = work / "big"
    (root / ".vaultkit").mkdir(parents=True)
    (root / "people").mkdir()
    words = "alpha beta gamma delta "
    (root / "people" / "Big Note.md").write_text(
        "---\ntags: [contact]\n---\n" + words * (mb * 1_000_000 // len(words)) + "needle\n")
    with Vault.open(root, work / "big.sqlite3") as vault:
        start = time.monotonic()
        vault.sync()
        print(f"search of a {mb} MB note (indexed in {time.monotonic() - start:.1f} s)")
        for query in ("alpha", "alpha beta", "needle", "nothing"):
            best = min(_timed(vault, query) for _ in range(3))
            print(f"  {query!r:14} {best:.3f} s (best of 3)")


def _timed(vault: Vault, query: str) -> float:
    start = time.monotonic()
    vault.search(query)
    return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bombs(Path(tmp))
        search(Path(tmp), args.mb)


if __name__ == "__main__":
    main()
