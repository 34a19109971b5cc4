"""Benchmark the drafts at 100,000 contacts (issue 17: "every command flat in memory").

Two commands that make drafts, as whole processes, on generated vaults
(benchmarks/genvault.py) with a current index:

- `vaultkit agenda --format html --date 2026-11-27`: a page of 50 items a section, each
  with its mail link (a draft);
- `vaultkit draft check-in NAME --date 2026-11-27`: one draft, of the first contact.

Their peak RSS against the 80 MB the issue sets for the streamed outputs (target 4), and
their time against the import floor (`python -c "import vaultkit.cli"`), in paired rounds
as bench_agenda100k.py: --runs rounds of the floor and both commands back to back, the
order turned every round; medians, quartiles, CPU time, peak RSS (GNU time's).
--against REV: then each command of this tree and of revision REV alternating, in pairs
(the order swapped every pair), their outputs compared, and the median of the pairs'
ratios of time. A measurement, not a test: exit 0 whatever the figures, 2 if a run failed.

Run:  python benchmarks/bench_drafts.py --kept VAULT [--backlog VAULT] --work DIR
      [--runs 7] [--against REV]
(the vaults are generated already, e.g. `python benchmarks/genvault.py DIR -n 100000
[--backlog 1]`, and only read; the indexes go in --work)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_agenda100k import DATE, FLOOR, RSS_TARGET, check_import, run  # noqa: E402
from bench_startup import ROOT, Failed, Version, paired, same_output, spread, worktree  # noqa: E402,E501

from bench_index import VAULTKIT  # noqa: E402


def commands(vault: Path) -> dict[str, list[str]]:
    """The vaultkit arguments of each command measured (the first contact's check-in)."""
    first = min((vault / "people").glob("*.md")).stem
    return {"agenda --format html": ["agenda", "--date", DATE, "--format", "html"],
            "draft check-in": ["draft", "check-in", first, "--date", DATE]}


def bench_vault(label: str, vault: Path, index: Path, runs: int) -> dict[str, list[str]]:
    base = [*VAULTKIT, "--vault", str(vault), "--index", str(index)]
    run([*base, "index"])
    time.sleep(2.1)  # past the racy-clean window, as between real commands
    lines = {"floor": FLOOR, **{name: [*base, *args] for name, args in commands(vault).items()}}
    measured: dict[str, list[tuple[float, float, float]]] = {name: [] for name in lines}
    names = list(lines)
    for i in range(runs):
        turn = i % len(names)
        for name in names[turn:] + names[:turn]:
            measured[name].append(run(lines[name])[:3])
    print(f"\n{label}: {vault}  (medians of {runs} rounds)")
    for name in names:
        seconds, cpu, rss = ([m[k] for m in measured[name]] for k in range(3))
        q1, q3 = spread(seconds)
        print(f"  {name:<20} {statistics.median(seconds):7.3f} s  (q1–q3 {q1:.3f}–{q3:.3f})"
              f"   CPU {statistics.median(cpu):6.3f} s   peak RSS {max(rss):6.1f} MB")
        if name != "floor":
            ratios = [m[0] / f[0] for m, f in zip(measured[name], measured["floor"],
                                                  strict=True)]
            print(f"  {'':<20} peak RSS {max(rss) / RSS_TARGET:.2f} of {RSS_TARGET:.0f} MB  "
                  f"{'ok' if max(rss) <= RSS_TARGET else 'OVER'};  × the floor "
                  f"{statistics.median(ratios):.1f}")
    return commands(vault)


def against(rev: str, vault: Path, index: Path, runs: int,
            measured: dict[str, list[str]]) -> None:
    """Each command of this tree against revision `rev`'s, `runs` pairs back to back."""
    with worktree(rev) as tree:
        base = Version(rev, tree, index.with_name(f"{index.stem}-{rev}.sqlite3"), Path("/"))
        current = Version("current", ROOT, index, Path("/"))
        for version in (base, current):
            version.run([*VAULTKIT, "--vault", str(vault), "--index", str(version.index),
                         "index"])
        for name, args in measured.items():
            same = same_output(base, current, vault, args)
            old, new = paired(base, current, vault, args, runs)
            ratios = sorted(n / o for n, o in zip(new, old, strict=True))
            print(f"  {name} against {rev}: {same}; {statistics.median(old):.3f} s, this "
                  f"tree {statistics.median(new):.3f} s; median of the pairs' ratios "
                  f"{statistics.median(ratios):.3f} ({ratios[0]:.3f}–{ratios[-1]:.3f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="rounds")
    parser.add_argument("--kept", type=Path, required=True, help="a kept-up vault")
    parser.add_argument("--backlog", type=Path, help="a backlog vault")
    parser.add_argument("--work", type=Path, required=True, help="the indexes go here")
    parser.add_argument("--against", metavar="REV", help="then paired with a git revision")
    args = parser.parse_args()
    started = time.perf_counter()
    try:
        check_import()
        args.work.mkdir(parents=True, exist_ok=True)
        for label, vault in (("kept up", args.kept), ("backlog", args.backlog)):
            if vault is None:
                continue
            index = args.work / f"drafts-{label.split()[0]}.sqlite3"
            measured = bench_vault(label, vault, index, args.runs)
            if args.against:
                against(args.against, vault, index, args.runs, measured)
    except Failed as exc:
        print(exc, file=sys.stderr)
        sys.exit(2)
    print(f"({time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
