"""The graph (insight.graph) as JSON, Mermaid and Graphviz DOT. Pure text: nothing here
runs Mermaid or Graphviz.

Node ids in Mermaid and DOT are made, never taken from names: `n_` + the name's ASCII
letters and digits + a short hash of the node's id — safe in both languages (no spaces,
quotes, brackets, keywords), and stable while the vault changes around a node. Names are
shown as labels, escaped for each language (docs/commands.md)."""

from __future__ import annotations

import hashlib
import re

SCHEMA_VERSION = 1
FORMATS = ("mermaid", "dot", "json")

# Per kind of node: its Mermaid shape (open, close), and a fill and a border colour that
# read in light and dark themes (dark text on a light fill, whatever the theme's text).
_SHAPES = {"contact": ("(", ")"), "lead": ("[", "]"), "event": ("{{", "}}"),
           "org": ("[[", "]]"), "name": ("(", ")"), "note": ("[", "]")}
_COLOURS = {"contact": ("#dbe8fb", "#3b6cb4"), "lead": ("#fde9c8", "#b87300"),
            "event": ("#d8f1e2", "#2e7d4f"), "org": ("#eadcf7", "#7646a3"),
            "name": ("#f4f4f4", "#8a8a8a"), "note": ("#eeeeee", "#666666")}
_DOT_SHAPES = {"contact": "box", "lead": "note", "event": "hexagon", "org": "box3d",
               "name": "box", "note": "box"}


def as_json(graph) -> dict:
    """`{schema_version, focus, nodes, edges, omitted}` (docs/commands.md)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "focus": graph.focus,
        "nodes": [{"id": n.id, "name": n.name, "kind": n.kind, "path": n.path,
                   "influence": n.influence} for n in graph.nodes],
        "edges": [{"from": e.source, "to": e.target, "kind": e.kind, "label": e.label,
                   "via": list(e.via)} for e in graph.edges],
        "omitted": {"nodes": graph.omitted_nodes, "edges": graph.omitted_edges},
    }


def safe_ids(graph) -> dict[str, str]:
    """Node id -> an id safe in Mermaid and DOT, unique in the graph."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for node in graph.nodes:
        slug = re.sub(r"[^A-Za-z0-9]+", "_", node.name).strip("_")[:24]
        digest = hashlib.sha1(node.id.encode("utf-8")).hexdigest()
        size = 6
        while (made := f"n_{slug}_{digest[:size]}" if slug else f"n_{digest[:size]}") in taken:
            size += 1
        taken.add(made)
        out[node.id] = made
    return out


def _summary(graph) -> list[str]:
    lines = [f"vaultkit graph: {len(graph.nodes)} nodes, {len(graph.edges)} edges"]
    if graph.omitted_nodes or graph.omitted_edges:
        lines.append(f"left out: {graph.omitted_nodes} nodes and {graph.omitted_edges} "
                     "edges (the top nodes by influence, then edges, are shown)")
    return lines


# --- Mermaid ------------------------------------------------------------------------------

def mermaid_label(text: str) -> str:
    """`text` inside a Mermaid "quoted" label: entity codes for what Mermaid would read
    (quotes, `#` that starts an entity, `<>&` that HTML labels would, backticks that start
    Markdown), and no line breaks."""
    text = " ".join(text.split())
    out = []
    for char in text:
        if char in '#"<>&`' or ord(char) < 32:
            out.append(f"#{ord(char)};")
        else:
            out.append(char)
    return "".join(out)


def mermaid(graph, fenced: bool = False) -> str:
    """A `flowchart LR`, one line per node and edge, a class per kind of node and one
    (dashed) for names without a note; what was left out in a `%%` comment."""
    ids = safe_ids(graph)
    lines = ["flowchart LR"] + [f"  %% {line}" for line in _summary(graph)]
    for node in graph.nodes:
        start, end = _SHAPES.get(node.kind, ("[", "]"))
        lines.append(f'  {ids[node.id]}{start}"{mermaid_label(node.name)}"{end}')
    for edge in graph.edges:
        lines.append(f"  {ids[edge.source]} -->|{edge.label}| {ids[edge.target]}")
    for kind, (fill, stroke) in _COLOURS.items():
        lines.append(f"  classDef {kind} fill:{fill},stroke:{stroke},color:#1a1a1a")
    lines.append("  classDef nonote stroke-dasharray:4 3")
    for kind in (*_COLOURS, "nonote"):
        members = [ids[n.id] for n in graph.nodes
                   if (n.kind == kind if kind != "nonote" else n.path is None)]
        if members:
            lines.append(f"  class {','.join(members)} {kind}")
    text = "\n".join(lines) + "\n"
    return f"```mermaid\n{text}```\n" if fenced else text


# --- Graphviz DOT -------------------------------------------------------------------------

_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


def dot_string(text: str) -> str:
    """`text` as a DOT "quoted" string shown as it is: backslashes doubled (else `\\N`
    and `\\n` would be read as escapes in a label), quotes escaped, no line breaks."""
    text = " ".join(_CONTROLS.sub(" ", text).split())  # Graphviz stops at a NUL
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot(graph) -> str:
    """A `digraph`, left to right, a shape and colour per kind of node (names without a
    note dashed); what was left out in a `//` comment."""
    ids = safe_ids(graph)
    lines = ["digraph vaultkit {"] + [f"  // {line}" for line in _summary(graph)]
    lines += ['  graph [rankdir=LR, fontname="Helvetica"];',
              '  node [fontname="Helvetica", style="filled"];',
              '  edge [fontname="Helvetica", fontsize=10];']
    for node in graph.nodes:
        fill, stroke = _COLOURS.get(node.kind, _COLOURS["note"])
        style = ', style="filled,dashed"' if node.path is None else ""
        lines.append(f"  {ids[node.id]} [label={dot_string(node.name)}, "
                     f"shape={_DOT_SHAPES.get(node.kind, 'box')}, fillcolor=\"{fill}\", "
                     f"color=\"{stroke}\"{style}];")
    for edge in graph.edges:
        lines.append(f"  {ids[edge.source]} -> {ids[edge.target]} "
                     f"[label={dot_string(edge.label)}];")
    return "\n".join(lines + ["}"]) + "\n"
