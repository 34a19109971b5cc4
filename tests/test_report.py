"""`vaultkit report`: the stats and the referral graph on one page.

The Markdown note of example-vault is a golden file, and each of its Mermaid blocks is
parsed by Mermaid itself (tests/mermaid.py). The HTML page is opened in real headless
Chromium (tests/test_agenda_pages.py's Browser, over the DevTools pipe) at 1200 and 390 px,
light and dark: the charts are there as SVG, the page never scrolls sideways, logs no
error and asks the network for nothing. Hostile names stay text; an empty vault gives a
page too."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mermaid import mermaid_fixture  # noqa: F401 (the fixture mermaid_parse)
from test_agenda_pages import Browser, chromium

from conftest import write

DATE = "2026-11-27"
HOSTILE = ["<script>alert(1)</script>", 'Bob "the [x]" | O\'Neil; #1', "<b>Zoë</b> & 李",
           "%% end ==x== [[y]]"]
MEASURE = """(() => ({
  scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
  charts: document.querySelectorAll('svg.chart').length,
  drawn: [...document.querySelectorAll('svg.chart')].map(s => {
    const r = s.getBoundingClientRect(); return [r.width, r.height, r.right]; }),
  labelled: [...document.querySelectorAll('svg.chart')].every(
    s => s.getAttribute('aria-label') && s.querySelector('title') && s.querySelector('desc')),
  scripts: document.scripts.length,
  dark: matchMedia('(prefers-color-scheme: dark)').matches,
  bg: getComputedStyle(document.documentElement).backgroundColor,
  text: [...document.querySelectorAll('svg.chart text')].slice(0, 40).map(
    t => getComputedStyle(t).fill),
  body: document.body.innerText}))()"""


class Watching(Browser):
    """A Browser that keeps the events it is sent: console messages, exceptions, log
    entries and every request the page makes."""

    def __init__(self, profile: Path):
        self.events: list[dict] = []
        super().__init__(profile)
        for domain in ("Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")

    def call(self, method: str, **params) -> dict:
        original = json.loads

        def keep(raw, *a, **k):
            message = original(raw, *a, **k)
            if isinstance(message, dict) and "method" in message:
                self.events.append(message)
            return message

        json.loads = keep
        try:
            return super().call(method, **params)
        finally:
            json.loads = original

    def errors(self) -> list[dict]:
        return [e for e in self.events if e["method"] == "Runtime.exceptionThrown"
                or (e["method"] == "Runtime.consoleAPICalled"
                    and e["params"]["type"] in ("error", "warning", "assert"))
                or (e["method"] == "Log.entryAdded"
                    and e["params"]["entry"]["level"] in ("error", "warning"))]

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events
                if e["method"] == "Network.requestWillBeSent"]


@pytest.fixture
def browser(tmp_path):
    chromium()
    one = Watching(tmp_path / "profile")
    yield one
    one.close()


def report(run, *args: str, vault_path: Path | None = None, expect: int = 0):
    return run("report", "--date", DATE, *args, vault_path=vault_path, expect=expect)


def mermaid_blocks(text: str) -> list[str]:
    return re.findall(r"^```mermaid\n(.*?)^```$", text, flags=re.S | re.M)


@pytest.fixture
def hostile(tmp_path) -> Path:
    """Contacts with hostile names, each referred by the one before, each giving a lead
    that reached an interview, each with favours and an interaction this week."""
    root = tmp_path / "hostile"
    (root / ".vaultkit").mkdir(parents=True)
    for i, name in enumerate(HOSTILE):
        ref = f'referred_by: "[[person {i - 1}]]"\n' if i else ""
        write(root, f"people/person {i}.md",
              f"---\nname: {json.dumps(name)}\n{ref}---\n## Log\n"
              f"- 2026-11-2{i} #in-person met {name}\n- 2026-11-2{i} #helped-me {name}\n")
        write(root, f"leads/lead {i}.md",
              f"---\nkind: lead\nname: {json.dumps(name + ' job')}\nstatus: interviewing\n"
              f'source: "[[person {i}]]"\n---\n## Log\n- 2026-11-1{i} #applied\n'
              f"- 2026-11-2{i} #interview\n")
    return root


# --- Markdown ---------------------------------------------------------------------------

def test_md_example_vault_golden(run, golden):
    golden("insight/report.md", report(run, "--format", "md").stdout)


def test_md_has_the_three_kinds_of_mermaid_chart(run):
    blocks = mermaid_blocks(report(run, "--format", "md").stdout)
    assert [b.split(None, 1)[0] for b in blocks] == ["xychart-beta", "pie", "xychart-beta",
                                                     "flowchart"]


def test_md_mermaid_blocks_parse(run, hostile, tmp_path, mermaid_parse):
    empty = tmp_path / "empty"
    (empty / ".vaultkit").mkdir(parents=True)
    for root in (None, hostile, empty):
        blocks = mermaid_blocks(report(run, "--format", "md", vault_path=root).stdout)
        assert blocks or root == empty
        for block in blocks:
            assert mermaid_parse(block) == "ok", block


def test_md_hostile_names_stay_text(run, hostile):
    text = report(run, "--format", "md", vault_path=hostile).stdout
    assert not re.search(r"(?<!\\)[<>]", re.sub(r"-->", "", text))  # every < and > escaped
    assert "\\<script\\>alert(1)\\</script\\>" in text
    for line in text.splitlines():
        if line.startswith("| "):  # a table row keeps its columns
            cells = re.split(r"(?<!\\)\|", line)
            assert len(cells) == len(re.split(r"(?<!\\)\|", _header_of(text, line))), line


def _header_of(text: str, row: str) -> str:
    lines = text.splitlines()
    i = lines.index(row)
    while i > 0 and lines[i - 1].startswith("| "):
        i -= 1
    return lines[i]


# --- HTML -------------------------------------------------------------------------------

@pytest.fixture
def html_page(run, tmp_path) -> Path:
    page = tmp_path / "report.html"
    result = report(run, "--output", str(page))
    assert result.stdout == "" and f"Wrote {page}" in result.stderr
    return page


def test_html_is_standalone(html_page):
    text = html_page.read_text(encoding="utf-8")
    assert not re.search(r"https?://|<script|<link|@import|src=", text, flags=re.I)
    assert text.count("<svg") >= 6


@pytest.mark.parametrize("width, dark", [(1200, False), (390, False), (390, True),
                                         (1200, True)])
def test_html_in_chromium(browser, html_page, tmp_path, width, dark):
    browser.open(html_page.as_uri(), width, dark)
    seen = browser.evaluate(MEASURE)
    assert seen["inner"] == width
    assert seen["scroll"] <= seen["inner"], "the page scrolls sideways"
    assert seen["charts"] >= 6 and seen["labelled"] and seen["scripts"] == 0
    for w, h, right in seen["drawn"]:
        assert w > min(300, width * 0.7) and h > 80 and right <= width
    assert seen["dark"] is dark and (seen["bg"] == "rgb(17, 24, 39)") is dark
    light_text = "rgb(229, 231, 235)"  # --fg in dark mode: chart labels follow the theme
    assert seen["text"] and all((fill == light_text) is dark for fill in seen["text"])
    for shown in ("Jane Doe", "Acme Platform Engineer", "Whose help led to interviews",
                  "The referral network", "The lead funnel", "Follow-through"):
        assert shown in seen["body"]
    assert browser.errors() == []
    assert browser.requests() == [html_page.as_uri()]
    shot = browser.screenshot(tmp_path / f"report-{width}{'-dark' if dark else ''}.png")
    assert shot.stat().st_size > 10_000
    if os.environ.get("VAULTKIT_SHOTS"):  # to look at them: VAULTKIT_SHOTS=/some/folder
        shutil.copy(shot, Path(os.environ["VAULTKIT_SHOTS"]) / shot.name)


def test_html_hostile_names_stay_text(run, hostile, tmp_path, browser):
    page = tmp_path / "hostile.html"
    report(run, "--output", str(page), vault_path=hostile)
    text = page.read_text(encoding="utf-8")
    assert "<script" not in text and "<b>Zo" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    browser.open(page.as_uri(), 390, False)
    seen = browser.evaluate(MEASURE)
    assert seen["scripts"] == 0 and seen["scroll"] <= 390
    assert "<script>alert(1)</script>" in seen["body"]  # shown as text
    assert browser.errors() == [] and browser.requests() == [page.as_uri()]


def test_empty_vault(run, tmp_path, browser):
    root = tmp_path / "empty"
    (root / ".vaultkit").mkdir(parents=True)
    text = report(run, "--format", "md", vault_path=root).stdout
    assert "No interactions in these weeks." in text
    assert "No referrals or leads from contacts yet." in text
    page = tmp_path / "empty.html"
    report(run, "-o", str(page), vault_path=root)
    browser.open(page.as_uri(), 390, True)
    seen = browser.evaluate(MEASURE)
    assert seen["scroll"] <= 390 and seen["charts"] >= 3
    assert browser.errors() == []


# --- options, templates, start-up ---------------------------------------------------------

def test_a_vault_template_overrides_the_builtin(run, vault):
    write(vault, ".vaultkit/templates/report.md.j2",
          '{% extends "builtin:report.md.j2" %}')
    assert report(run, "--format", "md").stdout.startswith("# Your network")
    write(vault, ".vaultkit/templates/report.md.j2",
          "Mine: {{ s['contacts']['total'] }} contacts\n")
    assert report(run, "--format", "md").stdout == "Mine: 16 contacts\n"


def test_the_render_is_bounded(run, vault):
    write(vault, ".vaultkit/config.toml", "[templates]\nrender_seconds = 0.2\n")
    write(vault, ".vaultkit/templates/report.md.j2",
          "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}")
    result = report(run, "--format", "md", expect=4)
    assert "time budget" in result.output and "Traceback" not in result.output


def test_since_narrows_the_weeks(run):
    text = report(run, "--format", "md", "--since", "2026-11-16").stdout
    assert "| 2026-11-16 | 6 | 2 |" in text and "2026-11-09" not in text


@pytest.mark.parametrize("args, message", [
    (["--since", "2026-11-20", "--until", "2026-11-01"], "is after --until"),
    (["--format", "pdf"], "'pdf' is not one of"),
])
def test_bad_options_exit_2(run, args, message):
    result = report(run, *args, expect=2)
    assert message in result.output and "Traceback" not in result.output


def test_start_up_does_not_load_pygal():
    code = ("import sys, vaultkit.cli, vaultkit.vault; print(sorted(m for m in sys.modules "
            "if m.startswith(('pygal', 'vaultkit.present.report'))))")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env)
    assert out.stdout.strip() == "[]"


def test_the_browser_sees_requests_and_errors(run, vault, tmp_path, browser):
    """The checks above can fail: a page that fetches and logs an error is caught."""
    write(vault, ".vaultkit/templates/bad.html.j2",
          '<!DOCTYPE html><html><body><img src="https://example.invalid/x.png">'
          '<script>console.error("boom")</script></body></html>')
    page = tmp_path / "bad.html"
    report(run, "--template", "bad.html.j2", "-o", str(page))
    browser.open(page.as_uri(), 390, False)
    assert "https://example.invalid/x.png" in browser.requests()
    assert browser.errors()


def _boxes_and_edges(svg: str):
    """The graph's boxes (x, y, w, h) by name, and each edge's path as (from, to, segments)."""
    boxes = {}
    for g in re.finditer(r'<g class="node [^"]*"><title>(.*?) \([a-z]+\)</title><rect x="([\d.]+)"'
                         r' y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', svg):
        boxes[g.group(1)] = tuple(float(v) for v in g.groups()[1:])
    edges = []
    for p in re.finditer(r'<path d="(M[^"]+)"[^>]*marker-end[^>]*><title>(.*?)</title>', svg):
        points, x, y = [], 0.0, 0.0
        for op, value in re.findall(r"([MVH])([-\d.,]+)", p.group(1)):
            if op == "M":
                x, y = (float(v) for v in value.split(","))
            elif op == "V":
                y = float(value)
            else:
                x = float(value)
            points.append((x, y))
        edges.append((p.group(2), list(zip(points, points[1:], strict=False))))
    for line in re.finditer(r'<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"'
                            r'[^>]*><title>(.*?)</title>', svg):  # a straight arrow
        x1, y1, x2, y2 = (float(v) for v in line.groups()[:4])
        edges.append((line.group(5), [((x1, y1), (x2, y2))]))
    return boxes, edges


def _crosses(segment, box) -> bool:
    (x1, y1), (x2, y2) = segment
    bx, by, bw, bh = box
    inside_x = max(min(x1, x2), bx + 1) < min(max(x1, x2), bx + bw - 1) or bx < x1 < bx + bw
    inside_y = max(min(y1, y2), by + 1) < min(max(y1, y2), by + bh - 1) or by < y1 < by + bh
    return inside_x and inside_y


def test_no_edge_of_the_network_runs_across_a_box(run):
    """Found in review: straight arrows ran through the boxes between their ends (John Smith
    → Jane Doe through Sofia Rossi), and read as chains that do not exist."""
    page = report(run).stdout
    svg = page[page.index('<svg class="chart graph"'):]
    svg = svg[:svg.index("</svg>")]
    boxes, edges = _boxes_and_edges(svg)
    assert len(boxes) >= 15 and len(edges) >= 12
    for title, segments in edges:
        ends = [name for name in boxes if title.startswith(name + " ")
                or title.endswith(" " + name)]
        for segment in segments:
            crossed = [name for name, box in boxes.items()
                       if name not in ends and _crosses(segment, box)]
            assert not crossed, (title, segment, crossed)
