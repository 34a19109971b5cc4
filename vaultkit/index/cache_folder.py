"""Where a vault's default index goes: `<user cache>/vaultkit/<key>/index.sqlite3`, the key
the first 16 hex digits of the SHA-256 of the vault's real path. The vault's write lock
lives beside it (db.lock_file), so every vaultkit process must find the same folder.

platformdirs decides the user cache folder. Importing it costs about 13 ms (4.14 brings
tempfile, shutil and random), and hashlib about 5 ms (it loads OpenSSL): a fifth of the
start-up of a command such as `search`, paid on every command. So two fast paths give the
same answers without them, and everything else goes to them:

- the cache folder, on Linux in the plain case platformdirs answers without a choice of
  its own (`$XDG_CACHE_HOME` absolute, or unset or empty and `$HOME` absolute; not
  Android): `$XDG_CACHE_HOME/vaultkit` or `~/.cache/vaultkit`, made as platformdirs makes
  them (`os.path.join`, `os.path.expanduser`). Any other case (macOS, Windows, a relative
  or blank variable, no HOME) asks platformdirs itself.
- SHA-256 from CPython's own implementation (`_sha2`, `_sha256` before 3.12), which gives
  the same digest as OpenSSL's; hashlib where Python was built without it.

tests/test_cache_folder.py holds both to the libraries' answers over generated
environments and paths, with the installed platformdirs: a release that changes its
answer fails there, not in a person's vault."""

from __future__ import annotations

import os
import posixpath
import sys

APP = "vaultkit"


def user_cache_folder() -> str:
    """platformdirs.user_cache_dir("vaultkit"), without importing it in the plain case."""
    plain = _plain_linux_cache()
    if plain is not None:
        return os.path.join(plain, APP)
    import platformdirs  # edge: any case but the plain one

    return platformdirs.user_cache_dir(APP)


def _plain_linux_cache() -> str | None:
    """The base folder of the plain Linux case, or None: ask platformdirs."""
    env = os.environ
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel") or (
            "ANDROID_DATA" in env or "ANDROID_ROOT" in env):
        return None
    xdg = env.get("XDG_CACHE_HOME", "")
    if xdg:
        return xdg if posixpath.isabs(xdg) else None
    home = env.get("HOME", "")
    return os.path.expanduser("~/.cache") if posixpath.isabs(home) else None


def sha256_hex(data: bytes) -> str:
    """hashlib.sha256(data).hexdigest(), without loading OpenSSL where Python has its own."""
    try:
        from _sha2 import sha256  # edge: CPython 3.12+
    except ImportError:
        try:
            from _sha256 import sha256  # edge: CPython 3.11
        except ImportError:
            from hashlib import sha256  # edge: built without its own
    return sha256(data).hexdigest()
