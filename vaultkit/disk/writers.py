"""Which methods write to a vault: each holds the vault's write lock while it runs, so that
vaultkit processes queue instead of racing (the lock itself: disk/lock.py, loaded by the
first write only, since filelock costs tens of milliseconds to import)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

LockFor = Callable[[Path], AbstractContextManager]  # the vault's root -> its lock, held


def writers(lock_for: LockFor, *names: str):
    """A class decorator: the methods `names` each run inside `lock_for(self.root)`."""
    def locking(method):
        @functools.wraps(method)
        def locked(self, *args, **kwargs):
            with lock_for(self.root):
                result = method(self, *args, **kwargs)
            self.wrote = True  # a command that fails after this is not run again
            return result
        return locked

    def decorate(cls):
        for name in names:
            setattr(cls, name, locking(getattr(cls, name)))
        return cls
    return decorate
