"""Generate a synthetic vault for the benchmarks: N contacts with about ten front matter keys
and 1–12 log entries each, N/20 leads and N/50 events. Deterministic for a given N."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

FIRST = ["Jane", "John", "Kim", "Omar", "Priya", "Marcus", "Sofia", "Ahmed", "Lucía", "Tom",
         "Min-jun", "Grace", "Hannah", "David", "Elena", "Raj", "Yuki", "Zoë", "Olu", "Ines"]
LAST = ["Doe", "Smith", "Lee", "Diaz", "Patel", "Chen", "Rossi", "Hassan", "Fernández",
        "Becker", "Park", "Okafor", "Schmidt", "Kim", "Petrova", "Singh", "Tanaka", "Novak"]
COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne"]
CIRCLES = ["friend", "alumni", "colleague", "former-colleague", "recruiter", "event", "client"]
KINDS = ["#checkin", "#thanks", "#met", "#helped-me", "#helped-them", "#update", "#inquiry"]
CHANNELS = ["email", "phone", "in person", "video", "message"]


def contact(i: int, rng: random.Random, names: list[str]) -> tuple[str, str]:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i:06d}"
    names.append(name)
    company = rng.choice(COMPANIES)
    lines = [
        "---", f"name: {name}", f"title: Engineer {i % 7}", f'company: "[[{company}]]"',
        f"email: person{i}@example.com", f'phone: "+82 10-{i % 10000:04d}-{i // 10000:04d}"',
        f"tags: [{rng.choice(['fintech', 'cloud', 'data'])}, t{i % 50}]",
        f"circle: {rng.choice(CIRCLES)}",
        f"met: 2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
        f"cadence: {rng.choice(['monthly', '2w', 'quarterly', '6w'])}",
        f"influence: {1 + i % 5}", "---", f"# {name}", "",
        "Some notes about how we met and what they work on. " * rng.randint(1, 4), "", "## Log",
    ]
    for n in range(rng.randint(1, 12)):
        other = f" [[{rng.choice(names)}]]"
        link = other if n % 4 == 0 else ""
        lines.append(f"- 2026-{1 + n % 11:02d}-{1 + (i + n) % 28:02d} "
                     f"({rng.choice(CHANNELS)}) Talked about the market{link} {rng.choice(KINDS)}")
    return f"people/{name}.md", "\n".join(lines) + "\n"


def lead(i: int, rng: random.Random, names: list[str]) -> tuple[str, str]:
    status = rng.choice(["idea", "inquired", "applied", "interviewing", "rejected"])
    text = (f"---\nrole: Role {i}\ncompany: {rng.choice(COMPANIES)}\nstatus: {status}\n"
            f"advertised: true\n---\n# Lead {i}\n\n## Log\n"
            f"- 2026-10-{1 + i % 28:02d} Applied #applied\n")
    return f"leads/Lead {i:05d}.md", text


def event(i: int, rng: random.Random, names: list[str]) -> tuple[str, str]:
    text = (f"---\nname: Event {i}\ndate: 2026-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
            f"kind: meetup\nlocation: Busan\n---\n# Event {i}\n")
    return f"events/Event {i:05d}.md", text


def generate(root: Path, contacts: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    for folder in ("people", "leads", "events", "orgs"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for company in COMPANIES:
        (root / "orgs" / f"{company}.md").write_text(f"---\nkind: employer\n---\n# {company}\n")
    makers = [(contact, contacts), (lead, contacts // 20), (event, contacts // 50)]
    names: list[str] = []
    for make, count in makers:
        for i in range(count):
            rel, text = make(i, rng, names)
            (root / rel).write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("-n", "--contacts", type=int, default=10_000)
    args = parser.parse_args()
    generate(args.folder, args.contacts)


if __name__ == "__main__":
    main()
