"""Each third-party library is imported by one layer only (DESIGN.md principle 2)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "vaultkit"

ALLOWED = {
    "click": {"cli/__init__.py", "cli/common.py", "cli/read.py", "cli/agenda.py",
              "cli/write.py", "cli/watch.py", "cli/transfer.py"},
    "watchdog": {"watch.py"},
    "yaml": {"notes/frontmatter.py", "notes/emit.py"},
    "sqlite3": {"index/db.py", "index/sync.py", "index/store.py", "index/links.py",
                "index/queries.py", "index/rule_input.py",
                "agenda/live.py"},  # moved from index/live_agenda.py
    "jinja2": {"present/templates.py"},
    "phonenumbers": {"notes/identity.py"},
    "rich": {"present/views.py"},
    "platformdirs": {"index/db.py"},
    "icalendar": {"exports/calendar.py"},
    "vobject": {"imports/vcard.py", "exports/cards.py"},
}


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("library", sorted(ALLOWED))
def test_library_imported_only_by_its_layer(library):
    users = {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
             if library in imports(p)}
    assert users <= ALLOWED[library], f"{library} imported by {sorted(users - ALLOWED[library])}"


def test_core_modules_stay_small():
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text().splitlines())
             for p in PACKAGE.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 300} == {}
