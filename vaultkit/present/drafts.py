"""Message drafts as text: rendered from templates/drafts/KIND.txt.j2 (overridable from
the vault), whose first line is the subject; as plain text or a mailto: URL."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from vaultkit.agenda.drafts import DraftContext
from vaultkit.errors import VaultkitError
from vaultkit.present.templates import Templates


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str
    to: str | None

    def mailto(self) -> str:
        """A mailto: URL (RFC 6068): subject and body percent-encoded, lines ending CRLF."""
        body = self.body.replace("\r\n", "\n").replace("\n", "\r\n")
        return (f"mailto:{quote(self.to or '', safe='@')}?subject={quote(self.subject, safe='')}"
                f"&body={quote(body, safe='')}")

    def text(self) -> str:
        return (f"To: {self.to}\n" if self.to else "") + f"Subject: {self.subject}\n\n{self.body}"


def render_draft(templates: Templates, context: DraftContext) -> Draft:
    """The draft as its template (the vault's, else the built-in one) writes it."""
    text = templates.render(f"drafts/{context.kind}.txt.j2", context)
    first, _, rest = text.partition("\n")
    if not first.startswith("Subject:"):
        raise VaultkitError(f"drafts/{context.kind}.txt.j2 must start with a 'Subject:' line")
    return Draft(first.removeprefix("Subject:").strip(), rest.lstrip("\n"),
                 context.contact["email"])
