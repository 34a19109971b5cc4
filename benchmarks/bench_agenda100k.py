"""Benchmark the agenda at 100,000 contacts (issue 17, targets 4 and 5).

`vaultkit agenda --format json --date 2026-11-27` as a whole process, on two generated
vaults (benchmarks/genvault.py) of 100,000 contacts with a current index:

- kept up (a quarter of the contacts overdue): target <= 1.0 s;
- backlog (every contact overdue, `--backlog 1`): target <= 2.0 s;
- peak RSS of the agenda process <= 80 MB on both (the JSON is streamed);
- for comparison, not a target: the text agenda (`agenda --date`, 50 items a section),
  its time and peak RSS.

Paired runs, as against_target.py: --runs rounds of the import floor (`python -c "import
vaultkit.cli"`), the agenda and, for scale, the no-op `vaultkit index` that every command
does first, back to back, the order turned every round. Printed: medians, the quartiles,
the figure against its target (OVER when over) and against the floor, the CPU time (user +
system) and the peak RSS of each process (GNU time's, from wait4). A measurement, not a
test: exit 0 whatever the figures, 2 if a run failed.

Run:  python benchmarks/bench_agenda100k.py [--runs 9] [--work DIR]
      python benchmarks/bench_agenda100k.py --kept VAULT --backlog VAULT --work DIR
      python benchmarks/bench_agenda100k.py ... --against 6a387d8
(--kept/--backlog: vaults generated already, only read; the indexes go in --work.
--against: then the agenda of this tree and of that revision, alternating, in pairs.)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_startup import ROOT, Failed, Version, paired, same_output, spread, worktree  # noqa: E402,E501

from bench_index import ENV, VAULTKIT, workspace  # noqa: E402
from genvault import generate  # noqa: E402

DATE = "2026-11-27"
TARGETS = {"kept up": (0.25, 1.0), "backlog": (1.0, 2.0)}  # backlog share, seconds
RSS_TARGET = 80.0  # MB
FLOOR = [sys.executable, "-c", "import vaultkit.cli"]


def run(args: list[str], output: bool = False, tree: Path = ROOT
        ) -> tuple[float, float, float, bytes]:
    """Wall seconds, CPU seconds (user + system), peak RSS (MB) and (if `output`) stdout
    of one process (CPU time says more than wall time on a loaded machine). The peak is
    GNU time's (`%M`, the wait4 of a child it forks): Linux keeps the high-water mark of
    the memory a child had before its exec, so the process started straight from this one
    would count this one's memory as its own."""
    env = {**ENV, "PYTHONPATH": str(tree)}  # `tree`: the code to run (this one's, or a
    started = time.perf_counter()           # baseline's worktree)
    proc = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", *args], env=env, cwd="/",
                          stdout=subprocess.PIPE if output else subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    err = proc.stderr.decode(errors="replace").rstrip()
    if proc.returncode:
        raise Failed(f"{' '.join(args)} exited with {proc.returncode}:\n{err}")
    user, system, peak = err.splitlines()[-1].split()
    return elapsed, float(user) + float(system), int(peak) / 1024, proc.stdout or b""


def check_import() -> None:
    *_, out = run([sys.executable, "-c", "import vaultkit; print(vaultkit.__file__)"], True)
    where = Path(out.decode().strip()).resolve()
    if not where.is_relative_to(ROOT.resolve()):
        raise Failed(f"imports vaultkit from {where}, not from {ROOT}")


