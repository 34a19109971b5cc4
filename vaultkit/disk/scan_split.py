"""The walk of a sync that most likely finds nothing changed, shared by two processes.

On a large vault that walk is nearly all of a no-op sync (and of the sync before every
command), and most of the walk is the `stat` of each note. Threads cannot share it:
Python's lock passes between them at every stat, and two threads took 1.7 times as long as
one. A forked process can: both walk every folder, and each takes its share of the plain
files — by the hash of the name, which a forked process computes as its parent does: the
notes, the sync tools' copies among them, the names it cannot index; the links to notes
are the first's (a note two links lead to is counted once). What both pass over among the
folders is said once. The second sends its count, digest, the notes it kept and what it
passed over through a pipe (marshal: numbers, text, lists). On two cores, 107,008 notes:
0.26 s, against 0.38 s for the walk in one process (each still reads every folder whole).

Whenever the two did not see the vault alike — an error in either one's share, a folder
that changed between their reads, anything the second could not do — the walk is done
again in one process (None). A share that went wrong can only make the sums differ from the
index's, never agree with it (index/look.py then walks again): it never hides a change.

Only in a process with no other thread (a fork copies one thread and any lock another held),
and where the system can fork; the second process leaves with `os._exit`, never running
the first's exit handlers, buffers or database connections."""

from __future__ import annotations

import marshal
import os
import signal
import threading
from collections.abc import Callable

from vaultkit.disk.held import held_back
from vaultkit.disk.scanned import FileStat, Scan


def shared_walk(walk: Callable[[int], Scan], beside: Callable[[], None] = lambda: None
                ) -> Scan | None:
    """`walk(0)` here and `walk(1)` in a forked process, as one Scan; None when it cannot be
    shared or the two did not agree (walk again alone). `beside` runs once whatever
    happens: in a thread of this process while it walks (started after the fork), or
    before None when there is no fork.

    A Ctrl-C, a SIGTERM, any signal sent meanwhile waits for the end of the shared walk (a
    few tenths of a second): signals are held back from the fork until the thread is
    joined and the second process reaped, then delivered. (Found in review: a Ctrl-C, or a
    caller's handler that raised, while the thread ran closed its connection under it.)"""
    if not _can_fork():
        beside()
        return None
    with held_back(HELD_BACK):
        return _forked(walk, beside)


def _can_fork() -> bool:
    """A system that forks, a process with no other thread, and a second core to use."""
    if not hasattr(os, "fork") or not hasattr(signal, "pthread_sigmask"):
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)
    return min(cores, quota_cores()) >= 2 and threading.active_count() == 1


# Where Linux says how much CPU time a container may use (cgroup v2, then v1): a limit of
# one core (`docker run --cpus 1`) leaves every core in the affinity mask
QUOTA_FILES = (("/sys/fs/cgroup/cpu.max",),
               ("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu/cpu.cfs_period_us"))


def quota_cores() -> float:
    """How many cores' time the cgroup allows (inf: no limit, or none found)."""
    for files in QUOTA_FILES:
        try:
            words = " ".join(_text(path) for path in files).split()
        except (OSError, ValueError):
            continue
        try:
            quota, period = int(words[0]), int(words[1])
        except (ValueError, IndexError):  # `max`: no limit
            return float("inf")
        return quota / period if quota > 0 and period > 0 else float("inf")
    return float("inf")


def _forked(walk: Callable[[int], Scan], beside: Callable[[], None]) -> Scan | None:
    try:
        reader, writer = os.pipe()
    except OSError:  # out of descriptors: alone, then
        beside()
        return None
    try:
        pid = os.fork()
    except OSError:  # out of processes or memory
        os.close(reader)
        os.close(writer)
        beside()
        return None
    if pid == 0:
        _second(walk, reader, writer)  # never returns
    os.close(writer)
    thread = threading.Thread(target=beside)
    thread.start()
    try:
        return _first(walk, pid, reader)
    finally:
        thread.join()


LISTS = ("skipped", "unreadable", "copies", "lone_copies")  # what a walk passed over
# Every signal but those a fault raises in this very thread (held back, they would hang it)
HELD_BACK = signal.valid_signals() - {
    getattr(signal, name) for name in ("SIGSEGV", "SIGBUS", "SIGFPE", "SIGILL", "SIGTRAP",
                                       "SIGABRT", "SIGSYS", "SIGKILL", "SIGSTOP")
    if hasattr(signal, name)}


def _second(walk: Callable[[int], Scan], reader: int, writer: int) -> None:
    status = 1
    try:
        os.close(reader)
        out = walk(1)
        data = marshal.dumps((out.count, out.digest, out.folder_errors,
                              [(path, tuple(st)) for path, st in out.files.items()],
                              *(getattr(out, name) for name in LISTS)))
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(data)
        status = 0
    finally:
        os._exit(status)


def _first(walk: Callable[[int], Scan], pid: int, reader: int) -> Scan | None:
    walked = False
    try:
        out = walk(0)
        walked = True
    finally:
        if not walked:  # failed: the second's answer is not wanted
            _kill(pid)
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
        status = _reaped(pid)
    if status not in (0, None) or not data:
        return None
    try:  # whole, or not at all: a cut-off answer does not load
        count, total, folder_errors, files, *lists = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    if folder_errors or out.folder_errors:  # one may have read a folder the other could not
        return None
    out.count, out.digest, out.part = out.count + count, out.digest + total, None
    out.files.update((path, FileStat(*st)) for path, st in files)
    for name, theirs in zip(LISTS, lists, strict=True):
        # Both walk every folder, so both say what they passed over among the folders: said
        # once; of the notes, each says what it passed over of its share.
        ours = getattr(out, name)  # text, or tuples of text: marshal gives them back so
        seen = set(ours)
        ours.extend(item for item in theirs if item not in seen)
    return out


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _reaped(pid: int) -> int | None:
    """The second process's exit code once it has ended; None when this process cannot
    wait for it (SIGCHLD ignored, or a handler of the caller's reaped it): its answer,
    whole or not, then says whether it got to the end."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return None
    return os.waitstatus_to_exitcode(status)


def _text(path: str) -> str:
    with open(path, encoding="ascii") as file:
        return file.read()
