"""Benchmark `vaultkit import linkedin` (issue: import and export, "Speed").

A generated LinkedIn Connections.csv of 10,000 rows (invented people, with the export's
preamble; a fifth have an e-mail, every one a profile URL) imported by a real process into
an empty vault — target ≤ 10 s — and imported again, when every record is unchanged —
target ≤ 3 s. Each is the best of --runs runs, each first run from an empty vault.
Before each run it times the creation of as many bare files, to show what share of the
first import the file system itself takes.

Run:  python benchmarks/bench_import.py [--rows 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_index import ENV, VAULTKIT, fresh, timed, workspace  # noqa: E402
from genvault import COMPANIES, FIRST, LAST  # noqa: E402

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
TITLES = ["Engineer", "Senior Engineer", "Recruiter", "Engineering Manager", "Director, SRE",
          "Product Manager", "Founder & CEO"]


def connections_csv(path: Path, rows: int) -> None:
    rng = random.Random(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write('Notes:\n"When exporting your connection data, you may notice that '
                     'some of the email addresses are missing."\n\n')
        out = csv.writer(handle)
        out.writerow(["First Name", "Last Name", "URL", "Email Address", "Company",
                      "Position", "Connected On"])
        for i in range(rows):
            first, last = rng.choice(FIRST), f"{rng.choice(LAST)} {i:05d}"
            slug = f"{first}-{last}".lower().replace(" ", "-")
            email = f"{slug}@example.com" if rng.random() < 0.2 else ""
            day = f"{rng.randint(1, 28):02d} {rng.choice(MONTHS)} {rng.randint(2012, 2026)}"
            out.writerow([first, last, f"https://www.linkedin.com/in/{slug}", email,
                          rng.choice(COMPANIES), rng.choice(TITLES), day])


def file_floor(folder: Path, count: int) -> float:
    """Creating `count` small files (about a new note's size) with nothing else: what the
    file system alone costs, which on this kind of machine varies by a factor of three
    from one minute to the next."""
    folder.mkdir(parents=True)
    data = b"x" * 330
    started = time.perf_counter()
    for number in range(count):
        with open(folder / f"Person {number:05d}.md", "xb") as handle:
            handle.write(data)
    seconds = time.perf_counter() - started
    shutil.rmtree(folder)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, help="keep generated files here")
    args = parser.parse_args()
    with workspace(args.work) as work:
        source = work / f"Connections-{args.rows}.csv"
        connections_csv(source, args.rows)
        first, again, floors = [], [], []
        for _ in range(args.runs):
            floors.append(file_floor(work / "floor", args.rows))
            vault = work / "import-vault"
            if vault.exists():
                shutil.rmtree(vault)
            index = work / "import-index.sqlite3"
            fresh(index)
            subprocess.run([*VAULTKIT, "init", str(vault)], check=True, env=ENV,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            base = [*VAULTKIT, "--vault", str(vault), "--index", str(index)]
            first.append(timed([*base, "import", "linkedin", str(source)]))
            again.append(timed([*base, "import", "linkedin", str(source)]))
        notes = sum(1 for _ in (vault / "people").glob("*.md"))
        print(f"{args.rows} rows → {notes} notes")
        print(f"import into an empty vault   {min(first):.2f} s (target 10, ratio "
              f"{min(first) / 10:.2f})   runs: {', '.join(f'{t:.2f}' for t in first)}")
        print(f"  creating {args.rows} bare files just before each run: "
              f"{', '.join(f'{t:.2f}' for t in floors)} s")
        print(f"import again, all unchanged  {min(again):.2f} s (target 3, ratio "
              f"{min(again) / 3:.2f})   runs: {', '.join(f'{t:.2f}' for t in again)}")


if __name__ == "__main__":
    main()
