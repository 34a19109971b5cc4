"""Benchmark a cold `vaultkit index` against its floor (issue 17, target 1).

The floor is one process that reads every note and parses its front matter with
yaml.CSafeLoader, nothing else (one core: what "reading and parsing alone" costs). Each
round runs the floor and a cold index (a fresh index file) back to back, the order turned
every round, on a vault of benchmarks/genvault.py, after one untimed floor that brings the
notes into the page cache (a single round says little: use three or more). Printed, for each size:

- the medians of both, with their quartiles, and the median of the rounds' ratios against
  the target (<= 1.2x the floor: OVER when over);
- the total CPU time (user + system, the index's worker processes included: GNU time's,
  from wait4) against the floor's (target <= 2.4x);
- the peak RSS of each;
- with both sizes, the cost per note at 100,000 contacts against that at 10,000 (target
  within 15 %: no super-linear step).

With `--against REV`, a cold index of that revision (a git worktree) runs in the same
rounds too, the three in turn, and the median of the rounds' ratios of this tree's to it is
printed, of time and of CPU: what a change did, on a machine too noisy for two separate runs.

A measurement, not a test: exit 0 whatever the figures, 2 if a run failed.
Run:  python benchmarks/bench_cold.py [--runs 5] [--big] [--big-runs 3] [--work DIR]
                                      [--against REV]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_agenda100k import run  # noqa: E402
from bench_startup import ROOT, Failed, spread, worktree  # noqa: E402

from bench_index import VAULTKIT, fresh, workspace  # noqa: E402
from genvault import generate  # noqa: E402

TIME_TARGET = 1.2  # x the floor's wall time
CPU_TARGET = 2.4  # x the floor's CPU time
PER_NOTE_TARGET = 1.15  # cost per note at 100k / at 10k

FLOOR_CODE = """
import os, sys, yaml
for folder, _dirs, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".md"):
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                text = handle.read()
            if text.startswith("---\\n"):
                yaml.load(text[4:text.index("\\n---", 4)], Loader=yaml.CSafeLoader)
"""


def measured(args: list[str], tree: Path | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, waited-for children included) and peak
    RSS (MB) of one process (bench_agenda100k.run: GNU time's); `tree`: the code to run,
    when not this tree's."""
    return run(args, tree=tree or ROOT)[:3]


def pairs(vault: Path, index: Path, runs: int, base: Path | None = None
          ) -> dict[str, list[tuple[float, float, float]]]:
    """`runs` rounds of the floor and a cold index (and one of the tree `base`), the order
    turned every round, after one untimed floor."""
    indexes = {"index": index, "base": index.with_name(f"{index.stem}-base.sqlite3")}
    lines = {"floor": [sys.executable, "-c", FLOOR_CODE, str(vault)],
             **{name: [*VAULTKIT, "--vault", str(vault), "--index", str(path), "index"]
                for name, path in indexes.items() if name == "index" or base}}
    found: dict[str, list] = {name: [] for name in lines}
    # Once untimed first: the notes in the page cache, as for every later round (seen: a
    # first floor at 100k took 31 s, against 13 s once the files were cached).
    measured(lines["floor"])
    names = list(lines)
    for turn in range(runs):
        for name in names[turn % len(names):] + names[:turn % len(names)]:
            if name != "floor":
                fresh(indexes[name])
            found[name].append(measured(lines[name], base if name == "base" else None))
    return found


def show(label: str, notes: int, found: dict[str, list]) -> float:
    """Print one size's figures; the median seconds per note of the cold index."""
    runs = len(found["floor"])
    print(f"\n{label}: {notes} notes, medians of {runs} rounds alternating with the floor")
    titles = {"floor": "floor (read + CSafeLoader)", "index": "cold index",
              "base": "cold index, baseline"}
    for name, title in titles.items():
        if name not in found:
            continue
        wall = [one[0] for one in found[name]]
        q1, q3 = spread(wall)
        print(f"  {title:<28} {statistics.median(wall):7.2f} s  (q1–q3 {q1:.2f}–{q3:.2f})   "
              f"CPU {statistics.median(one[1] for one in found[name]):6.2f} s   "
              f"peak RSS {max(one[2] for one in found[name]):6.1f} MB")
    ratios = sorted(i[0] / f[0] for i, f in zip(found["index"], found["floor"], strict=True))
    cpu = sorted(i[1] / f[1] for i, f in zip(found["index"], found["floor"], strict=True))
    for what, values, target in (("time", ratios, TIME_TARGET), ("CPU", cpu, CPU_TARGET)):
        ratio = statistics.median(values)
        print(f"  {what} ratio to the floor {ratio:5.2f} ({values[0]:.2f}–{values[-1]:.2f})"
              f"   target <= {target:.1f}   {'ok' if ratio <= target else 'OVER'}")
    if "base" in found:
        for what, at in (("time", 0), ("CPU", 1)):
            values = sorted(i[at] / b[at] for i, b in zip(found["index"], found["base"],
                                                            strict=True))
            print(f"  {what} of this tree / the baseline's {statistics.median(values):5.2f} "
                  f"({values[0]:.2f}–{values[-1]:.2f})")
    return statistics.median(one[0] for one in found["index"]) / notes


def bench_size(contacts: int, runs: int, work: Path, base: Path | None) -> float:
    vault = work / f"vault-{contacts}"
    if not vault.exists():
        print(f"generating {contacts} contacts in {vault} …", flush=True)
        generate(vault, contacts)
    notes = sum(1 for _ in vault.rglob("*.md"))
    found = pairs(vault, work / f"cold-{contacts}.sqlite3", runs, base)
    return show(f"{contacts} contacts", notes, found)


def bench_sizes(args: argparse.Namespace, work: Path, base: Path | None) -> None:
    small = bench_size(10_000, args.runs, work, base)
    if args.big:
        large = bench_size(100_000, args.big_runs, work, base)
        ratio = large / small
        print(f"\ncost per note at 100k / at 10k: {ratio:.2f}   target <= "
              f"{PER_NOTE_TARGET:.2f}   {'ok' if ratio <= PER_NOTE_TARGET else 'OVER'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="rounds at 10,000 contacts")
    parser.add_argument("--big", action="store_true", help="and 100,000 contacts")
    parser.add_argument("--big-runs", type=int, default=3, help="rounds at 100,000")
    parser.add_argument("--work", type=Path, help="keep the generated vaults here (reused)")
    parser.add_argument("--against", metavar="REV",
                        help="a cold index of this revision in the same rounds too")
    args = parser.parse_args()
    started = time.perf_counter()
    try:
        with workspace(args.work) as work:
            if args.against:
                with worktree(args.against) as tree:
                    print(f"baseline: {args.against}")
                    bench_sizes(args, work, tree)
            else:
                bench_sizes(args, work, None)
    except Failed as exc:
        print(exc, file=sys.stderr)
        sys.exit(2)
    print(f"({time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
