"""Ticking items in the Markdown agenda note: which boxes a person ticked, and what each
ticked item records in the vault. Pure: text in, data out (vault_ticks.py does the
writing, through the Vault's safe writes).

A ticked item is a line `- [x] … ^vk-XXXXXXXXXX` (`[X]` too; `-`, `*` or `+`; any
indentation; CRLF or CR line ends) whose block id is the last thing on it — or followed
only by the `✅ DATE` the Tasks plugin adds when it ticks a box. Right after the box the
person may type how they did it: `- [x] (email) 2026-11-27 · …` (any words without
parentheses, as a log entry's `(channel)`), or one bare word before the date, `- [x]
email 2026-11-27 · …`. The entry is then `- TODAY (email) … #kind`. For a
`consider-event` item the word answers instead: `no` (or `false`, `skip`) records
`attending: false`; anything else `attending: true`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from vaultkit.agenda.contacts import plain
from vaultkit.model import AgendaItem

_TICK = re.compile(
    r"^[ \t]*[-*+][ \t]+\[[xX]\][ \t]+(?P<rest>.*?)[ \t]*\^(?P<id>vk-[0-9a-f]{10})"
    r"(?:[ \t]+\u2705[ \t]*\d{4}-\d{2}-\d{2})?[ \t]*$")
_CHANNEL = re.compile(
    r"^(?:\((?P<paren>[^()\x00-\x1f\x7f]{0,60})\)[ \t]*|(?P<word>[A-Za-z][\w-]{0,29})[ \t]+"
    r"(?=\d{4}-\d{2}-\d{2}(?!\d)))")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?!\d)")
# An open item of a rendered agenda note, for keep_ticked: the box, then the rest.
_OPEN = re.compile(r"^[ \t]*[-*+][ \t]+\[ \][ \t]+(?P<rest>.*\^(?P<id>vk-[0-9a-f]{10}).*)$")
_LINE_END = re.compile(r"\r\n|\n|\r")
_DUE_MARK = re.compile(r"\s*📅\s*\d{4}-\d{2}-\d{2}")
NO = frozenset({"no", "false", "n", "skip", "not going"})
MAX_CHARS = 10_000_000  # an agenda note larger than this is not read for ticks

# rule -> (the entry's kinds, its sentence) for the rules whose tick is one log entry in
# the item's note; what closes each rule is in its module (contacts, leads, dated, events,
# search), and docs/agenda.md has the table.
ENTRIES: dict[str, tuple[tuple[str, ...], str]] = {
    "thank-you": (("thanks",), "Thanked them for meeting"),
    "thank-for-help": (("thanks",), "Thanked them for their help"),
    "keep-in-touch": (("checkin",), "Checked in"),
    "report-back": (("update",), "Told them how the lead went"),
    "share-news": (("update",), "Told them the news of the new job"),
    "reach-out-referral": (("contacted",), "Reached out"),
    "announce": (("announce",), "Told them I am looking"),
    "offer-help": (("helped-them",), "Offered my help"),
    "birthday": (("birthday",), "Sent birthday wishes"),
    "act-on-lead": (("inquired",), "Sent an inquiry"),
    "follow-up-inquiry": (("followup",), "Followed up"),
    "prepare-event": (("prepared",), "Prepared for the event"),
    "follow-up-event": (("met",), "Noted the people I met there"),
    "renewal": (("renewed",), "Renewed"),
}
# Rules whose item may be due on a planned `next:`: it is set to today, the day it was done.
PLANNED = frozenset({"keep-in-touch", "follow-up-inquiry"})


@dataclass(frozen=True)
class Tick:
    id: str
    line: int  # 1-based, in the agenda note
    channel: str | None  # what the person typed after the box, if anything
    due: dt.date | None  # the date the line shows, if it shows one


@dataclass(frozen=True)
class Action:
    """One write a tick makes, on the note at `note`."""

    note: str
    kinds: tuple[str, ...] = ()  # a log entry with these kinds (none: no entry)
    text: str = ""  # the entry's sentence
    via: str | None = None  # its channel
    task: str | None = None  # tick the open task with this text
    keys: tuple[tuple[str, object], ...] = ()  # front matter to set
    create: str | None = None  # create a contact note of this name …
    values: dict = field(default_factory=dict)  # … with these keys
    settle_next: bool = False  # a `next:` after today becomes today


def ticks_in(text: str) -> list[Tick]:
    """The ticked items of an agenda note's text, each id once (its first line)."""
    found: dict[str, Tick] = {}
    for number, line in enumerate(_LINE_END.split(text[:MAX_CHARS]), 1):
        if "^vk-" not in line or "[" not in line:
            continue
        match = _TICK.match(line)
        if match and match["id"] not in found:
            channel, rest = _channel(match["rest"])
            found[match["id"]] = Tick(match["id"], number, channel, _due(rest))
    return list(found.values())


