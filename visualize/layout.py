"""Lay out large projections in Python, so that the browser draws them without running its physics.

vis-network's physics needs minutes to settle 1,500 nodes; above ``PHYSICS_LIMIT`` nodes the page gets fixed
positions instead. networkx's force-directed layouts need numpy/scipy (not dependencies of ceasefire-kg)
and cost O(n²) per iteration, too slow at 10,000 nodes, so this is a radial layout over networkx's
breadth-first search: each connected component is a set of rings around its most central node (a ring too
full becomes an annulus), each node placed in the angular slice of the node it was reached from, and the
components are packed in rows.
It runs in linear time.
"""

from __future__ import annotations

import math

import networkx as nx

#: Above this many nodes the page uses these positions and turns physics off.
PHYSICS_LIMIT = 1000
#: Distance between two neighbouring nodes on a ring, and between two rings (vis-network pixels).
NODE_GAP = 36.0
RING_GAP = 140.0
GOLDEN = (math.sqrt(5) - 1) / 2


def needs_fixed_layout(graph: nx.MultiDiGraph) -> bool:
    """Tell whether a projection is too large for the browser's physics."""
    return bool(graph.number_of_nodes() > PHYSICS_LIMIT)


def radial_layout(graph: nx.MultiDiGraph, *, scores: dict[str, float]) -> dict[str, tuple[float, float]]:
    """Return a position for every node: rings around each component's most central node, packed in rows."""
    # Built from the edge list: converting the multigraph's undirected view takes seconds at 50,000 links.
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    simple.add_edges_from(graph.edges())
    components = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))
    laid = [_rings(simple, component, scores) for component in components]
    return _pack(laid)


def _rings(
    simple: nx.Graph, component: set[str], scores: dict[str, float]
) -> tuple[dict[str, tuple[float, float]], float]:
    """Lay out one component around its most central node; return the positions and the radius."""
    root = max(component, key=lambda n: (scores.get(n, 0.0), n))
    parent: dict[str, str] = {}
    depth_of = {root: 0}
    layers: list[list[str]] = [[root]]
    for u, v in nx.bfs_edges(simple, root, sort_neighbors=sorted):
        parent[v] = u
        depth = depth_of[v] = depth_of[u] + 1
        if depth == len(layers):
            layers.append([])
        layers[depth].append(v)
    positions: dict[str, tuple[float, float]] = {root: (0.0, 0.0)}
    angle: dict[str, float] = {root: 0.0}
    radius = 0.0
    for depth, layer in enumerate(layers[1:], start=1):
        # Children follow the angular order of their parents, so subtrees stay in one slice of the ring.
        layer.sort(key=lambda n: (angle[parent[n]], n))
        inner = radius + RING_GAP
        offset = angle[parent[layer[0]]] if depth > 1 else 0.0
        band = len(layer) * NODE_GAP > 2 * math.pi * inner
        # Too many for one ring: spread them over an annulus of the area they need, still in angular order,
        # at radii from a golden-ratio sequence (even, without the spokes of a regular pattern). One ring
        # would make the drawing as wide as the number of nodes, and every node a speck.
        outer = math.sqrt(inner * inner + len(layer) * NODE_GAP * NODE_GAP / math.pi) if band else inner
        step = 2 * math.pi / len(layer)
        for index, node in enumerate(layer):
            theta = offset + index * step
            spread = (index * GOLDEN) % 1.0
            r = math.sqrt(inner * inner + spread * (outer * outer - inner * inner)) if band else inner
            angle[node] = theta
            positions[node] = (r * math.cos(theta), r * math.sin(theta))
        radius = outer
    return positions, radius


def _pack(laid: list[tuple[dict[str, tuple[float, float]], float]]) -> dict[str, tuple[float, float]]:
    """Place the laid-out components in rows, largest first, the rows about as wide as they are tall."""
    if not laid:
        return {}
    cells = [2 * radius + RING_GAP for _, radius in laid]
    width = max(max(cells), math.sqrt(sum(c * c for c in cells)))
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for (component, _), cell in zip(laid, cells, strict=True):
        if x > 0 and x + cell > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        centre = (x + cell / 2, y + cell / 2)
        for node, (px, py) in component.items():
            positions[node] = (round(centre[0] + px, 1), round(centre[1] + py, 1))
        x += cell
        row_height = max(row_height, cell)
    return positions
