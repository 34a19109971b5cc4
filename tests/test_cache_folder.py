"""The default index's folder and key without importing platformdirs and hashlib
(index/cache_folder.py) are theirs exactly: the write lock lives beside the default index,
so a different answer would give two writers of one vault two locks. Checked against the
installed libraries, over generated environments and paths, in a fresh process each time
the environment matters (platformdirs reads it when asked, but a process is what a
command is)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import platformdirs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.index import cache_folder
from vaultkit.index.cache_folder import sha256_hex, user_cache_folder

# Values of XDG_CACHE_HOME and HOME a person's environment may hold: absolute, relative,
# blank, with spaces or a trailing slash, the root, a `~`.
VALUES = st.one_of(
    st.none(), st.just(""), st.just(" "), st.just("/"), st.just("~"), st.just("~/cache"),
    st.just("relative/cache"), st.just("/tmp/x/"), st.just("/home/a b/.cache"),
    st.text(st.sampled_from("/ab ._~"), max_size=12))


def _env(xdg: str | None, home: str | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_CACHE_HOME", "HOME")}
    env.update({k: v for k, v in (("XDG_CACHE_HOME", xdg), ("HOME", home)) if v is not None})
    env.update(extra)
    return env


@settings(max_examples=40, deadline=None)
@given(xdg=VALUES, home=VALUES)
def test_the_cache_folder_is_platformdirs_answer(xdg, home):
    with pytest.MonkeyPatch.context() as monkeypatch:  # undone after each example
        for name, value in (("XDG_CACHE_HOME", xdg), ("HOME", home)):
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        try:
            theirs = platformdirs.user_cache_dir("vaultkit")
        except RuntimeError:  # no home it can find: ours must not find one either
            with pytest.raises(RuntimeError):
                user_cache_folder()
            return
        assert user_cache_folder() == theirs


def test_the_plain_case_imports_neither_library():
    """A command's start-up: in the plain Linux case neither platformdirs nor hashlib is
    imported, and the answer is platformdirs' all the same (asked afterwards)."""
    code = ("import sys, json; from pathlib import Path; from vaultkit.index.db import "
            "default_path; p = str(default_path(Path(sys.argv[1]))); "
            "loaded = [m for m in ('platformdirs', 'hashlib', 'tempfile') if m in sys.modules]; "
            "import platformdirs, hashlib; "
            "key = hashlib.sha256(str(Path(sys.argv[1]).resolve()).encode()).hexdigest()[:16]; "
            "print(json.dumps([loaded, p, str(Path(platformdirs.user_cache_dir('vaultkit'))"
            " / key / 'index.sqlite3')]))")
    for env in (_env(None, "/home/kim"), _env("/var/tmp/cache", "/home/kim"),
                _env("", "/home/kim/")):
        out = subprocess.run([sys.executable, "-c", code, "some/vault"], env=env,
                             capture_output=True, text=True, check=True).stdout
        loaded, ours, theirs = json.loads(out)
        if sys.platform == "linux":
            assert loaded == []
        assert ours == theirs


def test_android_and_other_systems_ask_platformdirs(monkeypatch):
    monkeypatch.setenv("ANDROID_DATA", "/data")
    assert cache_folder._plain_linux_cache() is None
    monkeypatch.delenv("ANDROID_DATA")
    monkeypatch.setattr(sys, "platform", "darwin")
    assert cache_folder._plain_linux_cache() is None


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300) | st.text(max_size=100).map(
    lambda t: t.encode("utf-8", "surrogatepass")))
def test_the_key_is_hashlibs_sha256(data):
    assert sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_without_cpythons_own_sha256_hashlib_gives_the_key(monkeypatch):
    """A Python built without its own SHA-256 (`_sha2`, `_sha256` missing): hashlib's."""
    monkeypatch.setitem(sys.modules, "_sha2", None)  # None in sys.modules: ImportError
    monkeypatch.setitem(sys.modules, "_sha256", None)
    assert sha256_hex(b"/home/kim/vault") == hashlib.sha256(b"/home/kim/vault").hexdigest()
