"""Read, hash and parse changed files into shards, in worker processes when there are many.

Parsing is most of the cost of a large index build and needs no database, so it uses every
core; the main process only decides what happened to each file and merges the shards.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import os
import signal
import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from multiprocessing import get_context
from typing import NamedTuple

from vaultkit.config import Config
from vaultkit.disk.files import read
from vaultkit.disk.held import ENDINGS, held_back
from vaultkit.disk.scan import FileStat, Unreadable
from vaultkit.index.store import Shard
from vaultkit.model import Problem
from vaultkit.notes.parse import parse_note

PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process is sent when its parent ends

PARALLEL_FROM = 2000  # fewer files than this parse faster than workers start
CHUNK = 250
IN_FLIGHT = 3  # chunks per worker waiting at once: bounds memory on huge vaults
WORKER_NICENESS = 10


class Job(NamedTuple):
    path: str
    file_id: int  # the id the note's rows get (a fresh id for a file not yet indexed)
    known_sha: bytes | None  # the hash in the index, to skip parsing an unchanged file


class Loaded(NamedTuple):
    path: str
    status: str  # "gone" (deleted since the scan), "same" (hash unchanged) or "parsed"
    st: FileStat | None = None
    sha: bytes | None = None
    failed: bool = False  # the note has problems
    file_id: int = 0


Chunk = tuple[list[Loaded], bytes]  # what happened to each path, and the parsed rows


def load_chunk(config: Config, jobs: list[Job]) -> Chunk:
    shard = Shard()
    out = []
    for job in jobs:
        try:
            got = read(config.root, job.path)
        except Unreadable as exc:  # a note with this one problem and nothing else
            note = replace(parse_note(job.path, b"", config), problems=(Problem(0, exc.why),))
            sha = hashlib.sha256(exc.why.encode()).digest()
            shard.add(job.file_id, note)
            out.append(Loaded(job.path, "parsed", exc.st, sha, True, job.file_id))
            continue
        if got is None:
            out.append(Loaded(job.path, "gone"))
            continue
        data, st = got
        sha = hashlib.sha256(data).digest()
        if sha == job.known_sha:
            out.append(Loaded(job.path, "same", st, sha))
            continue
        note = parse_note(job.path, data, config)
        shard.add(job.file_id, note)
        out.append(Loaded(job.path, "parsed", st, sha, bool(note.problems), job.file_id))
    return out, shard.serialize()


def load_all(config: Config, jobs: list[tuple]) -> Iterator[Chunk]:
    """Chunks in the order of `jobs` (each a Job or its tuple). Worker processes do the
    work when there are many jobs and cores; if they cannot start or die, the rest is done
    here."""
    jobs = [Job(*job) for job in jobs]
    chunks = [jobs[i : i + CHUNK] for i in range(0, len(jobs), CHUNK)]
    workers = min(os.cpu_count() or 1, 4)
    done = 0
    if len(jobs) >= PARALLEL_FROM and workers >= 2:
        try:
            for chunk in _in_workers(config, chunks, workers):
                yield chunk
                done += 1
        except (OSError, RuntimeError, BrokenProcessPool):
            pass  # fall through: do what is left in this process
    for chunk in chunks[done:]:
        yield load_chunk(config, chunk)


def _in_workers(config: Config, chunks: list[list[Job]], workers: int) -> Iterator[Chunk]:
    # fork starts at once and needs no importable __main__, but is unsafe beside other
    # threads (`watch` has an observer thread): spawn there.
    method = "fork" if threading.active_count() == 1 and os.name == "posix" else "spawn"
    # Forked workers share the parent's memory until they write to it, and a garbage
    # collection in a worker writes to every object it visits: freeze the parent's objects
    # out of the collector's reach so that they stay shared.
    gc.freeze()
    # The main process, merging shards, is the pipeline's narrow end: workers yield to it.
    pool = ProcessPoolExecutor(workers, mp_context=get_context(method),
                               initializer=_start_worker, initargs=(os.getpid(),))
    try:
        pending: deque[Future] = deque()
        for chunk in chunks:
            pending.append(pool.submit(load_chunk, config, chunk))
            if len(pending) >= workers * IN_FLIGHT:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:  # a Ctrl-C, SIGTERM, a failure: their parses are not wanted
        _stop_at_once(pool)
        raise
    pool.shutdown()
    gc.unfreeze()


def _stop_at_once(pool: ProcessPoolExecutor) -> None:
    """Kill the workers rather than wait for the chunks they are parsing (what leaving a
    `with` block does). Found in review: a second Ctrl-C or SIGTERM broke off that wait,
    and the process then hung for good at its exit, waiting on workers nobody stopped.
    `_processes` is the executor's own; Python 3.14's terminate_workers() does this."""
    with held_back():
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            try:
                process.kill()
            except (OSError, ValueError):  # gone already, or closed
                pass
        _close_dead_ends(pool)
        pool.shutdown(wait=False, cancel_futures=True)


def _close_dead_ends(pool: ProcessPoolExecutor) -> None:
    """Close this process's own copy of the end of the pipe that workers write results to.
    A worker killed while it wrote one left part of it in the pipe, and the executor's
    thread waited for the rest for ever, since this process held the pipe open; at exit
    Python waits for that thread (found in review: 2 runs in 16 of three Ctrl-Cs on a busy
    machine hung after `Aborted!`). With no writer left, the read ends. Only that end:
    the executor's thread never closes it, so nothing closes it twice (the job pipe's
    end, which that thread closes too, was closed here once, and a review saw the second
    close fail)."""
    try:
        pool._result_queue._writer.close()  # type: ignore[attr-defined]
    except (AttributeError, OSError):  # another Python's executor, or closed already
        pass


def _start_worker(parent: int) -> None:
    """A worker yields to the main process, and ends with it: killed (`kill -9`), the main
    process leaves no worker behind blocked for ever on a pipe no one reads (Linux's
    PR_SET_PDEATHSIG; a parent gone before it was asked is seen by its id)."""
    for number in ENDINGS:  # the command's handlers are not theirs
        # An ignored one stays ignored (`nohup`: found in review, a closed terminal then
        # killed the workers of a build that was to go on)
        if signal.getsignal(number) != signal.SIG_IGN:
            signal.signal(number, signal.SIG_DFL)
    try:
        os.nice(WORKER_NICENESS)
    except OSError:
        pass
    _die_with_parent()
    if os.getppid() != parent:
        os._exit(1)


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: a killed main process may leave its workers to finish alone
