"""Benchmark `vaultkit search` (issue 17, target 3): at 100,000 contacts faster than
`rg -l -i` over the same vault (an index must beat a scan), and at 10,000 contacts at most
2x the import floor (`python -c "import vaultkit.cli"`, what any command pays to start).

Whole processes, each vault with a current index (built first if need be). In each round
the commands run back to back, the order turned every round so that none always runs
first; every figure is the median over the rounds, and each ratio the median of the
rounds' own ratios (the pairing is what makes a ratio meaningful on a noisy machine),
with its quartiles q1–q3:

- `vaultkit search QUERY` as people run it (text, piped): start-up, the no-op sync of the
  index (a stat walk of the vault), the query, the snippets, the output;
- the same without the sync's share: the same command in a process whose `Vault.sync`
  does nothing (the index is current, so the hits are the same) — what the search itself
  costs, apart from the walk that every command of a current index pays;
- `rg -l -i QUERY VAULT` (ripgrep, when installed: said and skipped when not), the peer
  at 100k; and the import floor, the peer at 10k;
- for scale, the stat walk of bench_noop.py (a process of its own that stats every note,
  nothing else): what any index pays to know that it is current, without a process that
  watches the vault — a note edited in place changes no folder, so every note is stat'ed.
  Printed against rg and the floor: the share of the search no index can avoid;
- `vaultkit search QUERY` while a `vaultkit watch` of the vault runs (its own index): the
  watcher vouches that the index is current (disk/vouch.py), so the command asks it
  instead of walking — what the search costs to a person who keeps a watch running;
- "watched, default": the same with no --index, as most people run it: the default index
  in the user's cache folder (index/db.py's default_path, index/cache_folder.py: found
  without importing platformdirs or hashlib where that is safe), here under --work
  (XDG_CACHE_HOME), with a watch of its own.

The vaults are generated (benchmarks/genvault.py) in --work, or given: --small and
--large name existing vault folders, which are only read (their indexes live in --work).
A measurement, not a test: exit 0 whatever the figures, 2 if a run failed.

Run:  python benchmarks/bench_search.py [--runs 15] [--work DIR] [--big]
      [--small VAULT] [--large VAULT] [--query platform]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from against_target import FLOOR, alternate, in_workspace  # noqa: E402
from bench_noop import FLOOR as STAT_WALK  # noqa: E402
from bench_startup import ROOT, Version, argv, spread, vault_of  # noqa: E402

from bench_index import VAULTKIT  # noqa: E402

# The search command in a process whose sync does nothing: what the search costs alone.
NO_SYNC = ("import sys, vaultkit.vault as vault; "
           "vault.Vault.sync = lambda self, **options: None; "
           "sys.argv = ['vaultkit', *sys.argv[1:]]; "
           "from vaultkit.launch import main; main()")
FLOOR_TIMES = 2.0  # at 10k: at most this many import floors
RG = shutil.which("rg")


def commands(version: Version, vault: Path, query: str) -> dict[str, list[str]]:
    search = argv(version, vault, ["search", query])
    lines = {"floor": FLOOR, "search": search,
             "search, no sync": [sys.executable, "-c", NO_SYNC, *search[len(VAULTKIT):]],
             "stat walk": [sys.executable, "-c", STAT_WALK, str(vault)]}
    if RG:
        lines["rg -l -i"] = [RG, "-l", "-i", query, str(vault)]
    return lines


def default_index(version: Version, vault: Path) -> Path:
    """The index `vaultkit` uses for `vault` when given no --index, in `version`'s
    environment (where XDG_CACHE_HOME is set)."""
    _, out = version.run([sys.executable, "-c", "import sys, pathlib; from vaultkit.index.db"
                          " import default_path; print(default_path(pathlib.Path(sys.argv[1])))",
                          str(vault)], output=True)
    return Path(out.decode().strip())


@contextmanager
def watching(version: Version, vault: Path, default: bool = False):
    """A `vaultkit watch` of `vault` for `version`'s index (`default`: with no --index, for
    the default one), vouching once its first walk is done (its lock is held), stopped at
    the end."""
    sys.path.insert(0, str(version.tree))
    from vaultkit.disk.vouch import _held_record, lock_path

    index = default_index(version, vault) if default else version.index
    line = [*VAULTKIT, "--vault", str(vault), "watch"] if default else argv(
        version, vault, ["watch"])
    proc = subprocess.Popen(line, env=version.env, cwd=version.cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 600
        while _held_record(lock_path(index)) is None:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the watch of {vault} never vouched (exit {proc.poll()})")
            time.sleep(0.1)
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def ratio_line(times: dict[str, list[float]], name: str, peer: str,
               target: float | None = None) -> str:
    """`name` against `peer`: the median of the rounds' ratios, its quartiles, the verdict."""
    ratios = [a / b for a, b in zip(times[name], times[peer], strict=True)]
    r, (q1, q3) = statistics.median(ratios), spread(ratios)
    verdict = "" if target is None else (
        f"   target ≤ {target:.2f}  {'ok' if r <= target else 'OVER'}")
    return f"  {name:<16} / {peer:<9} {r:5.2f}  (q1–q3 {q1:.2f}–{q3:.2f}){verdict}"


