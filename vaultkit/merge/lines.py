"""The line-based three-way merge (merge3, the diff3 of the Breezy project): what git's own
merge does, for the parts of a note that are not its log or its front matter, and for a
file that is not a note at all."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Sequence

OURS, THEIRS = "ours", "theirs"


class Labels(namedtuple("Labels", "ours theirs", defaults=(OURS, THEIRS))):
    """What the conflict markers call each side (`<<<<<<< ours`)."""

    __slots__ = ()


GIT_LABELS = Labels()


LineMerge = namedtuple("LineMerge", "lines conflicts")  # the merged lines, how many conflicts


def merge_lines(base: Sequence, ours: Sequence, theirs: Sequence,
                labels: Labels = GIT_LABELS, newline="\n") -> LineMerge:
    """Merge three lists of lines (str or bytes, each with its line ending): changes made
    on one side are taken, the same change on both sides once, and changes of both sides
    to the same lines are a conflict between `<<<<<<<`, `=======` and `>>>>>>>` lines,
    reduced to the lines that differ (as git's default does)."""
    if theirs == base or theirs == ours:  # the common case: changed on one side only
        return LineMerge(list(ours), 0)
    if ours == base:
        return LineMerge(list(theirs), 0)
    import merge3  # edge: only when both sides changed these lines (the driver's start-up)

    merger = merge3.Merge3(base, ours, theirs)
    out: list = []
    conflicts = 0
    for region in merger.reprocess_merge_regions(merger.merge_regions()):
        what = region[0]
        if what == "unchanged":
            out.extend(base[region[1]:region[2]])
        elif what in ("same", "a"):
            out.extend(ours[region[1]:region[2]])
        elif what == "b":
            out.extend(theirs[region[1]:region[2]])
        else:
            conflicts += 1
            out.extend(conflict(ours[region[3]:region[4]], theirs[region[5]:region[6]],
                                labels, newline))
    return LineMerge(out, conflicts)


def common_lines(ours: Sequence, theirs: Sequence) -> list:
    """The lines both hold, in order (difflib's matching of the two): the ancestor of two
    versions that have none at hand. Lines that are very common in a long text (blank
    ones, `- a`) are not matched by themselves (difflib's autojunk), which keeps a long,
    repetitive note from taking quadratic time."""
    import difflib  # edge: only `merge-copy` asks

    matcher = difflib.SequenceMatcher(None, ours, theirs)
    return [line for start, _, size in matcher.get_matching_blocks()
            for line in ours[start:start + size]]


def conflict(ours: Sequence, theirs: Sequence, labels: Labels = GIT_LABELS, newline="\n"
             ) -> list:
    """Both sides' lines between git's conflict markers."""
    if isinstance(newline, bytes):
        start, middle, end = (f"<<<<<<< {labels.ours}".encode(), b"=======",
                              f">>>>>>> {labels.theirs}".encode())
    else:
        start, middle, end = f"<<<<<<< {labels.ours}", "=======", f">>>>>>> {labels.theirs}"
    return [start + newline, *_ended(ours, newline), middle + newline,
            *_ended(theirs, newline), end + newline]


def _ended(lines: Sequence, newline) -> list:
    """The lines, the last given a line ending if it has none (a marker follows it)."""
    out = list(lines)
    if out and not out[-1].endswith(newline[-1:]):
        out[-1] = out[-1] + newline
    return out
