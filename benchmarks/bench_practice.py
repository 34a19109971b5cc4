"""Benchmark the agenda with the whole networking practice (issue 14, "Speed").

`vaultkit agenda --format json` on the generated vault of 10,000 contacts must stay within
10 % of the figure before issue 14's rules (the baseline revision, --baseline, default
2255fbc). Both versions run as whole processes, each from its own tree and with its own
index, in paired runs (bench_startup.py: a baseline run and a current run back to back, the
order swapped every other pair); the figures are medians of the baseline runs, of the
current runs, and of the per-pair ratios, checked against the limit of 1.10.

Two vaults (benchmarks/genvault.py): kept up (a quarter of the contacts overdue, the
target's case) and backlog (every contact overdue). The same config for both versions:
the generated vault's, which sets none of the new sections — a vault that does not ask for
the new rules must not pay for them. With --practice, a third run adds `[search] since`
and `[goals]` to a copy of the kept-up vault and prints the current version's figure
against the baseline on that copy (the baseline ignores those sections: a measure of what
they cost, not a like-for-like comparison).

A measurement, not a test: exit 0 whatever the ratios, 2 if a run failed.

Run:  python benchmarks/bench_practice.py [--runs 15] [--contacts 10000] [--baseline REV]
      [--practice] [--work DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_startup import (  # noqa: E402
    ROOT,
    Version,
    describe_current,
    git,
    paired,
    prepare,
    same_output,
    spread,
    with_baseline,
)

from genvault import generate  # noqa: E402

BASELINE = "2255fbc"
LIMIT = 1.10
DATE = "2026-11-27"
AGENDA = ["agenda", "--format", "json", "--date", DATE]
PRACTICE = """
[search]
since = 2026-11-01
looking_for = "a platform engineering role"

[goals]
industries = ["fintech", "cloud"]
places = ["Busan"]
"""


def vault(work: Path, contacts: int, backlog: float, practice: bool = False) -> Path:
    """The generated vault (made once per --work folder, built aside then renamed)."""
    name = f"practice-{contacts}-{backlog}" + ("-configured" if practice else "")
    folder = work / name
    if folder.exists():
        return folder
    partial = work / f"{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    print(f"generating {contacts} contacts in {folder} …", flush=True)
    generate(partial, contacts, backlog=backlog, config=False)  # the baseline reads it too
    if practice:
        config = partial / ".vaultkit" / "config.toml"
        config.parent.mkdir(exist_ok=True)
        with config.open("a", encoding="utf-8") as handle:
            handle.write(PRACTICE)
    partial.rename(folder)
    return folder


def measure(label: str, base: Version, current: Version, folder: Path, runs: int) -> str:
    prepare([base, current], folder, {"agenda": AGENDA})
    note = same_output(base, current, folder, AGENDA)
    before, after = paired(base, current, folder, AGENDA, runs)
    ratios = [a / b for b, a in zip(before, after, strict=True)]
    b, a, r = statistics.median(before), statistics.median(after), statistics.median(ratios)
    q1, q3 = spread(ratios)
    verdict = "ok" if r <= LIMIT else "OVER"
    print(f"{label:<24} {b:7.3f} s {a:7.3f} s {r:6.2f} {q1:5.2f}–{q3:.2f}  {LIMIT:5.2f}"
          f"  {verdict}   ({note})", flush=True)
    return verdict


def bench(args: argparse.Namespace, work: Path, tree: Path) -> None:
    rev = git("rev-parse", "--short", f"{args.baseline}^{{commit}}")
    cases = [("kept up", vault(work, args.contacts, 0.25)),
             ("backlog", vault(work, args.contacts, 1.0))]
    if args.practice:
        cases.append(("kept up, [search]+[goals]",
                      vault(work, args.contacts, 0.25, practice=True)))
    print(f"\nbaseline: {args.baseline} ({rev})   current: {ROOT} ({describe_current()})")
    print(f"agenda --format json, {args.contacts} contacts; medians of {args.runs} paired "
          f"runs, ratio = current / baseline per pair\n")
    print(f"{'vault':<24} {'baseline':>9} {'current':>9} {'ratio':>6} {'q1–q3':>10}  limit")
    for label, folder in cases:
        slug = folder.name
        base = Version(f"baseline {rev}", tree, work / f"{slug}-{rev}.sqlite3", work)
        current = Version("current", ROOT, work / f"{slug}-current.sqlite3", work)
        measure(label, base, current, folder, args.runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="pairs of runs per vault")
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--baseline", default=BASELINE, metavar="REV",
                        help=f"git revision to compare with (default {BASELINE})")
    parser.add_argument("--practice", action="store_true",
                        help="also a vault whose config sets [search] and [goals]")
    parser.add_argument("--work", type=Path, help="keep the generated vaults here (reused)")
    args = parser.parse_args()
    with_baseline(parser, args, bench)


if __name__ == "__main__":
    main()
