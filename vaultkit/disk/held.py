"""Signals held back for a moment that must not be cut: the system blocks them, and those
sent meanwhile are delivered once the block ends (a Ctrl-C then raises there). Where the
system cannot (Windows), nothing is held."""

from __future__ import annotations

import signal
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

# The signals that end a command from outside: `kill`, a closing terminal
ENDINGS = frozenset(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                    if hasattr(signal, name))
# The signals that stop a command: Ctrl-C, and those
STOPS = ENDINGS | {signal.SIGINT}


@contextmanager
def held_back(signals: Iterable[int] = STOPS) -> Iterator[None]:
    if not hasattr(signal, "pthread_sigmask"):
        yield  # pragma: no cover - Windows
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)  # those sent meanwhile: now
