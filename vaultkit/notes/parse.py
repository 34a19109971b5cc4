"""Bytes of a note file -> a `Note`: front matter, kind, log entries, links and problems.

Never raises for anything a file may contain: every defect becomes a `Problem` with a line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from vaultkit.config import Config
from vaultkit.model import Link, Note, Problem
from vaultkit.notes import body as logparse
from vaultkit.notes import frontmatter
from vaultkit.notes.anatomy import Anatomy, scan
from vaultkit.notes.checks import check_meta
from vaultkit.notes.text import conflict_line
from vaultkit.notes.values import links_in

_LINE_BREAK = re.compile(rb"\r\n|\r|\n")  # anatomy.LINE_BREAK, for bytes
TYPE_SYNONYMS = {
    "contact": "contact", "person": "contact", "people": "contact",
    "lead": "lead", "job": "lead", "opportunity": "lead",
    "event": "event",
    "org": "org", "organization": "org", "organisation": "org", "company": "org",
    "note": "note",
}


def parse_note(relpath: str, data: bytes, config: Config) -> Note:
    """Parse one note. `relpath` is relative to the vault root, with `/`."""
    problems: list[Problem] = []
    anatomy = scan(_decode(data, problems), config.log_headings)
    text = anatomy.text
    conflict = conflict_line(text)
    if conflict is not None:
        problems.append(Problem(conflict, "git conflict markers: resolve the merge conflict"))
    front_problems: list[Problem] = []
    meta, key_lines = _front_matter(anatomy, front_problems)
    if not (conflict and anatomy.front and conflict - 1 <= anatomy.front[1]):
        problems.extend(front_problems)  # markers in the front matter say it all: no YAML's
    body = text[anatomy.body_offset:]

    def key_line(key: str) -> int:
        return key_lines.get(key, 2)

    kind = _kind(meta, relpath, config, problems, key_line)
    problems.extend(check_meta(meta, kind, key_line))
    log = logparse.read_body(anatomy, config.synonyms)
    problems.extend(log.problems)
    # Most front matter holds no link: check the text once rather than every value.
    meta_links = _meta_links(meta, key_line) if "[[" in text[: anatomy.body_offset] else []
    links = [*meta_links, *log.links]
    name = relpath.rsplit("/", 1)[-1][: -len(".md")]
    return Note(
        path=relpath,
        kind=kind,
        name=name,
        meta=meta,
        body=body,
        key_lines=key_lines,
        entries=tuple(log.entries),
        links=tuple(links),
        problems=tuple(sorted(problems, key=lambda p: p.line)),
    )


def _decode(data: bytes, problems: list[Problem]) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = len(_LINE_BREAK.findall(data, 0, exc.start)) + 1
        problems.append(
            Problem(line, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8")
        )
        return data.decode("utf-8", "replace")


def _front_matter(anatomy: Anatomy, problems: list[Problem]) -> tuple[dict, dict]:
    """(front matter, file line of each key); a key written twice is a problem at both."""
    try:
        split = frontmatter.split_of(anatomy)
    except frontmatter.FrontMatterError as exc:
        problems.append(Problem(exc.line, exc.message))
        return {}, {}
    if split.notice:
        problems.append(Problem(split.notice.line, split.notice.message))
    if split.raw is None:
        return {}, {}
    twice: list[tuple[str, int, int]] = []
    rejected: list[tuple[int, str]] = []
    try:
        meta, key_lines = frontmatter.load(split.raw, first_line=2, duplicates=twice,
                                           problems=rejected)
    except frontmatter.FrontMatterError as exc:
        problems.append(Problem(exc.line, exc.message))
        return {}, {}
    problems.extend(Problem(line, message) for line, message in rejected)
    for key, first, last in twice:
        message = f"{key}: written twice (lines {first} and {last}); the last one is read"
        problems.extend((Problem(first, message), Problem(last, message)))
    return meta, key_lines


def _kind(meta: dict, relpath: str, config: Config, problems: list[Problem],
          key_line: Callable[[str], int]) -> str:
    declared = meta.get("type")
    if declared is not None:
        kind = TYPE_SYNONYMS.get(str(declared).strip().lower())
        if kind:
            return kind
        choices = "contact, lead, event, org or note"
        problems.append(Problem(key_line("type"), f"type: '{declared}' is not {choices}"))
        return "note"
    folder = relpath.rsplit("/", 1)[0] if "/" in relpath else ""
    while folder:
        if folder in config.folders:
            return config.folders[folder]
        folder = folder.rsplit("/", 1)[0] if "/" in folder else ""
    return "note"


def _meta_links(meta: dict, key_line: Callable[[str], int]) -> list[Link]:
    links = []
    for key, value in meta.items():
        kind = type(value)
        if kind is str and "[[" not in value or kind in _NO_TEXT:
            continue  # most values: no link, and nothing to walk
        for text in _strings_in(value):
            for name in links_in(text):
                links.append(Link(name, key_line(key), origin=f"meta:{key}"))
    return links


_NO_TEXT = frozenset({int, float, bool, type(None)})  # what normalise leaves holds no text


def _strings_in(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings_in(item)
