"""Benchmark `vaultkit graph --format json` (issue 16, "Speed": <= 0.6 s as a whole process
on the generated vault of 10,000 contacts, benchmarks/genvault.py, with a current index).

Paired runs (as bench_startup.py): --runs times, the graph command and the import floor
(`python -c "import vaultkit.cli"`, what any command pays before it reads anything) back to
back, the order swapped every other pair. Printed: the medians of both, the target and the
ratio figure / target (at most 1.00 meets it), the command's CPU time (user + system: less
sensitive to a loaded machine than the wall time), and the graph's size. Also `--focus` on
one contact, `--format mermaid`, and — for scale on a loaded machine — `agenda --format
json` on the same vault (its own target is 0.5 s, docs/performance-history.md). A measurement, not
a test: exit 0 whatever the figures, 2 if a run failed.

Run:  python benchmarks/bench_graph.py [--runs 15] [--contacts 10000] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from against_target import main  # noqa: E402
from bench_startup import ROOT, Version, argv, spread, vault_of  # noqa: E402

TARGET = 0.6
COMMANDS = {
    "graph --format json": ["graph", "--format", "json"],
    "(agenda --format json)": ["agenda", "--format", "json", "--date", "2026-11-27"],
    "graph --format mermaid": ["graph", "--format", "mermaid"],
    "graph --focus (depth 2)": ["graph", "--format", "json", "--focus",
                                "people/FOCUS.md"],
}
FLOOR = [sys.executable, "-c", "import vaultkit.cli"]


def cpu_of(run) -> tuple[float, float]:
    """(wall, CPU) seconds of `run()`, one child process: its user and system time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = run()[0]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(version: Version, vault: Path, args: list[str], runs: int
            ) -> tuple[float, float, float, float, float]:
    """Medians of the command, of its CPU time and of the floor over `runs` pairs; q1, q3
    of the command."""
    command, cpu, floor = [], [], []
    for i in range(runs):
        for which in ("command", "floor") if i % 2 == 0 else ("floor", "command"):
            if which == "command":
                wall, used = cpu_of(lambda: version.run(argv(version, vault, args)))
                command.append(wall)
                cpu.append(used)
            else:
                floor.append(version.run(FLOOR)[0])
    q1, q3 = spread(command)
    return (statistics.median(command), statistics.median(cpu), statistics.median(floor),
            q1, q3)


def bench(args: argparse.Namespace, work: Path) -> None:
    vault = vault_of(work, args.contacts)
    version = Version("current", ROOT, work / f"graph-{args.contacts}.sqlite3", work)
    version.check_import()
    version.run([*argv(version, vault, ["index"])])
    time.sleep(2.1)  # past the racy-clean window, as between real commands
    focus = sorted((vault / "people").iterdir())[0].stem
    _, out = version.run(argv(version, vault, ["graph", "--format", "json", "--top",
                                               "1000000"]), output=True)
    whole = json.loads(out)
    print(f"\ncurrent: {ROOT}   {args.contacts} contacts: the whole graph has "
          f"{len(whole['nodes'])} nodes and {len(whole['edges'])} edges (shown: --top 60)")
    print(f"medians of {args.runs} paired runs with the floor (import vaultkit.cli)\n")
    print(f"{'command':<26} {'figure':>8} {'q1–q3':>13} {'CPU':>7} {'floor':>8} "
          f"{'target':>7} {'ratio':>6}")
    for label, command in COMMANDS.items():
        command = [a.replace("people/FOCUS.md", f"people/{focus}.md") for a in command]
        for _ in range(2):  # warm-up: bytecode, the page cache
            version.run(argv(version, vault, command))
        figure, cpu, floor, q1, q3 = measure(version, vault, command, args.runs)
        verdict = "ok" if figure <= TARGET else "OVER"
        print(f"{label:<26} {figure:6.3f} s {q1:5.3f}–{q3:.3f} s {cpu:5.3f} s {floor:6.3f} s "
              f"{TARGET:5.2f} s {figure / TARGET:6.2f}  {verdict}", flush=True)
    print(f"\n(agenda …): the agenda's figure on the same vault at the same time, for scale "
          f"on a loaded machine (load average {os.getloadavg()[0]:.1f} now)")


if __name__ == "__main__":
    main(__doc__, bench)
