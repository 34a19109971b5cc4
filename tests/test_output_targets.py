"""An output (`agenda --output`, `watch --agenda`, `agenda apply`, exports) is written only
where nothing a person keeps would be lost: never over a device or a folder, never into the
vault's hidden folders, never over a note — one with front matter or a log, or a plain
Markdown note vaultkit did not write — and `agenda apply` reads and renders only an agenda
note vaultkit wrote. Each case was found by trying: the file was replaced, exit 0."""

import hashlib
import os
import stat
import subprocess
import sys

import pytest

from conftest import ROOT, write


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("target", ["Start here.md", "prep/Résumé.md"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_plain_note_is_never_replaced_by_an_agenda(run, vault, target, fmt):
    before = digest(vault / target)
    result = run("agenda", "--format", fmt, "--output", str(vault / target), expect=5)
    assert "vaultkit did not write" in result.stderr
    assert digest(vault / target) == before


def test_a_hand_written_agenda_note_is_not_rendered_over(run, vault):
    mine = write(vault, "Agenda.md", "# Agenda\n\nMy team-sync notes\n- [ ] Book the room\n")
    before = digest(mine)
    run("agenda", "--format", "md", "--output", str(mine), expect=5)
    run("agenda", "apply", str(mine), expect=5)
    assert digest(mine) == before


def test_an_earlier_agenda_note_is_written_again(run, vault):
    target = vault / "Agenda.md"
    run("agenda", "--format", "md", "--output", str(target), "--date", "2026-11-27")
    run("agenda", "--format", "md", "--output", str(target), "--date", "2026-11-28")
    assert "Agenda for Saturday 28 November 2026" in target.read_text()
    run("agenda", "apply", str(target), "--date", "2026-11-28")


@pytest.mark.parametrize("target", [".vaultkit/config.toml", ".vaultkit/new.md",
                                    ".obsidian/agenda.md"])
def test_nothing_is_written_into_the_vaults_hidden_folders(run, vault, target):
    path = vault / target
    path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.read_bytes() if path.exists() else None
    result = run("agenda", "--format", "md", "--output", str(path), expect=5)
    assert "hidden folder" in result.stderr
    assert (path.read_bytes() if path.exists() else None) == existed


def test_apply_refuses_a_file_that_is_no_agenda_note(run, vault, tmp_path):
    precious = tmp_path / "precious.rc"
    precious.write_text('alias ll="ls -l"\n')
    result = run("agenda", "apply", str(precious), expect=5)
    assert "not an agenda note vaultkit wrote" in result.stderr
    assert precious.read_text() == 'alias ll="ls -l"\n'
    html = tmp_path / "a.html"
    run("agenda", "--format", "html", "--output", str(html))
    before = digest(html)
    run("agenda", "apply", str(html), expect=5)
    assert digest(html) == before


def test_a_device_or_a_folder_is_never_replaced(run, vault, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    run("agenda", "--format", "md", "--output", str(fifo), expect=5)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    folder = tmp_path / "folder.md"
    folder.mkdir()
    run("agenda", "--format", "md", "--output", str(folder), expect=2)


def test_watch_stops_at_once_when_its_agenda_note_is_a_note(vault, index_path):
    mine = write(vault, "Agenda.md", "# Agenda\n\nMy team-sync notes\n")
    before = digest(mine)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "vaultkit", "--vault", str(vault),
                           "--index", str(index_path), "watch", "--agenda", str(mine)],
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 5, proc.stderr + proc.stdout
    assert "vaultkit did not write" in proc.stdout + proc.stderr
    assert digest(mine) == before


@pytest.mark.parametrize("name", ["todo.txt", "essay.markdown", "Board.canvas", "notes"])
def test_no_file_of_the_vault_is_replaced_whatever_its_extension(run, vault, name):
    mine = write(vault, name, "my todo list, years of it\n")
    run("agenda", "--format", "md", "--output", str(mine), expect=5)
    run("export", "csv", "-o", str(mine), expect=5)
    assert mine.read_text() == "my todo list, years of it\n"


def test_a_hidden_file_of_the_vault_is_never_replaced(run, vault):
    ignore = write(vault, ".gitignore", "*.tmp\nsecret/\n")
    run("export", "csv", "-o", str(ignore), expect=5)
    assert ignore.read_text() == "*.tmp\nsecret/\n"


def test_one_copied_id_or_the_words_somewhere_do_not_make_a_note_ours(run, vault):
    ideas = write(vault, "Ideas.md", "# Ideas\n\nLong personal essay.\n\nMore.\n\n"
                  "The file says Made by vaultkit somewhere.\n"
                  "- [x] copied: Check in with Tom ^vk-393c3e7c7d\n")
    before = digest(ideas)
    run("agenda", "--format", "md", "--output", str(ideas), expect=5)
    run("agenda", "apply", str(ideas), "--date", "2026-11-27", expect=5)
    assert digest(ideas) == before
    assert "#checkin" not in (vault / "people" / "Tom Becker.md").read_text()[-200:]


def test_vaultkits_own_outputs_are_written_again(run, vault):
    for fmt, name in (("md", "Agenda.md"), ("html", "agenda.html")):
        run("agenda", "--format", fmt, "--output", str(vault / name))
        run("agenda", "--format", fmt, "--output", str(vault / name))
    run("export", "ics", "-o", str(vault / "agenda.ics"))
    run("export", "ics", "-o", str(vault / "agenda.ics"))


def test_a_symlink_in_the_vault_is_written_through_not_replaced(run, vault):
    run("agenda", "--format", "md", "--output", str(vault / "Agenda.md"),
        "--date", "2026-11-27")
    link = vault / "L.md"
    link.symlink_to("Agenda.md")
    run("agenda", "--format", "md", "--output", str(link), "--date", "2026-11-28")
    assert link.is_symlink() and "28 November" in (vault / "Agenda.md").read_text()


def test_watch_refuses_a_fifo_at_once(vault, index_path, tmp_path):
    fifo = tmp_path / "agenda.fifo"
    os.mkfifo(fifo)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "vaultkit", "--vault", str(vault),
                           "--index", str(index_path), "watch", "--agenda", str(fifo)],
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 5, proc.stderr + proc.stdout
    assert "not a regular file" in proc.stdout + proc.stderr


def test_watch_keeps_a_text_agenda_in_the_vault_current(vault, index_path):
    """A text agenda says nothing of who made it: watch writes it again all the same,
    because it is what watch wrote there."""
    from test_watch import wait_for

    target = vault / "agenda.txt"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "vaultkit", "--vault", str(vault),
                             "--index", str(index_path), "watch", "--agenda", str(target),
                             "--format", "text", "--debounce", "100"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    try:
        assert wait_for(lambda: target.exists() and "Ahmed Hassan" in target.read_text(), 60)
        note = vault / "people" / "Ahmed Hassan.md"
        note.write_text(note.read_text() + "- 2026-11-27 (email) Thanks #thanks\n")
        assert wait_for(lambda: "Send Ahmed Hassan a thank-you" not in target.read_text(),
                        20)
    finally:
        proc.terminate()
        out = proc.communicate(timeout=30)[0]
    assert "did not write" not in out, out
