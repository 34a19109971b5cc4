"""The streaming walk and the no-op sync (issue 17): the walk finds what the walk that
listed each folder found, on trees made to trip it; a sync that finds nothing to do holds
no object per note (its memory does not grow with the vault) and loads no parser; the
digest that decides it binds each path to its own stat."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from conftest import write
from vaultkit.config import Config
from vaultkit.disk import scan as scan_module
from vaultkit.disk import scan_links
from vaultkit.disk.copies import LAST, original_name, original_of_note
from vaultkit.disk.scan import UNREADABLE, FileStat, Scan, scan
from vaultkit.disk.temps import in_vault
from vaultkit.vault import Vault

DAY_NS = 86_400 * 1_000_000_000


def listed_walk(config: Config) -> Scan:
    """The walk as it was before it streamed (each folder listed whole, its copies set
    apart by the names listed): the reference the streaming walk must agree with."""
    root = str(config.root)
    out = Scan()
    _listed(root, "", config, out, set(), root + os.sep)
    return out


def _listed(folder, rel, config, out, seen, root_prefix):  # noqa: C901 (kept as it was)
    try:
        st = os.stat(folder)
        if (st.st_dev, st.st_ino) in seen:
            out.skipped.append(f"{rel or '.'}: folder already indexed (a symbolic link loop?)")
            return
        seen.add((st.st_dev, st.st_ino))
        entries = list(os.scandir(folder))
    except OSError as exc:
        out.skipped.append(f"{rel or '.'}: cannot read folder: {exc.strerror}")
        out.unreadable.append((rel or ".", scan_module.cannot_read(exc)))
        return
    excluded = config.excluded if config.exclude else None
    copies = []
    for entry in entries:
        name = entry.name
        if name[0] == ".":
            continue
        relpath = f"{rel}/{name}" if rel else name
        if not name.isascii() and scan_module._not_utf8(entry, relpath, out):
            continue
        try:
            link = entry.is_symlink()
            if link and not scan_links.inside(entry.path, root_prefix):
                out.skipped.append(f"{relpath}: symbolic link out of the vault, not followed")
                continue
            if entry.is_dir():
                if not (excluded and (excluded(relpath) or excluded(relpath + "/"))):
                    _listed(entry.path, relpath, config, out, seen, root_prefix)
            elif name.endswith(".md") and entry.is_file():
                if excluded and excluded(relpath):
                    continue
                st = entry.stat()
                if link:
                    if (st.st_dev, st.st_ino) in seen or scan_links.walked_as_itself(
                            entry.path, root_prefix, config):
                        continue
                    seen.add((st.st_dev, st.st_ino))
                out.files[relpath] = FileStat(st.st_mtime_ns, st.st_size if (
                    st.st_mode & 0o444 == 0o444 or os.access(entry.path, os.R_OK))
                    else UNREADABLE)
                if name[-4] in LAST and original_of_note(name):
                    copies.append(name)
        except OSError as exc:
            out.skipped.append(f"{relpath}: {exc.strerror}")
    present = {entry.name for entry in entries}
    for name in copies:
        copy = original_name(name)
        def path(n, rel=rel):
            return f"{rel}/{n}" if rel else n

        if copy.original not in present:
            if copy.strict:
                out.lone_copies.append((path(name), path(copy.original)))
            continue
        original = copy.original
        for _ in range(8):
            further = original_name(original)
            if further is None or further.original not in present:
                break
            original = further.original
        del out.files[path(name)]
        out.copies.append((path(name), path(original)))


STRICT = ".sync-conflict-20261201-101500-ABCD123.md"


def hostile(root: Path, outside: Path) -> None:
    """A vault with every kind of thing the walk must pass over, follow once, or set apart."""
    for rel in ("A.md", "people/B.md", "deep/er/H.md", ".obsidian/C.md", ".trash/D.md",
                "people/.hidden.md", "templates/G.md", "notes.txt", "people/Skip.md",
                "archive/Kim.md", "x.md/Inside.md", "people/Ann.md", "people/Ann (1).md",
                f"people/Ann{STRICT}", "people/Ann (1) (1).md", f"people/Bob{STRICT}",
                "people/Carl 1.md", "people/Ann_conflict-20261201-101500.md",
                "people/Ann (conflicted copy 2026-12-01).md", "2026-12-01.md", "Acme-HQ.md",
                "Report-DESKTOP-AB12CD.md", "Report.md", "people/Zoë.md", "locked/L.md"):
        write(root, rel, f"---\nname: {rel}\n---\n")
    write(outside, "Secret.md", "x\n")
    os.symlink(root, root / "people" / "loop")
    os.symlink(outside, root / "linked-folder")
    os.symlink(outside / "Secret.md", root / "Linked.md")
    os.symlink(root / "archive", root / "alias")
    (root / "people" / "Kim.md").symlink_to(Path("..") / "archive" / "Kim.md")
    os.symlink(root / "gone.md", root / "Dangling.md")
    os.symlink(root / "A.md", root / "people" / f"A{STRICT}")  # a link named as a copy
    os.mkfifo(root / "pipe.md")
    (root / "people" / "unreadable.md").write_text("x\n")
    os.chmod(root / "people" / "unreadable.md", 0)
    os.chmod(root / "locked", 0)
    name = os.fsencode(root) + b"/caf\xe9.md"
    with open(name, "wb") as handle:
        handle.write(b"x\n")
    os.mkdir(os.fsencode(root) + b"/dossier-\xe9")


@pytest.fixture
def tree(tmp_path):
    root, outside = tmp_path / "vault", tmp_path / "outside"
    hostile(root, outside)
    yield root
    os.chmod(root / "locked", 0o755)


@pytest.mark.parametrize("exclude", [(), ("templates/**", "**/Skip.md"), ("deep", "x.md")])
def test_the_streaming_walk_finds_what_the_listing_walk_found(tree, exclude):
    config = Config(root=tree, exclude=exclude)
    before, now = listed_walk(config), scan(config)
    assert now.files == before.files  # the same notes with the same stats (any order)
    # What it passed over, by path (the walk sorts them: a shared walk gives them so too)
    assert (now.skipped, now.unreadable) == (sorted(before.skipped), sorted(before.unreadable))
    assert (now.copies, now.lone_copies) == (sorted(before.copies), sorted(before.lone_copies))
    assert ("people/Ann (1) (1).md", "people/Ann.md") in now.copies  # the cases are there
    assert ("people/Bob" + STRICT, "people/Bob.md") in now.lone_copies
    assert any(why == scan_module.NOT_UTF8_NAME for _, why in now.unreadable)
    assert now.count == len(now.files)
    assert now.digest == sum(scan_module.digest(path, st) for path, st in now.files.items())


def test_a_walk_that_keeps_no_note_counts_the_same(tree):
    config = Config(root=tree, exclude=("templates/**",))
    kept, counted = scan(config), scan(config, keep=False)
    assert counted.files == {} and kept.files
    assert (counted.count, counted.digest) == (kept.count, kept.digest)
    assert (counted.skipped, counted.unreadable) == (kept.skipped, kept.unreadable)
    assert (counted.copies, counted.lone_copies) == (kept.copies, kept.lone_copies)


class Logged:
    """A directory entry that logs what the walk asks of it."""

    def __init__(self, entry: os.DirEntry, log: list):
        self.entry, self.log = entry, log
        self.name, self.path = entry.name, entry.path

    def is_symlink(self):
        return self.entry.is_symlink()

    def is_dir(self, *, follow_symlinks=True):
        return self.entry.is_dir(follow_symlinks=follow_symlinks)

    def is_file(self, *, follow_symlinks=True):
        return self.entry.is_file(follow_symlinks=follow_symlinks)

    def stat(self, *, follow_symlinks=True):
        self.log.append(("stat", self.name))
        return self.entry.stat(follow_symlinks=follow_symlinks)


def test_the_walk_reads_a_folder_one_entry_at_a_time(tmp_path, monkeypatch):
    """The first note of a folder is looked at before its last entry is read: the walk
    holds no list of the folder's entries (a folder of 100,000 notes made one of 100,000
    objects)."""
    for i in range(50):
        write(tmp_path, f"people/P{i:02d}.md", "x\n")
    log: list[tuple[str, str]] = []
    real = os.scandir

    class Logging:
        def __init__(self, path):
            self.inner = real(path)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.inner.close()

        def __iter__(self):
            for entry in self.inner:
                log.append(("read", entry.name))
                yield Logged(entry, log)

        def close(self):
            self.inner.close()

    monkeypatch.setattr(scan_module.os, "scandir", Logging)
    found = scan(Config(root=tmp_path))
    assert len(found.files) == 50
    people = [i for i, (_, name) in enumerate(log) if name.startswith("P")]
    first_stat = next(i for i in people if log[i][0] == "stat")
    last_read = max(i for i in people if log[i][0] == "read")
    assert first_stat < last_read, log[:5]


def notes(root: Path, n: int) -> None:
    old = time.time_ns() - DAY_NS  # out of the racy window
    for i in range(n):
        path = write(root, f"people/Person {i:05d}.md", f"---\nname: Person {i}\n---\n")
        os.utime(path, ns=(old, old))


def noop_peak(tmp_path: Path, n: int) -> int:
    """tracemalloc's peak of a sync that finds nothing to do, on a vault of `n` notes."""
    root = tmp_path / f"vault-{n}"
    notes(root, n)
    vault = Vault.open(root, tmp_path / f"index-{n}.sqlite3")
    try:
        vault.sync()
        vault.sync()  # warm: what is cached once (regular expressions, statements)
        tracemalloc.start()
        stats = vault.sync()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    finally:
        vault.close()
    assert (stats.changed, stats.unchanged) == (False, n)
    return peak


