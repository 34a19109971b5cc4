"""What a lead's note says, for the rules about leads (leads.py) and those across the
network (search.py): how to name it, when it reached a status, whom it says you told.

Imports no other agenda module: search.py is loaded while context.py is (context →
network → search), so it cannot import the rules' modules; both read leads from here.
The functions take a Subject (context.py) and use only its methods."""

from __future__ import annotations

import datetime as dt

# The kind of the entry that marks the day a lead reached a status.
REACHED_KIND = {"interviewing": "interview", "offer": "offer", "hired": "hired"}


def describe(s) -> str:
    """`Senior Platform Engineer at Acme`, or the note's name."""
    role = s.meta.get("role")
    company = s.meta.get("company")
    company_name = company.replace("[[", "").replace("]]", "") if isinstance(company, str) \
        else None
    if isinstance(role, str) and role.strip():
        return f"{role.strip()} at {company_name}" if company_name else role.strip()
    return s.name


def reached(s, status: str) -> dt.date | None:
    """When the lead reached `status`: the latest entry tagged for it, else `updated`,
    else the first log entry."""
    kind = REACHED_KIND[status]
    first = dt.date.fromisoformat(s.history[0]) if s.history else None
    return s.latest(kind) or s.date("updated") or first


def told(person, lead, since: dt.date) -> bool:
    """An #update since, in the person's note or in the lead's note naming them."""
    if person.has_since("update", since):
        return True
    names = {person.note.name.lower(), *(a.lower() for a in person.note.aliases)}
    return any(quote.day >= since and names & {t.lower() for t in quote.links}
               for quote in lead.quotes("update"))


def in_touch(person) -> bool:
    """Whether you have been in touch with a contact: an entry that counts, or `met:`."""
    return bool(person.last_contact or (person.met and person.met <= person.today))
