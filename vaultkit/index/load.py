"""Read, hash and parse changed files, in worker processes when there are many.

Parsing is most of the cost of a large index build and needs no database, so it can use
every core; the main process only writes rows. Workers return plain tuples (cheap to send),
never model objects.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import NamedTuple

from ..config import Config
from ..note import parse_note
from ..vault import FileStat, read
from .store import Rows, note_rows

PARALLEL_FROM = 2000  # fewer files than this parse faster than workers start
CHUNK = 250
IN_FLIGHT = 4  # chunks per worker waiting at once: bounds memory on huge vaults


# Named tuples: they cross process boundaries, and pickle far faster than dataclasses.
class Job(NamedTuple):
    path: str
    file_id: int  # the id the file's rows get (a new id for a new file)
    known_sha: bytes | None  # the hash in the index, to skip parsing an unchanged file


class Loaded(NamedTuple):
    path: str
    status: str  # "gone" (deleted since the scan), "same" (hash unchanged) or "parsed"
    st: FileStat | None = None
    sha: bytes | None = None
    rows: Rows | None = None
    failed: bool = False  # the note has problems


def load(config: Config, job: Job) -> Loaded:
    got = read(config.root, job.path)
    if got is None:
        return Loaded(job.path, "gone")
    data, st = got
    sha = hashlib.sha256(data).digest()
    if sha == job.known_sha:
        return Loaded(job.path, "same", st, sha)
    note = parse_note(job.path, data, config)
    return Loaded(job.path, "parsed", st, sha, note_rows(job.file_id, note), bool(note.problems))


def load_all(config: Config, jobs: list[Job]) -> Iterator[Loaded]:
    """Results in the order of `jobs`. Worker processes do the parsing when there are many
    jobs and cores; if they cannot start or die, the rest is parsed here."""
    workers = min(os.cpu_count() or 1, 4)
    done = 0
    if len(jobs) >= PARALLEL_FROM and workers >= 2:
        try:
            for loaded in _in_workers(config, jobs, workers):
                yield loaded
                done += 1
        except (OSError, RuntimeError, BrokenProcessPool):
            pass  # fall through: parse what is left in this process
    for job in jobs[done:]:
        yield load(config, job)


def _in_workers(config: Config, jobs: list[Job], workers: int) -> Iterator[Loaded]:
    from concurrent.futures import Future, ProcessPoolExecutor

    # fork starts at once and needs no importable __main__, but is unsafe beside other
    # threads (`watch` has an observer thread): spawn there.
    method = "fork" if threading.active_count() == 1 and os.name == "posix" else "spawn"
    chunks = [jobs[i : i + CHUNK] for i in range(0, len(jobs), CHUNK)]
    with ProcessPoolExecutor(workers, mp_context=get_context(method)) as pool:
        pending: deque[Future] = deque()
        for chunk in chunks:
            pending.append(pool.submit(_load_chunk, config, chunk))
            if len(pending) >= workers * IN_FLIGHT:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _load_chunk(config: Config, jobs: list[Job]) -> list[Loaded]:
    return [load(config, job) for job in jobs]
