"""Small pieces of English the rules' sentences and the drafts share: an event's name
after "at" ("at the Busan Job Fair", "at PyCon 2026") and a person's pronouns."""

from __future__ import annotations

# Names ending in one of these read as common nouns and take "the": "the Busan Job Fair",
# "the Seoul DevOps Meetup"; "PyCon 2026" or "Acme" do not.
_COMMON = {
    "fair", "conference", "meetup", "meet-up", "summit", "expo", "exhibition", "forum",
    "workshop", "festival", "day", "days", "week", "breakfast", "brunch", "dinner", "lunch",
    "luncheon", "party", "session", "sessions", "event", "mixer", "hackathon", "gathering",
    "reception", "convention", "symposium", "seminar", "webinar", "panel", "talk", "talks",
    "congress", "show", "meeting", "lecture", "training", "course", "class", "bootcamp",
    "camp", "retreat", "night", "evening", "social", "networking", "open house", "gala",
    "awards", "roundtable", "round table", "assembly", "board",
}
_PRONOUNS = {
    "she": ("her", "her"), "her": ("her", "her"), "he": ("him", "his"), "him": ("him", "his"),
    "they": ("them", "their"), "them": ("them", "their"),
}


def the(name: str) -> str:
    """`name` as it reads after a preposition: with "the" when it ends in a common noun
    and does not start with an article or a possessive already."""
    words = name.split()
    if not words:
        return name
    first = words[0].lower()
    if first in ("the", "a", "an") or first.endswith(("'s", "\u2019s")):
        return name
    last = words[-1].lower().strip(".,;:!?")
    two = " ".join(w.lower() for w in words[-2:])
    return f"the {name}" if last in _COMMON or two in _COMMON else name


_SUBJECTS = {"her": "she", "him": "he", "them": "they"}


def subject(meta) -> str:
    """The pronoun as the subject of a sentence: "she", "he", or "they" (plural verbs)."""
    return _SUBJECTS[pronouns(meta)[0]]


def is_are(meta) -> str:
    """"she is", "they are"."""
    word = subject(meta)
    return f"{word} {'are' if word == 'they' else 'is'}"


def pronouns(meta) -> tuple[str, str]:
    """(object, possessive) from a contact's `pronouns:` ("she/her", "he", "they/them");
    ("them", "their") when unset or unknown. `meta` is a note's front matter, or the
    note (StoredNote): its front matter is then decoded only if it names pronouns."""
    if hasattr(meta, "may_have"):
        if not meta.may_have("pronouns"):
            return ("them", "their")
        meta = meta.meta
    value = meta.get("pronouns")
    if isinstance(value, str):
        first = value.strip().lower().replace(",", "/").split("/")[0].strip()
        if first in _PRONOUNS:
            return _PRONOUNS[first]
    return ("them", "their")
