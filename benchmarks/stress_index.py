"""Stress the index as a cache that must never be a dead end (issue 12, items 5 and 6).

- corruptions: N times, overwrite 512 random bytes of a built index (past its 100-byte
  header, whose damage is the refusal of docs/index-design.md) and run one command; count
  the commands that answer (exit 0, or a clear `Error:` that is not "unexpected").
- cold: R rounds of a cold `index` of a generated vault with 3 concurrent `agenda`s;
  count the agendas that fail, and whether a second `index` run at the same time found
  nothing to do.

    python benchmarks/stress_index.py corrupt -n 100
    python benchmarks/stress_index.py cold -r 10 -c 10000

Figures: docs/reliability.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "example-vault"
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
COMMANDS = [["list"], ["agenda"], ["check"], ["search", "coffee"], ["show", "Jane Doe"],
            ["index"], ["index", "--rebuild"], ["export", "json"], ["list", "--kind", "all"]]

sys.path.insert(0, str(ROOT / "benchmarks"))
from genvault import generate  # noqa: E402


def vaultkit(vault: Path, index: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "vaultkit", "--vault", str(vault),
                             "--index", str(index), *args], env=ENV, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def answered(code: int, stderr: str) -> bool:
    """Its answer, or a clear error (`check` exits 1 with problems): never a traceback, an
    "unexpected" error or a crash."""
    return code >= 0 and "unexpected" not in stderr and "Traceback" not in stderr


def corrupt(path: Path, rng: random.Random, size: int = 512) -> None:
    data = bytearray(path.read_bytes())
    start = rng.randrange(100, max(101, len(data) - size))
    data[start:start + size] = rng.randbytes(size)
    with path.open("r+b") as file:  # in place, as a disk or a crash would
        file.write(bytes(data))


def corruptions(work: Path, count: int, seed: int = 12, contacts: int = 0) -> dict:
    rng = random.Random(seed)
    vault = work / "vault"
    shutil.copytree(EXAMPLE, vault)
    if contacts:
        generate(vault / "generated", contacts)
    index = work / "cache" / "index.sqlite3"
    failures: list[dict] = []
    notices = 0
    for round_ in range(count):
        vaultkit(vault, index, "index").communicate()
        corrupt(index, rng)
        command = COMMANDS[round_ % len(COMMANDS)]
        proc = vaultkit(vault, index, *command)
        _, err = proc.communicate(timeout=120)
        notices += "Notice:" in err
        if not answered(proc.returncode, err):
            failures.append({"command": command, "exit": proc.returncode, "stderr": err[-300:]})
        after = vaultkit(vault, index, "list")  # and the index works again afterwards
        _, err = after.communicate(timeout=120)
        if after.returncode != 0:
            failures.append({"command": ["list", "(after)"], "exit": after.returncode,
                             "stderr": err[-300:]})
    return {"commands": count, "answered": count - sum(f["command"][-1] != "(after)"
                                                       for f in failures),
            "notices": notices, "failures": failures}


def cold(work: Path, rounds: int, contacts: int, readers: int = 3) -> dict:
    vault = work / "vault"
    generate(vault, contacts)
    failed, agendas, second_idle, took = [], 0, 0, []
    for round_ in range(rounds):
        index = work / f"cache{round_}" / "index.sqlite3"
        started = time.perf_counter()
        first = vaultkit(vault, index, "index", "--json")
        time.sleep(0.3)  # the build is under way
        procs = [vaultkit(vault, index, "agenda", "--format", "json") for _ in range(readers)]
        second = vaultkit(vault, index, "index", "--json")
        for proc in procs:
            out, err = proc.communicate(timeout=600)
            agendas += 1
            if proc.returncode != 0 or not out.strip():
                failed.append({"exit": proc.returncode, "stderr": err[-300:]})
        out1, _ = first.communicate(timeout=600)
        out2, err2 = second.communicate(timeout=600)
        took.append(time.perf_counter() - started)
        try:
            stats = [json.loads(out1), json.loads(out2)]
        except json.JSONDecodeError:
            failed.append({"index": [out1[-200:], out2[-200:], err2[-200:]]})
            continue
        if min(s["added"] for s in stats) == 0:
            second_idle += 1
    return {"rounds": rounds, "contacts": contacts, "agendas": agendas,
            "failed": len(failed), "second_index_idle": second_idle,
            "seconds": [round(t, 1) for t in took], "failures": failed[:5]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["corrupt", "cold"])
    parser.add_argument("-n", "--count", type=int, default=100)
    parser.add_argument("-r", "--rounds", type=int, default=10)
    parser.add_argument("-c", "--contacts", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vaultkit-stress-") as work:
        if args.what == "corrupt":
            out = corruptions(Path(work), args.count, contacts=min(args.contacts, 300))
        else:
            out = cold(Path(work), args.rounds, args.contacts)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
