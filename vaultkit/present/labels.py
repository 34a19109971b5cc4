"""What each agenda rule is called where people read it: the HTML agenda's tags (and the
text agenda's, in time). One label per rule of agenda.build.RULES (a test holds them
equal); a rule a vault's template names that is not here shows as itself."""

from __future__ import annotations

LABELS = {
    "thank-you": "Thank-you",
    "act-on-lead": "Act on lead",
    "follow-up-inquiry": "Follow up",
    "report-back": "Tell them",
    "keep-in-touch": "Check in",
    "thank-for-help": "Thank for help",
    "offer-help": "Offer help",
    "reach-out-referral": "Reach out",
    "create-note": "New note",
    "prepare-event": "Prepare",
    "task": "Task",
    "renewal": "Renew",
    "birthday": "Birthday",
    "share-news": "Share news",
    "announce": "Tell your news",
    "consider-event": "Consider event",
    "follow-up-event": "After the event",
    "write-once": "One message",
}


def label(rule: object) -> str:
    """`follow-up-inquiry` → `Follow up`."""
    return LABELS.get(str(rule), str(rule))
