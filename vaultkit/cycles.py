"""`no_cycle_collection`: the cycle collector paused while vaultkit makes many small objects
none of which is in a cycle (an agenda, a graph, stats). A module of its own, of the
standard library alone, so that the library face can use it without loading the agenda
(start-up: a no-op `index` or a `search` loads no rule, docs/performance.md)."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def no_cycle_collection():
    """An agenda makes tens of thousands of small objects, none in a cycle: the cycle
    collector, run again and again as they are made, finds nothing and costs a tenth of
    the agenda's time. Reference counting frees them as before; the collector is back on
    (if it was) when the agenda is made. Nested uses are fine."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