def measure(args: argparse.Namespace, work: Path, vault: Path, label: str, big: bool) -> None:
    version = Version("current", ROOT, work / f"search-index-{label}.sqlite3", work)
    version.check_import()
    notes = sum(name.endswith(".md") for _, _, names in os.walk(vault) for name in names)
    print(f"\n{label}: {vault}, {notes} notes  (indexing …)", flush=True)
    version.run(argv(version, vault, ["index"]))
    lines = commands(version, vault, args.query)
    if not (vault / ".vaultkit").is_dir():
        print("  the vault has no .vaultkit folder, where a watch's cookies go: the search "
              "with a watch is SKIPPED")
        time.sleep(2.1)  # past the racy-clean window, as between real commands
        return compare(args, version, lines, big)
    watched = Version("watched", ROOT, work / f"search-index-{label}-watched.sqlite3", work)
    version.run(argv(watched, vault, ["index"]))
    lines["search, watched"] = argv(watched, vault, ["search", args.query])
    version.env["XDG_CACHE_HOME"] = str(work / "cache")  # the default index: under --work
    lines["watched, default"] = [*VAULTKIT, "--vault", str(vault), "search", args.query]
    version.run([*VAULTKIT, "--vault", str(vault), "index"])
    with watching(watched, vault), watching(version, vault, default=True):
        time.sleep(2.1)
        compare(args, version, lines, big)


def compare(args: argparse.Namespace, version: Version, lines: dict[str, list[str]],
            big: bool) -> None:
    """The lines alternated, their medians and the ratios of the targets."""
    _, out = version.run(lines["search"], output=True)
    shown = sum(1 for line in out.decode().splitlines() if not line.startswith(" "))
    if RG:
        _, listed = version.run(lines["rg -l -i"], output=True)
        print(f"  rg finds the word in {len(listed.splitlines())} files; search shows "
              f"{shown} hits (--limit 50), ranked, with snippets")
    for line in lines.values():  # warm-up: bytecode, the page cache
        version.run(line)
    times = alternate(version, lines, args.runs)
    print(f"  medians of {args.runs} rounds (q1–q3), load average {os.getloadavg()[0]:.1f}:")
    for name, values in times.items():
        q1, q3 = spread(values)
        print(f"  {name:<16} {statistics.median(values):6.3f} s  ({q1:.3f}–{q3:.3f})")
    if big and RG:
        print(ratio_line(times, "search", "rg -l -i", 1.0))
        print(ratio_line(times, "search, no sync", "rg -l -i", 1.0))
        for name in ("search, watched", "watched, default"):
            if name in times:
                print(ratio_line(times, name, "rg -l -i", 1.0))
        print(ratio_line(times, "stat walk", "rg -l -i"))
    elif big:
        print("  rg (ripgrep) is not installed: the comparison with it is SKIPPED "
              "(apt-get install ripgrep)")
    print(ratio_line(times, "search", "floor", None if big else FLOOR_TIMES))
    print(ratio_line(times, "search, no sync", "floor", None if big else FLOOR_TIMES))
    for name in ("search, watched", "watched, default"):
        if name in times:
            print(ratio_line(times, name, "floor", None if big else FLOOR_TIMES))
    print(ratio_line(times, "stat walk", "floor"))
    print(ratio_line(times, "search", "stat walk"))


def bench(args: argparse.Namespace, work: Path) -> None:
    print(f"current: {ROOT}   query: {args.query!r}   rg: {RG or 'not installed'}")
    small = args.small or vault_of(work, 10_000)
    measure(args, work, small, "10k", big=False)
    if args.big or args.large:
        large = args.large or vault_of(work, 100_000)
        measure(args, work, large, "100k", big=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="rounds")
    parser.add_argument("--work", type=Path, help="keep the generated vaults and indexes here")
    parser.add_argument("--big", action="store_true", help="and 100,000 contacts")
    parser.add_argument("--small", type=Path, help="an existing vault of 10,000 contacts")
    parser.add_argument("--large", type=Path, help="an existing vault of 100,000 contacts")
    parser.add_argument("--query", default="platform")
    in_workspace(parser.parse_args(), bench)


if __name__ == "__main__":
    main()
