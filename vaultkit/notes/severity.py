"""Whether a problem `check` reports is an error or a notice (docs/commands.md, check).

An error loses data or breaks a rule (invalid YAML, a bad date or cadence, conflict markers,
a duplicate contact …): `check` exits 1. A notice is a link to a note not written yet (which
Obsidian users make on purpose) or a link that several notes fit: listed under "Notices",
exit 0 unless `--strict`. Every problem is a message; the link messages are made here
alone (`link_problem`), so `is_error` knows them for what they are.
"""

from __future__ import annotations

import re

ERROR, NOTICE = "error", "notice"

_LINK_NOTICE = re.compile(
    r"link \[\[.*\]\] (?:resolves to no note|matches \d+ notes; .*)", re.DOTALL)


def link_problem(target: str, matches: int, chosen: str | None = None) -> str:
    """What `check` says of a link that resolves to no note (0 matches) or that several
    fit (`chosen`, the path of the one it goes to)."""
    if matches == 0:
        return f"link [[{target}]] resolves to no note"
    goes = f"it goes to {chosen}, " if chosen else ""
    return f"link [[{target}]] matches {matches} notes; {goes}use [[folder/name]] to pick one"


def severity(message: str) -> str:
    """ERROR or NOTICE, for a problem's message."""
    return NOTICE if _LINK_NOTICE.fullmatch(message) else ERROR


def is_error(message: str) -> bool:
    """Whether a problem's message is an error (the agenda's "Problems" lists only these)."""
    return severity(message) == ERROR
