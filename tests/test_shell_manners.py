"""How vaultkit behaves in a shell (issue 12, items 10 and 11): a closed pipe, `-` for
standard output and input, NO_COLOR as the convention says, control characters that
cannot forge a line, and messages that say what is wrong in one line."""

from __future__ import annotations

import datetime as dt
import os
import pty
import select
import subprocess
import sys
import time

import pytest

from conftest import write


def vaultkit(vault, index, *args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vaultkit", "--vault", str(vault), "--index",
                           str(index), *args], capture_output=True, timeout=120, **kwargs)


@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["export", "json"],
                                  ["search", "Person"]])
def test_a_closed_pipe_ends_quietly(vault, index_path, args):
    """`vaultkit list | head -2`: the reader closes the pipe early."""
    for number in range(300):  # enough output to fill a pipe
        write(vault, f"people/P{number:03d}.md", f"---\nname: Person {number}\n---\n")
    vaultkit(vault, index_path, "index")
    proc = subprocess.Popen([sys.executable, "-m", "vaultkit", "--vault", str(vault),
                             "--index", str(index_path), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 0
    assert b"BrokenPipe" not in err and b"Traceback" not in err, err


def test_dash_is_standard_output_and_input(vault, index_path, tmp_path):
    agenda = vaultkit(vault, index_path, "agenda", "--date", "2026-11-27", "--output", "-",
                      cwd=tmp_path)
    assert agenda.returncode == 0 and b"Agenda for Friday" in agenda.stdout
    exported = vaultkit(vault, index_path, "export", "vcard", "-o", "-", cwd=tmp_path)
    assert exported.returncode == 0 and exported.stdout.startswith(b"BEGIN:VCARD")
    assert not (tmp_path / "-").exists()
    card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Stdin Person\r\nEMAIL:stdin@example.com\r\n" \
           b"END:VCARD\r\n"
    imported = vaultkit(vault, index_path, "import", "vcard", "-", input=card)
    assert imported.returncode == 0, imported.stderr
    assert (vault / "people" / "Stdin Person.md").exists()


def _colour_of(vault, index_path, no_color: str | None) -> bytes:
    """The agenda as a terminal sees it, with NO_COLOR set to `no_color` (None: unset)."""
    main, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    if no_color is not None:
        env["NO_COLOR"] = no_color
    proc = subprocess.Popen([sys.executable, "-m", "vaultkit", "--vault", str(vault),
                             "--index", str(index_path), "agenda", "--date", "2026-11-27"],
                            stdout=secondary, stderr=secondary, env=env)
    os.close(secondary)
    seen, deadline = b"", time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    proc.wait(timeout=60)
    os.close(main)
    return seen


def test_no_color_turns_colour_off_only_when_not_empty(vault, index_path):
    assert b"\x1b[" in _colour_of(vault, index_path, None)
    assert b"\x1b[" in _colour_of(vault, index_path, "")
    assert b"\x1b[" not in _colour_of(vault, index_path, "1")


def test_a_file_name_cannot_forge_a_line_of_check(vault, index_path):
    write(vault, "people/Evil\nPerson.md:1: all is fine.md", "---\nname: [x\n---\n")
    done = vaultkit(vault, index_path, "check")
    lines = done.stdout.decode().splitlines()
    assert lines == ["people/Evil\\nPerson.md:1: all is fine.md:2: invalid YAML: while "
                     "parsing a flow sequence, did not find expected ',' or ']'"], lines


@pytest.mark.parametrize("date, said", [
    ("2026-13-01", "Error: --date: '2026-13-01' is not a real date (month 13)"),
    ("2026-02-30", "Error: --date: '2026-02-30' is not a real date (day 30 of month 2)"),
    ("27/11/2026", "Error: --date: '27/11/2026' is not a date: write it YYYY-MM-DD, "
                   "e.g. 2026-11-27"),
])
def test_a_wrong_date_is_said_in_one_line(run, date, said):
    result = run("agenda", "--date", date, expect=2)
    assert result.stderr == said + "\n"


def test_metavars_are_words(run):
    assert "NAME UNTIL" in run("snooze", "--help").stdout
    help_text = run("agenda", "--help").stdout
    assert "--date DATE" in help_text and "--output FILE" in help_text
    assert "%Y" not in help_text
    assert "Missing argument 'UNTIL'" in run("snooze", "Marcus Chen", expect=2).stderr


def test_an_output_folder_that_does_not_exist_is_a_clear_error(run, tmp_path):
    result = run("agenda", "--output", str(tmp_path / "no" / "such" / "a.md"), expect=1)
    assert result.stderr == (f"Error: {tmp_path / 'no' / 'such' / 'a.md'}: cannot write: "
                             "No such file or directory\n")


def test_log_of_a_contact_seen_today_says_today(vault, index_path):
    today = dt.date.today().isoformat()
    write(vault, "people/Seen Today.md",
          f"---\nname: Seen Today\n---\n## Log\n- {today} (phone) Called\n")
    done = vaultkit(vault, index_path, "log", "Seen Today", "Again", "--yes")
    assert done.returncode == 0
    assert b"you were in touch with Seen Today today already" in done.stderr
    assert b"0 days" not in done.stderr


def test_the_gap_question_defaults_to_yes_for_what_happened(vault, index_path):
    """Recording a past contact is not blocked: Enter at the question records it."""
    main, secondary = pty.openpty()
    path = vault / "people" / "Jane Doe.md"
    proc = subprocess.Popen(
        [sys.executable, "-m", "vaultkit", "--vault", str(vault), "--index", str(index_path),
         # Jane is in a live lead: her minimum gap is 2 days, and Nov 25 her last contact
         "log", "Jane", "Coffee", "--date", "2026-11-26"],
        stdin=secondary, stdout=secondary, stderr=secondary)
    os.close(secondary)
    seen, deadline = b"", time.monotonic() + 60
    try:
        while b"anyway?" not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 1)
            if ready:
                seen += os.read(main, 1024)
        assert b"[Y/n]" in seen
        os.write(main, b"\n")
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
        os.close(main)
    assert "- 2026-11-26 Coffee" in path.read_text()


def test_an_unknown_name_suggests_the_closest(run):
    result = run("show", "Jnae Doe", expect=1)
    assert "did you mean 'Jane Doe'?" in result.stderr


def test_an_argument_that_is_not_utf8_is_a_usage_error(vault, index_path):
    done = subprocess.run([sys.executable.encode(), b"-m", b"vaultkit", b"--vault",
                           os.fsencode(vault), b"--index", os.fsencode(index_path), b"show",
                           b"Kim\xff"], capture_output=True, timeout=60)
    assert done.returncode == 2
    assert b"is not valid UTF-8 text" in done.stderr and b"unexpected" not in done.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize("buffered", [False, True])
@pytest.mark.parametrize("args", [["--version"], ["--help"], ["list"], ["list", "--json"],
                                  ["show", "Jane Doe"], ["search", "Jane"],
                                  ["agenda", "--date", "2026-11-27"], ["export", "json"]])
def test_a_full_disk_under_the_output_is_said_in_one_line(vault, index_path, args, buffered):
    """`vaultkit list > /dev/full`: the system refuses the output, at a write or at the
    last flush (buffered: a small output reaches the disk only at exit). Found in review:
    an "unexpected OSError", a traceback for `--version`, exit 120 for a buffered `list`."""
    write(vault, "people/Jane Doe.md", "---\nname: Jane Doe\n---\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED" or not buffered}
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "vaultkit", "--vault", str(vault),
                               "--index", str(index_path), *args], stdout=full,
                              stderr=subprocess.PIPE, env=env, timeout=120)
    assert done.returncode == 1
    assert done.stderr == b"Error: cannot write the output: No space left on device\n"


