"""The network as a graph: who referred whom, who gave which lead, who met whom at which
event, who works where. Pure: the index's rows (index.graph_rows: notes and the ties they
claim) in, nodes and edges out; then one person's neighbourhood (focus) and the top nodes
of a large graph (collapse). Renderers: vaultkit.insight.graph_formats."""

from __future__ import annotations

import heapq
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple

EDGE_KINDS = ("referral", "lead", "event", "work")
NODE_KINDS = ("contact", "lead", "event", "org", "name", "note")  # name: a name, no note

# key of a tie -> (edge kind, label, the tie runs from the named one to the holder?, the
# kind of node a name without a note is).
_TIES = {
    "referred_by": ("referral", "referred", True, "name"),
    "referral": ("referral", "referred", False, "name"),
    "source": ("lead", "gave lead", True, "name"),
    "contacts": ("lead", "part of", True, "name"),
    "met_at": ("event", "met at", False, "event"),
    "attendees": ("event", "met at", True, "name"),
    "company": ("work", "works at", False, "org"),
}


class Node(NamedTuple):
    id: str  # a note's path, or `KIND:name` (lower-cased) for a name without a note
    name: str
    kind: str
    path: str | None
    influence: int | None


class Edge(NamedTuple):
    source: str
    target: str
    kind: str
    label: str
    via: tuple[str, ...]  # where the vault says so: `path:line`, sorted


@dataclass(frozen=True)
class Graph:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    focus: str | None = None
    omitted_nodes: int = 0
    omitted_edges: int = 0


def build(rows, kinds: Iterable[str] = EDGE_KINDS, today: str | None = None) -> Graph:
    """The graph of `rows` (notes and ties) with the edges of `kinds`; only nodes on an
    edge (a note tied to nothing is not drawn). An event after `today` (YYYY-MM-DD) is
    one its people `will be at`, unless a #met entry says you met there."""
    wanted = set(kinds)
    nodes: dict[str, Node] = {}
    edges: dict[tuple[str, str, str, str], set[str]] = {}
    for tie in rows.ties:
        holder = rows.notes[tie.path]
        kind, label, inward, plain = _meaning(tie.key, holder.kind)
        if kind not in wanted:
            continue
        other = _other(tie, plain, rows.notes, nodes)
        if other.id == holder.path:
            continue  # a note naming itself ties nothing
        if other.id not in nodes:
            nodes[other.id] = other
        if holder.path not in nodes:
            nodes[holder.path] = _note(holder)
        ends = (other.id, holder.path) if inward else (holder.path, other.id)
        if kind == "event" and tie.key != "met" and _later(rows.notes.get(ends[1]), today):
            label = "will be at"
        edges.setdefault((*ends, kind, label), set()).add(f"{tie.path}:{tie.line}")
    _fold_part_of(edges)
    return Graph(tuple(nodes.values()), tuple(
        Edge(a, b, kind, label, tuple(sorted(via)))
        for (a, b, kind, label), via in edges.items()))  # in order once cut (collapse)


def _fold_part_of(edges: dict[tuple[str, str, str, str], set[str]]) -> None:
    """A lead's source that is also one of its `contacts:` gave the lead: one edge."""
    for key in [k for k in edges if k[3] == "part of"]:
        gave = (key[0], key[1], "lead", "gave lead")
        if gave in edges:
            edges[gave] |= edges.pop(key)


def _later(event, today: str | None) -> bool:
    return (today is not None and event is not None and event.kind == "event"
            and isinstance(event.day, str) and event.day > today)


def _meaning(key: str, holder_kind: str) -> tuple[str, str, bool, str]:
    if key == "met":  # a #met entry: a contact's names an event, an event's a person
        return ("event", "met at", holder_kind == "event",
                "name" if holder_kind == "event" else "event")
    return _TIES[key]


def _note(note) -> Node:
    return Node(note.path, note.name, note.kind, note.path, note.influence)


def _other(tie, plain: str, notes, seen: dict[str, Node]) -> Node:
    """The node a tie names: its note, or the name itself. A company names an org note
    only (`company: Initech` beside a contact called Initech is a company of that name)."""
    note = notes.get(tie.resolved) if tie.resolved else None
    if note is not None and (tie.key != "company" or note.kind == "org"):
        return seen.get(note.path) or _note(note)
    shown = " ".join(tie.target.split())
    return Node(f"{plain}:{shown.casefold()}", shown, plain, None, None)


def _graph(nodes: Iterable[Node], edges: Iterable[Edge], focus: str | None = None,
           omitted: tuple[int, int] = (0, 0)) -> Graph:
    ordered = sorted(nodes, key=_order)
    place = {node.id: i for i, node in enumerate(ordered)}
    return Graph(tuple(ordered),
                 tuple(sorted(edges, key=lambda e: (place[e.source], place[e.target],
                                                    e.kind, e.label))),
                 focus, *omitted)


def _order(node: Node) -> tuple:
    return (NODE_KINDS.index(node.kind) if node.kind in NODE_KINDS else len(NODE_KINDS),
            node.name.casefold(), node.id)


def neighbourhood(graph: Graph, centre: Node, depth: int) -> Graph:
    """The nodes within `depth` edges of `centre` (either way), and the edges among them;
    `centre` is in it even when it has no edge."""
    near = {centre.id: 0}
    around: dict[str, list[str]] = {}
    for edge in graph.edges:
        around.setdefault(edge.source, []).append(edge.target)
        around.setdefault(edge.target, []).append(edge.source)
    queue = deque([centre.id])
    while queue:
        here = queue.popleft()
        if near[here] >= depth:
            continue
        for there in around.get(here, ()):
            if there not in near:
                near[there] = near[here] + 1
                queue.append(there)
    nodes = [n for n in graph.nodes if n.id in near]
    if centre.id not in {n.id for n in nodes}:
        nodes.append(centre)
    edges = [e for e in graph.edges if e.source in near and e.target in near]
    return _graph(nodes, edges, centre.id)


def collapse(graph: Graph, top: int) -> Graph:
    """A graph of more than `top` nodes cut to the `top` of most influence, then most
    edges (the focus always stays), with the count of what was left out."""
    if len(graph.nodes) <= top:
        return _graph(graph.nodes, graph.edges, graph.focus,
                      (graph.omitted_nodes, graph.omitted_edges))
    degree: Counter[str] = Counter()
    for edge in graph.edges:
        degree[edge.source] += 1
        degree[edge.target] += 1
    ranked = heapq.nsmallest(top, graph.nodes, key=lambda n: (
        n.id != graph.focus, -(n.influence or 0), -degree[n.id], *_order(n)))
    kept = {n.id for n in ranked}
    edges = [e for e in graph.edges if e.source in kept and e.target in kept]
    result = _graph([n for n in graph.nodes if n.id in kept], edges, graph.focus,
                    (len(graph.nodes) - len(kept), len(graph.edges) - len(edges)))
    return replace(result, omitted_nodes=result.omitted_nodes + graph.omitted_nodes,
                   omitted_edges=result.omitted_edges + graph.omitted_edges)
