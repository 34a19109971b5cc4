"""`vaultkit report`: one page of the stats (insight.stats) and the referral graph
(insight.graph), as HTML with SVG charts (report_charts, report_graph) or as an Obsidian
note with Mermaid charts, through templates/report.html.j2 and report.md.j2 (a vault's
own first, as the agenda's)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from vaultkit.insight.channels import label
from vaultkit.insight.graph_formats import as_json as graph_json
from vaultkit.insight.graph_formats import mermaid, mermaid_label
from vaultkit.present import report_charts as charts
from vaultkit.present.report_graph import graph_svg

FORMATS = ("html", "md")
TEMPLATES = {"html": "report.html.j2", "md": "report.md.j2"}


@dataclass
class ReportPage:
    """What the report templates get: `s` is the stats' JSON (docs/commands.md, stats),
    `graph` the graph's JSON (graph --format json); `charts` (html) the SVGs by name,
    `mermaid` (md) the Mermaid charts by name."""

    s: dict
    graph: dict
    names: dict[str, str]  # graph node id -> name, for the table of edges
    charts: dict = field(default_factory=dict)
    mermaid: dict = field(default_factory=dict)


def tied_only(graph):
    """The graph without the nodes a collapse left with no edge (drawn, they would only
    fill the drawing): counted among the nodes left out."""
    tied = {e.source for e in graph.edges} | {e.target for e in graph.edges}
    nodes = tuple(n for n in graph.nodes if n.id in tied)
    return replace(graph, nodes=nodes,
                   omitted_nodes=graph.omitted_nodes + len(graph.nodes) - len(nodes))


def report_page(stats, graph, fmt: str) -> ReportPage:
    data, graph = stats.as_json(), tied_only(graph)
    page = ReportPage(data, graph_json(graph), {n.id: n.name for n in graph.nodes})
    if fmt == "html":
        page.charts = {
            "activity": charts.activity(data["weeks"]),
            "channels": charts.channels(data["channels"]),
            "funnel": charts.funnel(data["funnel"]),
            "follow": charts.follow_through(data["follow_through"]),
            "favours": charts.favours(data["favours"]["people"]),
            "graph": graph_svg(graph)}
    else:
        page.mermaid = {"channels": mermaid_pie(data["channels"]),
                        "activity": mermaid_weeks(data["weeks"]),
                        "funnel": mermaid_funnel(data["funnel"]),
                        "graph": mermaid(graph) if graph.nodes else ""}
    return page


def mermaid_pie(totals: dict[str, int]) -> str:
    if not totals:
        return ""
    lines = ["pie showData", "  title Interactions by channel"]
    lines += [f'  "{mermaid_label(label(name))}" : {count}' for name, count in totals.items()]
    return "\n".join(lines) + "\n"


def mermaid_weeks(weeks: list[dict]) -> str:
    if not weeks:
        return ""
    top = max([w["interactions"] for w in weeks] + [w["new_contacts"] for w in weeks] + [1])
    labels = ", ".join(f'"{w["week"][5:]}"' for w in weeks)
    return (f'xychart-beta\n  title "Interactions (bars) and new contacts (line) per week"'
            f"\n  x-axis [{labels}]\n  y-axis \"Count\" 0 --> {top}\n"
            f"  bar [{', '.join(str(w['interactions']) for w in weeks)}]\n"
            f"  line [{', '.join(str(w['new_contacts']) for w in weeks)}]\n")


def mermaid_funnel(funnel: dict) -> str:
    stages = funnel["stages"]
    top = max([funnel["reached"].get(s, 0) for s in stages] + [1])
    labels = ", ".join(f'"{s}"' for s in stages)
    counts = ", ".join(str(funnel["reached"].get(s, 0)) for s in stages)
    return (f'xychart-beta horizontal\n  title "Leads that reached each stage"\n'
            f"  x-axis [{labels}]\n  y-axis \"Leads\" 0 --> {top}\n  bar [{counts}]\n")


def render_report(templates, fmt: str, page: ReportPage, template: str | None = None) -> str:
    """The page through `template` (default: report.FORMAT.j2, the vault's own first)."""
    return templates().render(template or TEMPLATES[fmt], page)
