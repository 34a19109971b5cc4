"""The report's referral graph as SVG: a layered drawing of insight.graph's nodes and
edges, top to bottom (who referred or gave a lead above whom it reached).

Drawn here, not by pygal (which has no network chart) nor Graphviz (not a Python
dependency): a node's layer is the longest chain of edges leading to it, nodes of a layer
stand in rows of ROW, each edge is an arrow coloured by its kind (dashed: a contact who
is part of a lead) that runs in the gaps between boxes (`route`), never across one. Meant for the
few dozen nodes a report shows (vault_graph.TOP collapses larger graphs); the page lists
every edge in a table below it as well (its text alternative)."""

from __future__ import annotations

from collections import defaultdict

from markupsafe import Markup, escape

ROW = 3  # nodes per row
BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 150, 44, 40, 56, 20
TRACK = 3  # pixels between two edges that share a gap
TRACKS = 11  # edges a gap holds side by side before they share a track
LINE = 17  # characters of a name on one line of a box
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


def _lines_of(name: str) -> list[str]:
    """A name on one line of the box, or on two split at the space nearest its middle."""
    if len(name) <= LINE or " " not in name:
        return [_short(name, LINE)]
    cut = min((i for i, c in enumerate(name) if c == " "), key=lambda i: abs(i - len(name) / 2))
    return [_short(name[:cut], LINE), _short(name[cut + 1:], LINE)]


def _channels(where: dict[str, tuple[float, float]]) -> tuple[dict, list[float]]:
    """The free lanes of the drawing: the rows' tops (edges cross between rows) and the x
    of each gap between columns (edges run down them)."""
    tops = sorted({y for _x, y in where.values()})
    lanes = [PAD + k * (BOX_W + GAP_X) - GAP_X / 2 for k in range(1, ROW)]  # wide gaps only
    return {"tops": tops, "bottom": tops[-1] + BOX_H + PAD}, lanes


def route(source: tuple[float, float], target: tuple[float, float], lanes, spread: float
          ) -> str:
    """An SVG path from the bottom of `source`'s box to the top of `target`'s that runs only
    in the gaps between rows and columns: it never crosses another box, so no edge reads
    as a chain through the names between (a straight line did). `spread` (a few pixels)
    keeps edges that share a lane apart, scaled to the room a gap has."""
    rows, columns = lanes
    (x1, y1), (x2, y2) = source, target
    sx, tx = x1 + BOX_W / 2 + spread, x2 + BOX_W / 2 + spread / 3
    down = _in_gap(rows, rows["tops"].index(y1) + 1, spread)
    if rows["tops"].index(y2) == rows["tops"].index(y1) + 1:  # the next row: straight across
        return f"M{sx:.0f},{y1 + BOX_H:.0f}V{down:.0f}H{tx:.0f}V{y2:.0f}"
    lane = min(columns, key=lambda x: abs(x - tx)) + spread
    up = _in_gap(rows, rows["tops"].index(y2), spread)
    return (f"M{sx:.0f},{y1 + BOX_H:.0f}V{down:.0f}H{lane:.0f}V{up:.0f}H{tx:.0f}"
            f"V{y2:.0f}")


def _in_gap(rows, below: int, spread: float) -> float:
    """A y in the gap above row number `below` (after the last row: under it; before the
    first: over it), `spread` from its middle, scaled to stay inside the gap."""
    tops = rows["tops"]
    upper = tops[below - 1] + BOX_H if below else 0.0
    lower = tops[below] if below < len(tops) else rows["bottom"]
    half = (lower - upper) / 2 - 2
    return (upper + lower) / 2 + spread * min(1.0, half / (TRACK * (TRACKS // 2) or 1))


def _edge(e, where, lanes, names, i: int) -> str:
    colour = KIND_COLOUR.get(e.kind, "#888")
    dashed = ' stroke-dasharray="5 3"' if e.label == "part of" else ""
    spread = (i % TRACKS - TRACKS // 2) * TRACK
    return (f'<path d="{route(where[e.source], where[e.target], lanes, spread)}" '
            f'fill="none" stroke="{colour}" stroke-width="2"{dashed} '
            f'marker-end="url(#arrow-{e.kind})"><title>{_esc(names[e.source])} '
            f"{_esc(e.label)} {_esc(names[e.target])}</title></path>")


def _node(node, where) -> str:
    x, y = where[node.id]
    dashed = ' stroke-dasharray="4 3"' if node.path is None else ""
    lines = _lines_of(node.name)
    first = y + BOX_H / 2 + 5 - (len(lines) - 1) * 8
    text = "".join(f'<tspan x="{x + BOX_W / 2}" y="{first + 16 * i:.0f}">{_esc(line)}</tspan>'
                   for i, line in enumerate(lines))
    return (f'<g class="node {NODE_CLASS.get(node.kind, "n-other")}"><title>'
            f"{_esc(node.name)} ({_esc(node.kind)})</title>"
            f'<rect x="{x}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="8"{dashed}/>'
            f'<text text-anchor="middle">{text}</text></g>')


def graph_svg(graph, title: str = "Who referred whom and who gave which lead") -> Markup:
    if not graph.nodes:
        return Markup("")
    where, height = positions(graph.nodes, graph.edges)
    lanes = _channels(where)
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
    parts += [_edge(e, where, lanes, names, i) for i, e in enumerate(graph.edges)]
    parts += [_node(node, where) for node in graph.nodes]
    return Markup("".join(parts) + "</svg>")
