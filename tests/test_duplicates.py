"""Duplicate contacts: the same e-mail, LinkedIn URL or phone, after normalising."""

from __future__ import annotations

import pytest

from vaultkit.notes.identity import (
    duplicate_contacts,
    normalise_email,
    normalise_linkedin,
    normalise_phone,
)


@pytest.mark.parametrize("a, b", [
    ("https://www.linkedin.com/in/jane-doe/", "linkedin.com/in/Jane-Doe"),
    ("http://linkedin.com/in/jane-doe?trk=abc", "https://www.linkedin.com/in/jane-doe"),
    ("https://de.linkedin.com/in/jane-doe/", "https://linkedin.com/in/jane-doe"),
])
def test_linkedin_urls_that_agree(a, b):
    assert normalise_linkedin(a) == normalise_linkedin(b) is not None


def test_linkedin_profiles_that_differ():
    assert normalise_linkedin("linkedin.com/in/jane") != normalise_linkedin("linkedin.com/in/joe")
    assert normalise_linkedin("") is None


@pytest.mark.parametrize("a, b, region", [
    ("+82 10-2345-6789", "010-2345-6789", "KR"),
    ("+82 10-2345-6789", "+82 (10) 2345 6789", None),
    ("+1 555 010 0101", "(555) 010-0101", "US"),
    ("+44 20 7946 0958", "0044 20 7946 0958", None),
])
def test_phones_that_agree(a, b, region):
    assert normalise_phone(a, region) == normalise_phone(b, region) is not None


def test_phones_that_do_not():
    assert normalise_phone("010-2345-6789", "KR") != normalise_phone("010-2345-6780", "KR")
    assert normalise_phone("12", None) is None


def test_email():
    assert normalise_email(" Jane.Doe@Acme.Example ") == "jane.doe@acme.example"
    assert normalise_email("mailto:a@b.c") == "a@b.c"
    assert normalise_email("not an address") is None


def test_duplicate_contacts():
    contacts = [
        ("people/A.md", {"email": ["a@x.com", "other@x.com"], "phone": "+82 10-1111-2222"},
         {"email": 3, "phone": 4}),
        ("people/B.md", {"email": "A@X.com"}, {"email": 2}),
        ("people/C.md", {"phone": "010-1111-2222", "linkedin": "linkedin.com/in/c"},
         {"phone": 5, "linkedin": 6}),
        ("people/D.md", {"linkedin": "https://www.linkedin.com/in/C/"}, {"linkedin": 2}),
        ("people/E.md", {"email": None, "phone": "", "linkedin": []}, {}),
    ]
    assert duplicate_contacts(contacts, "KR") == [
        ("people/B.md", 2, "same e-mail as people/A.md (A@X.com): a duplicate contact?"),
        ("people/C.md", 5, "same phone as people/A.md (010-1111-2222): a duplicate contact?"),
        ("people/D.md", 2, "same LinkedIn URL as people/C.md (https://www.linkedin.com/in/C/)"
                           ": a duplicate contact?"),
    ]
