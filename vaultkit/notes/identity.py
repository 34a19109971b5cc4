"""What makes two contacts the same person: e-mail, LinkedIn URL and phone, normalised;
the contacts that share one.

The only module that imports the phone-number library. It is large (about 50 ms to load),
so the e-mail and LinkedIn forms, which `add` needs, are in notes/addresses.py; this
module is loaded by `check` and imports.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

import phonenumbers

from vaultkit.notes.addresses import normalise_email, normalise_linkedin


def normalise_phone(value: str, region: str | None = None) -> str | None:
    """E.164 when the number can be read (with `region` for numbers without +country),
    else its digits; None when it has fewer than five digits."""
    text = str(value).strip()
    digits = re.sub(r"\D", "", text)
    if len(digits) < 5:
        return None
    if text.startswith("00"):  # the international call prefix of most countries
        text = "+" + digits[2:]
    try:
        number = phonenumbers.parse(text, region)
        if phonenumbers.is_possible_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    return ("+" if text.startswith("+") else "") + digits


def _values(meta: dict, key: str) -> list[str]:
    value = meta.get(key)
    if isinstance(value, list):
        return [str(v) for v in value if v not in (None, "")]
    return [] if value in (None, "") else [str(value)]


_KEYS = {
    "email": ("e-mail", normalise_email),
    "linkedin": ("LinkedIn URL", normalise_linkedin),
}


def duplicate_contacts(
    contacts: Iterable[tuple[str, dict, dict]], region: str | None = None,
    involving: Collection[str] | None = None,
) -> list[tuple[str, int, str]]:
    """`(path, line, message)` for every contact that shares an e-mail, LinkedIn URL or phone
    with an earlier one (by path). `contacts` holds (path, front matter, key lines). With
    `involving` (paths), only the pairs of which one of them is either contact."""
    seen: dict[tuple[str, str], str] = {}
    found: list[tuple[str, int, str]] = []
    for path, meta, lines in contacts:
        keys = [(k, what, norm) for k, (what, norm) in _KEYS.items()]
        keys.append(("phone", "phone", lambda v: normalise_phone(v, region)))
        for key, what, norm in keys:
            for raw in _values(meta, key):
                value = norm(raw)
                if not value:
                    continue
                first = seen.setdefault((key, value), path)
                if first != path and (involving is None or path in involving
                                      or first in involving):
                    message = f"same {what} as {first} ({raw}): a duplicate contact?"
                    item = (path, lines.get(key, 2), message)
                    if item not in found:
                        found.append(item)
    return found
