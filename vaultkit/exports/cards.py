"""Contacts as vCards (4.0, or 3.0 for older programs), written by `vobject`: escaping,
folding and CRLF are the library's. Each card's UID is derived from the note's path, so a
second export updates the same cards in an address book instead of adding new ones."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import vobject

_NAMESPACE = uuid.UUID("6f0c5a3e-1f7e-4c1b-9a39-5b7d2c9e4a10")  # vaultkit's, for uuid5


@dataclass(frozen=True)
class Card:
    path: str
    name: str
    emails: list[str]
    phones: list[str]
    company: str
    title: str
    linkedin: str
    birthday: tuple[int | None, int, int] | None  # (year or None, month, day)
    family: str = ""  # N's parts as imported (family_name, given_name), if any
    given: str = ""


def contacts_vcf(cards: Iterable[Card], version: str = "4.0") -> Iterator[str]:
    """The vCard file's text, a card at a time."""
    return (_card(card, version).serialize() for card in cards)


def name_parts(data: Card) -> tuple[str, str]:
    """(family, given) for `N`: as imported when known; else the name split at its last
    space when that last word has a letter (not `🚀`), else the whole name as given."""
    if data.family or data.given:
        return data.family, data.given
    given, _, family = data.name.rpartition(" ")
    if given and any(char.isalpha() for char in family):
        return family, given
    return "", data.name


def _card(data: Card, version: str):
    card = vobject.vCard()
    card.add("version").value = version
    card.add("uid").value = f"urn:uuid:{uuid.uuid5(_NAMESPACE, data.path)}"
    card.add("fn").value = data.name
    family, given = name_parts(data)
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    for email in data.emails:
        card.add("email").value = email
    for phone in data.phones:
        card.add("tel").value = phone
    if data.company:
        card.add("org").value = [data.company]
    if data.title:
        card.add("title").value = data.title
    if data.linkedin:
        card.add("url").value = data.linkedin
    if data.birthday:
        year, month, day = data.birthday
        if year is not None:
            card.add("bday").value = f"{year:04d}-{month:02d}-{day:02d}"
        elif version == "4.0":  # a year-less date exists in 4.0 only
            card.add("bday").value = f"--{month:02d}{day:02d}"
        else:  # 3.0: Apple's way, which its address book and vaultkit read as year-less
            bday = card.add("bday")
            bday.value = f"1604-{month:02d}-{day:02d}"
            bday.params["X-APPLE-OMIT-YEAR"] = ["1604"]
    return card
