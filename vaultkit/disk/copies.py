"""The names file-sync tools give the copies they leave beside a note (docs/vault-format.md,
"Sync-conflict copies"): which note a file name looks like a copy of, and by which tool.
Names only, no file system: whether the original is there is the scan's to see (scan.py).

Strict names carry a tag no person writes (`.sync-conflict-20261201-101500-ABCD123`,
`(Anna's conflicted copy 2026-12-01)`); loose ones (`Report (1)`, `Report 1`,
`Report-DESKTOP-AB12CD`) are ordinary names too, so they mean a copy only beside their
original. Every pattern below was seen in real file names (the tool's code or documentation,
or a bug report that shows one); the address is beside it."""

from __future__ import annotations

import re
from typing import NamedTuple


class Copy(NamedTuple):
    original: str  # the file name of the note this looks like a copy of
    tool: str  # who makes such names: "Syncthing", "Dropbox", …
    strict: bool  # a name no person would give a note, whether or not the original is there


_DATE, _TIME = r"\d{4}-\d{2}-\d{2}", r"\d{6}"
# Strict: (the whole file name, the original's stem as `stem`; the tool). Each has
# "onflict" in it, looked for first.
_STRICT = [
    # <stem>.sync-conflict-<YYYYMMDD>-<HHMMSS>-<device>.md, the device as the 7 characters of
    # its short ID: conflictName in lib/model/folder_sendrecv.go,
    # https://github.com/syncthing/syncthing/blob/main/lib/model/folder_sendrecv.go and
    # https://docs.syncthing.net/users/faq.html#what-if-there-is-a-conflict
    (r"(?P<stem>.+)\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}\.md", "Syncthing"),
    # Without the device: Syncthing in 2016 ("Testfile.sync-conflict-20160818-134336.txt",
    # https://github.com/syncthing/syncthing/issues/3524), and the name Obsidian's help gave
    # Obsidian Sync's conflict files until 2026
    # (https://github.com/obsidianmd/obsidian-help/issues/1056).
    (r"(?P<stem>.+)\.sync-conflict-\d{8}-\d{6}\.md", "Syncthing or Obsidian Sync"),
    # <stem> (<who>'s conflicted copy <YYYY-MM-DD>).md: "appended with 'conflicted copy',
    # the name of the person or computer responsible, and the date" (Dropbox help,
    # https://www.dropbox.com/help/36); e.g. "foo (Miguel Mota's conflicted copy
    # 2014-06-17).txt" (https://github.com/miguelmota/clean-dropbox-conflicted); without the
    # date in 2012 (https://github.com/dtjm/textdropapp.com/issues/62).
    (rf"(?P<stem>.+) \([^()]+'s conflicted copy(?: {_DATE})?\)\.md", "Dropbox"),
    # <stem> (conflicted copy [<user> ]<YYYY-MM-DD> <HHMMSS>).md: makeConflictFileName in
    # src/common/utility.cpp of both clients (https://github.com/nextcloud/desktop,
    # https://github.com/owncloud/client/pull/6417); "mydata (conflicted copy 2018-04-10
    # 093612).txt" (https://docs.nextcloud.com/server/latest/user_manual/el/desktop/conflicts.html)
    (rf"(?P<stem>.+) \(conflicted copy (?:[^()]+ )?{_DATE} {_TIME}\)\.md",
     "Nextcloud/ownCloud"),
    # <stem>_conflict-<YYYYMMDD>-<HHMMSS>.md, or _conflict_<user>-…: ownCloud clients before
    # 2.5 (propagatedownload.cpp; "From _conflict-user-yyyymmdd-hhmmss",
    # https://github.com/owncloud/client/pull/6417).
    (r"(?P<stem>.+)_conflict(?:_[^/]+?)?-\d{8}-\d{6}\.md", "ownCloud"),
    # <stem> (Conflicted copy <device> <YYYYMMDDHHMM>).md: what Obsidian Sync writes, e.g.
    # "2026-03-12 (Conflicted copy ThinkPad-T14-G5 202603121129).md"
    # (https://github.com/obsidianmd/obsidian-help/issues/1056, fixed in its help by #1057).
    (r"(?P<stem>.+) \(Conflicted copy (?:[^()]+ )?\d{12}\)\.md", "Obsidian Sync"),
]

