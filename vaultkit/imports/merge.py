"""Which note each imported record is, and what it adds. Pure: contacts in, plans out.

A record is the note that shares its e-mail or LinkedIn profile (normalised: identity.py),
or its phone when the names agree too: a shared phone alone (a company switchboard, a
family line) never merges two differently named records — they are imported apart and
reported as possible duplicates, which `check` lists. Failing those, the record is the one
contact with exactly its name, unless an e-mail, profile or phone of both tells them
apart. A matched note is only filled in: a key it
lacks is added, a value the person wrote is never replaced (a different one is listed as
a conflict). Records met earlier in the same import count as notes, so a person listed
twice becomes one note.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from vaultkit.imports.records import Record
from vaultkit.notes.addresses import normalise_email, normalise_linkedin
from vaultkit.notes.identity import normalise_phone
from vaultkit.notes.values import link_target

IDENTITIES = ("email", "linkedin", "phone")
STRONG = ("email", "linkedin")  # enough alone to say two records are one person


@dataclass
class Plan:
    record: Record
    action: str  # "create", "update", "unchanged" or "skip"
    path: str | None = None  # the note matched or to be created (relative to the vault)
    add: dict[str, object] = field(default_factory=dict)  # keys to write
    conflicts: list[str] = field(default_factory=list)
    reason: str = ""  # why a record is skipped
    entry: str = ""  # a log line to add (record.entry)


@dataclass
class _Person:
    path: str
    name: str
    meta: dict
    planned: Plan | None = None  # a note this import creates


class Matcher:
    def __init__(self, contacts: list[tuple[str, str, dict]], region: str | None = None):
        """`contacts`: (path, display name, front matter) of the vault's contacts."""
        self.region = region
        self._people: dict[str, _Person] = {}
        self._keys: dict[tuple[str, str], set[str]] = {}  # (identity, value) → paths
        self._names: dict[str, set[str]] = {}  # lower-cased name → paths
        for path, name, meta in contacts:
            self._remember(_Person(path, name, meta))

    def plan(self, record: Record, new_path: Callable[[str], str]) -> Plan:
        """What to do with `record`; `new_path(name)` gives the path a new note would
        take (and reserves it)."""
        if not record.name:
            return Plan(record, "skip", reason="no name, e-mail or organisation to name "
                                               "the note by")
        path, why = self._match(record)
        if why:
            return Plan(record, "skip", reason=why)
        if record.entry is not None:  # a log line adds to a note; it never starts one
            if path is None:
                return Plan(record, "skip", reason=f"no note for {record.name} (import "
                            "Connections.csv first, or add them)")
            return Plan(record, "update", path, entry=record.entry[1])
        if path is None:
            return self._create(record, new_path)
        return self._fill_in(self._people[path], record)

    def _match(self, record: Record) -> tuple[str | None, str]:
        """(the path of the one note `record` is, None for none; why it cannot tell which
        note it is, "" when it can)."""
        strong = self._by_identity(record, STRONG)
        found = set(strong)
        for path in sorted(self._by_identity(record, ("phone",)) - strong):
            if strong or _plain(self._people[path].name) == _plain(record.name):
                found.add(path)  # with an e-mail of another note: which is it? (skipped)
            else:  # a shared phone (a switchboard, a family line) alone is weak evidence
                record.warnings.append(
                    f"{record.where}: {record.name} shares a phone number with {path} "
                    f"({self._people[path].name}); imported apart, a possible duplicate "
                    "(vaultkit check lists it)")
        if len(found) > 1:
            return None, ("its e-mail, profile or phone belong to different notes: "
                          f"{', '.join(sorted(found))}")
        if not found:  # the name decides only when no identity does
            found = {path for path in self._names.get(record.name.lower(), set())
                     if not self._contradicts(self._people[path], record)}
            if len(found) > 1:
                return None, (f"{len(found)} notes are named {record.name} and nothing "
                              f"tells which: {', '.join(sorted(found))}")
        return next(iter(found), None), ""

    def _create(self, record: Record, new_path: Callable[[str], str]) -> Plan:
        plan = Plan(record, "create", new_path(record.name), dict(record.values))
        # Remembered as a note, so a later record of the same person fills this plan in.
        self._remember(_Person(plan.path, record.name, dict(record.values), plan))
        return plan

    def _fill_in(self, person: _Person, record: Record) -> Plan:
        """Add the keys the note lacks; a value it has and `record` contradicts is kept
        and listed as a conflict."""
        plan = Plan(record, "unchanged", person.path)
        for key, value in record.values.items():
            have = person.meta.get(key)
            if have in (None, "", []):
                plan.add[key] = value
            elif not self._same(key, have, value):
                plan.conflicts.append(f"{person.path}: {key} is {_shown(have)}; "
                                      f"{record.where} says {_shown(value)} (kept)")
        if plan.add:
            plan.action = "update"
            person.meta.update(plan.add)
            if person.planned is not None:  # a note this import creates: write it whole
                person.planned.add.update(plan.add)
            self._remember(person)
        return plan

    def _remember(self, person: _Person) -> None:
        self._people[person.path] = person
        self._names.setdefault(person.name.lower(), set()).add(person.path)
        for key in IDENTITIES:
            for value in self._identities(key, person.meta.get(key)):
                self._keys.setdefault((key, value), set()).add(person.path)

    def _by_identity(self, record: Record, keys: tuple[str, ...]) -> set[str]:
        found: set[str] = set()
        for key in keys:
            for value in self._identities(key, record.values.get(key)):
                found |= self._keys.get((key, value), set())
        return found

    def _contradicts(self, person: _Person, record: Record) -> bool:
        """Both have e-mails (or profiles, or phones) and none of them agree."""
        for key in IDENTITIES:
            theirs = self._identities(key, person.meta.get(key))
            ours = self._identities(key, record.values.get(key))
            if theirs and ours and not theirs & ours:
                return True
        return False

    def _identities(self, key: str, value: object) -> set[str]:
        values = value if isinstance(value, list) else [value]
        norm = {"email": normalise_email, "linkedin": normalise_linkedin,
                "phone": lambda v: normalise_phone(v, self.region)}[key]
        return {n for v in values if v not in (None, "") and (n := norm(str(v)))}

    def _same(self, key: str, have: object, value: object) -> bool:
        if key in IDENTITIES:
            return bool(self._identities(key, value) <= self._identities(key, have))
        return _plain(have) == _plain(value)


def _plain(value: object) -> str:
    """A value as compared: a link by its target; case and spacing ignored."""
    text = str(value).strip()
    if text.startswith("[[") and text.endswith("]]"):
        text = (link_target(text[2:-2]) or text).rsplit("/", 1)[-1]
    return " ".join(text.split()).lower()


def _shown(value: object) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else f"'{value}'"
