"""The agenda as pages (issue 15, parts 3 and 4): the Markdown agenda links every note a
sentence names and lists the notes that could not be read; `[agenda] tasks_plugin`; the
HTML agenda's links, drafts, labels and layout, checked in a real headless Chromium."""

from __future__ import annotations

import base64
import fcntl
import html
import json
import os
import re
import select
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import config_with, write
from vaultkit.agenda.build import RULES
from vaultkit.present.labels import LABELS
from vaultkit.present.links import link_html, link_md, obsidian_base

DATE = "2026-11-27"
WIKI = re.compile(r"\[\[([^\]|]*)\|([^\]]*)\]\]")
MDLINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(([^)]*)\)")


def agenda(run, fmt: str, *more: str) -> str:
    return run("agenda", "--date", DATE, "--days", "30", "--format", fmt, *more).stdout


def every_item(data: dict) -> list[dict]:
    items = data["items"] + data["held"]
    return items + [part for one in items for part in one.get("parts", [])]


# --- the Markdown agenda: links -------------------------------------------------------

def test_every_mention_is_a_link_that_resolves(run, vault):
    data = json.loads(agenda(run, "json"))
    page = agenda(run, "md")
    mentions = [(m, one) for one in every_item(data) for m in one["mentions"]]
    names = {text for (text, _path), _one in mentions}
    assert {"Jane Doe", "Marcus Chen", "Globex SRE", "Busan Job Fair",
            "Sofia Rossi"} <= names  # the referrer, an attendee, a lead, an event, a source
    for (text, path), one in mentions:
        assert re.search(rf"(?<!\w){re.escape(text)}(?!\w)", one["text"]), (text, one)
        assert f"[[{path[:-3]}|{text}]]" in page, (text, path)
    targets = WIKI.findall(page)
    assert len(targets) > 40
    for target, _shown in targets:
        assert (vault / f"{target}.md").is_file(), target


def test_a_name_with_no_note_is_never_linked(run):
    page = agenda(run, "md")
    line = next(one for one in page.splitlines() if "`create-note`" in one)
    assert "Create a note for Omar Diaz: [[people/Jane Doe|Jane Doe]] gave you" in line
    assert "[[Omar Diaz" not in page and "|Omar Diaz]]" not in page


def test_a_namesake_is_linked_by_the_name_that_tells_them_apart(run, vault):
    write(vault, "people/other/Jane Doe (Initech).md",
          "---\nname: Jane Doe\ncompany: Initech\n---\n# Jane Doe\n")
    page = agenda(run, "md")
    assert ("Reach out to [[people/Kim Lee|Kim Lee]], a name "
            "[[people/Jane Doe|Jane Doe (Acme)]] gave you on Nov 25") in page
    assert "[[people/other/Jane Doe (Initech)" not in page


def test_the_json_mentions_field(run):
    data = json.loads(agenda(run, "json"))
    thank = next(one for one in data["items"] if one["rule"] == "thank-you")
    assert thank["mentions"] == [["Busan Job Fair", "events/Busan Job Fair.md"]]
    assert all(isinstance(one["mentions"], list) for one in every_item(data))


# --- linking keeps the text -----------------------------------------------------------

WORDS = st.text(alphabet="abcJD é|*_<>&#^'()-", min_size=1, max_size=8)
TEXT = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)
PATH = st.text(alphabet="abc D[]|#^()/%é", min_size=1, max_size=12).map(lambda p: p + ".md")


def visible_md(page: str) -> str:
    page = WIKI.sub(lambda m: m.group(2), page)
    return MDLINK.sub(lambda m: re.sub(r"\\(.)", r"\1", m.group(1)), page)


@st.composite
def mentioned(draw):
    text = draw(TEXT)
    words = text.split(" ")
    mentions = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(words) - 1))
        end = draw(st.integers(start + 1, len(words)))
        mentions.append((" ".join(words[start:end]), draw(PATH)))
    mentions += draw(st.lists(st.tuples(WORDS, PATH), max_size=2))
    subject = draw(st.none() | st.tuples(WORDS, PATH.map(lambda p: "subject/" + p)))
    return text, mentions, subject


@given(mentioned())
def test_md_links_keep_the_visible_text_and_never_nest(case):
    text, mentions, subject = case
    page = link_md(text, mentions, subject)
    shown = visible_md(page)
    if subject is None:
        assert shown == text
    else:  # the subject linked where the text names it, else put first
        assert shown in (text, f"{subject[0]}: {text}")
        if subject[0] not in text:
            assert shown == f"{subject[0]}: {text}"
    for match in list(WIKI.finditer(page)) + list(MDLINK.finditer(page)):
        inner = match.group(2) if match.re is WIKI else match.group(1)
        assert not WIKI.search(inner) and not MDLINK.search(inner)


