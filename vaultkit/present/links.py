"""Links to the notes a sentence names, for the agenda templates: Obsidian links in the
Markdown agenda, `<a href>` in the HTML one. Plain functions of the standard library (the
filters in filters.py call them), so the JSON agenda loads nothing more.

A mention is (the words as they stand in the sentence, the note's vault path). Each is
linked once, at its first whole-word match; longer mentions first, so "Jane Doe" wins over
"Jane"; never inside a link the text already holds or another mention's link."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from urllib.parse import quote

# The links a text may hold already: [[…]] and [text](target).
_EXISTING = re.compile(r"\[\[[^\]]*\]\]|\[[^\]]*\]\([^)]*\)")
# What a wikilink's shown name and target may hold: else a Markdown link, escaped.
_WIKI_SAFE = re.compile(r"[\w .,'\u2019&()/-]+")
_MD_PUNCT = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")


def _wordlike(char: str) -> bool:
    return char.isalnum() or char == "_"  # what a regular expression's \w matches


def _whole(text: str, shown: str) -> list[tuple[int, int]]:
    """Where `shown` stands in `text` as whole words (not inside a longer word). A find
    loop, not a regular expression per name: an agenda names thousands of people, and
    compiling a pattern for each costs more than the search."""
    found, at = [], text.find(shown)
    while at >= 0:
        end = at + len(shown)
        if not (at and _wordlike(text[at - 1])) and not (
                end < len(text) and _wordlike(text[end])):
            found.append((at, end))
            at = text.find(shown, end)  # as a regular expression's matches: no overlaps
        else:
            at = text.find(shown, at + 1)
    return found


def spans(text: str, mentions: Iterable) -> list[tuple[int, int, str]]:
    """(start, end, path) of each mention linked in `text`, in order."""
    taken = [(m.start(), m.end()) for m in _EXISTING.finditer(text)] if "[" in text else []
    found: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    for shown, path in sorted(dict.fromkeys((str(s), str(p)) for s, p in mentions),
                              key=lambda one: -len(one[0])):
        if not shown.strip() or shown in seen or shown not in text:
            continue
        seen.add(shown)
        free = [(start, end) for start, end in _whole(text, shown)
                if all(end <= a or start >= b for a, b in taken)]
        if free:
            found.append((*free[0], path))
        taken += free  # "Jane" is never linked inside an unlinked "Jane Doe" either
    return sorted(found)


def md_link(shown: str, path: str) -> str:
    """`[[people/Jane Doe|Jane Doe]]`; a Markdown link `[Kim \\[PhD\\]](people/Kim%20Lee.md)`
    when the name or path holds what a wikilink cannot (`|`, `[`, `]`, `#`, `^`, markup)."""
    target = path[:-3] if path.endswith(".md") else path
    if _WIKI_SAFE.fullmatch(shown) and _WIKI_SAFE.fullmatch(target):
        return f"[[{target}|{shown}]]"
    escaped = _MD_PUNCT.sub(r"\\\1", shown)
    return f"[{escaped}]({quote(path)})"


def link_md(text: str, mentions: Iterable, subject: tuple[str, str] | None = None) -> str:
    """`text` with every mention an Obsidian link. `subject` (name, path): the note the
    item is about, linked like a mention, or put first (`[[…]]: text`) when the text does
    not name it."""
    return _linked(text, mentions, subject, md_link, str, "{link}: {text}")


def _escape(text: str) -> str:
    """As Jinja's autoescape writes it (`&#39;` for a quote, not `&#x27;`)."""
    return html.escape(text, quote=True).replace("&#x27;", "&#39;")


def link_html(text: str, mentions: Iterable, base: str,
              subject: tuple[str, str] | None = None) -> str:
    """`text` escaped for HTML, with every mention an `<a href="BASE + quoted path">`
    (BASE: `obsidian://open?vault=…&file=` or `file:///vault/`). The result is markup:
    a template marks it `| safe`."""
    def link(shown: str, path: str) -> str:
        safe = "" if base.startswith("obsidian:") else "/"  # a file= value: / too
        href = _escape(base + quote(path, safe=safe))
        return f'<a class="note" href="{href}">{_escape(shown)}</a>'

    return _linked(text, mentions, subject, link, _escape, "{link}: {text}")


def _linked(text: str, mentions: Iterable, subject: tuple[str, str] | None,
            link: Callable[[str, str], str], plain: Callable[[str], str],
            prefix: str) -> str:
    text = str(text)
    mentions = list(mentions)
    if subject is not None and subject[0]:
        mentions.insert(0, tuple(subject))  # the subject first among mentions as long
    found = spans(text, mentions)
    out, at = [], 0
    for start, end, path in found:
        out += [plain(text[at:start]), link(text[start:end], path)]
        at = end
    out.append(plain(text[at:]))
    joined = "".join(out)
    if subject is not None and subject[0] and not any(p == subject[1] for *_s, p in found):
        return prefix.format(link=link(subject[0], subject[1]), text=joined)
    return joined


def obsidian_base(vault: str) -> str:
    """The start of an `obsidian://open` URL for a note of the vault named `vault`."""
    return f"obsidian://open?vault={quote(vault, safe='')}&file="
