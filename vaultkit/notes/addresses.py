"""E-mail addresses and LinkedIn profile URLs in the one form two spellings of the same
address share (for duplicates and for matching imported records)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit


def normalise_email(value: str) -> str | None:
    text = value.strip().lower().removeprefix("mailto:")
    return text if "@" in text else None


def normalise_linkedin(value: str) -> str | None:
    """`https://www.linkedin.com/in/jane-doe/?trk=x` and `linkedin.com/in/Jane-Doe` agree."""
    text = value.strip()
    if not text:
        return None
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    host = parts.netloc.lower().removeprefix("www.")
    host = re.sub(r"^[a-z]{2}\.linkedin\.com$", "linkedin.com", host)  # de.linkedin.com
    path = parts.path.rstrip("/").lower()
    return f"{host}{path}" if host and path else None
