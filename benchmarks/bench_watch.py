"""Benchmark `vaultkit watch` (issue: watch, "Speed").

On the generated kept-up vault of 10,000 contacts (benchmarks/genvault.py), a real
`vaultkit watch --agenda Agenda.md` process with the default debounce:

- latency: from a note saved (a check-in logged for a contact the agenda asks to check in
  with) to the agenda note rewritten without that item — median ≤ 0.6 s, 95th percentile
  ≤ 1.0 s;
- a checkout: 1,000 notes changed at once (as `git checkout` does), until the index holds
  every one of them — ≤ 5 s;
- memory: RSS of the process after start-up and at each tenth of --syncs syncs of one
  note (with --debounce 0), the agenda note kept current.

Run:  python benchmarks/bench_watch.py [--saves 20] [--syncs 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_index import ENV, VAULTKIT, fresh, timed, workspace  # noqa: E402
from genvault import generate  # noqa: E402


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def wait_for(condition, timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return False


def start(base: list[str], *args: str) -> subprocess.Popen:
    return subprocess.Popen([*base, "watch", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=ENV)


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)


def latency(base: list[str], vault: Path, saves: int) -> list[float]:
    agenda = vault / "Agenda.md"
    out = subprocess.run([*base, "agenda", "--format", "json"], capture_output=True,
                         check=True, env=ENV).stdout
    due = [i for i in json.loads(out)["items"] if i["rule"] == "keep-in-touch"][:saves]
    proc = start(base, "--agenda", str(agenda))
    times = []
    try:
        if not wait_for(lambda: agenda.exists(), 120):
            raise SystemExit("the agenda note never appeared")
        time.sleep(1.0)
        for item in due:
            mark = f"[[{item['note'][:-3]}|"
            note = vault / item["note"]
            text = note.read_text(encoding="utf-8")
            started = time.perf_counter()
            temp = note.with_name(f".{note.name}.tmp")  # saved as editors do: write, rename
            temp.write_text(text + f"- {time.strftime('%Y-%m-%d')} (phone) Caught up #checkin\n",
                            encoding="utf-8")
            os.replace(temp, note)
            if wait_for(lambda mark=mark: mark not in agenda.read_text(encoding="utf-8"), 10):
                times.append(time.perf_counter() - started)
            time.sleep(0.5)
    finally:
        stop(proc)
    return times


def checkout(base: list[str], vault: Path, index: Path, count: int) -> float:
    proc = start(base)
    try:
        time.sleep(3.0)  # started and synced
        notes = sorted((vault / "people").glob("*.md"))[:count]
        started = time.perf_counter()
        for note in notes:
            note.write_text(note.read_text(encoding="utf-8") + "\nChanged by a checkout.\n",
                            encoding="utf-8")
        wanted = {f"people/{n.name}": n.stat().st_mtime_ns for n in notes}
        conn = sqlite3.connect(f"{index.as_uri()}?mode=ro", uri=True)

        def consistent() -> bool:
            rows = dict(conn.execute("SELECT path, mtime_ns FROM files"))
            return all(rows.get(path) == mtime for path, mtime in wanted.items())

        ok = wait_for(consistent, 60)
        seconds = time.perf_counter() - started
        conn.close()
        return seconds if ok else float("inf")
    finally:
        stop(proc)


def memory(base: list[str], vault: Path, syncs: int) -> list[tuple[int, float]]:
    """(syncs so far, RSS in MB) after start-up and at each tenth of `syncs`: syncs of one
    changed note with the agenda note kept current, as a person's saves cause."""
    agenda = vault / "Agenda.md"
    proc = start(base, "--agenda", str(agenda), "--debounce", "0")
    note = sorted((vault / "people").glob("*.md"))[0]
    text = note.read_text(encoding="utf-8")
    try:
        if not wait_for(lambda: agenda.exists(), 120):
            raise SystemExit("the agenda note never appeared")
        time.sleep(1.0)
        points = [(0, rss_mb(proc.pid))]
        for number in range(1, syncs + 1):
            note.write_text(text + f"\n{number}\n", encoding="utf-8")
            time.sleep(0.06)
            if number % max(1, syncs // 10) == 0:
                points.append((number, rss_mb(proc.pid)))
        return points
    finally:
        stop(proc)
        note.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--syncs", type=int, default=1000)
    parser.add_argument("--work", type=Path, help="keep generated vaults here (reused)")
    args = parser.parse_args()
    with workspace(args.work) as work:
        vault = work / f"watch-vault-{args.contacts}"
        if vault.exists():
            shutil.rmtree(vault)  # every run starts from the same notes
        print(f"generating {args.contacts} contacts in {vault} …", flush=True)
        generate(vault, args.contacts)
        index = work / f"watch-index-{args.contacts}.sqlite3"
        fresh(index)
        base = [*VAULTKIT, "--vault", str(vault), "--index", str(index)]
        timed([*base, "index"])
        times = latency(base, vault, args.saves)
        if times:
            median = statistics.median(times)
            p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
            print(f"save → agenda rewritten ({len(times)} saves)   median {median:.3f} s "
                  f"(target 0.6, ratio {median / 0.6:.2f})   95th percentile {p95:.3f} s "
                  f"(target 1.0, ratio {p95 / 1.0:.2f})")
        seconds = checkout(base, vault, index, 1000)
        print(f"1,000 notes changed at once → index consistent   {seconds:.2f} s "
              f"(target 5.0, ratio {seconds / 5:.2f})")
        points = memory(base, vault, args.syncs)
        print("RSS after N syncs   " + "   ".join(f"{n}: {mb:.1f}" for n, mb in points)
              + f" MB   (start to end {points[-1][1] - points[0][1]:+.1f} MB; first tenth"
              f" to end {points[-1][1] - points[1][1]:+.1f} MB)")


if __name__ == "__main__":
    main()
