"""Project the RDF graph onto a networkx graph of the things an analyst reasons about.

The projection is semantic, not one node per RDF term: sources, evidence, attributions and relationship
nodes become attributes or edges, and only these six kinds of thing become nodes.

Contract (shared with the exporters; keep it stable)
----------------------------------------------------
``project(store) -> networkx.MultiDiGraph``, options keyword-only (``focus``, ``depth``, ``since``,
``until``).

Node key: the node's IRI string. Node attributes are never None; an optional one is omitted when unknown:

- ``label`` (str): the ``rdfs:label``, else the last segment of the IRI.
- ``kind`` (str): ``actor`` | ``place`` | ``agreement`` | ``provision`` | ``event`` | ``statement``.
- ``type`` (str): the most specific cf class, local name (``Person``, ``CeasefireViolation``, …).
- ``date`` (str, optional): ``2020-03-09``, or ``2020-03-05/2020-03-15`` for a range; the signing date of
  an agreement.
- ``count`` (int, optional): how many (violations, convoys) an event stands for.
- ``status`` (str, optional): ``occurred`` | ``planned`` | ``conditional``.
- ``reported_by`` (str, optional): who reports it, the labels joined with ``"; "``, sorted.

Edge key: the relationship or attribution IRI for edges that come from such a node, else ``relation``.
Edge attributes:

- ``label`` (str): human words, read from source to target ("party to", "reported by", "attributed to", …).
- ``relation`` (str): machine key, the cf property's local name (``partyTo``, ``reportedBy``, ``backs``,
  ``headOf``, …) or ``attribution`` for the event → candidate edges of an attribution.
- ``alternative`` (bool): True on the ``attribution`` edges of an "either … or …" attribution: the event was
  carried out by ONE of the targets, not by each.
- ``reported_by`` (str, optional): on relationship and attribution edges, who reports them (as on nodes).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

import networkx as nx
import pyoxigraph as ox

from ontology.errors import InputError
from ontology.namespaces import BASE, PREFIXES, curie
from ontology.terms import CLASSES, TOP_CLASSES
from ontology.text import nearest

log = logging.getLogger(__name__)

#: The kinds of node, in the order the page lists them.
KINDS: Final = ("actor", "agreement", "provision", "event", "statement", "place")
#: The kinds that carry a date the ``since``/``until`` window applies to.
DATED_KINDS: Final = ("event", "statement")


@dataclass(frozen=True)
class Relation:
    """Describe one kind of edge: its machine key, its label, and the label read backwards."""

    relation: str
    label: str
    inverse: str


#: Plain links: a cf property between two nodes becomes an edge with the same direction.
LINKS: Final = (
    Relation("partyTo", "party to", "has party"),
    Relation("supplements", "supplements", "supplemented by"),
    Relation("recalls", "recalls", "recalled by"),
    Relation("hasProvision", "has provision", "provision of"),
    Relation("signedAt", "signed at", "place of signing of"),
    Relation("reportedBy", "reported by", "reports"),
    Relation("speaker", "speaker", "said"),
    Relation("about", "about", "subject of"),
    Relation("concernsProvision", "concerns provision", "concerned by"),
    Relation("participant", "participant", "took part in"),
    Relation("performedBy", "performed by", "performed"),
    Relation("escortedParty", "escorted party", "escorted in"),
    Relation("initiatedBy", "initiated by", "initiated"),
    Relation("place", "located at", "location of"),
    Relation("destination", "destination", "destination of"),
    Relation("appliesTo", "applies to", "covered by"),
    Relation("road", "road", "road of"),
    Relation("routeFrom", "route from", "start of route of"),
    Relation("routeTo", "route to", "end of route of"),
    Relation("locatedIn", "located in", "contains"),
)
#: Relationship classes (n-ary nodes with their own evidence) → the edge they become.
RELATIONSHIPS: Final = {
    "Backing": Relation("backs", "backs", "backed by"),
    "OfficialNonBacking": Relation(
        "officiallyDoesNotBack", "officially does not back", "officially not backed by"
    ),
    "Leadership": Relation("headOf", "leads", "led by"),
    "PartOf": Relation("partOf", "part of", "has part"),
}
ATTRIBUTION: Final = Relation("attribution", "attributed to", "said to have carried out")
#: Every relation by its machine key.
RELATIONS: Final = {r.relation: r for r in (*LINKS, *RELATIONSHIPS.values(), ATTRIBUTION)}


def _kind_of_classes() -> dict[str, str]:
    """Map every cf class under one of the node kinds' top classes to that kind."""
    parents = {spec.name: [p for p in spec.parents if ":" not in p] for spec in CLASSES}
    kinds = {name.capitalize(): name for name in KINDS}
    found: dict[str, str] = {}
    for name in parents:
        top = name
        while top not in TOP_CLASSES and parents.get(top):
            top = parents[top][0]
        if top in kinds:
            found[name] = kinds[top]
    return found


