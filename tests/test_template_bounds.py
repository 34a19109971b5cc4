"""A user template (one that may arrive through git) cannot exhaust the machine: loops,
repetition, sizes, output and time are bounded, and every runtime error is
`TemplateError("NAME:LINE: …")`, exit 4. Hostile templates run in a child process with an
address-space limit and a timeout, so a failure here cannot take the machine down."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import time

import pytest

from vaultkit.config import load_config
from vaultkit.errors import ConfigError

BUDGET_S = 1.0
LIMIT_AS = 1 << 30  # a child past 1 GB of address space dies, not the machine

BOMBS = {
    "nested ranges": "{% for i in range(100000) %}{% for j in range(100000) %}"
                     "{% endfor %}{% endfor %}",
    "nested allowed ranges": "{% for i in range(10000) %}{% for j in range(10000) %}"
                             "{% endfor %}{% endfor %}",
    "string repetition": "{{ 'x' * 10**10 }}",
    "list repetition": "{{ ([1, 2] * 10**9) | length }}",
    "doubling": "{% set s = namespace(v='x') %}{% for i in range(60) %}"
                "{% set s.v = s.v ~ s.v %}{% endfor %}{{ s.v | length }}",
    "loops that call nothing": "{% for c in 'x' * 1000 %}{% for d in 'x' * 1000 %}"
                               "{% for e in 'x' * 1000 %}{% endfor %}{% endfor %}{% endfor %}",
    "wide filter": "{{ 'x' | center(10**9) }}",
    "wide format": "{{ '%999999999s' | format('x') }}",
    "growing replace": "{{ ('x' * 1000000) | replace('x', 'yy') }}",
    "huge join": "{{ (['x' * 100000] * 10) | join }}{{ (['x' * 900000] * 2) | join }}",
    "huge power": "{{ 7 ** 10000000 }}",
    "nested repetition": "{{ [['x' * 1000000]] * 1000 }}",
    "huge output": "{% for i in range(10000) %}{% for j in range(10000) %}"
                   "{{ 'x' * 1000 }}{% endfor %}{% endfor %}",
}


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_AS, LIMIT_AS))


def _agenda(vault, index_path, template: str, seconds: float = BUDGET_S):
    """Run `agenda` with `template` as the vault's agenda.txt.j2; return (exit code,
    stderr, seconds, peak kilobytes)."""
    (vault / ".vaultkit" / "templates").mkdir(parents=True, exist_ok=True)
    (vault / ".vaultkit" / "templates" / "agenda.txt.j2").write_text(template)
    (vault / ".vaultkit" / "config.toml").write_text(f"[templates]\nrender_seconds = {seconds}\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    argv = [sys.executable, "-m", "vaultkit", "--vault", str(vault), "--index",
            str(index_path), "agenda", "--date", "2026-03-10"]
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                            preexec_fn=_limited)
    timer = threading.Timer(60, proc.kill)  # a hang fails the test, it does not hang it
    timer.start()
    try:
        stderr = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak memory
    finally:
        timer.cancel()
        proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.monotonic() - start
    return proc.returncode, stderr.decode(), elapsed, usage.ru_maxrss


@pytest.mark.parametrize("name", list(BOMBS))
def test_a_template_bomb_stops_within_the_budget(vault, index_path, name):
    subprocess.run([sys.executable, "-m", "vaultkit", "--vault", str(vault), "--index",
                    str(index_path), "index"], capture_output=True, timeout=120,
                   env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    code, stderr, elapsed, peak_kb = _agenda(vault, index_path, BOMBS[name])
    assert code == 4, stderr
    assert peak_kb < 200 * 1024, (name, peak_kb)
    assert "Traceback" not in stderr and "unexpected" not in stderr
    assert stderr.strip().splitlines()[-1].startswith("Error: agenda.txt.j2:1: "), stderr
    # the process as a whole (start-up, sync, render) stays within budget + 1 s; on this
    # busy machine the start-up alone can take a second, so it is measured apart below
    assert elapsed < BUDGET_S + 1 + _startup(), (name, elapsed)


_STARTUP: list[float] = []


def _startup() -> float:
    """Seconds a `vaultkit --version` takes here, measured once."""
    if not _STARTUP:
        start = time.monotonic()
        subprocess.run([sys.executable, "-m", "vaultkit", "--version"], capture_output=True,
                       timeout=60, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
        _STARTUP.append(time.monotonic() - start)
    return _STARTUP[0] + 1.0  # and the agenda's own sync of the example vault


@pytest.mark.parametrize(("text", "line", "message"), [
    ("a\nb\n{{ 1 / 0 }}\n", 3, "ZeroDivisionError: division by zero"),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}\n{{ f(1) }}\n", 1, "RecursionError"),
    ("\n{{ '{0}'.format() }}\n", 2, "IndexError"),
])
def test_runtime_errors_name_template_and_line(run, vault, text, line, message):
    (vault / ".vaultkit" / "templates").mkdir(parents=True, exist_ok=True)
    (vault / ".vaultkit" / "templates" / "agenda.txt.j2").write_text(text)
    result = run("agenda", expect=4)
    assert f"Error: agenda.txt.j2:{line}: " in result.stderr
    assert message in result.stderr
    assert "unexpected" not in result.stderr


def test_the_budget_is_a_setting(vault, index_path):
    code, stderr, elapsed, _ = _agenda(vault, index_path, BOMBS["nested allowed ranges"],
                                       seconds=0.2)
    assert code == 4 and "time budget" in stderr, stderr


@pytest.mark.parametrize("value", ["0", "-1", '"fast"', "true"])
def test_a_bad_budget_is_a_config_error(vault, value):
    (vault / ".vaultkit" / "config.toml").write_text(f"[templates]\nrender_seconds = {value}\n")
    with pytest.raises(ConfigError, match="templates.render_seconds"):
        load_config(vault)


def test_normal_templates_still_use_ranges_and_repetition(run, vault):
    (vault / ".vaultkit" / "templates").mkdir(parents=True, exist_ok=True)
    (vault / ".vaultkit" / "templates" / "agenda.txt.j2").write_text(
        "{{ '-' * 20 }}\n{% for i in range(3) %}{{ i }}{% endfor %}\n"
        "{{ 'ab' | center(6) }}|{{ '%5s' | format('x') }}|{{ [1] * 3 }}\n")
    assert run("agenda").stdout == "-" * 20 + "\n012  ab  |    x|[1, 1, 1]\n"



_RENDER_ALONE = """
import sys, time
from pathlib import Path
from vaultkit.errors import TemplateError
from vaultkit.present.templates import render
start = time.monotonic()
try:
    render(Path(sys.argv[1]), "bomb.txt.j2", {}, seconds=float(sys.argv[2]))
except TemplateError as exc:
    print(f"{time.monotonic() - start:.3f}", exc)
"""


@pytest.mark.parametrize("name", list(BOMBS))
def test_the_render_alone_stops_within_the_budget_and_a_second(tmp_path, name):
    """The render without the process around it, timed inside a limited child."""
    (tmp_path / ".vaultkit" / "templates").mkdir(parents=True)
    (tmp_path / ".vaultkit" / "templates" / "bomb.txt.j2").write_text(BOMBS[name])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", _RENDER_ALONE, str(tmp_path), str(BUDGET_S)],
                          capture_output=True, text=True, env=env, timeout=60,
                          preexec_fn=_limited)
    seconds, _, message = done.stdout.strip().partition(" ")
    assert message.startswith("bomb.txt.j2:1: "), (done.stdout, done.stderr)
    assert float(seconds) < BUDGET_S + 1, (name, seconds)
