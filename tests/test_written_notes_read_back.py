"""Every note vaultkit writes (`add`, every import, `set`) reads back to the same values
in python-frontmatter (through frontmatter.parse with its YAML handler: YAML 1.1, as
people's own scripts read notes), in ruamel.yaml (YAML 1.2 core, as Obsidian) and in
vaultkit. The realdata files are read in place and skipped when absent."""

from __future__ import annotations

import pytest

from conftest import REALDATA, snapshot
from test_values_emit import _RUAMEL, _plain_data
from vaultkit.notes import frontmatter as vk_frontmatter

python_frontmatter = pytest.importorskip("frontmatter")


def three_readings(text: str) -> list[dict]:
    handler = python_frontmatter.YAMLHandler()
    assert handler.detect(text)  # else parse() would drop the title (PITFALLS.md)
    pf_meta, _content = python_frontmatter.parse(text, handler=handler)
    raw = vk_frontmatter.split(text).raw
    return [_plain_data(dict(pf_meta)), _plain_data(_RUAMEL.load(raw) or {}),
            vk_frontmatter.load(raw)[0]]


def assert_written_notes_agree(root, before: dict) -> int:
    changed = [path for path, (data, _mtime) in snapshot(root).items()
               if path.endswith(".md") and before.get(path, (None,))[0] != data]
    for path in changed:
        pf, ruamel, vaultkit = three_readings((root / path).read_text("utf-8"))
        assert pf == vaultkit, f"{path}: python-frontmatter reads {pf}"
        assert ruamel == vaultkit, f"{path}: ruamel reads {ruamel}"
    return len(changed)


def test_add_and_set_on_the_example_vault(run, vault):
    before = snapshot(vault)
    run("add", "Yes Man", "--phone", "01012345678", "--title", "no", "--company",
        "Acme: Holdings", "--location", "on", "--tag", "2026", "--tag", "#x",
        "--set", "zip=02134", "--set", "time=12:30", "--set", "ver=1.10", "--set", "at=@home")
    for args in (["influence", "4"], ["may_use_name", "false"], ["met", "2026-11-30"],
                 ["tags", "[a, b]"], ["phone", "01012345678", "+82 10-2345-6789"],
                 ["zip", "02134"], ["note", "y"], ["when", "--text", "12:30"]):
        run("set", "Kim Lee", *args)
    assert assert_written_notes_agree(vault, before) == 2


VCARDS = sorted((REALDATA / "vcard").glob("*.vcf"))
CSVS = [("linkedin", p) for p in sorted((REALDATA / "linkedin").glob("*.csv"))] + [
    ("google", p) for p in sorted((REALDATA / "google_csv").glob("*.csv"))]


@pytest.mark.skipif(not VCARDS, reason="shared/realdata is absent")
@pytest.mark.parametrize("source, path", [("vcard", p) for p in VCARDS] + CSVS,
                         ids=lambda v: getattr(v, "name", v))
def test_every_import_of_the_realdata_files(run, tmp_path, source, path):
    fresh = tmp_path / "fresh"
    run("init", str(fresh))
    before = snapshot(fresh)
    run("import", source, str(path), vault_path=fresh)
    assert assert_written_notes_agree(fresh, before) >= 0


@pytest.mark.skipif(not VCARDS, reason="shared/realdata is absent")
def test_importing_the_realdata_into_the_example_vault(run, vault):
    before = snapshot(vault)
    run("import", "vcard", *map(str, VCARDS))
    for source, path in CSVS:
        run("import", source, str(path))
    assert assert_written_notes_agree(vault, before) > 10
