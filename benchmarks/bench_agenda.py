"""Benchmark the agenda (issue: the follow-up agenda, "Speed").

`vaultkit agenda --format json` as a whole process, on a generated vault of 10,000 contacts
with a current index, against the target of 0.5 s; for scale, the floor of a Python process
that only imports what vaultkit builds on. Two vaults (benchmarks/genvault.py):

- kept up: a quarter of the contacts overdue for a check-in (the target's case);
- backlog: every contact overdue, the stress case (about three items per two contacts).

Each figure is the best of --repeat runs. Run:  python benchmarks/bench_agenda.py
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_index import ENV, VAULTKIT, fresh, timed, workspace  # noqa: E402
from genvault import generate  # noqa: E402

TARGET = 0.5
DATE = "2026-11-27"




def bench(work: Path, contacts: int, backlog: float, label: str, repeat: int) -> None:
    vault = work / f"vault-{contacts}-{backlog}"
    if not vault.exists():
        print(f"generating {contacts} contacts ({label}) in {vault} …", flush=True)
        generate(vault, contacts, backlog=backlog)
    index = work / f"index-{contacts}-{backlog}.sqlite3"
    fresh(index)
    base = [*VAULTKIT, "--vault", str(vault), "--index", str(index)]
    timed([*base, "index"])
    time.sleep(2.1)  # past the racy-clean window, as between real commands
    timed([*base, "index"])
    agenda = [*base, "agenda", "--date", DATE, "--format", "json"]
    out = subprocess.run(agenda, check=True, capture_output=True, env=ENV).stdout
    items = out.count(b'"rule": ') - out.count(b'"rule": "too-frequent"')
    seconds = min(timed(agenda) for _ in range(repeat))
    verdict = "ok" if seconds <= TARGET else "OVER"
    print(f"agenda --format json, {label:<9} ({items:5d} items)  {seconds:6.3f} s   "
          f"target {TARGET:.3f} s   ratio {seconds / TARGET:5.2f}  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--work", type=Path, help="keep generated vaults here (reused)")
    args = parser.parse_args()
    with workspace(args.work) as work:
        floor = min(timed([sys.executable, "-c", "import click, jinja2, yaml, sqlite3"])
                    for _ in range(args.repeat))
        print(f"floor: python -c 'import click, jinja2, yaml, sqlite3'   {floor:6.3f} s")
        bench(work, args.contacts, 0.25, "kept up", args.repeat)
        bench(work, args.contacts, 1.0, "backlog", args.repeat)


if __name__ == "__main__":
    main()
