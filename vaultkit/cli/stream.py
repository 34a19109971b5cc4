"""Printing as the output is made (issue 17: `list --json` and `export` at 100,000 notes
in flat memory): the text of a JSON array a piece at a time, and the pieces printed in
chunks."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator

import click


def print_json_rows(rows: Iterable) -> None:
    """`print_json(list(rows))`, the same text, printed as the rows come: each dumped alone,
    indented one level further (JSON strings hold no raw new line)."""
    indent = 2 if sys.stdout.isatty() else None
    pad = "\n" + " " * (indent or 0)
    texts = (json.dumps(row, ensure_ascii=False, indent=indent) for row in rows)
    if indent is None:
        echo_stream(json_array(texts, "[", ", ", "]\n"))
    else:
        echo_stream(json_array((t.replace("\n", pad) for t in texts), "[" + pad, "," + pad,
                               "\n]\n"))


def json_array(texts: Iterable[str], opening: str, separator: str, closing: str
               ) -> Iterator[str]:
    """The text of a JSON array of the elements `texts`, a piece at a time: `opening`, the
    texts between `separator`s, `closing`; `[]` and the closing's end when there are none."""
    began = False
    for text in texts:
        yield (separator if began else opening) + text
        began = True
    yield closing if began else opening.rstrip() + closing.lstrip()


STREAMED = "vaultkit.streamed"  # ctx.meta: output began; the command cannot run again
CHUNK = 1 << 16


def echo_stream(pieces: Iterable[str | bytes]) -> None:
    """Print `pieces` (all text or all bytes) as they come, in chunks of about 64 KiB: a
    pipe's reader has the first at once, memory stays flat, and `| head` ends it quietly
    (cli.group). Once a chunk is out the command is not run again (with_vault)."""
    ctx = click.get_current_context()
    batch: list = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= CHUNK:
            ctx.meta[STREAMED] = True
            click.echo(batch[0][:0].join(batch), nl=False)
            batch, size = [], 0
    if batch:
        click.echo(batch[0][:0].join(batch), nl=False)
