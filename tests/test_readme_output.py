"""The README's agenda is what `vaultkit agenda --date 2026-11-27` prints on the example
vault in an 80-column terminal: every line of its block, in order, with "…" standing for
lines left out."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def _block() -> list[str]:
    text = README.read_text(encoding="utf-8")
    found = re.search(r"```\n(Agenda for Friday 27 November 2026.*?)```\n", text, re.S)
    assert found, "README.md shows no agenda"
    return found.group(1).rstrip("\n").split("\n")


def test_the_readme_agenda_is_the_real_output(run):
    printed = run("agenda", "--date", "2026-11-27", env={"COLUMNS": "80"}
                  ).stdout.rstrip("\n").split("\n")
    assert max(map(len, printed)) <= 80
    shown, at = _block(), 0
    for line in shown:
        if line.strip() == "…":
            continue
        assert line in printed[at:], f"README line not printed (in this order): {line!r}"
        at = printed.index(line, at) + 1
    skipped = len(printed) - len([line for line in shown if line.strip() != "…"])
    assert skipped == 0 or any(line.strip() == "…" for line in shown)