def bench_vault(label: str, vault: Path, index: Path, runs: int) -> None:
    base = [*VAULTKIT, "--vault", str(vault), "--index", str(index)]
    run([*base, "index"])
    time.sleep(2.1)  # past the racy-clean window, as between real commands
    agenda = [*base, "agenda", "--date", DATE, "--format", "json"]
    data = json.loads(run(agenda, output=True)[3])
    items, held = len(data["items"]), len(data["held"])
    del data
    lines = {"floor": FLOOR, "agenda": agenda, "agenda (text)": agenda[:-2],
             "index (no-op)": [*base, "index"]}
    times = {name: [] for name in lines}
    rss = {name: [] for name in lines}
    cpu = {name: [] for name in lines}
    names = list(lines)
    for i in range(runs):
        turn = i % len(names)
        for name in names[turn:] + names[:turn]:
            seconds, used, peak, _ = run(lines[name])
            times[name].append(seconds)
            cpu[name].append(used)
            rss[name].append(peak)
    target = TARGETS[label][1]
    print(f"\n{label}: {vault}  ({items} items, {held} held; "
          f"medians of {runs} rounds)")
    for name in names:
        q1, q3 = spread(times[name])
        print(f"  {name:<16} {statistics.median(times[name]):7.3f} s  (q1–q3 {q1:.3f}–"
              f"{q3:.3f} s)   CPU {statistics.median(cpu[name]):6.3f} s   "
              f"peak RSS {statistics.median(rss[name]):6.1f} MB "
              f"(max {max(rss[name]):.1f})")
    figure = statistics.median(times["agenda"])
    peak = max(rss["agenda"])
    ratios = sorted(a / f for a, f in zip(times["agenda"], times["floor"], strict=True))
    print(f"  target {target:.1f} s: ratio {figure / target:.2f}  "
          f"{'ok' if figure <= target else 'OVER'}   (× the floor: median of the rounds' "
          f"ratios {statistics.median(ratios):.1f}, {ratios[0]:.1f}–{ratios[-1]:.1f})")
    print(f"  peak RSS target {RSS_TARGET:.0f} MB: {peak:.1f} MB, ratio "
          f"{peak / RSS_TARGET:.2f}  {'ok' if peak <= RSS_TARGET else 'OVER'}")
    text = max(rss["agenda (text)"])  # not a target of the issue: flat too, 50 a section
    print(f"  the text agenda's peak RSS: {text:.1f} MB, ratio {text / RSS_TARGET:.2f} "
          f"of {RSS_TARGET:.0f} MB")


def against(rev: str, label: str, vault: Path, index: Path, runs: int) -> None:
    """The JSON agenda of this tree against revision `rev`'s, `runs` pairs back to back,
    the order swapped every pair; each its own index (`rev`'s built first, untimed)."""
    args = ["agenda", "--date", DATE, "--format", "json"]
    with worktree(rev) as tree:
        base = Version(rev, tree, index.with_name(f"{index.stem}-{rev}.sqlite3"), Path("/"))
        current = Version("current", ROOT, index, Path("/"))
        for version in (base, current):
            version.run([*VAULTKIT, "--vault", str(vault), "--index", str(version.index),
                         "index"])
        print(f"  against {rev}: {same_output(base, current, vault, args)}")
        old, new = paired(base, current, vault, args, runs)
    ratios = sorted(n / o for n, o in zip(new, old, strict=True))
    print(f"  against {rev}: {statistics.median(old):.3f} s, this tree "
          f"{statistics.median(new):.3f} s; median of the pairs' ratios "
          f"{statistics.median(ratios):.3f} ({ratios[0]:.3f}–{ratios[-1]:.3f}, {runs} pairs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9, help="rounds")
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--work", type=Path, help="keep vaults and indexes here (reused)")
    parser.add_argument("--kept", type=Path, help="a kept-up vault generated already")
    parser.add_argument("--backlog", type=Path, help="a backlog vault generated already")
    parser.add_argument("--only", choices=list(TARGETS), help="one of the two vaults")
    parser.add_argument("--against", metavar="REV",
                        help="then the agenda paired with a git revision's (e.g. 6a387d8)")
    args = parser.parse_args()
    started = time.perf_counter()
    try:
        check_import()
        with workspace(args.work) as work:
            for label, (share, _target) in TARGETS.items():
                if args.only and label != args.only:
                    continue
                vault = args.kept if label == "kept up" else args.backlog
                if vault is None:
                    vault = work / f"vault-{args.contacts}-{share}"
                    if not vault.exists():
                        print(f"generating {args.contacts} contacts ({label}) in {vault} …",
                              flush=True)
                        generate(vault, args.contacts, backlog=share)
                index = work / f"agenda-{label.split()[0]}-{args.contacts}.sqlite3"
                bench_vault(label, vault, index, args.runs)
                if args.against:
                    against(args.against, label, vault, index, args.runs)
    except Failed as exc:
        print(exc, file=sys.stderr)
        sys.exit(2)
    print(f"({time.perf_counter() - started:.0f} s in all; load average now "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
