"""How a `[[link]]` names a note, as Obsidian resolves it (docs/vault-format.md, Links).

A link's target becomes a key (`link_key`): lower-cased (Obsidian ignores case), without a
`.md` ending or the slashes around it, and a `./` or `../` path made relative to the vault
root from the linking note's folder. A key is matched against every note's path suffixes
(`Kim Lee`, `people/Kim Lee`, …: the file name is the shortest); only when no note's path
fits does it fall back to aliases, so an alias never makes a file-name link ambiguous.
When several notes fit, the link goes to the one in the linking note's folder, else to the
one nearest the vault root (fewest folders, then the shorter path, then the first path in
order): `pick`, `path_rank`. The index (index/links.py,
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
    """The order in which notes that fit one link are preferred, after one in the linking
    note's own folder: nearest the vault root first (fewest folders, shorter, first)."""
    return path.count("/"), len(path), path


def folder(path: str) -> str:
    """The folder part of a path, with its `/` (`""` at the root)."""
    return path[: path.rfind("/") + 1]


def pick(candidates: list[tuple[int, str, object]], source: str | None = None
         ) -> tuple[int, object | None]:
    """Of (tier, path, note) candidates for one key: how many fit in the best tier, and
    the note the link goes to (None when none fits); one in the folder of `source`, the
    linking note's path, first."""
    if not candidates:
        return 0, None
    tier = min(c[0] for c in candidates)
    best = {c[1]: c[2] for c in candidates if c[0] == tier}
    here = folder(source) if source is not None else None
    return len(best), best[min(best, key=lambda p: (folder(p) != here, path_rank(p)))]
