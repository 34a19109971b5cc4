"""`vaultkit graph`: the network's edges from the index, as Mermaid, DOT and JSON.

Golden files for example-vault (tests/golden/insight/); the Mermaid output parsed by
Mermaid itself (`mermaid.parse()` under jsdom, installed from npm into a cache folder the
first time: skipped without node and npm, or offline) and checked by a strict structural
test in any case; the DOT output run through Graphviz's `dot -Tsvg` when it is installed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from mermaid import mermaid_fixture  # noqa: F401 (the fixture mermaid_parse)

from conftest import write

HOSTILE = ['Bob "the [x]" | O\'Neil; #1', "<b>Zoë</b> & 李 `end`", "%% graph \\N end",
           "end", "o--x", "A]] [[B"]


def graph(run, *args: str) -> str:
    return run("graph", "--date", "2026-11-27", *args).stdout


def graph_json(run, *args: str) -> dict:
    return json.loads(graph(run, "--format", "json", *args))


# --- example-vault ------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "args"), [
    ("graph.mmd", ()), ("graph.dot", ("--format", "dot")), ("graph.json", ("--format", "json")),
    ("graph-jane.mmd", ("--focus", "Jane Doe", "--depth", "1")),
    ("graph-jane.json", ("--focus", "Jane Doe", "--depth", "1", "--format", "json")),
    ("graph-referral.mmd", ("--kind", "referral")),
    ("graph-referral.dot", ("--kind", "referral", "--format", "dot")),
])
def test_example_vault_golden(run, golden, name, args):
    golden(f"insight/{name}", graph(run, *args))


def test_example_vault_edges_by_hand(run):
    """The ties the notes state, checked against the notes themselves."""
    data = graph_json(run)
    names = {n["id"]: n["name"] for n in data["nodes"]}
    edges = {(names[e["from"]], e["label"], names[e["to"]]) for e in data["edges"]}
    # John's #referral entry and Jane's referred_by: one edge, both places as its via.
    jane = [e for e in data["edges"] if e["from"] == "people/John Smith.md"
            and e["to"] == "people/Jane Doe.md"]
    assert [e["via"] for e in jane] == [["people/Jane Doe.md:14", "people/John Smith.md:19"]]
    assert {("Marcus Chen", "referred", "Priya Patel"), ("Jane Doe", "referred", "Kim Lee"),
            ("Jane Doe", "referred", "Omar Diaz"),
            ("Jane Doe", "gave lead", "Acme Platform Engineer"),
            ("Kim Lee", "part of", "Acme Platform Engineer"),
            ("job board", "gave lead", "Globex SRE"),
            ("Jane Doe", "met at", "Busan Job Fair"), ("Ahmed Hassan", "met at", "Busan Job Fair"),
            ("Elena Petrova", "met at", "Seoul DevOps Meetup"),
            ("Marcus Chen", "will be at", "Korea Cloud Summit"),  # on Dec 8: after today
            ("Jane Doe", "works at", "Acme"), ("Sofia Rossi", "works at", "TalentBridge"),
            ("Yuki Tanaka", "works at", "Globex")} <= edges
    # Jane gave the Acme lead and is one of its contacts: one edge, "gave lead".
    assert ("Jane Doe", "part of", "Acme Platform Engineer") not in edges
    omar = next(n for n in data["nodes"] if n["name"] == "Omar Diaz")
    assert omar == {"id": "name:omar diaz", "name": "Omar Diaz", "kind": "name", "path": None,
                    "influence": None}
    globex = next(n for n in data["nodes"] if n["name"] == "Globex")
    assert (globex["kind"], globex["path"]) == ("org", None)  # a company without a note
    assert next(n for n in data["nodes"] if n["name"] == "Acme")["path"] == "orgs/Acme.md"
    assert "Min-jun Park" not in names.values()  # tied to nothing: not drawn
    assert data["omitted"] == {"nodes": 0, "edges": 0} and data["schema_version"] == 1


def test_an_event_once_past_is_where_they_met(run):
    data = json.loads(run("graph", "--format", "json", "--date", "2026-12-10").stdout)
    labels = {e["label"] for e in data["edges"] if e["to"] == "events/Korea Cloud Summit.md"}
    assert labels == {"met at"}


def test_focus_depth_one_is_jane_and_her_neighbours(run):
    data = graph_json(run, "--focus", "Jane", "--depth", "1")
    assert data["focus"] == "people/Jane Doe.md"
    assert {n["name"] for n in data["nodes"]} == {
        "Jane Doe", "John Smith", "Kim Lee", "Omar Diaz", "Acme Platform Engineer",
        "Busan Job Fair", "Acme"}
    assert all(data["focus"] in (e["from"], e["to"]) or {e["from"], e["to"]} == {
        "people/Kim Lee.md", "orgs/Acme.md"} or "Kim Lee" in e["from"]
        for e in data["edges"])


def test_depth_zero_is_the_note_alone(run):
    data = graph_json(run, "--focus", "Jane Doe", "--depth", "0")
    assert [n["id"] for n in data["nodes"]] == ["people/Jane Doe.md"] and data["edges"] == []


def test_focus_on_a_note_with_no_ties(run):
    data = graph_json(run, "--focus", "Min-jun Park")
    assert [n["name"] for n in data["nodes"]] == ["Min-jun Park"] and data["edges"] == []


def test_focus_on_an_unknown_name(run):
    result = run("graph", "--focus", "Nobody Atall", expect=1)
    assert "no note named 'Nobody Atall'" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("args", [("--depth", "-1"), ("--top", "0"), ("--kind", "friends"),
                                  ("--format", "svg")])
def test_bad_options_are_usage_errors(run, args):
    assert "Traceback" not in run("graph", *args, expect=2).output


def test_kinds_combine(run):
    data = graph_json(run, "--kind", "referral", "--kind", "event")
    assert {e["kind"] for e in data["edges"]} == {"referral", "event"}
    assert {e["kind"] for e in graph_json(run, "--kind", "all")["edges"]} == {
        "referral", "lead", "event", "work"}


def test_fenced_mermaid(run):
    text = graph(run, "--fenced")
    assert text.startswith("```mermaid\nflowchart LR\n") and text.endswith("\n```\n")


# --- built vaults -------------------------------------------------------------------------

def contact(root: Path, name: str, shown: str | None = None, **keys: str) -> None:
    front = "".join(f"{key}: {value}\n" for key, value in keys.items())
    write(root, f"people/{name}.md",
          f"---\nname: {json.dumps(shown or name)}\n{front}---\n## Log\n")


def test_a_referral_cycle(tmp_path, run):
    root = tmp_path / "cycle"
    (root / ".vaultkit").mkdir(parents=True)
    contact(root, "Ann", referred_by='"[[Ben]]"')
    contact(root, "Ben", referred_by='"[[Ann]]"')
    contact(root, "Cy", referred_by='"[[Cy]]"')  # names itself: no edge
    data = json.loads(run("graph", "--format", "json", "--focus", "Ann", "--depth", "9",
                          vault_path=root).stdout)
    assert {(e["from"], e["to"]) for e in data["edges"]} == {
        ("people/Ann.md", "people/Ben.md"), ("people/Ben.md", "people/Ann.md")}
    assert "Cy" not in run("graph", vault_path=root).stdout


def test_a_plain_company_with_a_slash_is_shown_as_written(tmp_path, run):
    """Found in review: `AT&T / Bell Labs` became the org `Bell Labs` (a link's folder was
    cut from plain text too)."""
    root = tmp_path / "slash"
    (root / ".vaultkit").mkdir(parents=True)
    contact(root, "Ann", company='"AT&T / Bell Labs"')
    contact(root, "Ben", company='"[[orgs/Initech]]"')
    names = {n["name"] for n in json.loads(run("graph", "--format", "json",
                                               vault_path=root).stdout)["nodes"]}
    assert names == {"Ann", "Ben", "AT&T / Bell Labs", "Initech"}


def test_control_characters_in_a_name_never_reach_dot_or_the_stats_text(tmp_path, run):
    """Found in review: a NUL in a name broke `dot`, and the stats text printed a name's
    newline, carriage return and BEL raw."""
    root = tmp_path / "controls"
    (root / ".vaultkit").mkdir(parents=True)
    contact(root, "odd", "Line one\nline two\r\nend\u0007\u0000", referred_by='"[[Ben]]"')
    write(root, "people/odd.md", (root / "people/odd.md").read_text()
          + "- 2026-11-20 (phone) Reviewed my CV #helped-me\n")
    contact(root, "Ben")
    text = run("graph", "--format", "dot", vault_path=root).stdout
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text)
    assert 'label="Line one line two end"' in text
    if shutil.which("dot") is not None:
        subprocess.run(["dot", "-Tsvg"], input=text.encode(), capture_output=True,
                       check=True)
    stats = run("stats", "--date", "2026-11-27", vault_path=root).stdout
    favours = [line for line in stats.splitlines() if line.startswith("Line one")]
    assert favours and not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", stats), stats


def big_vault(root: Path, contacts: int = 500) -> None:
    """`contacts` contacts of influence 1 to 5 at 25 companies, each referred by an earlier
    one, and 50 leads from them."""
    (root / ".vaultkit").mkdir(parents=True)
    for i in range(contacts):
        keys = {"company": f"Company {i % 25}", "influence": str(1 + i % 5)}
        if i:
            keys["referred_by"] = f'"[[Person {i // 3:03d}]]"'
        contact(root, f"Person {i:03d}", **keys)
    for i in range(50):
        write(root, f"leads/Lead {i}.md", f'---\nsource: "[[Person {i * 7:03d}]]"\n---\n')


def test_a_large_graph_collapses_to_the_top(tmp_path, run):
    root = tmp_path / "big"
    big_vault(root)
    whole = json.loads(run("graph", "--format", "json", "--top", "100000",
                           vault_path=root).stdout)
    assert len(whole["nodes"]) == 500 + 25 + 50 and whole["omitted"]["nodes"] == 0
    data = json.loads(run("graph", "--format", "json", vault_path=root).stdout)
    assert len(data["nodes"]) == 60
    assert data["omitted"] == {"nodes": 575 - 60,
                               "edges": len(whole["edges"]) - len(data["edges"])}
    kept = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in kept and e["to"] in kept for e in data["edges"])
    # Influence first: all 60 are of influence 5 (100 contacts have it), then by edges.
    assert {n["influence"] for n in data["nodes"]} == {5}
    degree = {n["id"]: 0 for n in whole["nodes"]}
    for e in whole["edges"]:
        degree[e["from"]] += 1
        degree[e["to"]] += 1
    fives = sorted((n for n in whole["nodes"] if n["influence"] == 5),
                   key=lambda n: -degree[n["id"]])
    assert min(degree[i] for i in kept) >= degree[fives[59]["id"]]
    text = run("graph", "--top", "10", vault_path=root).stdout
    assert f"%% left out: 565 nodes and {len(whole['edges']) - 0}" not in text
    assert re.search(r"^  %% left out: 565 nodes and \d+ edges", text, re.M)
    assert len(node_lines(text)) == 10
    focused = json.loads(run("graph", "--format", "json", "--top", "5", "--focus",
                             "Person 001", vault_path=root).stdout)
    assert "people/Person 001.md" in {n["id"] for n in focused["nodes"]}  # influence 2


# --- hostile names: Mermaid and DOT --------------------------------------------------------

@pytest.fixture
def hostile(tmp_path) -> Path:
    """Contacts with hostile display names, each referred by the one before (the first by
    a name with quotes and no note), each at a company of a hostile name."""
    root = tmp_path / "hostile"
    (root / ".vaultkit").mkdir(parents=True)
    for i, name in enumerate(HOSTILE):
        referrer = f"[[person {i - 1}]]" if i else '[[Nobody "here"]]'
        contact(root, f"person {i}", name, referred_by=json.dumps(referrer),
                company=json.dumps(name + " Ltd"))
    return root


def hostile_names(root: Path, run) -> set[str]:
    return {n["name"] for n in json.loads(run("graph", "--format", "json",
                                              vault_path=root).stdout)["nodes"]}


_NODE = re.compile(r'^  (n_[A-Za-z0-9_]+)(\(|\[\[|\[|\{\{)"([^"]*)"(\)|\]\]|\]|\}\})$')
_EDGE = re.compile(r"^  (n_[A-Za-z0-9_]+) -->\|([a-z ]+)\| (n_[A-Za-z0-9_]+)$")


def node_lines(text: str) -> list[re.Match]:
    return [m for line in text.splitlines() if (m := _NODE.match(line))]


def check_mermaid_structure(text: str) -> list[str]:
    """Every line is the header, a `%%` comment, a node, an edge, a classDef or a class
    statement; labels hold no quote and decode (#N; entities) to the names; edges join
    declared nodes. The labels, decoded."""
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    declared, labels = set(), []
    for line in lines[1:]:
        if node := _NODE.match(line):
            assert node.group(1) not in declared
            declared.add(node.group(1))
            labels.append(re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), node.group(3)))
            assert not re.search(r"[<>&`]", node.group(3))
        elif edge := _EDGE.match(line):
            assert {edge.group(1), edge.group(3)} <= declared
        else:
            assert re.match(r"^  (%% [^\n]*|classDef [a-z]+ [a-z:#0-9,\- ]+|"
                            r"class n_[A-Za-z0-9_,]+ [a-z]+)$", line), line
    return labels


def test_hostile_names_in_mermaid(hostile, run):
    text = run("graph", vault_path=hostile).stdout
    names = hostile_names(hostile, run)
    assert set(HOSTILE) <= names and 'Nobody "here"' in names
    assert sorted(check_mermaid_structure(text)) == sorted(names)
    assert "%% graph" not in text.split("\n", 2)[1]  # a name is never a comment


def test_hostile_names_in_dot(hostile, run):
    text = run("graph", "--format", "dot", vault_path=hostile).stdout
    for name in HOSTILE:
        escaped = name.replace("\\", "\\\\").replace('"', '\\"')
        assert f'label="{escaped}"' in text
    if shutil.which("dot") is None:
        pytest.skip("Graphviz (dot) is not installed: apt-get install graphviz")
    svg = subprocess.run(["dot", "-Tsvg"], input=text.encode(), capture_output=True,
                         check=True).stdout
    shown = {t.text for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")}
    assert hostile_names(hostile, run) <= shown  # every name drawn as it is written


def test_example_vault_dot_renders(run):
    if shutil.which("dot") is None:
        pytest.skip("Graphviz (dot) is not installed: apt-get install graphviz")
    for args in ((), ("--focus", "Jane Doe", "--depth", "1"), ("--kind", "referral")):
        text = graph(run, "--format", "dot", *args)
        proc = subprocess.run(["dot", "-Tsvg"], input=text.encode(), capture_output=True)
        assert proc.returncode == 0 and not proc.stderr, proc.stderr.decode()


# --- Mermaid's own parser (tests/mermaid.py) ----------------------------------------------

def test_mermaid_parses_example_vault(run, mermaid_parse):
    for args in ((), ("--focus", "Jane Doe", "--depth", "1"), ("--kind", "referral"),
                 ("--focus", "Jane Doe", "--depth", "0")):
        assert mermaid_parse(graph(run, *args)) == "ok", args


def test_mermaid_parses_hostile_names(hostile, run, mermaid_parse):
    assert mermaid_parse(run("graph", vault_path=hostile).stdout) == "ok"


def test_mermaid_parses_a_collapsed_graph(tmp_path, run, mermaid_parse):
    big_vault(tmp_path / "big", 120)
    text = run("graph", vault_path=tmp_path / "big").stdout
    assert "%% left out:" in text and mermaid_parse(text) == "ok"
