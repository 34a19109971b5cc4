"""Benchmark target 4 of issue 17: `list --json`, `export json` and `export csv` stream
their output, so that each peaks at 80 MB RSS or less on a vault of 100,000 contacts.

Whole processes (`python -m vaultkit …`, output to /dev/null) with a current index, on a
generated vault of --contacts contacts (kept in --work), or on a vault given with --vault
(read only: nothing is written into it; its index goes to --work). --runs rounds: in each,
the import floor (`python -c "import vaultkit.cli"`), a no-op `index` (the sync each
command does first, for scale) and the three commands, each once, the order turned every
round so that none always runs first. Each process's peak RSS is sampled from /proc every
20 ms (as bench_index.run does, /proc/PID/smaps_rollup). Printed per command: the median
time and the median peak RSS with its q1–q3 spread, the floor's in the same rounds, the
target 80 MB, the ratio, OVER when over; and whether the outputs are what they were (the
same bytes at each run: their sizes).

A measurement, not a test: exit 0 whatever the figures, 2 when a run fails.
Run:  python benchmarks/bench_stream.py [--contacts 100000] [--runs 5] [--work DIR]
      [--vault /work/bench-shared/kept-100k]
"""

from __future__ import annotations

import argparse
import selectors
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from against_target import in_workspace  # noqa: E402
from bench_startup import Failed, spread, vault_of  # noqa: E402

from bench_index import ENV, VAULTKIT, _kib  # noqa: E402

TARGET_MB = 80.0
FLOOR = [sys.executable, "-c", "import vaultkit.cli"]
COMMANDS = {"list --json": ["list", "--json"], "export json": ["export", "json"],
            "export csv": ["export", "csv"]}
SCALE = {"index (no-op sync)": ["index"]}


def sampled(args: list[str]) -> tuple[float, float, int]:
    """(wall time, peak RSS in MB, bytes written to stdout) of one process."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV,
                            cwd="/")
    written, peak = 0, 0.0
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        while True:
            peak = max(peak, _kib(proc.pid, "Rss") / 1024)
            if sel.select(0.02):
                chunk = proc.stdout.read1(1 << 20)
                if not chunk:
                    break
                written += len(chunk)
    err = proc.stderr.read()
    if proc.wait():
        raise Failed(f"{' '.join(args)} exited with {proc.returncode}:\n"
                     + err.decode(errors="replace").rstrip())
    return time.perf_counter() - started, peak, written


def check_import() -> None:
    """The processes must run this checkout's vaultkit (PYTHONPATH), not another."""
    out = subprocess.run([sys.executable, "-c", "import vaultkit; print(vaultkit.__file__)"],
                         capture_output=True, text=True, env=ENV, cwd="/").stdout.strip()
    tree = Path(__file__).resolve().parent.parent
    if not Path(out).resolve().is_relative_to(tree):
        raise Failed(f"the processes import vaultkit from {out}, not from {tree}: set "
                     f"PYTHONPATH={tree}")
    print(f"vaultkit from {out}")


def rounds(vault: Path, index: Path, runs: int) -> dict[str, list[tuple[float, float, int]]]:
    where = [*VAULTKIT, "--vault", str(vault), "--index", str(index)]
    lines = {"floor": FLOOR, **{name: [*where, *args]
                                for name, args in {**SCALE, **COMMANDS}.items()}}
    names = list(lines)
    results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in names}
    for i in range(runs):
        for name in names[i % len(names):] + names[:i % len(names)]:
            results[name].append(sampled(lines[name]))
        print(f"  round {i + 1}/{runs} done", flush=True)
    return results


def report(results: dict[str, list[tuple[float, float, int]]]) -> None:
    floor_s = statistics.median(r[0] for r in results["floor"])
    floor_mb = statistics.median(r[1] for r in results["floor"])
    print(f"\n{'':<22} {'time':>8}  {'peak RSS':>9}  (q1–q3 of RSS)   target  ratio")
    print(f"{'floor (import cli)':<22} {floor_s:7.3f}s  {floor_mb:7.1f}MB")
    for name in [*SCALE, *COMMANDS]:
        seconds = statistics.median(r[0] for r in results[name])
        mbs = [r[1] for r in results[name]]
        figure, (q1, q3) = statistics.median(mbs), spread(mbs)
        sizes = {r[2] for r in results[name]}
        line = (f"{name:<22} {seconds:7.3f}s  {figure:7.1f}MB  ({q1:.1f}–{q3:.1f} MB)")
        if name in COMMANDS:
            verdict = "ok" if figure <= TARGET_MB else "OVER"
            line += (f"  {TARGET_MB:5.0f}MB  {figure / TARGET_MB:5.2f}  {verdict}"
                     f"   (above the floor: {figure - floor_mb:.1f} MB; time "
                     f"{seconds / floor_s:.0f}× the floor's; output "
                     f"{'/'.join(str(s) for s in sorted(sizes))} bytes)")
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="rounds")
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--work", type=Path, help="keep the generated vault and index here")
    parser.add_argument("--vault", type=Path, help="a vault to read instead (read only)")
    in_workspace(parser.parse_args(), bench)


def bench(args: argparse.Namespace, work: Path) -> None:
    check_import()
    vault = args.vault or vault_of(work, args.contacts)
    index = work / f"index-{vault.name}.sqlite3"
    print(f"vault {vault}, index {index}; bringing the index up to date …", flush=True)
    sampled([*VAULTKIT, "--vault", str(vault), "--index", str(index), "index"])
    report(rounds(vault, index, args.runs))


if __name__ == "__main__":
    main()
