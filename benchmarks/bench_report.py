"""Benchmark `vaultkit report --format html` (issue 16, "Speed": <= 2 s as a whole process).

On the kept-up generated vault of --contacts contacts (benchmarks/genvault.py, a quarter of
the contacts overdue) with a current index, so the measured runs find nothing to sync:
`python -m vaultkit report --format html --date 2026-11-27` (to standard output: a
write to a file is one atomic rename more), in paired runs alternating with the
import floor (`python -c "import vaultkit.cli"`, a process that does nothing but start;
the order swapped every other pair, as bench_startup.paired does). Prints the medians of
each, the target, and the ratio of the figure to the target (<= 1.00 meets it).

A measurement, not a test: exit 0 whatever the figure, 2 if a run failed.

Run:  python benchmarks/bench_report.py [--runs 15] [--contacts 10000] [--work DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_startup import ROOT, Failed, Version, prepare, spread, vault_of  # noqa: E402

from bench_index import VAULTKIT, workspace  # noqa: E402

TARGET = 2.0
DATE = "2026-11-27"
REPORT = ["report", "--format", "html", "--date", DATE]
STATS = ["stats", "--json", "--date", DATE]  # for scale: the report's figures
FLOOR = [sys.executable, "-c", "import vaultkit.cli"]


def measure(current: Version, vault: Path, runs: int) -> dict[str, list[float]]:
    """`runs` rounds of the floor, the report and stats back to back, the order turned
    every round so that none always runs first."""
    where = [*VAULTKIT, "--vault", str(vault), "--index", str(current.index)]
    commands = {"floor": FLOOR, "report": [*where, *REPORT], "stats": [*where, *STATS]}
    times: dict[str, list[float]] = {name: [] for name in commands}
    names = list(commands)
    for i in range(runs):
        for name in names[i % 3:] + names[: i % 3]:
            times[name].append(current.run(commands[name])[0])
    return times


def bench(args: argparse.Namespace, work: Path) -> None:
    vault = vault_of(work, args.contacts)
    current = Version("current", ROOT, work / f"report-{args.contacts}.sqlite3", work)
    prepare([current], vault, {"report": REPORT, "stats": STATS})
    _, out = current.run([*VAULTKIT, "--vault", str(vault), "--index", str(current.index),
                          *REPORT], output=True)
    times = measure(current, vault, args.runs)
    f, s = statistics.median(times["floor"]), statistics.median(times["report"])
    q1, q3 = spread(times["report"])
    print(f"\nreport --format html, {args.contacts} contacts ({len(out)} bytes of HTML); "
          f"medians of {args.runs} rounds")
    print(f"{'floor (import vaultkit.cli)':<30} {f:7.3f} s")
    print(f"{'report --format html':<30} {s:7.3f} s   (q1–q3 {q1:.3f}–{q3:.3f} s)")
    print(f"{'stats --json':<30} {statistics.median(times['stats']):7.3f} s"
          "   (for scale: the report's figures)")
    print(f"{'target':<30} {TARGET:7.3f} s   ratio {s / TARGET:.2f}  "
          f"{'ok' if s <= TARGET else 'OVER'}   (above the floor: {s - f:.3f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="pairs of runs")
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--work", type=Path, help="keep the generated vault here (reused)")
    args = parser.parse_args()
    started = time.perf_counter()
    try:
        with workspace(args.work) as work:
            bench(args, work)
    except Failed as exc:
        print(exc, file=sys.stderr)
        sys.exit(2)
    print(f"({time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