def test_a_closed_standard_output_or_error_is_no_error(vault, index_path):
    """`vaultkit log … >&- 2>&-` from a script: the entry is written, exit 0."""
    note = write(vault, "people/Jane Doe.md", "---\nname: Jane Doe\n---\n")
    for args in (["list"], ["log", "Jane Doe", "Called about the role"]):
        done = subprocess.run([sys.executable, "-m", "vaultkit", "--vault", str(vault),
                               "--index", str(index_path), *args], stdin=subprocess.DEVNULL,
                              stdout=None, stderr=None, close_fds=True, timeout=120,
                              preexec_fn=lambda: (os.close(1), os.close(2)))
        assert done.returncode == 0, args
    assert "Called about the role" in note.read_text()


@pytest.mark.parametrize("args", [["agenda", "-o", ""], ["report", "--output", " "],
                                  ["export", "json", "-o", ""], ["export", "csv", "-o", ""]])
def test_an_empty_output_file_name_is_a_usage_error(vault, index_path, args):
    """Found in review: `agenda -o ""` and `report -o ""` wrote to the terminal, `export
    -o ""` tried to write `.`: a name left empty by a script is refused, nothing written."""
    done = vaultkit(vault, index_path, *args, text=True)
    assert done.returncode == 2, done.stderr
    assert "give a file name, or - for standard output" in done.stderr
    assert done.stdout == ""


def test_depth_without_focus_is_a_usage_error(vault, index_path):
    done = vaultkit(vault, index_path, "graph", "--depth", "2", text=True)
    assert done.returncode == 2 and "--depth: only with --focus" in done.stderr
    assert vaultkit(vault, index_path, "graph", "--focus", "Jane Doe", "--depth", "1",
                    text=True).returncode == 0
