"""Benchmark the write commands (issue: writes, "Speed").

`vaultkit log` and `vaultkit add` as whole processes on a generated vault of 10,000 contacts
with a current index (the kept-up vault of benchmarks/genvault.py), against the target of
0.4 s each. Each run logs a new entry, or adds a new contact, so every run really writes;
the figure is the best of --repeat runs. Run:  python benchmarks/bench_write.py
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_index import VAULTKIT, fresh, timed, workspace  # noqa: E402
from genvault import generate  # noqa: E402

TARGET = 0.4




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--work", type=Path, help="keep generated vaults here (reused)")
    args = parser.parse_args()
    with workspace(args.work) as work:
        vault = work / f"write-vault-{args.contacts}"
        if not vault.exists():
            print(f"generating {args.contacts} contacts in {vault} …", flush=True)
            generate(vault, args.contacts)
        index = work / f"write-index-{args.contacts}.sqlite3"
        fresh(index)
        base = [*VAULTKIT, "--vault", str(vault), "--index", str(index)]
        timed([*base, "index"])
        time.sleep(2.1)  # past the racy-clean window, as between real commands
        timed([*base, "index"])
        someone = sorted((vault / "people").glob("*.md"))[0].stem
        logs, adds = [], []
        for run in range(args.repeat):
            logs.append(timed([*base, "log", someone, f"Benchmark call {run}", "--via", "phone",
                               "--kind", "checkin", "--yes"]))
            adds.append(timed([*base, "add", f"Benchmark Person {time.time_ns()}",
                               "--company", "Acme", "--title", "Engineer"]))
        for label, runs in (("vaultkit log", logs), ("vaultkit add", adds)):
            best = min(runs)
            print(f"{label:<14} {best:6.3f} s   target {TARGET:.3f} s   ratio "
                  f"{best / TARGET:5.2f}  {'ok' if best <= TARGET else 'OVER'}")


if __name__ == "__main__":
    main()
