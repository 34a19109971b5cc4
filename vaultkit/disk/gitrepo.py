"""git, for `check --staged` and `git setup`: which of the vault's notes the next commit
adds or changes, and their staged bytes; `run_git` for the rest. The only module that
runs another program: git,
with `-C` the vault's folder (the vault may be the repository or a folder in it), each run
with a timeout, its names NUL-separated (`-z`) so that none can be misread (a newline in
it, bytes that are not UTF-8), and the blobs read by their ids rather than by name."""

from __future__ import annotations

import os
import subprocess
from typing import NamedTuple

from vaultkit.config import Config
from vaultkit.disk.scan import NOT_UTF8_NAME as NOT_UTF8
from vaultkit.disk.scan import plain_note
from vaultkit.errors import GitUnavailable

GIT_SECONDS = 30  # each run of git
REGULAR = ("100644", "100755")  # blob modes of a file (not a symbolic link, not a submodule)


class Staged(NamedTuple):
    notes: list[tuple[str, bytes]]  # (path relative to the vault, with `/`; staged bytes)
    problems: list[tuple[str, int, str]]  # staged notes whose names are not UTF-8


def staged_notes(config: Config) -> Staged:
    """The vault's notes that are added, copied, modified or renamed in git's index (its
    staging area), as the next commit holds them. Raises GitUnavailable outside a git work
    tree, without git, or when git fails."""
    root = str(config.root)
    _work_tree(root)
    listed = run_git(root, "diff", "--cached", "--raw", "-z", "--no-renames", "--relative",
                  "--no-abbrev", "--no-color", "--diff-filter=ACMR")
    wanted: list[tuple[str, str]] = []  # (path, blob id)
    problems: list[tuple[str, int, str]] = []
    for mode, blob, name in _raw_records(listed):
        try:
            path = name.decode("utf-8")
        except UnicodeDecodeError:
            shown = name.decode("utf-8", "backslashreplace")
            if mode in REGULAR and plain_note(config, shown):
                problems.append((shown, 0, NOT_UTF8))
            continue
        if mode in REGULAR and plain_note(config, path):
            wanted.append((path, blob))
    if not wanted:
        return Staged([], problems)
    batch = "".join(f"{blob}\n" for _, blob in wanted).encode("ascii")
    contents = _blobs(run_git(root, "cat-file", "--batch", stdin=batch), len(wanted))
    return Staged([(path, data) for (path, _), data in zip(wanted, contents, strict=True)],
                  problems)


def _work_tree(root: str) -> None:
    try:
        inside = run_git(root, "rev-parse", "--is-inside-work-tree").strip() == b"true"
    except GitUnavailable as exc:
        if "not a git repository" not in str(exc):
            raise
        inside = False
    if not inside:
        raise GitUnavailable(f"{root} is not in a git work tree (--staged checks what git "
                             "has staged for the next commit)")


def _raw_records(out: bytes):
    """(new mode, new blob id, path) of each record of `git diff --raw -z --no-renames`:
    `:old_mode new_mode old_id new_id status` NUL path NUL."""
    fields = out.split(b"\0")
    for i in range(0, len(fields) - 1, 2):
        head, name = fields[i], fields[i + 1]
        parts = head.decode("ascii", "replace").lstrip(":").split()
        if len(parts) < 5:
            raise GitUnavailable(f"git diff printed what vaultkit cannot read: {head[:80]!r}")
        yield parts[1], parts[3], name


def _blobs(out: bytes, count: int) -> list[bytes]:
    """The contents in `git cat-file --batch` output: `id blob size` LF, the bytes, LF."""
    contents, at = [], 0
    for _ in range(count):
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if len(header) != 3 or header[1] != b"blob":
            raise GitUnavailable(f"git cat-file printed what vaultkit cannot read: "
                                 f"{out[at:end][:80]!r}")
        size = int(header[2])
        contents.append(out[end + 1 : end + 1 + size])
        at = end + 1 + size + 1
    return contents


def run_git(root: str, *args: str, stdin: bytes | None = None) -> bytes:
    """git's output of `git -C root ARGS`; GitUnavailable if it cannot run or fails.
    GIT_INDEX_FILE and the like that a hook was given are kept: they say which index."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}  # C: messages in English
    try:
        done = subprocess.run(
            ["git", "-C", root, *args], input=stdin, capture_output=True, env=env,
            timeout=GIT_SECONDS, check=False,
            **({} if stdin is not None else {"stdin": subprocess.DEVNULL}))
    except FileNotFoundError:
        raise GitUnavailable("git is not installed (or not on PATH)") from None
    except subprocess.TimeoutExpired:
        raise GitUnavailable(f"git {args[0]} took longer than {GIT_SECONDS} s") from None
    except OSError as exc:
        raise GitUnavailable(f"cannot run git: {exc.strerror}") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitUnavailable(f"git {args[0]} failed: {said[0] if said else done.returncode}")
    return done.stdout
