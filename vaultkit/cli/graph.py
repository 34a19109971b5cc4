"""`vaultkit graph`: the network as edges, in Mermaid, Graphviz DOT or JSON."""

from __future__ import annotations

import click

from vaultkit.cli.common import DATE, problem_notice, today_or, with_vault
from vaultkit.insight.graph import EDGE_KINDS
from vaultkit.insight.graph_formats import FORMATS
from vaultkit.vault import Vault
from vaultkit.vault_graph import DEPTH, TOP


@click.command("graph", short_help="Who referred whom, gave which lead, met where.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="mermaid",
              metavar="FORMAT", show_default=True,
              help="mermaid (a flowchart), dot (Graphviz) or json.")
@click.option("--focus", metavar="NAME",
              help="Only this note's neighbourhood (a name as `show` takes it).")
@click.option("--depth", type=click.IntRange(min=0), default=DEPTH, metavar="N",
              show_default=True, help="With --focus: how many edges away.")
@click.option("--kind", "kinds", type=click.Choice((*EDGE_KINDS, "all")), multiple=True,
              metavar="KIND", help="Only these edges: referral, lead, event, work or all "
              "(the default); repeat to combine.")
@click.option("--top", type=click.IntRange(min=1), default=TOP, metavar="N",
              show_default=True, help="At most this many nodes, by influence then edges.")
@click.option("--date", "on", type=DATE, metavar="DATE",
              help="Today, YYYY-MM-DD: people at a later event will be at it (default: "
              "today).")
@click.option("--fenced", is_flag=True,
              help="Mermaid in a ```mermaid fence, to paste into a note.")
@with_vault
def graph_cmd(vault: Vault, fmt: str, focus: str | None, depth: int,
              kinds: tuple[str, ...], top: int, on, fenced: bool):
    """The network: who referred whom, who gave which lead, who met whom at which event,
    who works where. Names without a note are drawn dashed.

    \b
    Example:
      vaultkit graph --focus "Jane Doe" --depth 1
      vaultkit graph --format dot | dot -Tsvg > network.svg
    """
    given = click.get_current_context().get_parameter_source("depth")
    if focus is None and given is click.core.ParameterSource.COMMANDLINE:
        raise click.UsageError("--depth: only with --focus (the whole network has no depth)")
    chosen = EDGE_KINDS if not kinds or "all" in kinds else kinds
    graph = vault.graph(focus, depth, chosen, top, today_or(on))
    click.echo(vault.graph_text(graph, fmt, fenced), nl=False)
    problem_notice(vault)
