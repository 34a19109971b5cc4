"""The network as a graph, for `Vault` (a mixin of it): read from the index alone
(index.graph_rows), built and cut by insight.graph, rendered by insight.graph_formats —
each loaded when a graph is first asked for (`# edge:`), not at every command's start."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from vaultkit.cycles import no_cycle_collection

if TYPE_CHECKING:
    from vaultkit.insight.graph import Graph

DEPTH = 2  # --focus: how many edges away
TOP = 60  # nodes at most before a graph collapses to the top by influence


class GraphReads:
    """`graph()` and `graph_text()`; the class `Vault` is made of."""

    def graph(self, focus: str | None = None, depth: int = DEPTH,
              kinds: Iterable[str] | None = None, top: int = TOP,
              today: dt.date | None = None) -> Graph:
        """Who referred whom, gave which lead, met at which event (after `today`: will be
        at), works where: the edges of `kinds` (None: all four); with `focus` (a name as
        `find` takes it) the nodes within `depth` of that note; more than `top` nodes
        collapse to the top by influence, then edges."""
        from vaultkit.index.graph_rows import graph_rows  # edge: only a graph reads them
        from vaultkit.insight import graph as _graph  # edge: as graph_rows

        centre = self.find(focus).path if focus is not None else None
        kinds = _graph.EDGE_KINDS if kinds is None else kinds
        with no_cycle_collection():  # tens of thousands of small objects, none in a cycle
            rows = graph_rows(self.conn)
            whole = _graph.build(rows, kinds, (today or dt.date.today()).isoformat())
            if centre is not None:
                note = rows.notes[centre]
                whole = _graph.neighbourhood(whole, _graph.Node(
                    note.path, note.name, note.kind, note.path, note.influence), depth)
            return _graph.collapse(whole, top)

    @staticmethod
    def graph_text(graph: Graph, fmt: str = "mermaid", fenced: bool = False) -> str:
        """The graph as `fmt`: mermaid (in a ```mermaid fence with `fenced`), dot, json."""
        from vaultkit.insight.graph_formats import as_json, dot, mermaid  # edge: as graph

        if fmt == "json":
            return json.dumps(as_json(graph), ensure_ascii=False, indent=2) + "\n"
        return dot(graph) if fmt == "dot" else mermaid(graph, fenced)
