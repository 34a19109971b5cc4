"""Benchmark the git merge driver (issue: git is the sync engine, "Figures").

Three figures, each checked against the issue's target:

1. **The driver, per file, as a whole process** (target ≤ 0.1 s): `python -m vaultkit
   merge-file BASE OURS THEIRS PATH` on example-vault's Jane Doe with both sides' log and
   front matter changed (the costliest case: YAML is read), paired with the floor, git's own
   line merge of the same files (`git merge-file -p`), alternating which runs first.
2. **A pull that merges 50 notes changed on both sides** (target ≤ 5 s): two clones of a
   200-note vault (tests/gitclones.py), 50 notes logged on both and retitled on one; B's
   `git pull` timed, then B reset and pulled again, paired with the floor: the same pull with
   git's own line merge as the driver (`git merge-file`, which leaves conflicts).
3. **Nothing lost over random edit scripts** (target: 0 and 0): --scripts pairs of random
   `log`/`set`/`done`/paragraph edits on both sides (tests/merge_audit.py), merged; counts
   the entries lost and the keys written twice.

Medians of the paired runs: of each side, and of the per-pair ratios. A measurement: exit
status 0 whatever the figures (2 if a run failed).

Run:  python benchmarks/bench_merge.py [--runs 21] [--pulls 5] [--scripts 2000]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.gitclones import JANE, Clones  # noqa: E402
from tests.merge_audit import KEYS, WORDS, merged_and_audit  # noqa: E402

# The installed `vaultkit` program, as `git setup` registers it when it is on PATH (else
# `python -m vaultkit`, which costs runpy's few milliseconds more).
_SCRIPT = Path(sys.executable).parent / "vaultkit"
LAUNCHER = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "vaultkit"]
DRIVER = [*LAUNCHER, "merge-file"]


def timed(argv: list[str], cwd: Path, expect: tuple[int, ...] = (0, 1)) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, timeout=120)
    took = time.perf_counter() - started
    if done.returncode not in expect:
        sys.stderr.write(done.stderr.decode(errors="replace"))
        raise SystemExit(2)
    return took


def paired(runs: int, ours, floor) -> tuple[list[float], list[float]]:
    mine, base = [], []
    for number in range(runs):
        order = (ours, floor) if number % 2 else (floor, ours)
        results = {fn: fn() for fn in order}
        mine.append(results[ours])
        base.append(results[floor])
    return mine, base


def report(what: str, mine: list[float], base: list[float], floor: str, target: float) -> None:
    ratios = [m / b for m, b in zip(mine, base, strict=True)]
    median = statistics.median(mine)
    print(f"{what}: {median:.3f} s (median of {len(mine)}); {floor}: "
          f"{statistics.median(base):.3f} s; ratio {statistics.median(ratios):.2f}; "
          f"target ≤ {target} s: {'met' if median <= target else 'NOT met'}")


def driver_runs(work: Path, runs: int) -> None:
    note = (ROOT / "example-vault" / JANE).read_text(encoding="utf-8")
    sides = {"base": note,
             "ours": note.replace("title: Engineering Manager", "title: Director")
             + "- 2026-12-01 (phone) Called about the role\n",
             "theirs": note.replace("location: Busan", "location: Seoul")
             + "- 2026-12-01 (email) Sent my CV\n"}
    for name, text in sides.items():
        (work / name).write_text(text, encoding="utf-8")

    def ours() -> float:
        shutil.copy(work / "ours", work / "a")
        return timed([*DRIVER, "base", "a", "theirs", JANE], work)

    def floor() -> float:
        shutil.copy(work / "ours", work / "a")
        return timed(["git", "merge-file", "-p", "a", "base", "theirs"], work)

    for _ in range(3):  # warm-up: bytecode compiled, files cached
        ours(), floor()
    report("driver per file", *paired(runs, ours, floor), "git merge-file", 0.1)


def pull_runs(work: Path, pulls: int) -> None:
    source = work / "source"
    shutil.copytree(ROOT / "example-vault", source)
    for number in range(200):
        (source / "people" / f"Person {number:03}.md").write_text(
            f"---\ntitle: Engineer\ncompany: Firm {number}\n---\n## Log\n"
            "- 2026-11-01 Met #met\n- [ ] 2026-11-10 Send the deck\n", encoding="utf-8")
    clones = Clones(work / "git", source)
    clones.git(clones.b, "config", "merge.vaultkit.driver",
               " ".join([*LAUNCHER, "merge-file %O %A %B %P"]))
    for side, day in ((clones.a, "2026-12-01"), (clones.b, "2026-12-02")):
        for number in range(50):
            path = side / "people" / f"Person {number:03}.md"
            text = path.read_text(encoding="utf-8") + f"- {day} (email) from {side.name}\n"
            if side is clones.a:
                text = text.replace("title: Engineer", "title: Lead")
            path.write_text(text, encoding="utf-8")
    clones.commit(clones.a, "on A")
    clones.git(clones.a, "push", "-q", "origin", "main")
    clones.commit(clones.b, "on B")
    clones.git(clones.b, "fetch", "-q", "origin")
    start = clones.git(clones.b, "rev-parse", "HEAD").stdout.strip()

    def pull(*config: str) -> float:
        clones.git(clones.b, "reset", "-q", "--hard", start)
        started = time.perf_counter()
        clones.git(clones.b, *config, "merge", "-q", "--no-edit", "origin/main", expect=None)
        took = time.perf_counter() - started
        clones.git(clones.b, "merge", "--abort", expect=None)
        return took

    def ours() -> float:
        return pull()

    def floor() -> float:
        return pull("-c", "merge.vaultkit.driver=git merge-file %A %O %B")

    ours()  # warm-up
    report("pull merging 50 notes", *paired(pulls, ours, floor), "git's line merge", 5.0)


def property_runs(scripts: int, seed: int) -> None:
    rng = random.Random(seed)
    lost = twice = conflicts = by_line = 0
    for _ in range(scripts):
        one, two = _script(rng), _script(rng)
        _, _, merged, missing, doubled = merged_and_audit(one, two)
        lost += len(missing)
        twice += len(doubled)
        conflicts += merged.conflicts > 0
        by_line += merged.by_line
    print(f"random edit scripts: {scripts} merges, {lost} entries lost, {twice} keys written "
          f"twice ({conflicts} merges with a conflict, {by_line} merged by line alone)")


def _script(rng: random.Random) -> list[tuple]:
    steps = []
    for _ in range(rng.randint(0, 6)):
        what = rng.choice(("log", "log", "set", "tick", "para"))
        if what == "log":
            steps.append(("log", rng.randint(0, 60), " ".join(rng.sample(WORDS, 2))))
        elif what == "set":
            steps.append(("set", rng.choice(KEYS), rng.choice(["Lead", "Initech", "Seoul"])))
        elif what == "tick":
            steps.append(("tick",))
        else:
            steps.append(("para", rng.choice(["She likes calls.", "She likes letters."])))
    return steps


def main() -> None:
    print(f"the driver: {' '.join(DRIVER)}")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--pulls", type=int, default=5)
    parser.add_argument("--scripts", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "driver").mkdir()
        driver_runs(work / "driver", args.runs)
        pull_runs(work, args.pulls)
    property_runs(args.scripts, args.seed)


if __name__ == "__main__":
    main()