@given(mentioned())
def test_html_links_keep_the_visible_text_and_never_nest(case):
    text, mentions, subject = case
    page = link_html(text, mentions, obsidian_base("my vault"), subject)
    shown = html.unescape(re.sub(r"<[^>]*>", "", page))
    assert shown == text or shown.endswith(f": {text}")
    assert re.search(r"<a [^>]*>(?:(?!</a>).)*<a ", page) is None
    assert "<" not in re.sub(r"</?a[^>]*>", "", page)  # the text's own markup escaped


@given(st.text(alphabet="abc ", max_size=6), st.text(alphabet="abc ", min_size=1, max_size=6))
def test_a_link_the_text_holds_is_left_whole(before, inside):
    text = f"{before} [[{inside}]] and {inside}"
    page = link_md(text, [(inside.strip() or "a", "x/y.md")])
    assert f"[[{inside}]]" in page


def test_longest_first_whole_words_once():
    mentions = [("Jane", "people/Jane.md"), ("Jane Doe", "people/Jane Doe.md")]
    page = link_md("Tell Jane Doe and Janet; Jane Doe again", mentions)
    assert page == "Tell [[people/Jane Doe|Jane Doe]] and Janet; Jane Doe again"
    odd = link_md("Ask Kim [PhD]|x now", [("Kim [PhD]|x", "people/Kim [PhD].md")])
    assert odd == r"Ask [Kim \[PhD\]\|x](people/Kim%20%5BPhD%5D.md) now"


# --- Problems -------------------------------------------------------------------------

def test_problems_section_lists_the_notes_that_could_not_be_read(run, vault):
    kim = vault / "people" / "Kim Lee.md"
    kim.write_text(kim.read_text().replace("email: kim.lee@acme.example",
                                           "email: [oops"), encoding="utf-8")
    write(vault, "Scratch.md", "A link to [[Nobody Yet]].\n")  # a notice, not shown
    page = agenda(run, "md")
    problems = page.split("\n## Problems\n", 1)[1]
    assert "1 note could not be read in full" in problems
    assert re.search(r"^- \[\[people/Kim Lee\|people/Kim Lee\.md\]\]:\d+: invalid YAML: .*"
                     r" — its front matter is not read: items that need it are missing"
                     r" or wrong$", problems, re.M), problems
    assert "Nobody Yet" not in problems
    assert "Reach out to [[people/Kim Lee" not in page  # her items really are missing
    assert "1 note could not be read: vaultkit check" in re.sub(r"<[^>]+>", "",
                                                                agenda(run, "html"))
    assert agenda(run, "text").rstrip("\n").endswith(
        "1 note could not be read: vaultkit check")


def test_a_healthy_vault_has_no_problems_section(run):
    assert "## Problems" not in agenda(run, "md")
    assert "could not be read" not in agenda(run, "text")


# --- [agenda] tasks_plugin ------------------------------------------------------------

ITEM = re.compile(r"^- \[ \] (\d{4}-\d\d-\d\d) · .*`[a-z-]+`( 📅 (\d{4}-\d\d-\d\d))? "
                  r"\^vk-[0-9a-f]{10}$")


@pytest.mark.parametrize("setting, on", [("", False), ("tasks_plugin = false\n", False),
                                         ("tasks_plugin = true\n", True)])
def test_tasks_plugin_adds_the_due_date_before_the_id(run, vault, setting, on):
    if setting:
        config_with(vault, "[agenda]\n" + setting)
    lines = [one for one in agenda(run, "md").splitlines() if one.startswith("- [ ]")]
    assert lines
    for line in lines:
        match = ITEM.match(line)
        assert match, line
        assert bool(match.group(2)) is on
        if on:
            assert match.group(3) == match.group(1)


@pytest.mark.parametrize("value", ['"yes"', "1", "[true]"])
def test_tasks_plugin_must_be_true_or_false(run, vault, value):
    config_with(vault, f"[agenda]\ntasks_plugin = {value}\n")
    result = run("agenda", "--format", "md", expect=3)
    assert re.search(r"^Error: .*config\.toml: 'agenda\.tasks_plugin' must be true or false$",
                     result.stderr.strip(), re.M), result.stderr


