"""`set` writes typed values: what `add` writes for the key, what `check` accepts; any
other key as YAML reads it; `--text` for text; a value that does not fit is refused."""

from __future__ import annotations

import pytest

from vaultkit.notes import frontmatter

KIM = "people/Kim Lee.md"


def meta(vault, path=KIM) -> dict:
    return frontmatter.load(frontmatter.split((vault / path).read_text("utf-8")).raw)[0]


def front_line(vault, key, path=KIM) -> str:
    lines = (vault / path).read_text("utf-8").split("\n")
    return next(line for line in lines if line.startswith(f"{key}:"))


@pytest.mark.parametrize("args, line, value", [
    (["influence", "4"], "influence: 4", 4),
    (["may_use_name", "false"], "may_use_name: false", False),
    (["may_use_name", "true"], "may_use_name: true", True),
    (["met", "2026-11-30"], "met: 2026-11-30", "2026-11-30"),
    (["next", "2027-01-10"], "next: 2027-01-10", "2027-01-10"),
    (["tags", "[a, b]"], "tags: [a, b]", ["a", "b"]),
    (["tags", "fintech", "mentor"], "tags: [fintech, mentor]", ["fintech", "mentor"]),
    (["tags", "solo"], "tags: [solo]", ["solo"]),
    (["email", "kim@a.example", "kim@b.example"], "email: [kim@a.example, kim@b.example]",
     ["kim@a.example", "kim@b.example"]),
    (["phone", "01012345678"], 'phone: "01012345678"', "01012345678"),
    (["title", "2026"], 'title: "2026"', "2026"),
    (["company", "Acme: Holdings"], 'company: "Acme: Holdings"', "Acme: Holdings"),
    (["cadence", "2w"], 'cadence: "2w"', "2w"),
    (["score", "3.5"], "score: 3.5", 3.5),
    (["rank", "7"], "rank: 7", 7),
    (["seen", "2026-01-02"], "seen: 2026-01-02", "2026-01-02"),
    (["flag", "true"], "flag: true", True),
    (["note", "call #2"], 'note: "call #2"', "call #2"),
    (["zip", "02134"], 'zip: "02134"', "02134"),
    (["zip", "--text", "12345"], 'zip: "12345"', "12345"),
    (["ver", "--text", "1.10"], 'ver: "1.10"', "1.10"),
    (["home", "[[Acme]]"], 'home: "[[Acme]]"', "[[Acme]]"),
])
def test_set_writes_the_type_the_key_means(run, vault, args, line, value):
    run("set", "Kim Lee", *args)
    key = args[0]
    assert front_line(vault, key) == line
    assert meta(vault)[key] == value
    run("check")  # exit 0: vaultkit's own check accepts what set wrote


@pytest.mark.parametrize("args, message", [
    (["influence", "banana"], "influence: 'banana' is not a whole number from 1 to 5"),
    (["influence", "9"], "influence: '9' is not a whole number from 1 to 5"),
    (["influence", "4", "5"], "influence takes one value, not 2"),
    (["may_use_name", "maybe"], "may_use_name: 'maybe' is not true or false"),
    (["met", "2026-13-01"], "met: '2026-13-01' is not a date (YYYY-MM-DD)"),
    (["met", "soon"], "met: 'soon' is not a date (YYYY-MM-DD)"),
    (["cadence", "often"], "cadence: 'often' is not an interval"),
    (["status", "asleep"], "status: 'asleep' is not one of active, paused, archived"),
])
def test_a_value_that_does_not_fit_its_key_is_refused(run, vault, args, message):
    before = (vault / KIM).read_bytes()
    result = run("set", "Kim Lee", *args, expect=2)
    assert message in result.stderr
    assert (vault / KIM).read_bytes() == before


def test_snooze_still_writes_a_date(run, vault):
    run("snooze", "Kim Lee", "2027-01-10")
    assert front_line(vault, "next") == "next: 2027-01-10"


def test_a_lead_has_its_own_typed_keys(run, vault):
    lead = next(p for p in (vault / "leads").glob("*.md"))
    name = lead.stem
    run("set", name, "advertised", "no")
    run("set", name, "updated", "2026-12-01")
    text = lead.read_text("utf-8")
    assert "advertised: false\n" in text and "updated: 2026-12-01\n" in text
    run("set", name, "advertised", "perhaps", expect=2)