def _channel(rest: str) -> tuple[str | None, str]:
    match = _CHANNEL.match(rest)
    if not match:
        return None, rest
    words = " ".join((match["paren"] if match["paren"] is not None else match["word"]).split())
    return words or None, rest[match.end():]


def _due(rest: str) -> dt.date | None:
    match = _DATE.match(rest)
    try:
        return dt.date.fromisoformat(match[1]) if match else None
    except ValueError:
        return None


def actions(item: AgendaItem, today: dt.date, channel: str | None = None,
            tasks: list | None = None) -> list[Action]:
    """What ticking `item` records: for a task, `tasks` are its note's open tasks
    ([date or None, line, text], the index's facts). Raises ValueError with the reason
    when the tick cannot be recorded."""
    if item.rule == "write-once":
        return _merged([one for part in item.parts
                        for one in actions(part, today, channel, tasks)], channel)
    if item.rule in ENTRIES:
        kinds, text = ENTRIES[item.rule]
        keys = (("renews", _year_on(item.due)),) if item.rule == "renewal" else ()
        return [Action(item.note, kinds, text, channel, keys=keys,
                       settle_next=item.rule in PLANNED)]
    if item.rule == "task":
        return [Action(item.note, task=task_text(item, tasks or [], today))]
    if item.rule == "consider-event":
        going = (channel or "").lower() not in NO
        return [Action(item.note, keys=(("attending", going),))]
    if item.rule == "create-note":
        referrer = item.note.rsplit("/", 1)[-1].removesuffix(".md")
        return [Action(item.note, create=item.name, values={"referred_by": referrer})]
    raise ValueError(f"a {item.rule} item cannot be ticked")


def _merged(parts: list[Action], channel: str | None) -> list[Action]:
    """A write-once item's parts as few writes: one entry in the note with every part's
    kind and sentence, then the rest (tasks, keys) as they are."""
    entries = [one for one in parts if one.kinds]
    others = [replace(one, kinds=(), text="", settle_next=False) for one in parts
              if one.task or one.keys or one.create]
    if not entries:
        return others
    kinds = tuple(dict.fromkeys(k for one in entries for k in one.kinds))
    said = list(dict.fromkeys(one.text for one in entries))
    text = "Wrote once: " + "; ".join(s[0].lower() + s[1:] for s in said)
    entry = Action(entries[0].note, kinds, text, channel,
                   settle_next=any(one.settle_next for one in entries))
    return [entry, *others]


def task_text(item: AgendaItem, tasks: list, today: dt.date) -> str:
    """The text of the open task a task item is for, as its note has it."""
    for day, _line, text in tasks:
        due = dt.date.fromisoformat(day) if day else today
        said = f"{plain(_DUE_MARK.sub('', text))} ({item.name})"  # as dated.tasks says it
        if due == item.due and (item.text == said or item.text.startswith(said + " (")):
            return text
    raise ValueError(f"no open task '{item.text}' in {item.note}")


def _year_on(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def keep_ticked(rendered: str, before: str, kept: list[Tick]) -> str:
    """The agenda note `rendered` anew with the boxes of `kept` (ticks that could not be
    recorded: a read-only note, a save that kept coming) still ticked as the person
    ticked them in `before` (with their channel word), so that nothing they did is lost
    and the next save tries again."""
    if not kept:
        return rendered
    old = _LINE_END.split(before[:MAX_CHARS])
    boxes = {}
    for tick in kept:
        line = old[tick.line - 1] if 0 < tick.line <= len(old) else ""
        match = _TICK.match(line)
        if match:
            said = _CHANNEL.match(match["rest"])  # the channel word, kept with the box
            boxes[tick.id] = line[:match.start("rest")] + (said.group(0) if said else "")
    out = []
    for line in rendered.split("\n"):
        found = _OPEN.match(line)
        if found and found["id"] in boxes:
            line = boxes[found["id"]] + found["rest"]
        out.append(line)
    return "\n".join(out)


_TICKED_BOX = re.compile(
    r"^([ \t]*[-*+][ \t]+)\[[xX]\][ \t]+(?:\([^()\r\n]{0,60}\)[ \t]*"
    r"|[A-Za-z][\w-]{0,29}[ \t]+(?=\d{4}-\d{2}-\d{2}(?!\d)))?", re.M)
_DONE_MARK = re.compile(r"[ \t]*\u2705[ \t]*\d{4}-\d{2}-\d{2}")


def untick(text: str, known: str | None = None) -> str:
    """An agenda note's text with its boxes open again, channel words and done marks gone:
    what it was before the person ticked (to tell a tick from text they wrote in it). With
    `known` (the text vaultkit wrote), a ticked line whose id it does not hold (a stale
    tick, another vault's) is left out: it is a tick too, said and not recorded."""
    text = _LINE_END.sub("\n", text[:MAX_CHARS])
    if known is not None:
        text = "\n".join(line for line in text.split("\n")
                         if not ((match := _TICK.match(line)) and match["id"] not in known))
    return _DONE_MARK.sub("", _TICKED_BOX.sub(r"\1[ ] ", text))
