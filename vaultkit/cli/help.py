"""`vaultkit help [TOPIC]`: what the docs say about formats, mappings and settings, kept
as text files beside this module (vaultkit/cli/topics/*.txt, in the wheel as package
data), so that an installed copy needs no checkout."""

from __future__ import annotations

from pathlib import Path

import click

TOPICS = Path(__file__).parent / "topics"

# Topic -> its one-line summary, in the order `vaultkit help` lists them.
SUMMARIES = {
    "vault-format": "notes, kinds, front matter keys, the log, links",
    "agenda": "the rules, their settings, ticking, formats, drafts",
    "import": "LinkedIn, Google, vCard and csv: which field goes where",
    "config": "the sections and keys of .vaultkit/config.toml",
    "templates": "overriding the built-in templates, their context",
    "git": "syncing with git: setup, the merge driver, conflicts",
    "completion": "shell completion for bash, zsh and fish",
}


def topic_list() -> str:
    width = max(map(len, SUMMARIES))
    lines = [f"  {name.ljust(width)}  {summary}" for name, summary in SUMMARIES.items()]
    return "Topics (vaultkit help TOPIC):\n" + "\n".join(lines) + "\n"


def topic_text(name: str) -> str:
    return (TOPICS / f"{name}.txt").read_text(encoding="utf-8")


def _complete_topic(_ctx, _param, incomplete: str) -> list[str]:
    return [name for name in SUMMARIES if name.startswith(incomplete)]


@click.command("help", short_help="Formats, mappings and settings: the docs, built in.")
@click.argument("topic", required=False, metavar="[TOPIC]", shell_complete=_complete_topic)
def help_cmd(topic: str | None):
    """Show what the docs say about TOPIC: vault-format, agenda, import, config,
    templates, git or completion. Without TOPIC, list the topics.

    \b
    Example:
      vaultkit help import
    """
    if topic is None:
        click.echo(topic_list(), nl=False)
        return
    if topic not in SUMMARIES:
        click.echo(f"Error: no help topic '{topic}'.\n" + topic_list(), err=True, nl=False)
        raise SystemExit(2)
    click.echo(topic_text(topic), nl=False)
