"""Generate a synthetic vault for the benchmarks: N contacts with about ten front matter keys
and 1–12 log entries each, N/20 leads and N/50 events. Deterministic for a given N.

Logs read like those of a network that is kept up, as of NOW: a meeting, a thank-you, check-ins
about as often as the contact's cadence, now and then a favour (thanked), a favour returned,
an update or a referral. `backlog` is the share of contacts whose check-in is overdue: 0.25
by default; 1.0 makes the stress case in which every contact is overdue.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

NOW = dt.date(2026, 11, 27)
CADENCES = {"monthly": 30, "2w": 14, "quarterly": 91, "6w": 42}
FIRST = ["Jane", "John", "Kim", "Omar", "Priya", "Marcus", "Sofia", "Ahmed", "Lucía", "Tom",
         "Min-jun", "Grace", "Hannah", "David", "Elena", "Raj", "Yuki", "Zoë", "Olu", "Ines"]
LAST = ["Doe", "Smith", "Lee", "Diaz", "Patel", "Chen", "Rossi", "Hassan", "Fernández",
        "Becker", "Park", "Okafor", "Schmidt", "Kim", "Petrova", "Singh", "Tanaka", "Novak"]
COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne"]
CIRCLES = ["friend", "alumni", "colleague", "former-colleague", "recruiter", "event", "client"]
CHANNELS = ["email", "phone", "in person", "video", "message"]


def contact(i: int, rng: random.Random, names: list[str], backlog: float) -> tuple[str, str]:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i:06d}"
    company = rng.choice(COMPANIES)
    cadence = rng.choice(list(CADENCES))
    overdue = rng.random() < backlog
    count = rng.randint(1, 12)
    last = _last_contact(rng, CADENCES[cadence], overdue)
    # A single entry is the meeting itself, and the last contact so far.
    met = last if count == 1 else last - dt.timedelta(days=rng.randint(60, 900))
    lines = [
        "---", f"name: {name}", f"title: Engineer {i % 7}", f'company: "[[{company}]]"',
        f"email: person{i}@example.com", f'phone: "+82 10-{i % 10000:04d}-{i // 10000:04d}"',
        f"tags: [{rng.choice(['fintech', 'cloud', 'data'])}, t{i % 50}]",
        f"circle: {rng.choice(CIRCLES)}", f"met: {met}", f"cadence: {cadence}",
        f"influence: {1 + i % 5}", "---", f"# {name}", "",
        "Some notes about how we met and what they work on. " * rng.randint(1, 4), "", "## Log",
    ]
    lines += [f"- {day} ({channel}) {text}" for day, channel, text in
              _log(rng, names, met, last, count)]
    names.append(name)
    return f"people/{name}.md", "\n".join(lines) + "\n"


def _last_contact(rng: random.Random, every: int, overdue: bool) -> dt.date:
    """Overdue: a cadence and up to four months ago. Kept up: not due within the week."""
    if overdue:
        return NOW - dt.timedelta(days=every + rng.randint(1, 120))
    return NOW - dt.timedelta(days=rng.randint(0, max(every - 8, 0)))


def _log(rng: random.Random, names: list[str], met: dt.date, last: dt.date, count: int):
    """`count` entries from the meeting to the last contact."""
    log = [(met, "in person", "Met at the meetup; we talked about platform teams #met")]
    if count > 1:
        log.append((met + dt.timedelta(days=1), "email", "Sent a thank-you note #thanks"))
    span = (last - met).days
    for n in range(2, count):
        day = met + dt.timedelta(days=max(2, span * (n - 1) // max(count - 2, 1)))
        roll = rng.random()
        if roll < 0.08:
            log.append((day, "phone", "Reviewed my résumé #helped-me"))
            if rng.random() < 0.9:
                log.append((day, "email", "Thanked them for the review #thanks"))
        elif roll < 0.13:
            log.append((day, "email", "Sent them an article they asked for #helped-them"))
        elif roll < 0.18:
            log.append((day, "email", "Told them how the interviews went #update"))
        elif roll < 0.22 and names:
            log.append((day, "video", f"Gave me a name: [[{rng.choice(names)}]] #referral"))
        else:
            log.append((day, rng.choice(CHANNELS), "Caught up on the market #checkin"))
    return sorted(log)[:12]


def lead(i: int, rng: random.Random, names: list[str], backlog: float) -> tuple[str, str]:
    status = rng.choice(["idea", "inquired", "applied", "interviewing", "rejected"])
    text = (f"---\nrole: Role {i}\ncompany: {rng.choice(COMPANIES)}\nstatus: {status}\n"
            f"advertised: true\n---\n# Lead {i}\n\n## Log\n"
            f"- 2026-10-{1 + i % 28:02d} Applied #applied\n")
    return f"leads/Lead {i:05d}.md", text


def event(i: int, rng: random.Random, names: list[str], backlog: float) -> tuple[str, str]:
    day = NOW + dt.timedelta(days=rng.randint(-300, 120))
    text = (f"---\nname: Event {i}\ndate: {day}\n"
            f"kind: meetup\nlocation: Busan\n---\n# Event {i}\n")
    return f"events/Event {i:05d}.md", text


CONFIG = Path(__file__).resolve().parent.parent / "templates" / "vault" / "config.toml"


def generate(root: Path, contacts: int, seed: int = 1, backlog: float = 0.25,
             config: bool = True) -> None:
    rng = random.Random(seed)
    for folder in (".vaultkit", "people", "leads", "events", "orgs"):  # .vaultkit: a vault
        (root / folder).mkdir(parents=True, exist_ok=True)
    # The settings file `vaultkit init` writes (every value the default): a command reads
    # and parses it as it does in a person's vault. Not for a vault that older code reads
    # too (`config=False`): that code refuses the settings it does not know.
    if config:
        shutil.copy(CONFIG, root / ".vaultkit" / "config.toml")
    for company in COMPANIES:
        (root / "orgs" / f"{company}.md").write_text(f"---\nkind: employer\n---\n# {company}\n")
    makers = [(contact, contacts), (lead, contacts // 20), (event, contacts // 50)]
    names: list[str] = []
    for make, count in makers:
        for i in range(count):
            rel, text = make(i, rng, names, backlog)
            (root / rel).write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("-n", "--contacts", type=int, default=10_000)
    parser.add_argument("--backlog", type=float, default=0.25,
                        help="share of contacts whose check-in is overdue (1.0: all)")
    args = parser.parse_args()
    generate(args.folder, args.contacts, backlog=args.backlog)


if __name__ == "__main__":
    main()
