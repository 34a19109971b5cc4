"""Benchmark a `vaultkit index` that finds nothing to do (issue 17, target 2): at most 1.3
times a bare stat walk of the same vault, and at most 40 MB of peak RSS.

The floor is the least any no-op sync must do: a process of its own (`python -c`, so its
start-up counts as vaultkit's does) that walks the vault with `os.scandir`, recursing into
folders and calling `stat` on each `.md` file, and nothing else. The figure is a whole
`python -m vaultkit --vault V --index I index` process on a current index (built first if
it is missing or out of date, then left past the racy-clean window so that no note is read
again).

Runs are paired, floor and vaultkit back to back, the order swapped every other pair; the
time is the median of each, the ratio the median of the per-pair ratios (with its
quartiles: the machine's noise). Peak RSS is each process's own high-water mark, as the
kernel counts it (VmHWM, read from /proc while it runs, as bench_index.run samples); the
figure is the largest of the runs. OVER when the ratio is over 1.3 or the peak over 40 MB.
A measurement, not a test: the exit status is 0 whatever the figures, 2 if a run failed.

The vault is read, never written: `--vault` may name a shared one. Without it, a vault of
--contacts contacts is generated into --work (benchmarks/genvault.py) and reused.

Run:  python benchmarks/bench_noop.py [--vault DIR] [--index FILE] [--runs 15]
      [--contacts 100000] [--work DIR] [--tree CHECKOUT]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_startup import Failed, Version, spread, vault_of  # noqa: E402

from bench_index import VAULTKIT, workspace  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RATIO, PEAK_MB = 1.3, 40.0

FLOOR = """\
import os, sys
def walk(folder):
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir():
                walk(entry.path)
            elif entry.name.endswith(".md"):
                entry.stat()
walk(sys.argv[1])
"""


def measured(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, bytes]:
    """Wall time, peak RSS in MB and stdout of one process; Failed if it fails. The peak is
    the kernel's high-water mark of the process (VmHWM in /proc/PID/status), read every
    2 ms while it runs: a peak between two readings is not missed, only growth in its last
    2 ms. (Not `ru_maxrss` from wait4: Linux counts in it the parent's size at the fork.)"""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            cwd=cwd)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _hwm_kib(proc.pid))
        time.sleep(0.002)
    elapsed = time.perf_counter() - started
    out, err = proc.communicate()
    if proc.returncode:
        raise Failed(f"{' '.join(args)} exited with {proc.returncode}:\n"
                     + err.decode(errors="replace").rstrip())
    return elapsed, peak / 1024, out


def _hwm_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", "rb") as handle:
            for line in handle:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0  # not started yet, or already gone


def prepare(current: Version, vault: Path) -> list[str]:
    """The vaultkit command line, after making its index current and past the racy-clean
    window; the no-op's summary line is checked."""
    line = [*VAULTKIT, "--vault", str(vault), "--index", str(current.index), "index"]
    print(f"indexing {vault} into {current.index} (if needed) …", flush=True)
    current.run(line)
    time.sleep(2.1)  # past the racy-clean window, as between real commands
    current.run(line)  # reads again the notes indexed within the window, if any
    for _ in range(2):  # warm-up: bytecode, the page cache of the vault and the index
        _, _, out = measured(line, current.env, current.cwd)
    if b"no changes" not in out:
        raise Failed(f"the index did not settle: {out.decode(errors='replace').strip()}")
    return line


def bench(args: argparse.Namespace, work: Path) -> None:
    vault = args.vault.resolve() if args.vault else vault_of(work, args.contacts)
    index = args.index or work / f"noop-index-{vault.name}.sqlite3"
    current = Version("current", args.tree.resolve(), index, work)
    current.check_import()
    line = prepare(current, vault)
    floor = [sys.executable, "-c", FLOOR, str(vault)]
    notes = sum(1 for _ in vault.rglob("*.md"))
    times: dict[str, list[float]] = {"floor": [], "vaultkit": []}
    peaks: dict[str, list[float]] = {"floor": [], "vaultkit": []}
    for i in range(args.runs):
        for name in ("floor", "vaultkit") if i % 2 == 0 else ("vaultkit", "floor"):
            seconds, peak, _ = measured(floor if name == "floor" else line, current.env, work)
            times[name].append(seconds)
            peaks[name].append(peak)
    ratios = [v / f for f, v in zip(times["floor"], times["vaultkit"], strict=True)]
    report(vault, notes, args.runs, times, peaks, ratios)


def report(vault: Path, notes: int, runs: int, times: dict[str, list[float]],
           peaks: dict[str, list[float]], ratios: list[float]) -> None:
    floor_s, figure = statistics.median(times["floor"]), statistics.median(times["vaultkit"])
    ratio, (q1, q3) = statistics.median(ratios), spread(ratios)
    peak, floor_peak = max(peaks["vaultkit"]), max(peaks["floor"])
    load = os.getloadavg()[0]
    print(f"\n{vault}: {notes} notes; medians of {runs} paired runs; load average {load:.1f}"
          f" at the end")
    print(f"{'floor: stat walk, a process of its own':<44} {floor_s:7.3f} s   "
          f"peak RSS {floor_peak:5.1f} MB")
    print(f"{'vaultkit index, nothing changed':<44} {figure:7.3f} s   "
          f"peak RSS {peak:5.1f} MB")
    print(f"{'time: ratio to the floor':<44} {ratio:7.2f}     (q1–q3 {q1:.2f}–{q3:.2f})   "
          f"target <= {RATIO:.2f}  {'ok' if ratio <= RATIO else 'OVER'}")
    print(f"{'memory: peak RSS':<44} {peak:7.1f} MB  target <= {PEAK_MB:.0f} MB   "
          f"ratio {peak / PEAK_MB:.2f}  {'ok' if peak <= PEAK_MB else 'OVER'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="pairs of runs")
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--vault", type=Path, help="an existing vault (only read)")
    parser.add_argument("--index", type=Path, help="its index file (default: in --work)")
    parser.add_argument("--work", type=Path, help="keep the generated vault here (reused)")
    parser.add_argument("--tree", type=Path, default=ROOT,
                        help="the vaultkit checkout to measure (default: this one)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    try:
        with workspace(args.work.resolve() if args.work else None) as work:
            bench(args, work)
    except Failed as exc:
        print(f"failed: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