#: cf class local name → node kind (``Person`` → ``actor``).
KIND_OF_TYPE: Final = _kind_of_classes()

_CF = PREFIXES["cf"]
_RDFS_LABEL = PREFIXES["rdfs"] + "label"


#: Literal and link properties read for the projection (besides the LINKS, which become edges).
_VALUE_PROPERTIES = (
    "date", "earliestDate", "latestDate", "signedOn", "count", "status", "reportedBy",
    "relationFrom", "relationTo", "attribution", "candidate",
)  # fmt: skip
_ATTRIBUTIONS = ("Attribution", "AlternativeAttribution")


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _select(store: ox.Store, query: str) -> Iterator[ox.QuerySolution]:
    # Two queries over the union graph rather than one quad pattern per property: Oxigraph removes the
    # duplicates (a fact stated in two sources) and the filtering in Rust, twice as fast at 200,000 triples.
    results = store.query(query, use_default_graph_as_union=True)
    assert isinstance(results, ox.QuerySolutions)
    yield from results


def _read(
    store: ox.Store,
) -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, dict[str, list[str]]]]:
    """Return the typed things (nodes; relationships and attributions), their labels and property values."""
    classes = sorted({*KIND_OF_TYPE, *RELATIONSHIPS, *_ATTRIBUTIONS})
    types = " ".join(f"<{_CF}{name}>" for name in classes)
    nodes: dict[str, str] = {}
    others: dict[str, str] = {}
    labels: dict[str, str] = {}
    query = f"""SELECT DISTINCT ?s ?type ?label WHERE {{
        VALUES ?type {{ {types} }} ?s a ?type . OPTIONAL {{ ?s <{_RDFS_LABEL}> ?label }} }}"""
    for row in _select(store, query):
        subject, type_name = row["s"].value, row["type"].value[len(_CF) :]
        (nodes if type_name in KIND_OF_TYPE else others)[subject] = type_name
        label = row["label"]
        if label is not None and (subject not in labels or label.value < labels[subject]):
            labels[subject] = label.value
    names = [link.relation for link in LINKS] + list(_VALUE_PROPERTIES)
    properties = " ".join(f"<{_CF}{name}>" for name in names)
    values: dict[str, dict[str, list[str]]] = {name: defaultdict(list) for name in names}
    query = f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {properties} }} ?s ?p ?o }}"
    for row in _select(store, query):
        values[row["p"].value[len(_CF) :]][row["s"].value].append(row["o"].value)
    return nodes, others, labels, values


def _dates(values: dict[str, dict[str, list[str]]]) -> dict[str, str]:
    """Return each subject's date: exact, a range ``earliest/latest``, or the signing date of an agreement."""
    dates: dict[str, str] = {}
    latest = values["latestDate"]
    for subject, earliest in values["earliestDate"].items():
        if subject in latest:
            dates[subject] = f"{min(earliest)}/{max(latest[subject])}"
    for prop in ("signedOn", "date"):
        for subject, days in values[prop].items():
            dates[subject] = min(days)
    return dates


def _date_bounds(date: str) -> tuple[str, str]:
    start, _, end = date.partition("/")
    return start, end or start


def _join(labels: list[str]) -> str:
    return "; ".join(sorted(set(labels)))


def project(
    store: ox.Store,
    *,
    focus: str | None = None,
    depth: int = 2,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> nx.MultiDiGraph:
    """Project the store's union graph onto actors, agreements, provisions, events, statements and places.

    ``since``/``until`` drop the events and statements whose date (or date range) lies wholly outside the
    window, then every node left without a link. ``focus`` (an id, CURIE or IRI) keeps the nodes within
    ``depth`` links of that node, whatever the direction. Raise InputError for an unknown focus, a window
    that ends before it starts, or a filter that leaves nothing.
    """
    if since is not None and until is not None and since > until:
        raise InputError(f"since {since} is after until {until}", value=f"{since}..{until}")
    if depth < 0:
        raise InputError(f"depth must be 0 or more, not {depth}", value=depth)
    full = graph = _full_projection(store)
    if since is not None or until is not None:
        graph = _within(full, since=since, until=until)
    if focus is not None:
        iri = resolve_focus(full, focus)
        if iri not in graph:
            raise InputError(
                f"{curie(iri)} has nothing dated in the window {since or '…'}..{until or '…'}", value=focus
            )
        keep = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), iri, cutoff=depth)
        graph = graph.subgraph(keep).copy()
    log.info("projected %d nodes and %d edges", graph.number_of_nodes(), graph.number_of_edges())
    return graph