# --- labels ---------------------------------------------------------------------------

def test_every_rule_has_a_label():
    assert set(LABELS) == set(RULES)
    assert LABELS["thank-you"] == "Thank-you" and LABELS["follow-up-inquiry"] == "Follow up"
    assert LABELS["report-back"] == "Tell them"
    assert len(set(LABELS.values())) == len(LABELS)


# --- the HTML agenda in a real browser ------------------------------------------------

MEASURE = """(() => {
  const items = [...document.querySelectorAll('.item')].map(el => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return {w: r.width, h: r.height, left: r.left, right: r.right,
            text: el.querySelector('.text').getBoundingClientRect().width,
            shown: s.display !== 'none' && s.visibility !== 'hidden' && r.height > 0,
            clipped: el.scrollWidth > el.clientWidth + 1};
  });
  return {
    scroll: document.documentElement.scrollWidth, inner: window.innerWidth, items,
    dark: matchMedia('(prefers-color-scheme: dark)').matches,
    bg: getComputedStyle(document.documentElement).backgroundColor,
    links: [...document.querySelectorAll('a.note')].map(a => a.href),
    mail: [...document.querySelectorAll('a.mail')].map(a => [a.closest('.item').id, a.href])};
})()"""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return found


class Browser:
    """Headless Chromium driven through the DevTools protocol over a pipe
    (--remote-debugging-pipe: JSON messages ending in NUL on fds 3 and 4), so a page is
    laid out at any width (a headless window is never narrower than 500 px) and in dark
    mode, and measured with a script."""

    def __init__(self, profile: Path):
        to_chrome, self._out = os.pipe()
        self._in, from_chrome = os.pipe()

        def fds():  # the child's fd 3 reads our messages, fd 4 writes its own
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_chrome, from_chrome)]
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        self.proc = subprocess.Popen(
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--remote-debugging-pipe", f"--user-data-dir={profile}",
             "about:blank"], preexec_fn=fds, pass_fds=(3, 4),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome)
        os.close(from_chrome)
        self._next, self._buffer, self.session = 0, b"", None
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]

    def call(self, method: str, **params) -> dict:
        self._next += 1
        message = {"id": self._next, "method": method, "params": params}
        if self.session and not method.startswith("Target."):
            message["sessionId"] = self.session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            while b"\0" not in self._buffer:
                ready, _, _ = select.select([self._in], [], [], 1)
                if ready:
                    chunk = os.read(self._in, 1 << 20)
                    assert chunk, "Chromium closed the DevTools pipe"
                    self._buffer += chunk
                if time.monotonic() > deadline:
                    raise TimeoutError(method)
            raw, self._buffer = self._buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self._next:
                assert "error" not in reply, reply
                return reply["result"]
        raise TimeoutError(method)

    def open(self, url: str, width: int, dark: bool) -> None:
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=2000,
                  deviceScaleFactor=1, mobile=False)
        self.call("Emulation.setEmulatedMedia", features=[
            {"name": "prefers-color-scheme", "value": "dark" if dark else "light"}])
        self.call("Page.navigate", url=url)
        for _ in range(200):
            if self.evaluate("document.readyState") == "complete":
                return
            time.sleep(0.05)
        raise TimeoutError(url)

    def evaluate(self, expression: str):
        return self.call("Runtime.evaluate", expression=expression,
                         returnByValue=True)["result"].get("value")

    def screenshot(self, path: Path) -> Path:
        data = self.call("Page.captureScreenshot", format="png",
                         captureBeyondViewport=False)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (AssertionError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._in)
        os.close(self._out)


@pytest.fixture
def browser(tmp_path):
    chromium()
    one = Browser(tmp_path / "profile")
    yield one
    one.close()


def browse(browser: Browser, page: Path, width: int, dark: bool = False) -> dict:
    browser.open(page.as_uri(), width, dark)
    return browser.evaluate(MEASURE)


@pytest.fixture
def html_page(run, tmp_path) -> Path:
    page = tmp_path / "agenda.html"
    run("agenda", "--date", DATE, "--days", "30", "--format", "html", "--output", str(page))
    return page


@pytest.mark.parametrize("width, dark", [(1200, False), (390, False), (390, True),
                                         (1200, True)])
