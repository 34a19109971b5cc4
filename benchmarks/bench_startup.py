"""Benchmark start-up against the last commit before the redesign (issue: layout, "Speed").

The redesign moved vaultkit's modules into packages; start-up must not get slower than before
it by more than 5 %. Two whole processes (`python -m vaultkit ...`, so start-up is included):

- `vaultkit --version`;
- `vaultkit agenda --format json --date 2026-11-27` on a generated vault of --contacts
  contacts (the kept-up vault of benchmarks/genvault.py) with a current index, so that the
  measured runs find nothing to sync;
- `vaultkit index` on the same vault and index: a sync that finds nothing to do.

Each for two versions of the code: the current checkout (this script's repository, as it is
on disk, uncommitted changes included) and a baseline revision (--baseline, default ce0c1c6),
checked out into a temporary `git worktree` that is removed at the end. Both run with the
same interpreter, from bytecode compiled by warm-up runs, each with PYTHONPATH set to its own
tree and with its own index file (the index schema may differ between versions).

The machine is noisy, so runs are paired: --runs times, a baseline run and a current run
back to back (the order swapped every other pair). Each figure is a median: of the baseline
runs, of the current runs, and of the per-pair ratios current/baseline, which is checked
against the limit of 1.05. A measurement, not a test: the exit status is 0 whatever the
ratios, 2 if a run failed (its stderr is printed).

Run:  python benchmarks/bench_startup.py [--runs 21] [--contacts 10000] [--baseline REV]
      [--work DIR]
"""

from __future__ import annotations

import argparse
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_index import ENV, VAULTKIT, fresh, workspace  # noqa: E402
from genvault import generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "ce0c1c6"
LIMIT = 1.05
DATE = "2026-11-27"


class Failed(Exception):
    """A process that had to succeed did not; the message holds its command and stderr."""


class Version:
    """One version of the code: its tree, its environment and its own index file."""

    def __init__(self, label: str, tree: Path, index: Path, cwd: Path):
        self.label, self.tree, self.index, self.cwd = label, tree, index, cwd
        self.env = {**ENV, "PYTHONPATH": str(tree)}

    def run(self, args: list[str], output: bool = False) -> tuple[float, bytes]:
        """Wall time of one process (and its stdout if `output`); Failed if it fails. It runs
        in a neutral folder: `python -m` puts the working folder first on sys.path."""
        started = time.perf_counter()
        proc = subprocess.run(args, stdout=subprocess.PIPE if output else subprocess.DEVNULL,
                              stderr=subprocess.PIPE, env=self.env, cwd=self.cwd)
        elapsed = time.perf_counter() - started
        if proc.returncode:
            raise Failed(f"{self.label}: {' '.join(args)} exited with {proc.returncode}:\n"
                         + proc.stderr.decode(errors="replace").rstrip())
        return elapsed, proc.stdout or b""

    def check_import(self) -> None:
        """Make sure this version's PYTHONPATH really wins over the editable install."""
        _, out = self.run([sys.executable, "-c", "import vaultkit; print(vaultkit.__file__)"],
                          output=True)
        where = Path(out.decode().strip()).resolve()
        if not where.is_relative_to(self.tree.resolve()):
            raise Failed(f"{self.label}: imports vaultkit from {where}, not from {self.tree}")


def git(*args: str) -> str:
    proc = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
    if proc.returncode:
        raise Failed(f"git {' '.join(args)} exited with {proc.returncode}:\n"
                     + proc.stderr.rstrip())
    return proc.stdout.strip()


@contextmanager
def worktree(rev: str):
    """The baseline's tree: a detached `git worktree` in a temporary folder, removed at the
    end, whatever happens."""
    folder = Path(tempfile.mkdtemp(prefix="vaultkit-baseline-"))
    try:
        git("worktree", "add", "--detach", str(folder), rev)
        yield folder
    finally:
        removed = subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                                  str(folder)], capture_output=True).returncode == 0
        if not removed:
            shutil.rmtree(folder, ignore_errors=True)
            subprocess.run(["git", "-C", str(ROOT), "worktree", "prune"], capture_output=True)


def vault_of(work: Path, contacts: int) -> Path:
    """The generated vault, made once per --work folder (built aside, then renamed, so that
    an interrupted generation is not reused)."""
    vault = work / f"vault-{contacts}"
    if not vault.exists():
        print(f"generating {contacts} contacts in {vault} …", flush=True)
        partial = work / f"vault-{contacts}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        # No config.toml: the baseline refuses the settings that came after it, and both
        # versions then start from their defaults alike.
        generate(partial, contacts, config=False)
        partial.rename(vault)
    return vault


