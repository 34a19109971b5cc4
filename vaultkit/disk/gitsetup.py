"""`vaultkit git setup`: make a vault's git work tree merge notes with vaultkit's driver.

Four things, each left alone when it is already right, so a second run changes nothing:
`.gitattributes` in the vault (`*.md merge=vaultkit`, the generated agenda note
`merge=ours`), `.gitignore` in the vault (a write's temporary file, which only a killed
process leaves, never committed), the driver in the repository's own config (drivers
cannot be committed: each clone runs `git setup` once), and a pre-commit hook that runs
`check --staged`. A hook that is not vaultkit's is never replaced: the report says what
to add to it.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from vaultkit.disk.bounds import refuse_links_out
from vaultkit.disk.files import atomic_write, create_new
from vaultkit.disk.gitrepo import run_git
from vaultkit.disk.lock import write_lock
from vaultkit.errors import GitUnavailable, VaultkitError

ATTRIBUTES = ".gitattributes"
IGNORE = ".gitignore"
# A write's temporary file beside its note (disk/files.py): left only by a process killed
# half-way or a machine that stopped, and cleared by the next write in its folder.
IGNORED = [".vaultkit-*.tmp"]
DRIVER_NAME = "vaultkit: the log as a union of entries, front matter key by key"
HOOK_MARK = "# vaultkit pre-commit hook"
_HEADER = "# vaultkit (written by `vaultkit git setup`; docs/git-sync.md)"
_UNION = re.compile(r"^\s*\S*\.md\b.*\bmerge=union\b", re.M)


def git(root: Path, *args: str) -> str:
    """git's output, as text (disk/gitrepo.py runs it)."""
    return run_git(str(root), *args).decode("utf-8", "surrogateescape").rstrip("\n")


def work_tree(root: Path) -> Path | None:
    """The top of the git work tree holding `root`, or None (GitUnavailable when git
    cannot say: not installed, failing)."""
    try:
        top = git(root, "rev-parse", "--show-toplevel")
    except GitUnavailable as exc:
        if "not a git repository" in str(exc) or "must be run in a work tree" in str(exc):
            return None  # no repository, or a bare one / inside .git
        raise
    return Path(top) if top else None  # empty: inside .git itself


def setup_git(root: Path, lock: Path, launcher: str, agenda: str | None = "Agenda.md",
              hook: bool = True) -> list[str]:
    """Set the vault's git work tree up, holding the vault's write lock (the file `lock`);
    one line per thing done or found."""
    top = work_tree(root)
    if top is None:
        raise GitUnavailable(f"{root} is not in a git work tree; run 'git init' there first")
    with write_lock(lock):
        report = _attributes(root, agenda)
        report += _lines_in(root, IGNORE, IGNORED, "vaultkit's lines")
    report += _driver(root, launcher)
    if hook:
        report += _hook(root, top, launcher)
    return report


def attribute_lines(agenda: str | None) -> list[str]:
    lines = ["*.md merge=vaultkit"]
    if agenda:
        lines.append(f"/{_pattern(agenda)} merge=ours")
    return lines


def _pattern(relpath: str) -> str:
    """A path as a gitattributes pattern that matches it alone."""
    escaped = re.sub(r"([\\*?\[!#])", r"\\\1", relpath.strip("/"))
    return escaped.replace(" ", "[[:space:]]")


def _attributes(root: Path, agenda: str | None) -> list[str]:
    return _lines_in(root, ATTRIBUTES, attribute_lines(agenda), "vaultkit's merge lines",
                     _union_warning)


def _union_warning(old: str) -> list[str]:
    if _UNION.search(old):
        return [f"{ATTRIBUTES}: a 'merge=union' line for notes duplicates front matter keys "
                "on a merge; the vaultkit lines below it take precedence"]
    return []


