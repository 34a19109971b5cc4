"""benchmarks/stress_writes.py at a size that fits CI (full size by hand, figures in
docs/reliability.md): concurrent `log`s lose nothing silently, with and without
`watch --agenda` running; `kill -9` of `log` tears no note and leaves no temporary file
after the next write."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from stress_writes import concurrent, kills  # noqa: E402


def test_concurrent_logs_lose_nothing_silently(tmp_path):
    out = concurrent(tmp_path, procs=10, rounds=2)
    assert out["silent"] == 0, out
    assert out["present"] + out["refused"] == out["expected"]


def test_concurrent_logs_with_watch_running_lose_nothing_silently(tmp_path):
    out = concurrent(tmp_path, procs=6, rounds=1, watch=True)
    assert out["silent"] == 0, out
    assert out["agenda_written"]


def test_killed_logs_tear_no_note_and_leave_no_temporary_file(tmp_path):
    out = kills(tmp_path, kills=4, size_mb=1)
    assert out["torn"] == 0, out
    assert out["temps_left"] == 0, out