def test_a_sync_that_finds_nothing_holds_no_object_per_note(tmp_path):
    """The peak of a no-op sync of 4,000 notes is that of 1,000, within 256 kB: the walk
    keeps none of them, and the index's rows are summed as they stream. (The listing walk
    and its dict of every note's stat took about 600 bytes a note: 1.8 MB more here.)"""
    small, large = noop_peak(tmp_path, 1000), noop_peak(tmp_path, 4000)
    assert large - small < 256 * 1024, (small, large)


def loaded_by(tmp_path: Path, notes_count: int, command: list[str]) -> tuple[str, list[str]]:
    """(stdout, every module loaded) of `vaultkit COMMAND` on a current index of a vault of
    `notes_count` notes, run in a process of its own."""
    root = tmp_path / "vault"
    notes(root, notes_count)
    index = tmp_path / "index.sqlite3"
    base = [sys.executable, "-m", "vaultkit", "--vault", str(root), "--index", str(index)]
    subprocess.run([*base, "index"], check=True, capture_output=True, timeout=120)
    code = ("import sys, runpy\n"
            f"sys.argv = ['vaultkit', '--vault', {str(root)!r}, '--index', {str(index)!r},"
            f" *{command!r}]\n"
            "try:\n    runpy.run_module('vaultkit', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=120)
    return done.stdout, eval(done.stdout.splitlines()[-1])


def test_a_sync_that_finds_nothing_loads_no_parser(tmp_path):
    out, loaded = loaded_by(tmp_path, 50, ["index"])
    assert "no changes" in out
    for module in ("yaml", "vaultkit.notes.parse", "vaultkit.index.load", "multiprocessing"):
        assert module not in loaded, module


def scanned(found: Scan) -> list:
    """All a walk gives, as JSON gives it back."""
    return json.loads(json.dumps([
        found.count, found.digest, sorted(found.files.items()), found.skipped,
        found.unreadable, found.copies, found.lone_copies]))


def test_what_the_walk_passed_over_is_said_by_path(tmp_path):
    """By path, not by the whole line: `dir-1` before `dir-10` (found in review: `:` sorts
    after `0`), and the same order however the folder lists them."""
    root, outside = tmp_path / "vault", tmp_path / "outside"
    write(outside, "x.md", "x\n")
    root.mkdir()
    for name in ("dir-10", "dir-1", "dir-2"):
        os.symlink(outside, root / name)
    found = scan(Config(root=root))
    assert [line.split(":")[0] for line in found.skipped] == ["dir-1", "dir-10", "dir-2"]


SHARED = """\
import json, sys
from vaultkit.config import Config
from vaultkit.disk import scan
from vaultkit.disk.scan_split import shared_walk
root, exclude, after = sys.argv[1], tuple(json.loads(sys.argv[2])), int(sys.argv[3])
config = Config(root=root, exclude=exclude)
def walked(found):
    return [found.count, found.digest, sorted(found.files.items()), found.skipped,
            found.unreadable, found.copies, found.lone_copies]
alone = scan.scan(config, keep=False, changed_after=after)
shares = [scan._scan(config, False, after, part).count for part in (0, 1)]
shared = shared_walk(lambda part: scan._scan(config, False, after, part))
split = scan.scan(config, keep=False, changed_after=after, split=True)
print(json.dumps({"alone": walked(alone), "split": walked(split), "shares": shares,
                  "shared": shared is not None}))
"""
# As root, the permission checks are dropped for the walk, as a person's own walk meets them
AS_A_PERSON = (["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner",
                "--inh-caps=-all"] if os.geteuid() == 0 and shutil.which("setpriv") else [])


@pytest.mark.parametrize("folders", ["readable", "locked", "not searchable"])
@pytest.mark.parametrize("exclude", [(), ("templates/**", "**/Skip.md"), ("deep", "x.md")])
def test_a_walk_shared_by_two_processes_finds_what_one_finds(tree, exclude, folders):
    """The no-op sync's walk on two cores (disk/scan_split.py) gives what the walk in one
    process gives, on a vault of links, loops, copies, unreadable and badly named notes —
    kept notes, problems and sums alike. Both shares carry notes (the hash of the names
    parts them, about half each). A folder that cannot be opened is passed over by both;
    one that can be listed but not searched (`r` without `x`) is walked again alone. In a
    process of its own, which has no other thread, as a command's, and as a person (no
    root's override of permissions)."""
    if folders == "readable":
        os.chmod(tree / "locked", 0o755)
    if folders == "not searchable":
        write(tree, "listed/Kept.md", "---\nname: Kept\n---\n")
        os.chmod(tree / "listed", 0o644)
    for i in range(30):  # plain notes beside the hostile ones, for both shares
        write(tree, f"{('people', 'deep/er', 'alias')[i % 3]}/N{i}.md", f"---\nname: N{i}\n---\n")
    for i in range(6):  # links to notes the walk does not take under their own path
        (tree / "people" / f"To D{i}.md").symlink_to(Path("..") / ".trash" / "D.md")
    after = time.time_ns() - DAY_NS  # every note is newer: all kept in `files`
    try:
        done = subprocess.run([*AS_A_PERSON, sys.executable, "-c", SHARED, str(tree),
                               json.dumps(exclude), str(after)],
                              capture_output=True, text=True, timeout=60)
    finally:
        if folders == "not searchable":
            os.chmod(tree / "listed", 0o755)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    alone = out["alone"]
    assert alone[0] > 20 and len(alone[2]) > 20 and alone[5] and alone[3]  # notes, copies
    assert out["split"] == alone
    assert all(share >= 5 for share in out["shares"]) and sum(out["shares"]) == alone[0]
    unreadable = {path for path, _why in alone[4]}
    if AS_A_PERSON or os.geteuid() != 0:
        assert ("locked" in unreadable) == (folders != "readable")
        assert ("listed" in unreadable) == (folders == "not searchable")
    assert out["shared"] == ("listed" not in unreadable)


GIVES_WAY = """\
import os, signal, threading, time
from vaultkit.disk.scan_split import shared_walk
from vaultkit.disk.scanned import Scan

def share(part):
    if part == 1:
        raise RuntimeError("the second share fails")
    return Scan(count=1)

assert shared_walk(share) is None
assert shared_walk(lambda part: Scan(count=1 + part)).count == 3  # both shares, summed

signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the second reaped by the system, unwaited
assert shared_walk(lambda part: Scan(count=1 + part)).count == 3
signal.signal(signal.SIGCHLD, signal.SIG_DFL)

beside = []
def ctrl_c(part):  # a Ctrl-C in the middle of the walk: raised once the walk is over
    if part == 0:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.2)
    return Scan(count=1)
try:
    shared_walk(ctrl_c, lambda: (time.sleep(0.3), beside.append("done")))
    raise AssertionError("not raised")
except KeyboardInterrupt:
    pass
assert beside == ["done"]  # the thread beside it ran to its end before

def leave(*_):  # a caller's own handler that raises (a library user's SIGTERM)
    raise SystemExit(3)
signal.signal(signal.SIGTERM, leave)
def terminate_then_finish():  # sent while the walk waits for this thread: the join
    time.sleep(0.2)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(0.3)
    beside.append("again")
try:
    shared_walk(lambda part: Scan(count=1), terminate_then_finish)
    raise AssertionError("not raised")
except SystemExit as exc:
    assert exc.code == 3
assert beside == ["done", "again"]
signal.signal(signal.SIGTERM, signal.SIG_DFL)

def broken(part):
    if part == 0:
        raise KeyboardInterrupt  # Ctrl-C in the middle of the walk
    time.sleep(30)  # the second would take long: it is stopped, not waited for
    return Scan()

started = time.monotonic()
try:
    shared_walk(broken)
    raise AssertionError("not raised")
except KeyboardInterrupt:
    pass
assert time.monotonic() - started < 10
try:
    os.waitpid(-1, os.WNOHANG)
    raise AssertionError("a child left behind")
except ChildProcessError:
    pass
stop = threading.Event()
other = threading.Thread(target=stop.wait)
other.start()
try:
    assert shared_walk(lambda part: Scan(count=1)) is None
finally:
    stop.set()
    other.join()
print("ok")
"""


def test_a_shared_walk_gives_way_to_a_walk_alone_when_anything_goes_wrong():
    """None (walk again alone) when the second process fails, or when another thread runs
    (a fork would copy one thread only); shared when SIGCHLD is ignored (found in review:
    every command failed on `waitpid`); a failure of the first process's own share is
    raised, its second process stopped and reaped, not left behind; a Ctrl-C during the
    walk is raised after it, the thread beside it joined, and so is a caller's handler of
    another signal that raises (found in review: raised while the thread read, either
    closed the thread's connection, a segmentation fault). In a process of its own, which
    has no other thread, as a command's."""
    done = subprocess.run([sys.executable, "-c", GIVES_WAY], capture_output=True, text=True,
                          timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "ok\n", "")


QUOTA = """\
import sys
from vaultkit.disk import scan_split
from vaultkit.disk.scanned import Scan
scan_split.QUOTA_FILES = (tuple(sys.argv[1:]),)
print(scan_split.quota_cores(), scan_split.shared_walk(lambda part: Scan(count=1)) is not None)
"""


@pytest.mark.parametrize(("files", "cores"), [
    (["100000 100000\n"], "1.0"),  # cgroup v2, `docker run --cpus 1`
    (["max 100000\n"], "inf"),  # no limit
    (["250000 100000\n"], "2.5"),
    (["50000\n", "100000\n"], "0.5"),  # cgroup v1: quota, period
    (["-1\n", "100000\n"], "inf"),  # v1, no limit
    (["garbage"], "inf"),
])
def test_a_container_limited_to_one_core_walks_alone(tmp_path, files, cores):
    """A cgroup's CPU quota counts as the affinity mask does: with one core's time (which
    leaves every core in the mask) the walk is not shared, a fork would only cost."""
    shared = str(float(cores) >= 2 and len(os.sched_getaffinity(0)) >= 2)
    paths = []
    for i, text in enumerate(files):
        paths.append(tmp_path / f"quota{i}")
        paths[-1].write_text(text)
    done = subprocess.run([sys.executable, "-c", QUOTA, *map(str, paths)],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == [cores, shared], done.stderr


def test_a_shared_walk_that_finds_nothing_changed_agrees_with_the_index(tmp_path):
    """Above SPLIT_AT notes the no-op sync walks on two cores: it still finds the index
    current, and an edit, a new note and a removal after it, each once."""
    from vaultkit.index import look

    root = tmp_path / "vault"
    notes(root, look.SPLIT_AT + 10)
    with Vault.open(root, tmp_path / "index.sqlite3") as vault:
        assert vault.sync().added == look.SPLIT_AT + 10
        assert not vault.sync().changed
        write(root, "people/Person 00003.md", "---\nname: Person 3\nphone: 1\n---\n")
        write(root, "people/New.md", "---\nname: New\n---\n")
        os.remove(root / "people/Person 00007.md")
        stats = vault.sync()
        assert (stats.added, stats.modified, stats.removed) == (1, 1, 1)
        assert not vault.sync().changed


BESIDE = """\
import json, os, sys
from vaultkit.index.beside import ReadBeside
from vaultkit.index import queries
from vaultkit.vault import Vault
root, index = sys.argv[1], sys.argv[2]
out = {}
with Vault.open(root, index) as vault:
    def search(word):
        return ReadBeside(lambda conn: queries.search(conn, word, vault.index.has_fts, 50))
    early = search("Person")
    vault.sync(read=early)
    out["current"] = [early.kept, early.result == vault.search("Person")]
    with open(os.path.join(root, "people", "Person 00003.md"), "a") as note:
        note.write("Met at the zebra crossing\\n")
    early = search("zebra")
    vault.sync(read=early)
    out["changed"] = [early.kept, early.result, [h.path for h in vault.search("zebra")]]
    with open(os.path.join(root, "people", "Person 00004.md"), "a") as note:
        note.write("Another zebra\\n")
    out["synced"] = [h.path for h in vault.synced_search("zebra")]
    def broken(conn):
        raise RuntimeError("a read that fails")
    early = ReadBeside(broken)
    vault.sync(read=early)
    out["broken"] = [early.kept, early.result]
print(json.dumps(out))
"""


def test_a_search_beside_the_walk_is_kept_only_when_the_index_was_current(tmp_path):
    """On a vault of SPLIT_AT notes or more `search` is made while the sync walks
    (index/beside.py): kept when the index was current, and equal to a search after the
    sync; dropped when a note changed (the search after the sync finds the change) or the
    read failed. In a process of its own, which has no other thread, as a command's."""
    from vaultkit.index import look

    root, index = tmp_path / "vault", tmp_path / "index.sqlite3"
    notes(root, look.SPLIT_AT + 10)
    with Vault.open(root, index) as vault:
        vault.sync()
    time.sleep(2.1)  # past the racy-clean window: the index is current
    done = subprocess.run([sys.executable, "-c", BESIDE, str(root), str(index)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["current"] == [True, True]
    assert out["changed"] == [False, None, ["people/Person 00003.md"]]
    assert sorted(out["synced"]) == ["people/Person 00003.md", "people/Person 00004.md"]
    assert out["broken"] == [False, None]


@pytest.mark.parametrize("command", [["index"], ["search", "Person"]])
def test_a_current_index_is_read_without_the_rules(tmp_path, command):
    """Start-up (issue 17): a no-op `index` and a `search` load neither the agenda's rules,
    stats, Jinja nor rich's console — a tenth of a second of imports at every command."""
    out, loaded = loaded_by(tmp_path, 20, command)
    assert ("no changes" if command == ["index"] else "people/") in out
    heavy = [m for m in loaded if m.startswith(("vaultkit.agenda", "vaultkit.insight.stats",
                                                "vaultkit.present.agenda", "jinja2",
                                                "rich.console"))]
    assert heavy == []


def test_two_notes_that_swap_names_are_read_again(tmp_path):
    """Renames keep each file's stat: after two notes swap names, every path has the
    other's (mtime, size), and the notes are the same set of stats under other paths. The
    digest binds each path to its own stat, so each sync sees both changed. (A digest that
    summed Python's hash of (path, mtime, size) missed about one pair in eight: 30 pairs,
    each swapped before a sync of its own.)"""
    root = tmp_path / "vault"
    old = time.time_ns() - DAY_NS
    pairs = [(f"people/A{i:02d}.md", f"people/B{i:02d}.md") for i in range(30)]
    for i, pair in enumerate(pairs):
        for j, rel in enumerate(pair):
            path = write(root, rel, f"---\nname: {rel[7:10]}\n---\n")
            os.utime(path, ns=(old + (2 * i + j) * 10**9,) * 2)  # a second apart
    vault = Vault.open(root, tmp_path / "index.sqlite3")
    try:
        vault.sync()
        assert not vault.sync().changed
        for a, b in pairs:
            os.rename(root / a, root / "tmp")
            os.rename(root / b, root / a)
            os.rename(root / "tmp", root / b)
            stats = vault.sync()
            assert sorted(stats.paths.get("modified", [])) == [a, b]
        named = dict(vault.conn.execute(
            "SELECT path, title FROM notes JOIN files ON files.id = file_id"))
        assert named["people/A00.md"] == "B00" and named["people/B29.md"] == "A29"
    finally:
        vault.close()


def test_the_digest_tells_swapped_stats_apart():
    rng = __import__("random").Random(17)
    for _ in range(20_000):
        a, b = f"people/{rng.random()}.md", f"people/{rng.random()}.md"
        m = rng.randrange(10**18, 2 * 10**18)
        s0, s1 = FileStat(m, rng.randrange(10**4)), FileStat(m + 10**9, rng.randrange(10**4))
        swapped = scan_module.digest(a, s1) + scan_module.digest(b, s0)
        assert scan_module.digest(a, s0) + scan_module.digest(b, s1) != swapped


def test_the_walk_asks_of_every_name_that_may_be_a_copy():
    """The walk's quick test before copies.py's (`scan_links.may_be_copy`) never passes over a name
    that copies.py takes for a copy: every kind of copy's name, and random ones."""
    import random

    stems = ["Ann", "Report", "2026-12-01", "Q3 2026-12-01", "Acme-HQ", "x", "Ann (1)"]
    tags = [".sync-conflict-20261201-101500-ABCD123", ".sync-conflict-20261201-101500",
            " (Anna's conflicted copy 2026-12-01)", " (conflicted copy 2026-12-01 093612)",
            "_conflict-20261201-101500", "_conflict_kim-20261201-101500",
            " (Conflicted copy ThinkPad-T14-G5 202603121129)", " (1)", " (12)",
            "-DESKTOP-AB12CD", " (conflicted copy 2026-12-01)", " 1", "", " 2", "7", "A"]
    names = [stem + tag + ".md" for stem in stems for tag in tags]
    rng = random.Random(17)
    alphabet = "ab1-() onflictCDEFGHIJ0123456789_."
    names += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) + ".md"
              for _ in range(20_000)]
    copies = [name for name in names if original_name(name)]
    assert len(copies) > 100
    for name in copies:
        assert scan_links.may_be_copy(name), name


def test_the_digest_of_a_stat_is_exact():
    """Found in review: Python hashes integers modulo 2**61 - 1, so an mtime set that far
    ahead (or -1 against -2) hashed alike, and an edited note was not read again."""
    m = 1_764_000_000_000_000_000
    for a, b in ((FileStat(m, 5), FileStat(m + 2**61 - 1, 5)), (FileStat(-1, 5), FileStat(-2, 5)),
                 (FileStat(m, 2**61), FileStat(m, 1))):
        assert scan_module.digest("people/H.md", a) != scan_module.digest("people/H.md", b)


def test_an_mtime_2_to_the_61_ahead_is_a_change(tmp_path):
    vault, index = tmp_path / "v", tmp_path / "i.sqlite3"
    write(vault, "people/H.md", "---\nname: Hash One\n---\nbody alphaaa\n")
    back = time.time_ns() - 60 * 10**9  # older than git's racy window: judged by its stat
    os.utime(vault / "people/H.md", ns=(back, back))
    first = Vault.open(vault, index)
    first.sync()
    first.close()
    note = vault / "people/H.md"
    old = note.stat().st_mtime_ns
    note.write_text("---\nname: Hash One\n---\nbody bravooo\n")
    os.utime(note, ns=(old + 2**61 - 1, old + 2**61 - 1))
    with Vault.open(vault, index) as again:
        assert again.sync().modified == 1


def test_a_deep_vault_is_walked_with_one_folder_open_at_a_time(tmp_path):
    """Found in review: the walk kept every folder above a note open while it walked
    below, so under a low limit of open files a deep note left the index; and it took
    two stack frames a level, failing at half the depth it used to."""
    import resource

    deep = tmp_path / "v"
    deep.mkdir()
    fd = os.open(deep, os.O_RDONLY)
    for _ in range(1100):  # found in review: 980 levels ended in a RecursionError
        os.mkdir("f", dir_fd=fd)  # one level at a time (pathlib's mkdir recurses too)
        fd, above = os.open("f", os.O_RDONLY, dir_fd=fd), fd
        os.close(above)
    with open(os.open("Deep.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as note:
        note.write("---\nname: Deep Note\n---\n")
    os.close(fd)
    (deep / "Top.md").write_text("---\nname: Top\n---\n")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, hard))
    try:
        found = scan(Config(root=deep))
        temps = in_vault(deep)  # check's look for abandoned temporary files walks it too
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        unnest(deep)
    assert temps == []
    assert len(found.files) == 2 and not found.skipped, found.skipped


def unnest(top: Path) -> None:
    """Remove a tree of nested `f` folders one level at a time (shutil.rmtree, and so
    pytest's clean-up of old temporary folders, recurses once a level)."""
    while (inner := top / "f").exists():
        for child in inner.iterdir():
            if child.name != "f":
                child.unlink()
        if (inner / "f").exists():
            os.rename(inner / "f", top / "g")
            inner.rmdir()
            os.rename(top / "g", inner)
        else:
            inner.rmdir()


def test_the_index_sums_its_side_of_a_no_op_sync_in_sqlite(tmp_path):
    """A no-op sync's two sides agree across processes: the walk's digest made by another
    Python, whose hash of text is keyed otherwise, equals the sum SQLite makes of the
    rows' tokens — so the index's side is summed without a row brought into Python. Then
    each kind of change, made behind the index's back, makes the two sums differ."""
    root = tmp_path / "vault"
    old = time.time_ns() - DAY_NS
    for i in range(40):
        os.utime(write(root, f"people/P{i:02d}.md", f"---\nname: P{i}\n---\n"), ns=(old,) * 2)
    os.utime(write(root, "leads/Ünïcode lead.md", "---\nrole: x\n---\n"), ns=(old,) * 2)
    index = tmp_path / "index.sqlite3"
    with Vault.open(root, index) as vault:
        vault.sync()
    code = ("import sys; from pathlib import Path; from vaultkit.config import load_config;"
            "from vaultkit.disk.scan import scan;"
            "print(scan(load_config(Path(sys.argv[1])), keep=False).digest)")

    def walked() -> int:
        env = {**os.environ, "PYTHONHASHSEED": str(time.time_ns() % 4_000_000_000)}
        return int(subprocess.run([sys.executable, "-c", code, str(root)], env=env,
                                  check=True, capture_output=True, text=True).stdout)

    import sqlite3

    from vaultkit.index.look import agrees

    def agree(digest: int) -> bool:
        conn = sqlite3.connect(index)
        try:
            return agrees(conn, Scan(count=41, digest=digest))
        finally:
            conn.close()

    assert agree(walked())
    note = root / "people/P07.md"
    note.write_text("---\nname: P7, edited\n---\n")  # the size changes
    os.utime(note, ns=(old,) * 2)
    assert not agree(walked())
    note.write_text("---\nname: P7\n---\n")
    os.utime(note, ns=(old,) * 2)
    assert agree(walked())  # as it was
    os.utime(note, ns=(old + 1,) * 2)  # one nanosecond later
    assert not agree(walked())
    os.utime(note, ns=(old,) * 2)
    os.rename(root / "people/P07.md", root / "people/P07 renamed.md")
    assert not agree(walked())


def counting_walks(monkeypatch) -> list[bool]:
    """The `keep` of every walk a sync makes, in order."""
    from vaultkit.index import look as look_module

    walks: list[bool] = []
    real = look_module.scan

    def counted(config, keep=True, **kwargs):
        walks.append(keep)
        return real(config, keep, **kwargs)

    monkeypatch.setattr(look_module, "scan", counted)
    return walks


def indexed_stats(vault: Vault) -> dict[str, tuple[int, int]]:
    return {path: (m, s) for path, m, s in vault.conn.execute(
        "SELECT path, mtime_ns, size FROM files")}


def walked_stats(vault: Vault) -> dict[str, tuple[int, int]]:
    """What a full walk finds now: what the index must hold after a sync."""
    return {path: tuple(st) for path, st in scan(vault.config).files.items()}


def test_an_edit_or_a_new_note_is_found_in_one_walk(tmp_path, monkeypatch):
    """A person edits a note or adds one, then runs a command: the walk that keeps no note
    keeps those changed since the last sync, the rest sums as the index does, and the
    update is those alone — one walk, not two. Its figures are a whole walk's."""
    root = tmp_path / "vault"
    notes(root, 60)
    with Vault.open(root, tmp_path / "index.sqlite3") as vault:
        vault.sync()
        walks = counting_walks(monkeypatch)
        note = root / "people/Person 00007.md"
        note.write_text("---\nname: Person 7, edited\n---\n")
        write(root, "people/New one.md", "---\nname: New One\n---\n")
        stats = vault.sync()
        assert walks == [False]
        assert (stats.modified, stats.added, stats.unchanged) == (1, 1, 59)
        assert indexed_stats(vault) == walked_stats(vault)
        walks.clear()
        assert not vault.sync().changed and walks == [False]


@pytest.mark.parametrize("change", ["remove", "rename", "older mtime"])
def test_what_one_walk_cannot_explain_takes_a_second(tmp_path, monkeypatch, change):
    root = tmp_path / "vault"
    notes(root, 30)
    with Vault.open(root, tmp_path / "index.sqlite3") as vault:
        vault.sync()
        walks = counting_walks(monkeypatch)
        note = root / "people/Person 00003.md"
        if change == "remove":
            note.unlink()
        elif change == "rename":
            note.rename(root / "people/Renamed.md")
        else:
            old = note.stat().st_mtime_ns
            note.write_text("---\nname: Person 3 with an old date\n---\n")
            os.utime(note, ns=(old - DAY_NS, old - DAY_NS))
        assert vault.sync().changed
        assert walks == [False, True]
        assert indexed_stats(vault) == walked_stats(vault)


def test_random_changes_always_leave_the_index_as_a_full_walk_finds(tmp_path):
    """Edits, new notes, removals, renames, swaps, old and equal mtimes, a log's write
    (a racy row) in random order, a sync after each: the index's files are always what a
    full walk finds, and a sync after that finds nothing to do."""
    import random

    rng = random.Random(2026)
    root = tmp_path / "vault"
    notes(root, 25)
    with Vault.open(root, tmp_path / "index.sqlite3") as vault:
        vault.sync()
        for step in range(120):
            paths = sorted((root / "people").glob("*.md"))
            what = rng.choice(["edit", "edit", "add", "remove", "rename", "swap", "old",
                               "same mtime", "log"])
            note = rng.choice(paths)
            if what == "edit":
                note.write_text(f"---\nname: Edited {step}\n---\n{'x' * rng.randint(0, 9)}\n")
            elif what == "add":
                write(root, f"people/Added {step}.md", f"---\nname: Added {step}\n---\n")
            elif what == "remove" and len(paths) > 3:
                note.unlink()
            elif what == "rename":
                note.rename(root / f"people/Renamed {step}.md")
            elif what == "swap":
                other = rng.choice(paths)
                if other != note:
                    note.rename(root / "swap.tmp")
                    other.rename(note)
                    (root / "swap.tmp").rename(other)
            elif what in ("old", "same mtime"):
                st = note.stat()
                note.write_text(f"---\nname: Quiet {step}\n---\n")
                back = st.st_mtime_ns - (DAY_NS if what == "old" else 0)
                os.utime(note, ns=(back, back))
            elif what == "log":
                vault.log(f"people/{note.name}", f"Step {step}", dt.date(2026, 12, 1))
            vault.sync()
            truth = walked_stats(vault)
            assert indexed_stats(vault) == truth, (step, what)
            assert {row[0] for row in vault.conn.execute("SELECT path FROM files f JOIN notes"
                                                         " n ON n.file_id = f.id")} == truth.keys()


@pytest.mark.parametrize("mtime", [2**63 + 5, 2**64 + 10**9, -(2**63) - 10**9])
def test_a_note_dated_past_what_sqlite_holds_is_indexed(tmp_path, mtime):
    """Found in review: a note whose mtime is after the year 2262 (past a 64-bit count of
    nanoseconds) stopped every sync with an OverflowError. Its mtime is kept at the
    limit; the note is indexed, and an edit of it is still found."""
    root = tmp_path / "vault"
    write(root, "people/Other.md", "---\nname: Other\n---\n")
    note = write(root, "people/Far.md", "---\nname: Far Future\n---\n")
    try:
        os.utime(note, ns=(mtime, mtime))
    except (OverflowError, OSError) as exc:
        pytest.skip(f"this file system keeps no such mtime: {exc}")
    with Vault.open(root, tmp_path / "index.sqlite3") as vault:
        assert vault.sync().added == 2
        note.write_text("---\nname: Far Future, edited\n---\n")
        os.utime(note, ns=(mtime, mtime))
        vault.sync()
        titles = {row[0] for row in vault.conn.execute("SELECT title FROM notes")}
        assert titles == {"Other", "Far Future, edited"}


@pytest.mark.parametrize("value", ["x", None, "1e30"])
def test_a_mangled_sync_time_costs_a_walk_not_an_error(tmp_path, monkeypatch, value):
    root = tmp_path / "vault"
    notes(root, 10)
    with Vault.open(root, tmp_path / "index.sqlite3") as vault:
        vault.sync()
        if value is None:
            vault.conn.execute("DELETE FROM settings WHERE key = 'synced_at_ns'")
        else:
            vault.conn.execute("UPDATE settings SET value = ? WHERE key = 'synced_at_ns'",
                               (value,))
        (root / "people/Person 00002.md").write_text("---\nname: Two, edited\n---\n")
        walks = counting_walks(monkeypatch)
        assert vault.sync().modified == 1
        assert walks == [False, True]