def _lines_in(root: Path, name: str, wanted: list[str], what: str,
              warnings=lambda old: []) -> list[str]:
    """The lines `wanted` in the vault's file `name`, added after what it holds (under a
    header saying who wrote them) unless there; `warnings(old text)` for the report."""
    path = root / name
    refuse_links_out(root, path)
    try:
        old = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        old = None
    except (OSError, UnicodeDecodeError) as exc:
        raise VaultkitError(f"{path}: cannot read: {exc}") from None
    have = set((old or "").splitlines())
    missing = [line for line in wanted if line not in have]
    report = warnings(old) if old else []
    if not missing:
        return [*report, f"kept {name} ({what} are there)"]
    block = "\n".join([_HEADER, *missing]) + "\n"
    if old is None:
        create_new(path, block)
    else:
        sep = "" if not old or old.endswith("\n") else "\n"
        atomic_write(path, old + sep + ("\n" if old.strip() else "") + block,
                     expected=old.encode("utf-8"))
    return [*report, f"wrote {name}: " + ", ".join(missing)]


def _driver(root: Path, launcher: str) -> list[str]:
    wanted = {"merge.vaultkit.name": DRIVER_NAME,
              "merge.vaultkit.driver": f"{launcher} merge-file %O %A %B %P"}
    changed = [key for key, value in wanted.items() if _config(root, key) != value]
    for key in changed:
        git(root, "config", "--local", key, wanted[key])
    if _config(root, "merge.ours.driver") is None:  # `merge=ours` is not built into git
        git(root, "config", "--local", "merge.ours.driver", "true")
        changed.append("merge.ours.driver")
    report = ["kept the merge driver in .git/config" if not changed else
              f"registered the merge driver in .git/config ({wanted['merge.vaultkit.driver']})"]
    if _config(root, "pull.rebase", "--get") is None and _config(root, "pull.ff", "--get") is None:
        # Unset, git 2.27+ stops a pull of diverged branches before any merge is tried.
        git(root, "config", "--local", "pull.rebase", "false")
        report.append("set pull.rebase=false in .git/config: 'git pull' merges (it was unset)")
    return report


def _config(root: Path, key: str, *where: str) -> str | None:
    """The value of `key` in the repository's own config (`--get`: any config), or None."""
    try:
        return git(root, "config", *(where or ("--local", "--get")), key)
    except VaultkitError:
        return None


def driver_missing(root: Path) -> bool:
    """Whether the vault's `.gitattributes` sends notes to vaultkit's merge driver and this
    clone has not registered it (git then merges notes line by line, conflicts and all)."""
    try:
        attributes = (root / ATTRIBUTES).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if "merge=vaultkit" not in attributes:
        return False
    try:
        return work_tree(root) is not None and _config(root, "merge.vaultkit.driver",
                                                      "--get") is None
    except GitUnavailable:
        return False


def where_of(root: Path, top: Path) -> str:
    """` --vault FOLDER` for a vault that is a folder of the work tree, else nothing."""
    vault = os.path.relpath(root.resolve(), top.resolve())
    return "" if vault == "." else f" --vault {shlex.quote(vault)}"


def hook_text(root: Path, top: Path, launcher: str) -> str:
    where = where_of(root, top)
    return (f"#!/bin/sh\n{HOOK_MARK}: refuse a commit that stages a broken note "
            f"(written by `vaultkit git setup`)\n{launcher}{where} check --staged && exit 0\n"
            "status=$?\necho \"vaultkit: commit refused: fix the notes above and 'git add' "
            "them (or commit with --no-verify)\" >&2\nexit $status\n")


def _hook(root: Path, top: Path, launcher: str) -> list[str]:
    hooks = Path(git(root, "rev-parse", "--git-path", "hooks"))
    path = hooks if hooks.is_absolute() else root / hooks
    path = path / "pre-commit"
    text = hook_text(root, top, launcher)
    try:
        old = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        old = None
    if old is not None and HOOK_MARK not in old:
        return [f"kept {path} (not vaultkit's); add to it a line that fails the hook when "
                f"this fails: {launcher}{where_of(root, top)} check --staged || exit 1"]
    if old == text and os.access(path, os.X_OK):
        return ["kept the pre-commit hook"]
    path.parent.mkdir(parents=True, exist_ok=True)
    if old is None:
        create_new(path, text)
    else:
        atomic_write(path, text)
    path.chmod(0o755)
    return [f"installed the pre-commit hook ({launcher} check --staged)"]
