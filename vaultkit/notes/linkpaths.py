"""How a `[[link]]` names a note, as Obsidian resolves it (docs/vault-format.md, Links).

A link's target becomes a key (`link_key`): lower-cased (Obsidian ignores case), without a
`.md` ending or the slashes around it, and a `./` or `../` path made relative to the vault
root from the linking note's folder. A key is matched against every note's path suffixes
(`Kim Lee`, `people/Kim Lee`, …: the file name is the shortest); only when no note's path
fits does it fall back to aliases, so an alias never makes a file-name link ambiguous.
When several notes fit, the link goes to the one nearest the vault root (fewest folders,
then the shorter path, then the first path in order): `path_rank`. The index (index/links.py,
in SQL), `check PATH…` (index/selected.py) and the agenda (agenda/build.py) all follow it.
"""

from __future__ import annotations

FILE, ALIAS = 0, 1  # the tiers of a match: a path (file name, folder/name …), an alias


def link_key(target: str, source: str | None = None) -> str:
    """The form a link target is looked up by; `source`, the linking note's path, places a
    `./` or `../` target."""
    key = target.strip().lower()
    if key.endswith(".md"):
        key = key[:-3]
    if source is not None and key.startswith(("./", "../")):
        key = _relative(key, source.lower())
    return key.strip("/")


def _relative(key: str, source: str) -> str:
    parts = source.split("/")[:-1]
    for part in key.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def path_rank(path: str) -> tuple[int, int, str]:
    """The order in which notes that fit one link are preferred: nearest the root first."""
    return path.count("/"), len(path), path


def pick(candidates: list[tuple[int, str, object]]) -> tuple[int, object | None]:
    """Of (tier, path, note) candidates for one key: how many fit in the best tier, and
    the note the link goes to (None when none fits)."""
    if not candidates:
        return 0, None
    tier = min(c[0] for c in candidates)
    best = {c[1]: c[2] for c in candidates if c[0] == tier}
    return len(best), best[min(best, key=path_rank)]
