"""example-vault/ teaches the format: it uses every key and kind, and check passes on it."""

from __future__ import annotations

import json

from vaultkit.config import load_config
from vaultkit.index.queries import list_notes
from vaultkit.vault import Vault

CONTACT_KEYS = {"name", "aliases", "title", "company", "email", "phone", "linkedin",
                "location", "tags", "circle", "met", "met_at", "referred_by", "may_use_name",
                "cadence", "min_gap", "influence", "status", "next", "birthday", "type",
                "pronouns"}
LEAD_KEYS = {"role", "company", "source", "contacts", "status", "advertised", "url", "next",
             "updated"}
EVENT_KEYS = {"name", "date", "end", "location", "kind", "org", "cost", "attendees",
              "attending", "tags"}
ORG_KEYS = {"kind", "website", "member", "renews", "type"}
KINDS = {"met", "thanks", "checkin", "inquiry", "lead", "referral", "helped-me",
         "helped-them", "update", "note", "inquired", "applied", "interview", "rejected",
         "hired", "announce", "offer"}


def test_example_vault_covers_the_format(vault, index_path):
    session = Vault.open(vault, index_path)
    session.sync()
    rows = list_notes(session.conn, None)
    by_kind: dict[str, list] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    assert {k: len(v) for k, v in by_kind.items()} == {
        "contact": 16, "lead": 6, "event": 4, "org": 3, "note": 6}
    for kind, keys in (("contact", CONTACT_KEYS), ("lead", LEAD_KEYS), ("event", EVENT_KEYS),
                       ("org", ORG_KEYS)):
        used = {key for row in by_kind[kind] for key in row.meta}
        assert keys <= used, (kind, keys - used)
    statuses = {row.meta.get("status") for row in by_kind["lead"]}
    assert statuses == {"interviewing", "applied", "idea", "rejected", "hired", "offer"}
    kinds = {kind for (facts,) in session.conn.execute("SELECT facts_json FROM notes")
             for kind in json.loads(facts)["k"]}
    assert KINDS <= kinds
    assert (vault / "prep").is_dir() and len(list((vault / "prep").glob("*.md"))) == 5
    assert load_config(vault).log_headings == ("Log", "Interactions")
    session.close()
