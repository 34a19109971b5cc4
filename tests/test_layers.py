"""The rules of the house (docs/architecture.md), read from the source with `ast`: which
package may import which third-party library, which way the layers point, where imports
stand, and how large modules and functions may grow. Each test fails when an arrow breaks."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "vaultkit"

# Each third-party library, and the package or module (relative to vaultkit/) that alone
# may import it. vobject has two: the vCard reader and the vCard writer, one in each of the
# import and export packages. subprocess, of the standard library, is here too: running
# another program (git, for `check --staged`) stays in one module.
OWNERS = {
    "yaml": ("notes/",),
    "sqlite3": ("index/",),
    "platformdirs": ("index/",),
    "orjson": ("index/store.py",),
    "jinja2": ("present/",),
    "markupsafe": ("present/",),
    "pygal": ("present/report_charts.py",),
    "xxhash": ("disk/scan.py", "disk/scanned.py", "disk/vouch.py"),
    "rich": ("present/",),
    "watchdog": ("watch.py", "watch_events.py"),
    "click": ("cli/",),
    "icalendar": ("exports/calendar.py",),
    "phonenumbers": ("notes/identity.py",),
    "vobject": ("imports/vcard.py", "exports/cards.py"),
    "filelock": ("disk/lock.py",),
    "merge3": ("merge/lines.py",),
    "send2trash": ("disk/fold.py",),
    "subprocess": ("disk/gitrepo.py",),
}

# (importer, imported): no module under the first may import anything under the second.
FORBIDDEN = [
    ("agenda/", "index/"), ("agenda/", "disk/"), ("agenda/", "present/"),
    ("notes/", "index/"), ("notes/", "disk/"), ("notes/", "agenda/"), ("notes/", "present/"),
    ("watch.py", "index/"), ("watch_events.py", "index/"), ("watch_vouch.py", "index/"),
    ("watch_mounts.py", "index/"),
    ("index/", "present/"), ("index/", "cli/"),
    ("disk/", "index/"),
    ("present/", "disk/"),
    ("imports/", "present/"), ("exports/", "disk/"), ("exports/", "imports/"),
    ("imports/", "exports/"),
    ("merge/", "index/"), ("merge/", "disk/"), ("merge/", "agenda/"), ("merge/", "present/"),
    # The merge driver runs once per file of a pull: it must not load the index or Vault.
    ("merging.py", "index/"), ("merging.py", "vault.py"), ("merging.py", "present/"),
]
# Where an import may stand inside a function: the two edges (docs/architecture.md).
LAZY_EDGES = ("cli/", "vault.py", "vault_writes.py", "vault_drafts.py", "vault_report.py",
              "vault_agenda.py", "vault_insight.py", "vault_graph.py", "launch.py", "merging.py",
              "merge/front.py", "merge/lines.py",
              # On the path of every command, deferring what only a rare path of theirs needs
              # (docs/architecture.md): a damaged or temporary index, the default index
              # path, a sync with work to do, a name not found, a terminal
              "index/db.py", "index/heal.py", "index/sync.py", "index/queries.py",
              "index/cache_folder.py", "present/wrap.py")
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 40


def modules() -> list[str]:
    return sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py"))


@cache
def tree(module: str) -> ast.Module:
    return ast.parse((PACKAGE / module).read_text(encoding="utf-8"))


def imported(module: str) -> set[str]:
    """Every module name `module` imports (anywhere in it), dotted, absolute."""
    found = set()
    for node in ast.walk(tree(module)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{module}:{node.lineno}: a relative import"
            found.add(node.module or "")
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def internal(module: str) -> set[str]:
    """The vaultkit modules and packages `module` imports, as paths like `index/` or
    `model.py` (a package's name stands for all of it)."""
    out = set()
    for name in imported(module):
        parts = name.split(".")
        if parts[0] != "vaultkit" or len(parts) == 1:
            continue
        out.add(parts[1] + "/" if (PACKAGE / parts[1]).is_dir() else parts[1] + ".py")
    return out


def under(module: str, place: str) -> bool:
    return module == place or (place.endswith("/") and module.startswith(place))


@pytest.mark.parametrize("library", sorted(OWNERS))
def test_each_library_is_imported_by_its_owner_alone(library):
    users = {m for m in modules()
             if any(name == library or name.startswith(library + ".") for name in imported(m))}
    strays = {m for m in users if not any(under(m, owner) for owner in OWNERS[library])}
    assert not strays, f"{library} imported outside {OWNERS[library]}: {sorted(strays)}"


@pytest.mark.parametrize(("importer", "target"), FORBIDDEN)
def test_layers_point_one_way(importer, target):
    broken = [m for m in modules() if under(m, importer) and target in internal(m)]
    assert not broken, f"{broken} import {target}"


def test_nothing_outside_the_cli_imports_it():
    broken = [m for m in modules() if not under(m, "cli/") and m not in ("__main__.py", "launch.py")
              and "cli/" in internal(m)]
    assert not broken


def test_model_and_errors_import_nothing_of_vaultkit_but_each_other():
    for module, allowed in (("model.py", {"errors.py"}), ("errors.py", {"model.py"})):
        assert internal(module) <= allowed, module


def test_the_library_face_is_the_way_in():
    """The CLI reaches the library through Vault: no command module touches the index, the
    files, the parser or a format itself (it may name choices: rules, formats, kinds)."""
    for module in modules():
        if under(module, "cli/"):
            reached = internal(module) & {"index/", "disk/", "notes/", "imports/", "exports/"}
            assert not reached, f"{module} imports {sorted(reached)}"


def test_imports_stand_at_the_top_but_at_the_edges():
    """An import inside a function hides a dependency; only the CLI and the library face
    load parts when first used (start-up time), each such import marked `# edge:`."""
    strays = []
    for module in modules():
        lines = (PACKAGE / module).read_text(encoding="utf-8").splitlines()
        for node in ast.walk(tree(module)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                if not isinstance(inner, ast.Import | ast.ImportFrom):
                    continue
                marked = "# edge:" in lines[inner.lineno - 1] or "# edge:" in lines[
                    inner.lineno - 2]
                if not (any(under(module, edge) for edge in LAZY_EDGES) and marked):
                    strays.append(f"{module}:{inner.lineno}")
    assert not strays


def test_modules_stay_small():
    sizes = {m: len((PACKAGE / m).read_text(encoding="utf-8").splitlines()) for m in modules()}
    assert {m: n for m, n in sizes.items() if n > MAX_MODULE_LINES} == {}


def test_functions_stay_small():
    long = []
    for module in modules():
        for node in ast.walk(tree(module)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{module}:{node.lineno} {node.name} ({length} lines)")
    assert long == []


def test_each_package_says_what_it_owns():
    for init in PACKAGE.rglob("__init__.py"):
        if init.parent == PACKAGE:
            continue
        doc = ast.get_docstring(tree(str(init.relative_to(PACKAGE))))
        assert doc and "import" in doc, f"{init}: say what it owns and what it may import"


def test_the_rules_can_fail(tmp_path, monkeypatch):
    """The checks above find what they look for: a module that breaks each kind of rule."""
    bad = tmp_path / "vaultkit"
    (bad / "agenda").mkdir(parents=True)
    (bad / "index").mkdir()
    (bad / "agenda" / "x.py").write_text(
        "import yaml\nfrom vaultkit.index import db\n\ndef f():\n    import json\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", bad)
    tree.cache_clear()
    try:
        assert "index/" in internal("agenda/x.py")
        assert "yaml" in imported("agenda/x.py")
        with pytest.raises(AssertionError):
            test_each_library_is_imported_by_its_owner_alone("yaml")
        with pytest.raises(AssertionError):
            test_layers_point_one_way("agenda/", "index/")
        with pytest.raises(AssertionError):
            test_imports_stand_at_the_top_but_at_the_edges()
    finally:
        tree.cache_clear()
