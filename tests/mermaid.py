"""Mermaid's own parser for the tests (graph, report): `mermaid.parse()` under jsdom,
installed from npm into a cache folder the first time; the fixture skips without node and
npm, or offline. A test module imports it, `from mermaid import mermaid_fixture`, and
asks for it by its name, `mermaid_parse`."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CACHE = Path(os.environ.get("VAULTKIT_TEST_CACHE", Path.home() / ".cache" / "vaultkit-tests"))
MERMAID = ("mermaid@11.17.2", "jsdom@29.1.1")
PARSE_JS = """import { JSDOM } from "jsdom";
import { readFileSync } from "node:fs";
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window; globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
try { await mermaid.parse(readFileSync(0, "utf8")); console.log("ok"); }
catch (e) { console.log(e.message); process.exit(1); }
"""

@pytest.fixture(scope="module", name="mermaid_parse")
def mermaid_fixture():
    """A function that parses Mermaid text with Mermaid; skips when it cannot be had."""
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("node and npm are not installed: Mermaid's parser is not run")
    folder = CACHE / ("mermaid-" + "-".join(MERMAID).replace("@", "_"))
    if not (folder / "node_modules" / "mermaid").is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        try:
            proc = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix",
                                   str(folder), *MERMAID], capture_output=True, timeout=240)
        except subprocess.TimeoutExpired:
            pytest.skip("npm install of Mermaid took over 4 minutes")
        if proc.returncode:
            pytest.skip(f"npm install of Mermaid failed: {proc.stderr.decode()[-300:]}")
    (folder / "parse.mjs").write_text(PARSE_JS, encoding="utf-8")

    def parse(text: str) -> str:
        proc = subprocess.run(["node", str(folder / "parse.mjs")], input=text.encode(),
                              capture_output=True, timeout=60)
        return proc.stdout.decode().strip() or proc.stderr.decode()

    assert parse("flowchart LR\n  a[\"x\" y\"] --> b\n") != "ok"  # the parser can fail
    return parse