# Loose, each told by how the name ends.
# <stem> (1).md: Google Drive's app syncs two files of one name in a folder as "f.pdf" and
# "f (1).pdf" (https://github.com/Grive/grive/issues/166).
_GOOGLE_DRIVE = r"(?P<stem>.+) \([1-9]\d?\)\.md"
# <stem>-<COMPUTER>.md: OneDrive keeps the other version under the computer's name
# ("test.docx" and "test-hilap.docx", https://github.com/skilion/onedrive/issues/265;
# "document-MYPC.docx" in the README of a OneDrive duplicate fixer). Only a Windows computer
# name as Windows writes it: capitals, digits and hyphens, at most 15 characters, with a
# letter and a digit (DESKTOP-AB12CD), so that "Acme-HQ" and "Q3 2026-12-01" stay notes of
# their own. The first hyphen after which the name is all computer name begins it.
_ONEDRIVE = r"-(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9][A-Z0-9-]{0,14}\.md\Z"
# <stem> (conflicted copy <YYYY-MM-DD>).md: the name this project's users reported finding
# beside their notes (the git-sync issue: "Jane Doe (conflicted copy 2026-12-01).md"), which
# no tool's own code or documentation we could find shows; so loose: only beside its note.
_DATED_COPY = rf"(?P<stem>.+) \(conflicted copy {_DATE}\)\.md"
# <stem> 1.md: Obsidian's first free name beside an existing one, when it makes a copy or a
# new note ("Untitled 1, Untitled 2",
# https://github.com/RainCat1998/obsidian-custom-attachment-location/issues/128). Only " 1":
# vaultkit itself names a second person of a known name "Jane Doe 2" (disk/names.py).

_AN = ("ownCloud", "Obsidian Sync", "Obsidian")  # the tools said with "an" (not OneDrive)
# Every tag above ends in one of these, just before ".md": the walk asks this of each note
# (one look-up), so that no pattern is tried on an ordinary name, which ends in a small letter.
LAST = frozenset(")0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def original_name(filename: str) -> Copy | None:
    """The note `filename` (a `.md` file name, no folder) looks like a copy of, or None."""
    if len(filename) < 5 or filename[-4] not in LAST or not filename.endswith(".md"):
        return None
    return original_of_note(filename)


def original_of_note(name: str) -> Copy | None:
    """original_name of a `.md` name that ends in one of LAST before `.md` (as the walk sees
    it): the cheapest tests first, since it is asked of every note whose name ends in a
    digit (a daily note, `2026-12-01.md`)."""
    last = name[-4]
    if "onflict" in name:
        for pattern, tool in _STRICT:  # compiled when first used (re's cache): start-up
            found = re.fullmatch(pattern, name, re.DOTALL)
            if found:
                return _copy(found["stem"], tool, True)
        found = re.fullmatch(_DATED_COPY, name, re.DOTALL)
        if found:
            return _copy(found["stem"], "Dropbox or Nextcloud", False)
    if last == ")":
        found = re.fullmatch(_GOOGLE_DRIVE, name, re.DOTALL)
        return _copy(found["stem"], "Google Drive", False) if found else None
    if last == "1" and name[-5] == " ":
        return _copy(name[:-5], "Obsidian", False)
    if "-" not in name:
        return None
    tail = name[-19:-3]  # a computer name has a capital letter: a date has none
    found = re.search(_ONEDRIVE, name) if tail.lower() != tail else None
    return _copy(name[:found.start()], "OneDrive", False) if found else None


def _copy(stem: str, tool: str, strict: bool) -> Copy | None:
    return Copy(stem + ".md", tool, strict) if stem.strip() else None


def problem(copy: str, original: str, present: bool = True) -> str:
    """What `check` says of the copy at `copy` (a relative path) of the note at `original`:
    beside it (`present`), or alone, when it is read as a note."""
    found = original_name(copy.rsplit("/", 1)[-1])
    tool = found.tool if found else "sync"
    kind = "duplicate" if tool == "Obsidian" else "sync-conflict copy"
    label = f"{'an' if tool in _AN else 'a'} {tool} {kind} of '{original}'"
    if not present:
        return (f"looks like {label}, which is not there: read as a note until you rename "
                f"it {_quoted(original.rsplit('/', 1)[-1])}")
    return f"looks like {label}; fold it in with: vaultkit merge-copy {_quoted(copy)}"


def _quoted(text: str) -> str:
    """`text` as one word for a POSIX shell, in single quotes where it can be."""
    if "'" not in text:
        return f"'{text}'"
    if not any(c in text for c in '"$`\\!'):
        return f'"{text}"'
    return "'" + text.replace("'", "'\"'\"'") + "'"
