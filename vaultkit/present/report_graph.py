"""The report's referral graph as SVG: a layered drawing of insight.graph's nodes and
edges, top to bottom (who referred or gave a lead above whom it reached).

Drawn here, not by pygal (which has no network chart) nor Graphviz (not a Python
dependency): a node's layer is the longest chain of edges leading to it, nodes of a layer
stand in rows of ROW, each edge is a straight arrow coloured by its kind. Meant for the
few dozen nodes a report shows (vault_graph.TOP collapses larger graphs); the page lists
every edge in a table below it as well (its text alternative)."""

from __future__ import annotations

from collections import defaultdict

from markupsafe import Markup, escape

ROW = 3  # nodes per row
BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 160, 34, 12, 46, 6
WIDTH = PAD * 2 + ROW * BOX_W + (ROW - 1) * GAP_X
KIND_COLOUR = {"referral": "#3b82f6", "lead": "#f59e0b", "event": "#10b981",
               "work": "#8b5cf6"}
NODE_CLASS = {"contact": "n-contact", "lead": "n-lead", "event": "n-event", "org": "n-org"}


def layers(nodes, edges) -> dict[str, int]:
    """Each node's layer: 0 for a node nothing leads to, else one more than the deepest
    node leading to it (a cycle stops growing after len(nodes) rounds)."""
    depth = {n.id: 0 for n in nodes}
    for _ in range(len(nodes)):
        changed = False
        for e in edges:
            if e.source in depth and e.target in depth and depth[e.target] <= depth[e.source]:
                depth[e.target] = depth[e.source] + 1
                changed = True
        if not changed:
            break
    return depth


def positions(nodes, edges) -> tuple[dict[str, tuple[float, float]], float]:
    """The top-left corner of each node's box, and the drawing's height."""
    depth = layers(nodes, edges)
    by_layer: dict[int, list] = defaultdict(list)
    for node in nodes:
        by_layer[depth[node.id]].append(node)
    where, y = {}, PAD
    for layer in sorted(by_layer):
        row = sorted(by_layer[layer], key=lambda n: (n.kind, n.name.casefold(), n.id))
        for i, node in enumerate(row):
            if i and i % ROW == 0:
                y += BOX_H + GAP_Y / 2
            where[node.id] = (PAD + (i % ROW) * (BOX_W + GAP_X), y)
        y += BOX_H + GAP_Y
    return where, y - GAP_Y + PAD


def _esc(text: str) -> str:
    return str(escape(text))  # a str: a Markup would escape what it is added to


def _short(name: str, room: int = 20) -> str:
    return name if len(name) <= room else name[: room - 1] + "…"


def graph_svg(graph, title: str = "Who referred whom and who gave which lead") -> Markup:
    if not graph.nodes:
        return Markup("")
    where, height = positions(graph.nodes, graph.edges)
    names = {n.id: n.name for n in graph.nodes}
    parts = [f'<svg class="chart graph" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
             f'aria-label="{_esc(title)}"><title>{_esc(title)}</title><desc>'
             + _esc("; ".join(f"{names[e.source]} {e.label} {names[e.target]}"
                                for e in graph.edges)) + "</desc><defs>"]
    for kind, colour in KIND_COLOUR.items():
        parts.append(f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" '
                     f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
                     f'<path d="M0,0L10,5L0,10z" fill="{colour}"/></marker>')
    parts.append("</defs>")
    for e in graph.edges:
        (x1, y1), (x2, y2) = where[e.source], where[e.target]
        colour = KIND_COLOUR.get(e.kind, "#888")
        parts.append(f'<line x1="{x1 + BOX_W / 2:.0f}" y1="{y1 + BOX_H:.0f}" '
                     f'x2="{x2 + BOX_W / 2:.0f}" y2="{y2:.0f}" stroke="{colour}" '
                     f'stroke-width="2" marker-end="url(#arrow-{e.kind})"><title>'
                     f"{_esc(names[e.source])} {_esc(e.label)} "
                     f"{_esc(names[e.target])}</title></line>")
    for node in graph.nodes:
        x, y = where[node.id]
        dashed = ' stroke-dasharray="4 3"' if node.path is None else ""
        parts.append(f'<g class="node {NODE_CLASS.get(node.kind, "n-other")}"><title>'
                     f"{_esc(node.name)} ({_esc(node.kind)})</title>"
                     f'<rect x="{x}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="8"'
                     f'{dashed}/><text x="{x + BOX_W / 2}" y="{y + BOX_H / 2 + 5:.0f}" '
                     f'text-anchor="middle">{_esc(_short(node.name))}</text></g>')
    return Markup("".join(parts) + "</svg>")
