"""The command line, run through Click's runner against a copy of example-vault/."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from conftest import snapshot, write
from vaultkit import __version__
from vaultkit.cli import cli


def test_list_is_the_contacts_table(run, golden):
    result = run("list")
    golden("list.txt", result.stdout)
    assert result.stderr == ""


def test_list_json_shape(run):
    rows = json.loads(run("list", "--json").stdout)
    assert len(rows) == 16
    jane = next(r for r in rows if r["name"] == "Jane Doe")
    assert jane == {
        "name": "Jane Doe", "file_name": "Jane Doe", "kind": "contact",
        "path": "people/Jane Doe.md", "last_contact": "2026-11-25",
        "front_matter": json.loads(json.dumps(jane["front_matter"])),
    }
    assert list(jane["front_matter"])[:4] == ["name", "aliases", "title", "company"]
    assert jane["front_matter"]["may_use_name"] is True
    assert jane["front_matter"]["phone"] == "+82 10-2345-6789"
    assert [r["name"] for r in rows] == sorted((r["name"] for r in rows), key=str.lower)


def test_list_json_with_filters_has_the_same_shape(run):
    plain = {r["path"]: r for r in json.loads(run("list", "--json").stdout)}
    filtered = json.loads(run("list", "--json", "--tag", "fintech").stdout)
    assert [r["name"] for r in filtered] == ["Ahmed Hassan", "Jane Doe"]
    assert all(r == plain[r["path"]] for r in filtered)


@pytest.mark.parametrize("args, names", [
    (["--tag", "MENTOR"], ["John Smith", "Marcus Chen"]),
    (["--tag", "#cloud"], ["Marcus Chen", "Priya Patel"]),
    (["--company", "acme"], ["Jane Doe", "Kim Lee"]),
    (["--circle", "alumni"], ["Marcus Chen", "Priya Patel", "Yuki Tanaka"]),
    (["--circle", "alumni", "--company", "globex"], ["Priya Patel", "Yuki Tanaka"]),
    (["--kind", "lead"], ["Acme Platform Engineer", "Contoso DevOps Engineer", "Globex SRE",
                          "Hooli Cloud Engineer",
                          "Initech Data Platform", "Umbrella Cloud Architect"]),
    (["--kind", "event"], ["Busan Fintech Night", "Busan Job Fair", "Korea Cloud Summit",
                           "Seoul DevOps Meetup"]),
    (["--kind", "org"], ["Acme", "Busan IT Association", "TalentBridge"]),
])
def test_list_filters(run, args, names):
    rows = json.loads(run("list", "--json", *args).stdout)
    assert [r["name"] for r in rows] == names


def test_list_all_kinds(run):
    rows = json.loads(run("list", "--kind", "all", "--json").stdout)
    kinds = [r["kind"] for r in rows]
    assert len(rows) == 35
    assert {k: kinds.count(k) for k in set(kinds)} == {
        "contact": 16, "lead": 6, "event": 4, "org": 3, "note": 6}


def test_list_unknown_kind_is_a_usage_error(run):
    result = run("list", "--kind", "friends", expect=2)
    assert "Invalid value for '--kind'" in result.stderr


def test_show_by_prefix_alias_and_display_name(run):
    for name in ("jane d", "Jane", "JANE DOE", "people/Jane Doe", "Lucía Fernández", "lucia"):
        assert run("show", name, "--json").stdout, name
    shown = json.loads(run("show", "lucía", "--json").stdout)
    assert shown["path"] == "people/Lucia Fernandez.md"


def test_show_text(run, golden):
    golden("show-jane.txt", run("show", "Jane Doe", "--date", "2026-11-27").stdout)


def test_show_json(run):
    jane = json.loads(run("show", "Jane Doe", "--json").stdout)
    assert [e["date"] for e in jane["entries"]] == [
        "2026-11-20", "2026-11-21", "2026-11-24", "2026-11-25", "2026-12-01"]
    assert jane["entries"][0] == {
        "line": 25, "date": "2026-11-20", "text": "Met at the Busan job fair; platform team "
        "is hiring #met", "time": None, "channel": "in person", "kinds": ["met"], "links": [],
        "task": None}
    assert [t["text"] for t in jane["open_tasks"]] == [
        "Send Jane the article on hiring trends #promise"]
    assert {"path": "people/John Smith.md", "title": "John Smith", "line": 19} in jane[
        "backlinks"]
    assert jane["favours"] == {"helped_me": 1, "helped_them": 0, "balance": -1,
                               "leads": ["Acme Platform Engineer"], "balance_with_leads": -2}
    assert jane["problems"] == []


def test_show_ambiguous_lists_candidates(run):
    result = run("show", "acme", expect=0)  # exact name wins over prefixes
    assert "Acme  (org · orgs/Acme.md)" in result.stdout
    result = run("show", "k", expect=1)
    assert result.stderr == (
        "Error: 'k' matches 2 notes:\n  events/Korea Cloud Summit.md\n  people/Kim Lee.md\n")


def test_show_unknown(run):
    result = run("show", "Nobody", expect=1)
    assert result.stderr == "Error: no note named 'Nobody'; try 'vaultkit search Nobody'\n"


def test_search(run):
    out = run("search", "platform team").stdout
    assert out.splitlines()[0].startswith("Acme Platform Engineer") or "Jane Doe" in out
    hits = json.loads(run("search", "fintech", "--json").stdout)
    assert {"Jane Doe", "Ahmed Hassan"} <= {h["name"] for h in hits}
    assert set(hits[0]) == {"name", "kind", "path", "snippet", "rank"}
    assert "\x02" not in hits[0]["snippet"]
    assert run("search", "zzzznothing").stdout == "No matches.\n"
    run("search", "O'Brien AND (")


def test_check_passes_on_the_example(run):
    result = run("check")
    assert (result.stdout, result.stderr) == ("", "No problems found.\n")


def test_check_lists_problems_and_exits_1(run, vault):
    write(vault, "people/Broken.md", "---\nname: B\ntitle: Meeting: notes\n---\n")
    write(vault, "people/Dates.md", "---\nmet: 2026-13-01\ncadence: often\n---\n"
                                    "## Log\n- 2026-1-5 call\n[[Nobody Here]]\n")
    write(vault, "people/Twin.md", "---\nemail: JANE.DOE@acme.example\n---\n")
    write(vault, "people/List.md", "---\n- a\n---\n")
    write(vault, "people/Latin1.md", b"caf\xe9\n")
    result = run("check", expect=1)
    assert result.stdout == (
        "people/Broken.md:3: invalid YAML: mapping values are not allowed in this context\n"
        "people/Dates.md:2: met: '2026-13-01' is not a date (YYYY-MM-DD)\n"
        "people/Dates.md:3: cadence: 'often' is not an interval "
        "(e.g. 14d, 2w, 3m, monthly or never)\n"
        "people/Dates.md:6: log entry date '2026-1-5' is not YYYY-MM-DD (e.g. 2026-01-05)\n"
        "people/Latin1.md:1: not UTF-8 text (byte 0xe9); save it as UTF-8\n"
        "people/List.md:2: front matter is a list, not a set of 'key: value'\n"
        "people/Twin.md:2: same e-mail as people/Jane Doe.md (JANE.DOE@acme.example): "
        "a duplicate contact?\n")
    # [[Nobody Here]] stands in Dates.md's body, outside its log: a link the rules do not
    # read, checked with --all-links, and then a notice
    assert run("check", "--all-links", expect=1).stdout.endswith(
        "\nNotices:\npeople/Dates.md:7: link [[Nobody Here]] resolves to no note\n")
    as_json = json.loads(run("check", "--json", expect=1).stdout)
    assert as_json[0] == {"path": "people/Broken.md", "line": 3,
                          "message": "invalid YAML: mapping values are not allowed in "
                                     "this context", "severity": "error"}


def test_read_commands_print_a_notice_about_problems(run, vault):
    write(vault, "people/Broken.md", "---\nname: [x\n---\n")
    result = run("list")
    assert result.stderr == "1 note has problems; run 'vaultkit check'\n"
    assert "Broken" in result.stdout


def test_index_command(run, vault):
    first = run("index", "-v").stdout.splitlines()
    assert first[0].startswith("Indexed 35 notes in ")
    assert first[0].endswith(": +35 added")
    assert "+ people/Jane Doe.md" in first
    assert run("index").stdout.rstrip("\n").endswith(": no changes")
    stats = json.loads(run("index", "--rebuild", "--json").stdout)
    assert (stats["added"], stats["total"]) == (35, 35)


def test_read_commands_never_write_into_the_vault(run, vault):
    before = snapshot(vault)
    for args in (["index"], ["list"], ["list", "--json"], ["show", "Jane"], ["search", "x"],
                 ["check"], ["index", "--rebuild"]):
        run(*args)
    assert snapshot(vault) == before


def test_a_read_only_vault_still_works(run, vault):
    for folder, dirs, names in os.walk(vault):
        for name in names + dirs:
            os.chmod(os.path.join(folder, name), 0o555 if name in dirs else 0o444)
    os.chmod(vault, 0o555)
    try:
        assert len(json.loads(run("list", "--json").stdout)) == 16
        run("check")
    finally:
        for folder, _dirs, _names in os.walk(vault):
            os.chmod(folder, 0o755)


def test_missing_vault(run, tmp_path):
    result = run("list", vault_path=tmp_path / "nope", expect=3)
    assert result.stderr == f"Error: vault folder not found: {tmp_path / 'nope'}\n"


def test_no_vault_found(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["list"])
    assert result.exit_code == 3
    assert "no vault here" in result.stderr and "--vault" in result.stderr


def test_vault_found_from_a_subfolder(vault, index_path, monkeypatch):
    monkeypatch.chdir(vault / "people")
    result = CliRunner().invoke(cli, ["--index", str(index_path), "list", "--json"])
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 16


def test_vault_from_the_environment_and_after_the_command(vault, index_path):
    env = {"VAULTKIT_VAULT": str(vault), "VAULTKIT_INDEX": str(index_path)}
    result = CliRunner().invoke(cli, ["list", "--json"], env=env)
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 16
    result = CliRunner().invoke(cli, ["list", "--json", "--vault", str(vault),
                                      "--index", str(index_path)])
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 16


def test_default_index_is_in_the_user_cache(vault, tmp_path):
    result = CliRunner().invoke(cli, ["--vault", str(vault), "index"])
    assert result.exit_code == 0
    made = list((tmp_path / "xdg-cache" / "vaultkit").glob("*/index.sqlite3"))
    assert len(made) == 1


def test_index_that_cannot_be_written(run, tmp_path, vault):
    """A cache folder that cannot be made: a private temporary index, with a notice."""
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    result = CliRunner().invoke(cli, ["--vault", str(vault), "--index",
                                      str(blocker / "index.sqlite3"), "list"])
    assert result.exit_code == 0 and "Jane Doe" in result.stdout
    assert result.stderr.startswith(
        f"Notice: cannot use the index at {blocker}/index.sqlite3:")
    assert result.stderr.rstrip().endswith("; using a temporary index for this command")
    assert result.stderr.count("\n") == 1 and blocker.read_text() == ""


def test_corrupt_index_gives_a_notice_not_a_traceback(run, index_path):
    run("list")  # a vaultkit index, then garbage after its header (anything else: refused)
    for suffix in ("-wal", "-shm"):
        index_path.with_name(index_path.name + suffix).unlink(missing_ok=True)
    index_path.write_bytes(index_path.read_bytes()[:100] + b"\x00garbage" * 512)
    result = run("list")
    assert result.stderr == (
        f"Notice: the index at {index_path} was not a readable database; rebuilt it\n")


def test_bad_config(run, vault):
    config = vault / ".vaultkit" / "config.toml"
    config.write_text("[vault\nexclude = 1\n")
    result = run("list", expect=3)
    assert result.stderr.startswith(f"Error: {config}:1: ")
    config.write_text("[vault]\nexclude = \"templates\"\n")
    result = run("list", expect=3)
    assert result.stderr == f"Error: {config}: 'vault.exclude' must be a list of strings\n"
    config.write_text("[folders]\npeople = \"friends\"\n")
    result = run("list", expect=3)
    assert "'folders.people' must be one of contact, event, lead, note, org" in result.stderr


def test_version_and_help():
    import click

    result = CliRunner().invoke(cli, ["--version"])
    assert result.stdout == f"vaultkit, version {__version__}\n"
    ctx = click.Context(cli)
    names = cli.list_commands(ctx)
    for command in names:
        text = CliRunner().invoke(cli, [command, "--help"]).stdout
        assert "Example" in text, command
    for command in cli.get_command(ctx, "import").commands:
        text = CliRunner().invoke(cli, ["import", command, "--help"]).stdout
        assert "Example" in text, command
    assert set(names) == {"agenda", "draft", "index", "list", "show", "search", "check",
                          "init", "add", "log", "done", "snooze", "set", "watch",
                          "import", "export", "git", "merge-file", "merge-copy", "stats",
                          "graph", "report", "help"}
    # Every listed command loads, under its own name; listed by name, as Click does.
    assert [cli.get_command(ctx, name).name for name in names] == names == sorted(names)
    wrong = CliRunner().invoke(cli, ["agend"])
    assert wrong.exit_code == 2
    assert "No such command 'agend'. Did you mean 'agenda'?" in wrong.stderr


def test_version_loads_no_command(tmp_path):
    """`vaultkit --version` imports Click and the command list alone (start-up time)."""
    import subprocess
    import sys

    code = ("import sys, runpy; sys.argv = ['vaultkit', '--version']\n"
            "try:\n    runpy.run_module('vaultkit', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('vaultkit')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    loaded = eval(out.splitlines()[-1])
    assert loaded == ["vaultkit", "vaultkit.cli", "vaultkit.cli.group",
                      "vaultkit.errors", "vaultkit.launch"], loaded


def test_a_large_index_shows_progress_on_a_terminal(tmp_path):
    """A real process whose stderr is a terminal (a pseudo-terminal) draws a progress bar;
    piped, it prints none."""
    import pty
    import subprocess
    import sys

    root = tmp_path / "big"
    for i in range(1200):
        write(root, f"people/P{i:04d}.md", f"---\nname: P{i}\n---\n## Log\n- 2026-01-01 hi\n")
    args = [sys.executable, "-m", "vaultkit", "--vault", str(root), "index"]
    main, secondary = pty.openpty()
    proc = subprocess.run([*args, "--index", str(tmp_path / "a.sqlite3")],
                          stdout=subprocess.PIPE, stderr=secondary, check=True, timeout=120)
    os.close(secondary)
    drawn = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        drawn += chunk
    os.close(main)
    assert b"Indexing" in drawn and b"100%" in drawn
    assert proc.stdout.startswith(b"Indexed 1200 notes")
    piped = subprocess.run([*args, "--index", str(tmp_path / "b.sqlite3")],
                           capture_output=True, check=True, timeout=120)
    assert piped.stderr == b""


def test_list_aligns_wide_characters(run, vault):
    write(vault, "people/Li Wei.md", "---\nname: 李伟\ntitle: 首席架构师\ncompany: Acme\n---\n")
    lines = run("list", "--company", "acme").stdout.splitlines()
    assert lines == [
        "Name      Title                  Company  Circle  Last contact",
        "Jane Doe  Engineering Manager    Acme     event   2026-11-25",
        "Kim Lee   Site Reliability Lead  Acme     other",
        "李伟      首席架构师             Acme",  # each character two cells wide
    ]
