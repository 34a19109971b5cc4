"""docs/library.md runs: each ```python block, in order, in one namespace, in a folder
holding a copy of example-vault/; the plain ``` block after it is what it prints."""

from __future__ import annotations

import contextlib
import io
import re
import shutil

from conftest import EXAMPLE, ROOT

DOC = ROOT / "docs" / "library.md"
BLOCK = re.compile(r"```python\n(.*?)```\n(?:\n```\n(.*?)```\n)?", re.S)


def blocks() -> list[tuple[str, str]]:
    return [(code, out or "") for code, out in BLOCK.findall(DOC.read_text(encoding="utf-8"))]


def test_the_library_page_runs_as_written(tmp_path, monkeypatch):
    shutil.copytree(EXAMPLE, tmp_path / "example-vault")
    monkeypatch.chdir(tmp_path)
    found = blocks()
    assert len(found) >= 5
    namespace: dict = {}
    for number, (code, expected) in enumerate(found, 1):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"{DOC.name} block {number}", "exec"), namespace)  # noqa: S102
        assert printed.getvalue() == expected, f"block {number}:\n{code}"


def test_a_wrong_figure_in_the_page_is_caught(tmp_path, monkeypatch):
    """The comparison can fail: the first block with its printed count changed."""
    code, expected = blocks()[0]
    shutil.copytree(EXAMPLE, tmp_path / "example-vault")
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "block 1", "exec"), {})  # noqa: S102
    assert printed.getvalue() == expected
    assert printed.getvalue() != expected.replace("35", "34")
