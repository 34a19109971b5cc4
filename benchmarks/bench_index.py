"""Benchmark the vault core (issue: vault core, "Speed and memory").

Generates its own vault (benchmarks/genvault.py), then measures whole `vaultkit` processes:

- cold `vaultkit index` of N contacts, against the floor: a process that reads every note
  and parses its front matter with yaml.CSafeLoader (issue 17, target 1: at most 1.2x, CPU
  at most 2.4x), in rounds alternating with it, medians (benchmarks/bench_cold.py);
- `vaultkit index` with nothing changed (target: 0.3 s);
- `vaultkit list --json` and `vaultkit search` with a current index (target: 0.4 s each);
- with --big: the cold index of 100,000 contacts the same way, its cost per note against
  the smaller vault's (within 15 %), and the peak memory of one more run (target: 300 MB).

The cold index is the median of paired rounds; the three figures after it, the vault
core's, are the best of --repeat runs.
Run:  python benchmarks/bench_index.py [--contacts 10000] [--big] [--work DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from genvault import generate  # noqa: E402

VAULTKIT = [sys.executable, "-m", "vaultkit"]
# An installed vaultkit runs from compiled bytecode; without it every process would compile
# its modules anew (this machine sets PYTHONDONTWRITEBYTECODE).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(args: list[str], index: Path, vault: Path, memory: bool = False
        ) -> tuple[float, dict[str, float]]:
    """Wall time of one vaultkit process; with `memory`, its peaks in MB, sampled from /proc
    every 50 ms: `rss` of the main process, and `pss` of it and its worker processes together
    (proportional set size: pages that forked workers share with it counted once)."""
    started = time.perf_counter()
    proc = subprocess.Popen([*VAULTKIT, "--vault", str(vault), "--index", str(index), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    peaks = {"rss": 0.0, "pss": 0.0}
    while proc.poll() is None:
        if memory:
            tree = _tree(proc.pid)
            peaks["rss"] = max(peaks["rss"], _kib(proc.pid, "Rss") / 1024)
            peaks["pss"] = max(peaks["pss"], sum(_kib(pid, "Pss") for pid in tree) / 1024)
        time.sleep(0.05 if memory else 0.005)
    elapsed = time.perf_counter() - started
    if proc.returncode:
        raise SystemExit(f"vaultkit {' '.join(args)} failed with exit code {proc.returncode}")
    return elapsed, peaks


def _tree(root: int) -> list[int]:
    """`root` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _kib(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def timed(args: list[str]) -> float:
    """Wall time of one process, its output discarded."""
    started = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=ENV)
    return time.perf_counter() - started


def fresh(index: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{index}{suffix}").unlink(missing_ok=True)


def best(times: list[float]) -> float:
    return min(times)


def report(label: str, seconds: float, target: float, unit: str = "s") -> None:
    verdict = "ok" if seconds <= target else "OVER"
    print(f"{label:<44} {seconds:7.3f} {unit}   target {target:.3f} {unit}   "
          f"ratio {seconds / target:5.2f}  {verdict}")


def bench(contacts: int, repeat: int, work: Path) -> float:
    """The figures at `contacts`; the cold index's median seconds per note."""
    vault = work / f"vault-{contacts}"
    if not vault.exists():
        print(f"generating {contacts} contacts in {vault} …", flush=True)
        generate(vault, contacts)
    index = work / f"index-{contacts}.sqlite3"
    notes = sum(1 for _ in vault.rglob("*.md"))
    print(f"\n{notes} notes ({contacts} contacts)")

    from bench_cold import pairs, show  # noqa: PLC0415 - it imports this module

    print("cold index (issue 17, target 1):")
    per_note = show(f"{contacts} contacts", notes, pairs(vault, index, max(repeat, 5)))
    print(f"\nthe rest, best of {repeat} (the vault core's targets):")
    time.sleep(2.1)  # let the racy-clean window pass, as it would between real commands
    run(["index"], index, vault)
    report("vaultkit index, nothing changed", best(
        [run(["index"], index, vault)[0] for _ in range(repeat)]), 0.3)
    report("vaultkit list --json", best(
        [run(["list", "--json"], index, vault)[0] for _ in range(repeat)]), 0.4)
    report("vaultkit search fintech", best(
        [run(["search", "fintech"], index, vault)[0] for _ in range(repeat)]), 0.4)
    floor_proc = best([_python_floor() for _ in range(repeat)])
    label = "(for scale: python -c 'import click, yaml, sqlite3')"
    print(f"{label:<44} {floor_proc:7.3f} s")
    return per_note


def _python_floor() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import click, yaml, sqlite3"], check=True, env=ENV)
    return time.perf_counter() - started


def bench_big(contacts: int, work: Path, runs: int, small_per_note: float) -> None:
    from bench_cold import PER_NOTE_TARGET, pairs, show  # noqa: PLC0415 - it imports this

    vault = work / f"vault-{contacts}"
    if not vault.exists():
        print(f"generating {contacts} contacts in {vault} …", flush=True)
        generate(vault, contacts)
    index = work / f"index-{contacts}.sqlite3"
    notes = sum(1 for _ in vault.rglob("*.md"))
    ratio = show(f"{contacts} contacts", notes, pairs(vault, index, runs)) / small_per_note
    print(f"  cost per note against the smaller vault's: {ratio:.2f}   target <= "
          f"{PER_NOTE_TARGET:.2f}   {'ok' if ratio <= PER_NOTE_TARGET else 'OVER'}")
    fresh(index)
    seconds, peaks = run(["index"], index, vault, memory=True)
    print(f"\none more cold vaultkit index of {contacts} contacts, its memory sampled: "
          f"{seconds:.2f} s")
    for what, label in (("pss", "peak memory, all processes (PSS)"),
                        ("rss", "peak RSS of the main process")):
        mb = peaks[what]
        print(f"  {label:<42} {mb:6.1f} MB   target 300 MB   ratio {mb / 300:5.2f}  "
              f"{'ok' if mb <= 300 else 'OVER'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--big", action="store_true", help="also index 100,000 contacts")
    parser.add_argument("--big-runs", type=int, default=3, help="cold rounds at 100,000")
    parser.add_argument("--work", type=Path, help="keep generated vaults here (reused)")
    args = parser.parse_args()
    with workspace(args.work) as work:
        per_note = bench(args.contacts, args.repeat, work)
        if args.big:
            bench_big(100_000, work, args.big_runs, per_note)


@contextmanager
def workspace(keep: Path | None):
    """A folder for generated vaults (`keep`, reused; else a temporary one), with vaultkit
    compiled to bytecode first, as an installed copy runs."""
    import compileall

    import vaultkit

    compileall.compile_dir(Path(vaultkit.__file__).parent, quiet=1)
    work = keep or Path(tempfile.mkdtemp(prefix="vaultkit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        yield work
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