def prepare(versions: list[Version], vault: Path, commands: dict[str, list[str]]) -> None:
    """A fresh, current index for each version, then warm-up runs of every command (which
    also compile each version's bytecode)."""
    for version in versions:
        version.check_import()
        fresh(version.index)
        print(f"indexing with {version.label} …", flush=True)
        version.run([*VAULTKIT, "--vault", str(vault), "--index", str(version.index), "index"])
    time.sleep(2.1)  # past the racy-clean window, as between real commands
    for version in versions:
        version.run([*VAULTKIT, "--vault", str(vault), "--index", str(version.index), "index"])
        for args in commands.values():
            for _ in range(2):
                version.run(argv(version, vault, args))


def argv(version: Version, vault: Path, args: list[str]) -> list[str]:
    if args[0].startswith("--"):  # a global option alone: no vault, no index
        return [*VAULTKIT, *args]
    return [*VAULTKIT, "--vault", str(vault), "--index", str(version.index), *args]


def paired(base: Version, current: Version, vault: Path, args: list[str], runs: int
           ) -> tuple[list[float], list[float]]:
    """`runs` pairs of runs, baseline and current back to back, the order swapped every
    other pair so that neither always runs second."""
    times: dict[str, list[float]] = {base.label: [], current.label: []}
    for i in range(runs):
        for version in (base, current) if i % 2 == 0 else (current, base):
            times[version.label].append(version.run(argv(version, vault, args))[0])
    return times[base.label], times[current.label]


def spread(values: list[float]) -> tuple[float, float]:
    """The quartiles q1 and q3 (the range, with fewer than two values)."""
    if len(values) < 2:
        return min(values), max(values)
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q3


def same_output(base: Version, current: Version, vault: Path, args: list[str]) -> str:
    """Whether both versions print the same agenda: a check that they did the same work."""
    outs = [v.run(argv(v, vault, args), output=True)[1] for v in (base, current)]
    if outs[0] == outs[1]:
        return f"same output from both versions ({len(outs[0])} bytes)"
    return f"OUTPUT DIFFERS: {len(outs[0])} bytes baseline, {len(outs[1])} bytes current"


def describe_current() -> str:
    dirty = git("status", "--porcelain", "--", "vaultkit", "templates")
    return git("rev-parse", "--short", "HEAD") + (" + uncommitted changes" if dirty else "")


def bench(args: argparse.Namespace, work: Path, tree: Path) -> None:
    rev = git("rev-parse", "--short", f"{args.baseline}^{{commit}}")
    base = Version(f"baseline {rev}", tree, work / f"startup-index-{args.contacts}-{rev}.sqlite3",
                   work)
    current = Version("current", ROOT, work / f"startup-index-{args.contacts}-current.sqlite3",
                      work)
    vault = vault_of(work, args.contacts)
    commands = {
        "--version": ["--version"],
        "agenda --format json": ["agenda", "--format", "json", "--date", DATE],
        "index (no changes)": ["index"],
    }
    prepare([base, current], vault, commands)
    note = same_output(base, current, vault, commands["agenda --format json"])

    print(f"\nbaseline: {args.baseline} ({rev})   current: {ROOT} ({describe_current()})")
    print(f"{args.contacts} contacts; medians of {args.runs} paired runs, ratio = current / "
          f"baseline per pair\n")
    print(f"{'command':<22} {'baseline':>9} {'current':>9} {'ratio':>6} {'q1–q3':>11}"
          f"  {'limit':>5}")
    verdicts = []
    for label, command in commands.items():
        before, after = paired(base, current, vault, command, args.runs)
        ratios = [a / b for b, a in zip(before, after, strict=True)]
        b, a, r = statistics.median(before), statistics.median(after), statistics.median(ratios)
        q1, q3 = spread(ratios)
        verdict = "ok" if r <= LIMIT else "OVER"
        quartiles = f"{q1:.2f}–{q3:.2f}"
        print(f"{label:<22} {b:7.3f} s {a:7.3f} s {r:6.2f} {quartiles:>11}  {LIMIT:5.2f}"
              f"  {verdict}", flush=True)
        verdicts.append(f"{label}: {a:.3f} s vs {b:.3f} s baseline, ratio {r:.2f} "
                        f"(limit {LIMIT:.2f}) {verdict}")
    print(f"(agenda: {note})\n")
    print("\n".join(verdicts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21, help="pairs of runs per command")
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--baseline", default=BASELINE, metavar="REV",
                        help=f"git revision to compare with (default {BASELINE})")
    parser.add_argument("--work", type=Path, help="keep the generated vault here (reused)")
    args = parser.parse_args()
    with_baseline(parser, args, bench)


def with_baseline(parser: argparse.ArgumentParser, args: argparse.Namespace, run) -> None:
    """`run(args, work, tree)` with the work folder and the baseline's tree, both removed
    at the end whatever happens; exit 2 if a run failed, 130 on Ctrl-C."""
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    # A SIGTERM unwinds like Ctrl-C does, so that the worktree is removed either way.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        keep = args.work.resolve() if args.work else None
        with workspace(keep) as work, worktree(args.baseline) as tree:
            run(args, work, tree)
    except Failed as failure:
        print(f"\nfailed: {failure}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    main()
