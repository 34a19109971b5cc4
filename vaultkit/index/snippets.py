"""Snippets of search hits, bounded by the query and not by the note.

FTS5's `snippet()` walks every instance of the matched phrases in the row: on a 1 MB body
of repeated words it took 12 s, on 4 MB over 2 minutes (docs/reliability.md). Notes
whose body is at most SNIPPET_BYTES characters keep FTS5's own snippet; a larger one gets
a snippet made here from the first SNIPPET_BYTES characters of its body, in the same shape
(matches marked with \\x02 on both sides, `…` where text is cut).
"""

from __future__ import annotations

import re
import unicodedata

SNIPPET_BYTES = 32_768  # a body up to this many characters: FTS5's snippet(); past it: ours
TOKENS = 12  # words in a snippet, as snippet(…, 12) gives
_WORD = re.compile(r"\w+")


def fold(word: str) -> str:
    """A token as the `unicode61 remove_diacritics 2` tokenizer compares it."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def window_snippet(text: str, query_words: list[str]) -> str:
    """TOKENS words of `text` around the first one the query names, marked."""
    wanted = {fold(t) for w in query_words for t in _WORD.findall(w)}
    words = list(_WORD.finditer(text))
    if not words:
        return ""
    first = next((i for i, m in enumerate(words) if fold(m.group()) in wanted), 0)
    start = max(0, min(first - TOKENS // 4, len(words) - TOKENS))
    chosen = words[start:start + TOKENS]
    out = ["…" if start > 0 else text[:chosen[0].start()]]
    for n, match in enumerate(chosen):
        word = match.group()
        out.append(f"\x02{word}\x02" if fold(word) in wanted else word)
        if n + 1 < len(chosen):
            out.append(text[match.end():chosen[n + 1].start()])
    out.append("…" if start + TOKENS < len(words) else text[chosen[-1].end():])
    return "".join(out)
