"""What the benchmarks of an absolute target share (issue 16: `stats`, `graph`, `report`):
the command line, a measurement in rounds alternating with the import floor, and the
lines that print the figure, the target and their ratio."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_startup import Failed, Version, spread  # noqa: E402

from bench_index import VAULTKIT, workspace  # noqa: E402

FLOOR = [sys.executable, "-c", "import vaultkit.cli"]  # what any command pays to start


def main(doc: str, bench: Callable[[argparse.Namespace, Path], None]) -> None:
    """`--runs`, `--contacts`, `--work`; `bench(args, work)` in a workspace; exit 2 when
    a run failed, else 0 whatever the figures (a measurement, not a test)."""
    parser = argparse.ArgumentParser(description=doc,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="pairs of runs")
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--work", type=Path, help="keep the generated vault here (reused)")
    in_workspace(parser.parse_args(), bench)


def in_workspace(args: argparse.Namespace, bench: Callable[[argparse.Namespace, Path], None]
                 ) -> None:
    """`bench(args, work)` in the workspace `args.work` (or a temporary one), timed; exit 2
    when a run failed (Failed), else 0 whatever the figures."""
    started = time.perf_counter()
    try:
        with workspace(args.work) as work:
            bench(args, work)
    except Failed as exc:
        print(exc, file=sys.stderr)
        sys.exit(2)
    print(f"({time.perf_counter() - started:.0f} s in all)")


def rounds(current: Version, vault: Path, commands: dict[str, list[str]], runs: int
           ) -> dict[str, list[float]]:
    """`runs` rounds of the floor and each command (vaultkit arguments) back to back, the
    order turned every round so that none always runs first."""
    where = [*VAULTKIT, "--vault", str(vault), "--index", str(current.index)]
    lines = {"floor": FLOOR, **{name: [*where, *args] for name, args in commands.items()}}
    return alternate(current, lines, runs)


def alternate(version: Version, lines: dict[str, list[str]], runs: int
              ) -> dict[str, list[float]]:
    """The wall times of `runs` rounds of every command line of `lines`, by name, run back
    to back with `version`, the order turned every round so that none always runs first."""
    times: dict[str, list[float]] = {name: [] for name in lines}
    names = list(lines)
    for i in range(runs):
        turn = i % len(names)
        for name in names[turn:] + names[:turn]:
            times[name].append(version.run(lines[name])[0])
    return times


def report(times: dict[str, list[float]], name: str, target: float,
           scale: tuple[str, str] | None = None) -> None:
    """The floor, the figure of `name` with its spread, `scale` (another command's name
    and why it is shown) and the figure against `target`."""
    floor, figure = statistics.median(times["floor"]), statistics.median(times[name])
    q1, q3 = spread(times[name])
    print(f"{'floor (import vaultkit.cli)':<30} {floor:7.3f} s")
    print(f"{name:<30} {figure:7.3f} s   (q1–q3 {q1:.3f}–{q3:.3f} s)")
    if scale:
        print(f"{scale[0]:<30} {statistics.median(times[scale[0]]):7.3f} s   ({scale[1]})")
    print(f"{'target':<30} {target:7.3f} s   ratio {figure / target:.2f}  "
          f"{'ok' if figure <= target else 'OVER'}   (above the floor: {figure - floor:.3f} s)")
