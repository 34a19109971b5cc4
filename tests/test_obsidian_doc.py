"""docs/obsidian.md holds to the code: the systemd unit and the launchd plist of
docs/examples/ parse, are shown in the page as they are, name only real vaultkit options,
keep the agenda note inside the vault, and run (a real `watch` process, stopped by
SIGTERM with exit 0); every front matter field a Dataview query of the page uses is a key
of some example-vault note in the folder it queries; the vaultkit options of the page's
shell lines exist."""

from __future__ import annotations

import configparser
import json
import os
import plistlib
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLE, ROOT
from vaultkit.cli import cli

DOC = ROOT / "docs" / "obsidian.md"
UNIT = ROOT / "docs" / "examples" / "vaultkit-watch.service"
PLIST = ROOT / "docs" / "examples" / "local.vaultkit.watch.plist"


def helped(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0, result.output
    return result.output


def option_names(help_text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", help_text))


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read_string(UNIT.read_text(encoding="utf-8"))
    return parser


def plist() -> dict:
    with PLIST.open("rb") as handle:
        return plistlib.load(handle)


def watch_command(args: list[str]) -> tuple[str, str]:
    """Check one `vaultkit [global options] watch [options]` command line against the
    real help texts; return its vault and agenda paths."""
    assert Path(args[0]).name == "vaultkit", args
    assert "watch" in args, args
    split = args.index("watch")
    outer, inner = args[1:split], args[split + 1:]
    for given, known in ((outer, option_names(helped())),
                         (inner, option_names(helped("watch")))):
        for word in given:
            if word.startswith("-"):
                assert word in known, f"{word} is no vaultkit option"
    words = dict(zip(args[1:], args[2:], strict=False))
    vault, agenda = words["--vault"], words["--agenda"]
    assert agenda.startswith(vault.rstrip("/") + "/"), "the agenda note is outside the vault"
    return vault, agenda


def unit_command() -> list[str]:
    return shlex.split(unit()["Service"]["ExecStart"])


# --- the two service files -----------------------------------------------------------


def test_the_systemd_unit_parses_and_runs_watch_in_the_vault():
    service = unit()
    assert set(service.sections()) == {"Unit", "Service", "Install"}
    assert service["Service"]["Restart"] == "on-failure"
    assert service["Service"]["Environment"] == "PYTHONUNBUFFERED=1"
    assert service["Install"]["WantedBy"] == "default.target"
    vault, agenda = watch_command(unit_command())
    assert service["Service"]["WorkingDirectory"] == vault == "%h/Network"
    assert agenda == "%h/Network/Agenda.md"


def test_the_launchd_plist_parses_and_runs_watch_in_the_vault():
    agent = plist()
    assert agent["Label"] == "local.vaultkit.watch" == PLIST.name.removesuffix(".plist")
    vault, _ = watch_command(agent["ProgramArguments"])
    assert agent["WorkingDirectory"] == vault
    assert agent["KeepAlive"] == {"SuccessfulExit": False}  # as Restart=on-failure
    assert agent["RunAtLoad"] is True
    assert agent["EnvironmentVariables"] == {"PYTHONUNBUFFERED": "1"}
    for key in ("StandardOutPath", "StandardErrorPath"):
        assert Path(agent[key]).is_absolute()
    assert not any("~" in arg or "$" in arg for arg in agent["ProgramArguments"])


def test_a_made_up_option_or_an_agenda_outside_the_vault_is_caught():
    args = unit_command()
    with pytest.raises(AssertionError, match="--agenda-file is no vaultkit option"):
        watch_command([a.replace("--agenda", "--agenda-file") for a in args])
    with pytest.raises(AssertionError, match="outside the vault"):
        watch_command([*args[:-1], "Agenda.md"])


def test_the_page_shows_both_files_as_they_are():
    page = DOC.read_text(encoding="utf-8")
    for path in (UNIT, PLIST):
        assert path.read_text(encoding="utf-8") in page, path.name


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="no systemd-analyze")
def test_systemd_accepts_the_unit(tmp_path):
    """`systemd-analyze verify`, with a home where %h/.local/bin/vaultkit exists."""
    home = tmp_path / "home"
    (home / ".local" / "bin").mkdir(parents=True)
    program = home / ".local" / "bin" / "vaultkit"
    program.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m vaultkit "$@"\n')
    program.chmod(0o755)
    shutil.copytree(EXAMPLE, home / "Network")
    shutil.copy(UNIT, tmp_path / UNIT.name)
    env = {**os.environ, "HOME": str(home)}
    done = subprocess.run(["systemd-analyze", "verify", str(tmp_path / UNIT.name)], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    if "Failed to initialize manager" in done.stderr:
        pytest.skip("systemd-analyze cannot run here: " + done.stderr.strip())
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def run_until_written(args: list[str], cwd: Path, agenda: Path, env: dict) -> str:
    """Start the command as the service manager would, wait for the agenda note, stop it
    with SIGTERM (what systemd and launchd send); it must exit 0, so neither restarts it."""
    command = [sys.executable, "-m", "vaultkit", *args[1:]]
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while not agenda.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert agenda.exists(), "watch wrote no agenda note"
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    return output


@pytest.mark.parametrize("which", ["systemd", "launchd"])
def test_the_service_command_runs_watch_and_stops_cleanly(tmp_path, which):
    home = tmp_path / "home"
    shutil.copytree(EXAMPLE, home / "Network")
    if which == "systemd":
        args = [a.replace("%h", str(home)) for a in unit_command()]
        cwd = unit()["Service"]["WorkingDirectory"].replace("%h", str(home))
    else:
        args = [a.replace("/Users/alex", str(home)) for a in plist()["ProgramArguments"]]
        cwd = plist()["WorkingDirectory"].replace("/Users/alex", str(home))
    env = {**os.environ, "HOME": str(home), "PYTHONUNBUFFERED": "1",
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    output = run_until_written(args, Path(cwd), home / "Network" / "Agenda.md", env)
    assert f"Watching {home / 'Network'}" in output
    text = (home / "Network" / "Agenda.md").read_text(encoding="utf-8")
    assert text.startswith("# Agenda for ")
    assert "[[people/Ahmed Hassan|Ahmed Hassan]]" in text


# --- Dataview queries ------------------------------------------------------------------

QUERY = re.compile(r"```dataview\n(.*?)```\n\nUses: ([^\n]*)\n", re.S)
DQL_WORDS = {
    "table", "list", "task", "calendar", "from", "where", "sort", "group", "by", "flatten",
    "limit", "as", "asc", "desc", "ascending", "descending", "and", "or", "without", "id",
    "true", "false", "null", "today", "file", "rows", "this",
}


def queries() -> list[tuple[str, str]]:
    return QUERY.findall(DOC.read_text(encoding="utf-8"))


def fields_of(query: str) -> tuple[str, set[str]]:
    """The folder a query reads (FROM "folder") and the front matter fields it names:
    not DQL words, functions, strings, durations, `file.`/`rows.` or FLATTEN aliases."""
    folder = re.search(r'\bFROM "([^"]+)"', query).group(1)
    aliases = {name.lower() for name in re.findall(r"\bAS (\w+)", query)}
    text = re.sub(r'"[^"]*"', " ", query)
    text = re.sub(r"\bdur\([^)]*\)", " ", text)
    found = set()
    for match in re.finditer(r"(?<![\w.])([A-Za-z_][\w.]*)(\s*\()?", text):
        word, call = match.group(1), match.group(2)
        head = word.split(".")[0]
        if call or head.lower() in DQL_WORDS or head.lower() in aliases:
            continue
        found.add(head)
    return folder, found


@pytest.fixture(scope="module")
def keys_by_folder(tmp_path_factory) -> dict[str, set[str]]:
    """Every front matter key of the example vault's notes, by top folder (as vaultkit
    reads them: `list --kind all --json`)."""
    vault = tmp_path_factory.mktemp("dataview") / "vault"
    shutil.copytree(EXAMPLE, vault)
    index = vault.parent / "index.sqlite3"
    result = CliRunner().invoke(cli, ["--vault", str(vault), "--index", str(index),
                                      "list", "--kind", "all", "--json"])
    assert result.exit_code == 0, result.output
    keys: dict[str, set[str]] = {}
    for note in json.loads(result.stdout):
        folder = note["path"].split("/")[0]
        keys.setdefault(folder, set()).update(note["front_matter"])
    return keys


def test_the_page_has_its_dataview_queries():
    assert len(queries()) >= 6


def test_every_dataview_field_is_a_key_of_an_example_note_in_its_folder(keys_by_folder):
    for query, uses in queries():
        folder, fields = fields_of(query)
        assert folder in keys_by_folder, folder
        missing = fields - keys_by_folder[folder]
        assert not missing, f"{sorted(missing)} in no note of {folder}/:\n{query}"
        listed = set(re.findall(r"`([^`]+)`", uses))
        assert listed == fields, f"'Uses:' says {sorted(listed)}, the query uses {sorted(fields)}"


def test_a_field_no_note_has_is_caught(keys_by_folder):
    folder, fields = fields_of('TABLE company, salary\nFROM "people"\nWHERE last_contact < 3')
    assert fields == {"company", "salary", "last_contact"}
    assert fields - keys_by_folder[folder] == {"salary", "last_contact"}
    _, flattened = fields_of('TABLE L.text AS "Entry"\nFROM "people"\nFLATTEN file.lists AS L')
    assert flattened == set()


# --- the Tasks setting and the shell lines ---------------------------------------------


def test_the_tasks_query_keeps_the_agenda_out():
    page = DOC.read_text(encoding="utf-8")
    block = re.search(r"```tasks\n(.*?)```", page, re.S).group(1)
    assert "path does not include Agenda" in block.splitlines()
    assert "[agenda]\ntasks_plugin = true" in page


def shell_lines() -> list[list[str]]:
    """Each `vaultkit …` command of the page's ```sh blocks, as the shell splits it (at
    `&&`, `|` and `;`, comments dropped)."""
    page = DOC.read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", page, re.S):
        for line in block.splitlines():
            lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
            lexer.whitespace_split = True
            words: list[str] = []
            for token in [*lexer, "&&"]:
                if token in ("&&", "|", ";", "||"):
                    if words and words[0] == "vaultkit":
                        commands.append(words)
                    words = []
                else:
                    words.append(token)
    return commands


GROUPS = ("git", "import", "export")


def test_every_vaultkit_option_the_page_shows_exists():
    lines = shell_lines()
    assert ["vaultkit", "list", "--json"] in lines
    assert len(lines) >= 5
    top = option_names(helped())
    for words in lines:
        rest = words[1:]
        while rest and rest[0].startswith("-"):  # global options; --vault takes a value
            assert rest[0] in top, words
            rest = rest[2:] if rest[0] in ("--vault", "--index") else rest[1:]
        command = rest[:2] if rest[0] in GROUPS or rest[:2] == ["agenda", "apply"] else rest[:1]
        known = option_names(helped(*command))
        for word in rest[len(command):]:
            if word.startswith("-"):
                assert word.split("=")[0] in known, f"{word} is no option of {command}"


def test_a_made_up_shell_option_is_caught():
    known = option_names(helped("watch"))
    assert "--agenda" in known and "--agenda-note" not in known
