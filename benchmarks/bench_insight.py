"""Benchmark `vaultkit stats --json` (issue 16, "Speed": <= 0.6 s as a whole process).

On the kept-up generated vault of --contacts contacts (benchmarks/genvault.py, a quarter of
the contacts overdue) with a current index, so the measured runs find nothing to sync:
`python -m vaultkit stats --json --date 2026-11-27`, in paired runs alternating with the
import floor (`python -c "import vaultkit.cli"`, a process that does nothing but start;
the order swapped every other pair, as bench_startup.paired does). Prints the medians of
each, the target, and the ratio of the figure to the target (<= 1.00 meets it).

A measurement, not a test: exit 0 whatever the figure, 2 if a run failed.

Run:  python benchmarks/bench_insight.py [--runs 15] [--contacts 10000] [--work DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from against_target import main, report, rounds  # noqa: E402
from bench_startup import ROOT, Version, prepare, vault_of  # noqa: E402

from bench_index import VAULTKIT  # noqa: E402

TARGET = 0.6
DATE = "2026-11-27"
STATS = ["stats", "--json", "--date", DATE]
AGENDA = ["agenda", "--format", "json", "--date", DATE]  # for scale: stats runs the agenda


def bench(args: argparse.Namespace, work: Path) -> None:
    vault = vault_of(work, args.contacts)
    current = Version("current", ROOT, work / f"insight-{args.contacts}.sqlite3", work)
    commands = {"stats --json": STATS, "agenda --format json": AGENDA}
    prepare([current], vault, commands)
    _, out = current.run([*VAULTKIT, "--vault", str(vault), "--index", str(current.index),
                          *STATS], output=True)
    times = rounds(current, vault, commands, args.runs)
    print(f"\nstats --json, {args.contacts} contacts ({len(out)} bytes of JSON); medians of "
          f"{args.runs} rounds")
    report(times, "stats --json", TARGET,
           ("agenda --format json", "for scale: stats runs the agenda for its health"))


if __name__ == "__main__":
    main(__doc__, bench)
