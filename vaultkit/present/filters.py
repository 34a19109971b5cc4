"""Filters every template may use: plain functions (Jinja itself stays in templates.py)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence

from vaultkit.insight.channels import label as channel_label
from vaultkit.present.labels import label
from vaultkit.present.links import link_html, link_md, md_link

_ANSI = {"bold": "1", "dim": "2", "italic": "3", "red": "31", "green": "32", "yellow": "33",
         "blue": "34", "magenta": "35", "cyan": "36"}


def styler(color: bool):
    """The `style` filter: `{{ "Overdue" | style("bold red") }}` gives ANSI colours when the
    output is a terminal (and NO_COLOR is not set), the plain text otherwise."""

    def style(text: object, spec: str) -> str:
        codes = ";".join(_ANSI[word] for word in spec.split() if word in _ANSI)
        return f"\033[{codes}m{text}\033[0m" if color and codes else str(text)

    return style


def day(value: object, fmt: str | None = None) -> str:
    """An ISO date (or a date) formatted: `{{ item.due | day }}` → `Nov 27`;
    `{{ date | day("%A %d %B %Y") }}` → `Friday 27 November 2026`."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if not isinstance(value, dt.date):
        return ""
    return value.strftime(fmt) if fmt else f"{value:%b} {value.day}"


def to_json(value: object, indent: int | None = None) -> str:
    """JSON with UTF-8 kept: compact (and fast) by default, `json(2)` to indent. A
    sequence that is not a list (the agenda's items, made as they are read) is one."""
    return json.dumps(value, ensure_ascii=False, indent=indent, default=_listed)


def _listed(value: object) -> list:
    if isinstance(value, Sequence) and not isinstance(value, str | bytes | bytearray):
        return list(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def link_name(text: str, name: str, target: str) -> str:
    """The first mention of `name` in `text` as an Obsidian link `[[target|name]]`."""
    link = f"[[{target}|{name}]]" if target != name else f"[[{name}]]"
    if name and name in text:
        return text.replace(name, link, 1)
    return f"{link}: {text}"


def tasks_due(item: dict, on: bool) -> str:
    """` 📅 2026-11-27` for the Tasks plugin when `[agenda] tasks_plugin` is on, else ""."""
    return f" \U0001f4c5 {item['due']}" if on else ""


# What Markdown, Obsidian (%% comments, ==highlights==, #tags, [[links]], $maths$) or the
# HTML inside a note would read as markup.
_MD_MARKUP = re.compile(r"([\\`*_\[\]<>|#~^$&!=%{}])")


def md_text(value: object) -> str:
    """Text shown as it is in Markdown (a table cell, a line): on one line, every mark
    that Markdown, Obsidian or HTML would read backslash-escaped (`\\|`, `\\<`)."""
    return _MD_MARKUP.sub(r"\\\1", " ".join(str(value).split()))


FILTERS = {"style": styler(False), "day": day, "json": to_json, "link_name": link_name,
           "link_md": link_md, "link_html": link_html, "label": label,
           "tasks_due": tasks_due, "md_text": md_text, "md_link": md_link,
           "channel": channel_label}