def test_html_fits_and_shows_every_item(browser, html_page, tmp_path, width, dark):
    seen = browse(browser, html_page, width, dark)
    assert seen["inner"] == width
    assert seen["scroll"] <= seen["inner"], "the page scrolls sideways"
    assert len(seen["items"]) > 20
    for item in seen["items"]:
        assert item["shown"] and item["w"] > 100 and item["h"] > 10, item
        assert item["left"] >= 0 and item["right"] <= width and not item["clipped"], item
    if width == 390:  # one column: the text as wide as the item, not squeezed beside tags
        assert all(item["text"] >= item["w"] - 1 for item in seen["items"])
    assert all(item["text"] > min(300, width / 2) for item in seen["items"])
    assert seen["dark"] is dark
    assert (seen["bg"] == "rgb(17, 24, 39)") is dark
    shot = browser.screenshot(tmp_path / f"agenda-{width}{'-dark' if dark else ''}.png")
    assert shot.stat().st_size > 10_000
    if os.environ.get("VAULTKIT_SHOTS"):  # to look at them: VAULTKIT_SHOTS=/some/folder
        shutil.copy(shot, Path(os.environ["VAULTKIT_SHOTS"]) / shot.name)


def test_html_links_open_the_notes_in_obsidian(browser, html_page, vault):
    seen = browse(browser, html_page, 1200)
    assert len(seen["links"]) > 40
    for href in seen["links"]:
        url = urlsplit(href)
        query = parse_qs(url.query)
        assert (url.scheme, url.netloc) == ("obsidian", "open"), href
        assert query["vault"] == [vault.name]
        assert (vault / query["file"][0]).is_file(), href
    assert f"obsidian://open?vault={vault.name}&file=people%2FJane%20Doe.md" in seen["links"]


def test_html_links_to_files(run, tmp_path, vault):
    page = tmp_path / "agenda.html"
    run("agenda", "--date", DATE, "--format", "html", "--links", "file", "-o", str(page))
    hrefs = re.findall(r'<a class="note" href="([^"]+)"', page.read_text(encoding="utf-8"))
    assert hrefs
    for href in hrefs:
        assert href.startswith(vault.resolve().as_uri() + "/")
        assert Path(unquote(urlsplit(html.unescape(href)).path)).is_file(), href


def test_html_mail_icons_open_the_drafts(run, browser, html_page):
    seen = browse(browser, html_page, 1200)
    data = json.loads(agenda(run, "json"))
    by_id = {one["id"]: one for one in data["items"]}
    assert len(seen["mail"]) >= 5
    for item_id, href in seen["mail"]:
        one = by_id[item_id]
        draft = run("draft", one["draft"], one["note"], "--date", DATE).stdout
        url = urlsplit(href)
        assert url.scheme == "mailto"
        query = parse_qs(url.query)
        to, subject = draft.split("\n")[0], draft.split("\n")[1]
        assert to == f"To: {unquote(url.path)}" and subject == f"Subject: {query['subject'][0]}"
        assert query["body"][0].replace("\r\n", "\n") == draft.split("\n\n", 1)[1]
    mailed = {by_id[i]["rule"] for i, _href in seen["mail"]}
    assert "thank-you" in mailed and "write-once" in mailed
    no_draft = [one["id"] for one in data["items"] if not one["draft"]]
    assert no_draft and not set(no_draft) & {i for i, _ in seen["mail"]}


def test_html_labels_and_escapes(run, vault):
    ahmed = vault / "people" / "Ahmed Hassan.md"
    ahmed.write_text(ahmed.read_text().replace("name: Ahmed Hassan", 'name: "<b>Ahmed</b>"'),
                     encoding="utf-8")
    page = agenda(run, "html")
    assert ">Follow up</span>" in page and ">Thank-you</span>" in page
    assert 'title="follow-up-inquiry"' in page
    assert "<b>Ahmed</b>" not in page and "&lt;b&gt;Ahmed&lt;/b&gt;" in page


def test_the_html_agenda_of_thousands_of_items_renders(run, vault):
    """A section was one macro call, and its output one value over the render's bound
    (1,000,000 characters): the built-in template refused a 2,000-contact vault (exit 4).
    With --all, since a section shows the first [agenda] max_items without it."""
    for i in range(3000):
        write(vault, f"people/P{i}.md", f"---\nname: Person {i}\nemail: p{i}@example.org\n"
              f"---\n## Log\n- 2026-10-{i % 28 + 1:02d} Met at the fair #met\n")
    page = run("agenda", "--date", "2026-11-27", "--format", "html", "--all").stdout
    assert page.count('class="item"') >= 3000 and page.rstrip().endswith("</html>")
