"""Stress the write path with real processes (issue 11; figures in docs/reliability.md).

- concurrent: PROCS `vaultkit log` started at once on one note, ROUNDS times (optionally
  with `vaultkit watch --agenda` running): every entry is present, or its process exited 5
  with a message — a silent loss is an entry missing whose process said it was written.
- kills: `vaultkit log` on a note of SIZE MB killed (SIGKILL) at a random moment, KILLS
  times: a torn note is one that is not the original with whole entries added; then one
  more `log`, after which no temporary file may be left in the folder.

Full size (by hand):  python benchmarks/stress_writes.py
CI size: tests/test_stress_writes.py runs the same functions small.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "example-vault"
NOTE = "people/Jane Doe.md"
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}


def vaultkit(vault: Path, index: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "vaultkit", "--vault", str(vault),
                             "--index", str(index), *args], env=ENV, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def fresh_vault(work: Path, name: str) -> tuple[Path, Path]:
    vault = work / name
    shutil.rmtree(vault, ignore_errors=True)
    shutil.copytree(EXAMPLE, vault)
    index = work / f"{name}-index" / "index.sqlite3"
    shutil.rmtree(index.parent, ignore_errors=True)
    vaultkit(vault, index, "list").communicate()
    return vault, index


def concurrent(work: Path, procs: int, rounds: int, watch: bool = False) -> dict:
    vault, index = fresh_vault(work, "concurrent-watch" if watch else "concurrent")
    watcher = vaultkit(vault, index, "watch", "--agenda", str(vault / "Agenda.md"),
                       "--debounce", "50") if watch else None
    out = {"expected": procs * rounds, "present": 0, "refused": 0, "silent": 0,
           "agenda_written": False}
    try:
        time.sleep(1.0 if watch else 0)
        for number in range(rounds):
            started = [(f"r{number} p{i}", vaultkit(vault, index, "log", "Jane Doe",
                                                     f"r{number} p{i}", "--kind", "thanks",
                                                     "--yes")) for i in range(procs)]
            for text, proc in started:
                _out, err = proc.communicate(timeout=300)
                note = (vault / NOTE).read_text(encoding="utf-8")
                if re.search(rf"^- \S+ {re.escape(text)} #thanks$", note, re.M):
                    out["present"] += 1
                elif proc.returncode == 5 and "Error:" in err:
                    out["refused"] += 1
                else:
                    out["silent"] += 1
    finally:
        if watcher is not None:
            watcher.send_signal(signal.SIGTERM)
            watcher.communicate(timeout=60)
            out["agenda_written"] = (vault / "Agenda.md").exists()
    return out


def _big_note(vault: Path, size_mb: float) -> bytes:
    path = vault / NOTE
    text = path.read_text(encoding="utf-8")
    line = "Background paragraph that makes this note large, as a long-kept note can be.\n"
    filler = "## Background\n" + line * int(size_mb * 1_000_000 / len(line)) + "\n"
    text = text.replace("## Log\n", filler + "## Log\n")
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


def kills(work: Path, kills: int, size_mb: float, seed: int = 11) -> dict:
    vault, index = fresh_vault(work, "kills")
    original = _big_note(vault, size_mb)
    started = time.perf_counter()
    vaultkit(vault, index, "log", "Jane Doe", "warm up", "--yes").communicate()
    run_s = time.perf_counter() - started
    added = re.compile(rb"^- \d{4}-\d\d-\d\d (kill \d+|warm up)\n", re.M)
    rng = random.Random(seed)
    out = {"kills": kills, "torn": 0, "killed": 0, "temps_seen": 0,
           "temps_left": 0, "run_s": round(run_s, 2)}
    for number in range(kills):
        proc = vaultkit(vault, index, "log", "Jane Doe", f"kill {number}", "--yes")
        time.sleep(rng.uniform(0, run_s * 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        if proc.returncode == -signal.SIGKILL:
            out["killed"] += 1
        data = (vault / NOTE).read_bytes()
        if added.sub(b"", data) != original:
            out["torn"] += 1
            original = added.sub(b"", data)  # count each tear once
        out["temps_seen"] += len(_temps(vault / "people"))
    vaultkit(vault, index, "log", "Jane Doe", "after the kills", "--yes").communicate()
    out["temps_left"] = len(_temps(vault / "people"))
    return out


def _temps(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--procs", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--size-mb", type=float, default=20)
    parser.add_argument("--only", choices=["concurrent", "watch", "kills"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vaultkit-stress-") as folder:
        work = Path(folder)
        if args.only in (None, "concurrent"):
            print("concurrent log:", concurrent(work, args.procs, args.rounds), flush=True)
        if args.only in (None, "watch"):
            print("concurrent log, watch running:",
                  concurrent(work, args.procs, args.rounds, watch=True), flush=True)
        if args.only in (None, "kills"):
            print("kill -9 of log:", kills(work, args.kills, args.size_mb), flush=True)


if __name__ == "__main__":
    main()
