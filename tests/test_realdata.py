"""Front matter written by other tools (../shared/realdata/frontmatter), read in place.

Skipped when the folder is not there; never copied into the project.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import REALDATA, snapshot
from vaultkit.cli import cli
from vaultkit.config import Config
from vaultkit.model import Problem
from vaultkit.notes.parse import parse_note

FRONTMATTER = REALDATA / "frontmatter"
pytestmark = pytest.mark.skipif(not FRONTMATTER.is_dir(), reason="shared/realdata is absent")


def parse(name: str):
    return parse_note(name, (FRONTMATTER / name).read_bytes(), Config(root=FRONTMATTER))


def test_every_file_parses():
    for path in sorted(FRONTMATTER.glob("*.md")):
        note = parse(path.name)
        assert all(p.line >= 1 for p in note.problems), path.name


@pytest.mark.parametrize("name, meta", [
    ("jekyll_crlf.md", {"layout": "post", "title": "Test title", "tag": "Ruby"}),
    ("jekyll_dots_terminator.md", {"title": "Test Post Where YAML Ends in Dots"}),
    ("jekyll_integer_value.md", {"layout": "default", "title": "Number Category in YAML",
                                 "category": 2013}),
    ("jekyll_null_value.md", {"title": "A Tag", "tag": None}),
    ("jekyll_triple_dash_in_value.md", {"title": "Foo --- Bar"}),
    ("jekyll_empty_yaml_no_blank_line.md", {}),
    ("jekyll_datetime_with_offset.md", {"date": "2010-01-10T13:07:09+00:00"}),
    ("pf_empty_frontmatter.md", {}),
    ("pf_no_frontmatter.md", {}),
    ("pf_four_dash_delimiters.md", {}),
    ("dataview_empty_file.md", {}),
    ("dataview_date_bool.md", {"cuisine": "American", "needsStove": False,
                               "thoughtOfDate": "2021-12-11"}),
    ("dataview_tz_datetimes.md", {"draft": True, "start_date": "2021-10-01T02:00:00+02:00",
                                  "end_date": "2021-10-01T13:00:00-10:00",
                                  "another_date": "2021-10-01T01:00:00+04:00",
                                  "fourth_date": "2021-11-01T01:00:00[Europe/Paris]"}),
])
def test_values(name, meta):
    note = parse(name)
    assert note.meta == meta and note.problems == ()


def test_yes_and_nulls_and_cyrillic():
    meta = parse("pf_nested_yes_null_cyrillic.md").meta
    assert meta["destination"]["encoding"]["xz"]["enabled"] == "yes"  # YAML 1.2: a string
    assert meta["destination"]["result"]["append_to_file"] is None
    assert meta["filter"][0].startswith("Длинный")


def test_template_with_null_list_items():
    note = parse("halmd_person_template_nulls.md")
    assert note.meta["aliases"] == [] and note.meta["skills"] == [] and note.aliases == ()
    assert note.problems == ()


def test_vcf_contacts_plugin_note():
    note = parse("vcfcontacts_伟 李.md")
    assert note.meta["EMAIL[HOME]"] == "liwei@zhuyukeji.cn"
    assert note.meta["TEL[CELL]"] == "+8613800000000"
    assert note.meta["ADR[HOME].POSTAL"] == "610000"
    assert note.meta["VERSION"] == "4.0"
    assert note.name == "vcfcontacts_伟 李"


@pytest.mark.parametrize("name, message", [
    ("pf_opening_delimiter_trailing_space.md",
     "'---' followed by spaces is not read as front matter; front matter starts with a "
     "line '---'"),
    ("jekyll_delimiter_trailing_spaces.md",
     "'---' followed by spaces is not read as front matter; front matter starts with a "
     "line '---'"),
    ("pf_toml_plus_delimiters.md",
     "'+++' (TOML) is not read as front matter; front matter starts with a line '---'"),
])
def test_lookalike_delimiters_are_reported(name, message):
    note = parse(name)
    assert note.meta == {} and note.problems == (Problem(1, message),)


def test_the_folder_as_a_read_only_vault(tmp_path):
    before = snapshot(FRONTMATTER)
    index = str(tmp_path / "index.sqlite3")
    listed = CliRunner().invoke(cli, ["--vault", str(FRONTMATTER), "--index", index, "list",
                                      "--kind", "all", "--json"])
    assert listed.exit_code == 0
    assert len(json.loads(listed.stdout)) == len(list(FRONTMATTER.glob("*.md")))
    checked = CliRunner().invoke(cli, ["--vault", str(FRONTMATTER), "--index", index, "check"])
    assert checked.exit_code == 1 and "Traceback" not in checked.output
    assert "pf_toml_plus_delimiters.md:1: '+++' (TOML)" in checked.stdout
    assert snapshot(FRONTMATTER) == before