def _full_projection(store: ox.Store) -> nx.MultiDiGraph:
    graph: nx.MultiDiGraph = nx.MultiDiGraph()
    node_types, other_types, labels, values = _read(store)
    dates = _dates(values)
    counts, statuses, reporters = values["count"], values["status"], values["reportedBy"]

    def label(iri: str) -> str:
        return labels.get(iri) or _local(iri)

    def reported_by(iri: str) -> dict[str, str]:
        names = [label(actor) for actor in reporters.get(iri, [])]
        return {"reported_by": _join(names)} if names else {}

    for iri, type_name in sorted(node_types.items()):
        attrs: dict[str, object] = {"label": label(iri), "kind": KIND_OF_TYPE[type_name], "type": type_name}
        if iri in dates:
            attrs["date"] = dates[iri]
        if iri in counts:
            attrs["count"] = max(int(value) for value in counts[iri])
        if iri in statuses:
            attrs["status"] = min(statuses[iri]).removeprefix(PREFIXES["status"])
        attrs.update(reported_by(iri))
        graph.add_node(iri, **attrs)

    for link in LINKS:
        for subject, objects in sorted(values[link.relation].items()):
            for obj in sorted(objects):
                if subject in node_types and obj in node_types:
                    graph.add_edge(
                        subject, obj, key=link.relation, label=link.label, relation=link.relation,
                        alternative=False,
                    )  # fmt: skip

    starts, ends = values["relationFrom"], values["relationTo"]
    for iri, type_name in sorted(other_types.items()):
        if type_name not in RELATIONSHIPS:
            continue
        relation = RELATIONSHIPS[type_name]
        for start in starts.get(iri, []):
            for end in ends.get(iri, []):
                if start in node_types and end in node_types:
                    graph.add_edge(
                        start, end, key=iri, label=relation.label, relation=relation.relation,
                        alternative=False, **reported_by(iri),
                    )  # fmt: skip

    candidates = values["candidate"]
    for event, attributions in sorted(values["attribution"].items()):
        if event not in node_types:
            continue
        for attribution in sorted(attributions):
            alternative = other_types.get(attribution) == "AlternativeAttribution"
            for candidate in sorted(candidates.get(attribution, [])):
                if candidate in node_types:
                    graph.add_edge(
                        event, candidate, key=f"{attribution}#{_local(candidate)}", label=ATTRIBUTION.label,
                        relation=ATTRIBUTION.relation, alternative=alternative, **reported_by(attribution),
                    )  # fmt: skip
    return graph


def _overlaps(date: str, since: dt.date | None, until: dt.date | None) -> bool:
    start, end = _date_bounds(date)
    return (since is None or end >= since.isoformat()) and (until is None or start <= until.isoformat())


def _within(graph: nx.MultiDiGraph, *, since: dt.date | None, until: dt.date | None) -> nx.MultiDiGraph:
    """Keep the dated nodes that overlap the window and the nodes still linked to something."""
    dated = [n for n, kind in graph.nodes(data="kind") if kind in DATED_KINDS]
    inside = [
        n for n in dated if "date" in graph.nodes[n] and _overlaps(graph.nodes[n]["date"], since, until)
    ]
    if not inside:
        span = date_span(graph)
        known = f"; the events and statements run from {span[0]} to {span[1]}" if span else ""
        raise InputError(
            f"no event or statement is dated between {since or 'the start'} and {until or 'the end'}{known}",
            value=f"{since or ''}..{until or ''}",
        )
    drop = set(dated) - set(inside)
    kept = graph.subgraph(n for n in graph if n not in drop).copy()
    kept.remove_nodes_from([n for n in list(kept) if kept.degree(n) == 0 and n not in inside])
    return kept


def date_span(graph: nx.MultiDiGraph) -> tuple[str, str] | None:
    """Return the first and last day the dated nodes of a projection cover, or None without any."""
    bounds = [_date_bounds(date) for _, kind, date in _dated(graph) if kind in DATED_KINDS]
    if not bounds:
        return None
    return min(b[0] for b in bounds), max(b[1] for b in bounds)


def _dated(graph: nx.MultiDiGraph) -> Iterator[tuple[str, str, str]]:
    for node, data in graph.nodes(data=True):
        if "date" in data:
            yield node, data["kind"], data["date"]


def resolve_focus(graph: nx.MultiDiGraph, focus: str) -> str:
    """Return the IRI of the node a focus names: an IRI, a CURIE (``actor:turkey``) or a bare id.

    Raise InputError naming the nearest ids when nothing matches, or the candidates when a bare id is
    ambiguous across kinds.
    """
    if focus in graph:
        return focus
    by_curie: dict[str, str] = {curie(iri): iri for iri in graph}
    if focus in by_curie:
        return by_curie[focus]
    by_id: dict[str, list[str]] = defaultdict(list)
    for iri in graph:
        by_id[_local(iri)].append(iri)
    matches = by_id.get(focus, [])
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = ", ".join(sorted(curie(m) for m in matches))
        raise InputError(f"focus id {focus!r} names several nodes: {names}; give one of these", value=focus)
    wanted = focus.removeprefix(BASE + "id/")
    close = nearest(wanted, sorted(by_id) + sorted(by_curie), n=5)
    hint = f"; nearest: {', '.join(close)}" if close else "; no node's id or name comes close"
    raise InputError(f"unknown focus id {focus!r}{hint}", value=focus)
