"""Project the RDF graph onto a networkx graph of the things an analyst reasons about.

The projection is semantic, not one node per RDF term: sources, evidence, accounts, attributions and
relationship nodes become attributes or edges, and only these six kinds of thing become nodes.

Contract (shared with the exporters; keep it stable)
----------------------------------------------------
``project(store) -> networkx.MultiDiGraph``, options keyword-only (``focus``, ``depth``, ``since``,
``until``).

Node key: the node's IRI string. Node attributes are never None; an optional one is omitted when unknown:

- ``label`` (str): the ``rdfs:label``, else the last segment of the IRI.
- ``kind`` (str): ``actor`` | ``place`` | ``agreement`` | ``provision`` | ``event`` | ``statement``.
- ``type`` (str): the most specific cf class, local name (``Person``, ``CeasefireViolation``, …).
- ``date`` (str, optional): ``2020-03-09``, or ``2020-03-05/2020-03-15`` for a span of days; the signing
  date of an agreement. For an event, the span over all its accounts' days, ranges and periods (and the
  periods of their casualty figures): from the first day any of them names to the last.
- ``count`` (int, optional): how many (violations, convoys) an event stands for, according to its most
  recent account that gives a number of them.
- ``status`` (str, optional): the status of the event's most recent account: ``occurred`` | ``planned`` |
  ``conditional`` | ``cancelled`` | ``denied``. "Most recent" is by the account's source's publication
  date (a source dated by a range counts as its latest day; ties go by reporter name, then account IRI).
- ``statuses`` (str, optional): every distinct status the event's accounts give, sorted, joined with
  ``"; "`` (``occurred; planned``).
- ``reported_by`` (str, optional): who reports it, the labels joined with ``"; "``, sorted; for an event,
  every reporter of any of its accounts.
- ``accounts`` (int, events only): how many accounts the event has.
- ``disputed`` (bool, events only): True when two accounts of what happened (occurred, cancelled, denied;
  a plan disputes nothing) give different values for any of status, date, count, place, destination,
  perpetrators or a casualty figure (an account that leaves a property out asserts nothing about it; see
  ``visualize.accounts``), as the ``disputed_facts`` query lists them.
- ``disputed_on`` (str, optional): the properties they disagree on, joined with ``"; "`` (``status; count``;
  a casualty figure by what it counts and whose: ``killed of Turkish Armed Forces``).

Edge key: the relationship or attribution IRI for edges that come from such a node, else ``relation``.
Edge attributes:

- ``label`` (str): human words, read from source to target ("party to", "reported by", "attributed to", …).
- ``relation`` (str): machine key, the cf property's local name (``partyTo``, ``reportedBy``, ``backs``,
  ``headOf``, …) or ``attribution`` for the event → candidate edges of an attribution, ``deniedAttribution``
  when the account is a denial ("did not carry out any violations": the candidates are said NOT to have).
- ``alternative`` (bool): True on the ``attribution`` edges of an "either … or …" attribution: the event was
  carried out by ONE of the targets, not by each.
- ``reported_by`` (str, optional): on relationship and attribution edges, and on an event's links that come
  from its accounts (place, participants, provisions…), who reports them (as on nodes).

``since``/``until`` keep an event when any of its accounts' days, ranges or periods overlaps the window.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import networkx as nx
import pyoxigraph as ox

from ontology.errors import InputError
from ontology.namespaces import BASE, PREFIXES, curie
from ontology.terms import CLASSES, TOP_CLASSES
from ontology.text import nearest

from .accounts import Account, Span, disputed_properties, latest, read_accounts
from .centrality import PROVENANCE_RELATIONS
from .reading import restricted, select, together
from .reading import values as values_of

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
    Relation("violatesProvision", "violates", "violated by"),
    Relation("implementsProvision", "implements", "implemented by"),
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
#: The perpetrators of a denied account: the reporter says they did NOT do it ("did not carry out any
#: violations"), which an "attributed to" edge would read backwards.
DENIED_ATTRIBUTION: Final = Relation("deniedAttribution", "denied of", "said not to have carried out")
#: Every relation by its machine key.
RELATIONS: Final = {r.relation: r for r in (*LINKS, *RELATIONSHIPS.values(), ATTRIBUTION, DENIED_ATTRIBUTION)}


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
    "date", "earliestDate", "latestDate", "signedOn", "reportedBy", "relationFrom", "relationTo",
    "attribution", "candidate",
)  # fmt: skip
_ATTRIBUTIONS = ("Attribution", "AlternativeAttribution")
#: The provision links that say how an event stands to the provision; a plain "concerns" link beside one
#: of them (the superproperty, if a graph states it too) says nothing more.
_POLAR_PROVISION_LINKS = ("violatesProvision", "implementsProvision")


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@dataclass(frozen=True)
class Things:
    """The typed things of a store: the nodes and the other things they are linked through, and labels."""

    #: Node IRI → its cf class (local name).
    nodes: dict[str, str]
    #: Relationship and attribution IRI → its cf class.
    others: dict[str, str]
    #: The first ``rdfs:label`` of each thing that has one.
    labels: dict[str, str]

    def label(self, iri: str) -> str:
        """Return a thing's label as a node shows it: its ``rdfs:label``, else its IRI's last segment."""
        return self.labels.get(iri) or _local(iri)


Values = dict[str, dict[str, list[str]]]


def read_things(store: ox.Store) -> Things:
    """Return every node of the projection and every relationship and attribution, with their labels.

    Two scans, joined here: the typed things, and every label. A label looked up as an OPTIONAL of each
    thing costs a read of the store per thing (2.7 s at four million triples, against 1.7 s for both scans).
    """
    classes = sorted({*KIND_OF_TYPE, *RELATIONSHIPS, *_ATTRIBUTIONS})
    types = " ".join(f"<{_CF}{name}>" for name in classes)
    nodes: dict[str, str] = {}
    others: dict[str, str] = {}
    for row in select(store, f"SELECT DISTINCT ?s ?type WHERE {{ VALUES ?type {{ {types} }} ?s a ?type }}"):
        subject, type_name = row["s"].value, row["type"].value[len(_CF) :]
        (nodes if type_name in KIND_OF_TYPE else others)[subject] = type_name
    labels: dict[str, str] = {}
    for row in select(store, f"SELECT ?s ?label WHERE {{ ?s <{_RDFS_LABEL}> ?label }}"):
        subject, label = row["s"].value, row["label"].value
        if (subject in nodes or subject in others) and (subject not in labels or label < labels[subject]):
            labels[subject] = label
    return Things(nodes, others, labels)


#: Every property the projection reads; of an account, only its links (the rest are its ``Account``'s).
_PROPERTIES = (*(link.relation for link in LINKS), *_VALUE_PROPERTIES)
_ACCOUNT_LINKS = (*(link.relation for link in LINKS), "attribution")


def _read_values(
    store: ox.Store, subjects: Collection[str] | None = None, *, names: Sequence[str] = _PROPERTIES
) -> Values:
    """Return the values of the projection's properties (or of ``names``), of every subject or of these."""
    # One query over the union graph rather than one quad pattern per property: Oxigraph removes the
    # duplicates (a fact stated in two sources) and the filtering in Rust, twice as fast at 200,000 triples.
    properties = [f"<{_CF}{name}>" for name in names]
    found: Values = {name: defaultdict(list) for name in _PROPERTIES}
    pattern = f"VALUES ?p {{ {' '.join(properties)} }} ?s ?p ?o"
    if subjects is None:
        query = f"SELECT DISTINCT ?s ?p ?o WHERE {{ {pattern} }}"
    else:
        lookup = f"?s ?p ?o FILTER(?p IN ({', '.join(properties)}))"
        of_subjects = restricted("s", subjects, lookup=lookup, scan=pattern)
        query = f"SELECT DISTINCT ?s ?p ?o WHERE {{ {of_subjects} }}"
    for row in select(store, query):
        found[row["p"].value[len(_CF) :]][row["s"].value].append(row["o"].value)
    return found


def _merge(into: Values, more: Values) -> None:
    for name, by_subject in more.items():
        for subject, objects in by_subject.items():
            into[name][subject].extend(objects)


def _linked_pairs(relations: Collection[str]) -> str:
    """Return a sub-SELECT of the pairs ``?from ?o`` of distinct nodes the projection links, one way each.

    Links of ``relations`` (an event's through its accounts), relationships and attributions: the ends of
    the projection's edges, without projecting it (sub-SELECTs, joined by hashing: see ``reading``).
    """
    types = " ".join(f"<{_CF}{name}>" for name in sorted(KIND_OF_TYPE))
    relationships = " ".join(f"<{_CF}{name}>" for name in sorted(RELATIONSHIPS))
    links = " ".join(f"<{_CF}{name}>" for name in sorted(relations))
    # An account's links are its event's: ?from is the subject, or what the subject is an account of.
    owner = (
        f"OPTIONAL {{ SELECT ?s ?owner WHERE {{ ?s <{_CF}accountOf> ?owner }} }} "
        "BIND(COALESCE(?owner, ?s) AS ?from)"
    )
    parts = (
        f"{{ {{ SELECT ?s ?o WHERE {{ VALUES ?p {{ {links} }} ?s ?p ?o }} }} {owner} }}",
        f"""{{ {{ SELECT ?r ?from WHERE {{ ?r <{_CF}relationFrom> ?from }} }}
            {{ SELECT ?r ?o WHERE {{ ?r <{_CF}relationTo> ?o }} }}
            {{ SELECT ?r WHERE {{ VALUES ?type {{ {relationships} }} ?r a ?type }} }} }}""",
        f"""{{ {{ SELECT ?s ?o WHERE {{ ?s <{_CF}attribution> ?at . ?at <{_CF}candidate> ?o }} }}
            {owner} }}""",
    )
    return f"""{{ SELECT DISTINCT ?from ?o WHERE {{
        {" UNION ".join(parts)}
        {{ SELECT ?from WHERE {{ VALUES ?type {{ {types} }} ?from a ?type }} }}
        {{ SELECT ?o WHERE {{ VALUES ?type {{ {types} }} ?o a ?type }} }}
        FILTER(?from != ?o)
      }} }}"""


def linked_counts(store: ox.Store) -> dict[str, int]:
    """Return how many distinct nodes each node of the projection is linked to, counted in the store.

    The same count as the degree of ``visualize.centrality.linked_graph`` over ``project(store)`` (links
    between two nodes either way: an event's through its accounts, relationships, attributions; no link of a
    node to itself, no ``PROVENANCE_RELATIONS``), without projecting the graph: at 1M triples the query takes
    a second or two where the projection takes ten. A node linked to nothing is left out.
    """
    pairs = _linked_pairs([link.relation for link in LINKS if link.relation not in PROVENANCE_RELATIONS])
    query = f"""SELECT ?n (COUNT(DISTINCT ?m) AS ?links) WHERE {{ {pairs}
      {{ BIND(true AS ?forward) }} UNION {{ BIND(false AS ?forward) }}
      BIND(IF(?forward, ?from, ?o) AS ?n)
      BIND(IF(?forward, ?o, ?from) AS ?m)
    }} GROUP BY ?n"""
    return {row["n"].value: int(row["links"].value) for row in select(store, query)}


def neighbourhood(store: ox.Store, centre: str, depth: int) -> dict[str, int]:
    """Return the nodes within ``depth`` links of a node, either way, with their distance, walking the store.

    The nodes ``project(store, focus=centre, depth=depth)`` keeps (without a window), found hop by hop: each
    hop reads the links of the nodes the last one reached, not the whole graph.
    """
    pairs = _linked_pairs([link.relation for link in LINKS])
    distance = {centre: 0}
    frontier = [centre]
    for hop in range(1, depth + 1):
        if not frontier:
            break
        query = f"""SELECT DISTINCT ?m WHERE {{
            {{ {values_of("from", frontier)} {pairs} BIND(?o AS ?m) }}
            UNION {{ {values_of("o", frontier)} {pairs} BIND(?from AS ?m) }} }}"""
        frontier = [row["m"].value for row in select(store, query) if row["m"].value not in distance]
        distance.update(dict.fromkeys(frontier, hop))
    return distance


def _dates(values: dict[str, dict[str, list[str]]]) -> dict[str, str]:
    """Return each subject's own date: exact, a range ``earliest/latest``, or an agreement's signing date."""
    dates: dict[str, str] = {}
    latest_days = values["latestDate"]
    for subject, earliest in values["earliestDate"].items():
        if subject in latest_days:
            dates[subject] = f"{min(earliest)}/{max(latest_days[subject])}"
    for prop in ("signedOn", "date"):
        for subject, days in values[prop].items():
            dates[subject] = min(days)
    return dates


def _date_bounds(date: str) -> tuple[str, str]:
    start, _, end = date.partition("/")
    return start, end or start


def _join(labels: Iterable[str]) -> str:
    return "; ".join(sorted(set(labels)))


def summarise_accounts(accounts: Sequence[Account]) -> dict[str, object]:
    """Return the node attributes an event takes from its accounts (see the module's contract).

    ``accounts`` are in the order of their sources' dates, as ``read_accounts`` returns them.
    """
    attrs: dict[str, object] = {}
    spans = [span for account in accounts for span in account.spans]
    if spans:
        attrs["date"] = Span(min(s.start for s in spans), max(s.end for s in spans)).date
    with_status = [a for a in accounts if a.status is not None]
    if with_status:
        attrs["status"] = latest(with_status).status
        attrs["statuses"] = _join(str(a.status) for a in with_status)
    counted = [a.count.value for a in accounts if a.count is not None and a.count.value is not None]
    if counted:
        attrs["count"] = counted[-1]
    reporters = [a.reporter_label for a in accounts if a.reporter_label]
    if reporters:
        attrs["reported_by"] = _join(reporters)
    attrs["accounts"] = len(accounts)
    disputed = disputed_properties(accounts)
    attrs["disputed"] = bool(disputed)
    if disputed:
        attrs["disputed_on"] = "; ".join(disputed)
    return attrs


def project(
    store: ox.Store,
    *,
    focus: str | None = None,
    depth: int = 2,
    since: dt.date | None = None,
    until: dt.date | None = None,
    accounts: Mapping[str, list[Account]] | None = None,
) -> nx.MultiDiGraph:
    """Project the store's union graph onto actors, agreements, provisions, events and statements, and places.

    ``since``/``until`` drop the statements whose date (or date range) lies wholly outside the window and
    the events none of whose accounts' days, ranges or periods overlaps it, then every node left without a
    link. ``focus`` (an id, CURIE or IRI) keeps the nodes within ``depth`` links of that node, whatever the
    direction. ``accounts`` are the store's as ``read_accounts`` returns them, when the caller has them
    already. Raise InputError for an unknown focus, a window that ends before it starts, or a filter that
    leaves nothing.
    """
    if since is not None and until is not None and since > until:
        raise InputError(f"since {since} is after until {until}", value=f"{since}..{until}")
    if depth < 0:
        raise InputError(f"depth must be 0 or more, not {depth}", value=depth)
    every = read_accounts(store) if accounts is None else accounts
    full, spans = _assemble(read_things(store), _read_values(store), every)
    graph = full
    if since is not None or until is not None:
        graph = _within(full, spans, since=since, until=until)
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


@dataclass(frozen=True)
class Projection:
    """The projection of some nodes, and the accounts read for it (of its events and relationships)."""

    graph: nx.MultiDiGraph
    accounts: dict[str, list[Account]]


def project_nodes(store: ox.Store, nodes: Collection[str], *, things: Things | None = None) -> Projection:
    """Project only these nodes: the subgraph of ``project(store)`` on them, reading only what it needs.

    What is read is each node's values and accounts, and those of the relationships and attributions that
    link two of them: a page of 10,000 nodes out of 30,000 reads a third of what the whole projection does.
    ``things`` are the store's as ``read_things`` returns them, when the caller has them already.
    """
    things = read_things(store) if things is None else things
    kept = {iri: things.nodes[iri] for iri in nodes if iri in things.nodes}
    relationships = [iri for iri, type_name in things.others.items() if type_name in RELATIONSHIPS]
    between = _read_values(store, relationships)
    linking = [
        iri for iri in relationships
        if any(a in kept for a in between["relationFrom"].get(iri, ()))
        and any(b in kept for b in between["relationTo"].get(iri, ()))
    ]  # fmt: skip
    accounts, found = together(
        lambda: read_accounts(store, of=[*kept, *linking]), lambda: _read_values(store, {*kept, *linking})
    )
    told = {account.iri for items in accounts.values() for account in items}
    _merge(found, _read_values(store, told, names=_ACCOUNT_LINKS))
    read = {*kept, *linking, *told}
    attributions = {a for objects in found["attribution"].values() for a in objects} - read
    _merge(found, _read_values(store, attributions))
    graph, _ = _assemble(Things(kept, things.others, things.labels), found, accounts)
    return Projection(graph, accounts)


def _assemble(
    things: Things, values: Values, accounts: Mapping[str, list[Account]]
) -> tuple[nx.MultiDiGraph, dict[str, list[Span]]]:
    """Return the projection of the things' nodes and the times each dated node speaks of (for the window).

    Only links between two of ``things.nodes`` become edges: given some of the nodes, and the values of them,
    of their accounts and of what links them, it is the subgraph of the whole projection on those nodes.
    """
    graph: nx.MultiDiGraph = nx.MultiDiGraph()
    node_types, other_types, label = things.nodes, things.others, things.label
    account_by_iri = {account.iri: account for told in accounts.values() for account in told}
    dates = _dates(values)
    reporters = values["reportedBy"]
    spans: dict[str, list[Span]] = {}

    def reported_by(names: Iterable[str]) -> dict[str, str]:
        joined = _join(names)
        return {"reported_by": joined} if joined else {}

    for iri, type_name in sorted(node_types.items()):
        kind = KIND_OF_TYPE[type_name]
        attrs: dict[str, object] = {"label": label(iri), "kind": kind, "type": type_name}
        if kind == "event" or iri in accounts:
            told = accounts.get(iri, [])
            attrs.update(summarise_accounts(told))
            spans[iri] = [span for account in told for span in account.spans]
        else:
            if iri in dates:
                attrs["date"] = dates[iri]
                spans[iri] = [Span(*_date_bounds(dates[iri]))]
            attrs.update(reported_by(label(actor) for actor in reporters.get(iri, [])))
        graph.add_node(iri, **attrs)

    # An event's links come from its accounts: one edge per (event, target, relation), with every reporter
    # whose account gives it.
    links: dict[tuple[str, str, str], set[str]] = {}
    for link in LINKS:
        for subject, objects in values[link.relation].items():
            account = account_by_iri.get(subject)
            owner = account.of if account is not None else subject
            if owner not in node_types:
                continue
            for obj in objects:
                if obj in node_types:
                    names = links.setdefault((owner, obj, link.relation), set())
                    if account is not None and account.reporter_label and link.relation != "reportedBy":
                        names.add(account.reporter_label)
    polar = {(start, end) for start, end, relation in links if relation in _POLAR_PROVISION_LINKS}
    for (start, end, key), givers in sorted(links.items(), key=lambda item: item[0]):
        if key == "concernsProvision" and (start, end) in polar:
            continue
        graph.add_edge(
            start, end, key=key, label=RELATIONS[key].label, relation=key, alternative=False,
            **reported_by(givers),
        )  # fmt: skip

    starts, ends = values["relationFrom"], values["relationTo"]
    for iri, type_name in sorted(other_types.items()):
        if type_name not in RELATIONSHIPS:
            continue
        relationship = RELATIONSHIPS[type_name]
        givers_of = [a.reporter_label for a in accounts.get(iri, []) if a.reporter_label]
        givers_of += [label(actor) for actor in reporters.get(iri, [])]
        for start in starts.get(iri, []):
            for end in ends.get(iri, []):
                if start in node_types and end in node_types:
                    graph.add_edge(
                        start, end, key=iri, label=relationship.label, relation=relationship.relation,
                        alternative=False, **reported_by(givers_of),
                    )  # fmt: skip

    candidates = values["candidate"]
    for subject, attributions in sorted(values["attribution"].items()):
        account = account_by_iri.get(subject)
        event = account.of if account is not None else subject
        if event not in node_types:
            continue
        edge = DENIED_ATTRIBUTION if account is not None and account.status == "denied" else ATTRIBUTION
        for attribution in sorted(attributions):
            alternative = other_types.get(attribution) == "AlternativeAttribution"
            claimed = [label(actor) for actor in reporters.get(attribution, [])]
            if not claimed and account is not None and account.reporter_label:
                claimed = [account.reporter_label]
            for candidate in sorted(candidates.get(attribution, [])):
                if candidate in node_types:
                    graph.add_edge(
                        event, candidate, key=f"{attribution}#{_local(candidate)}", label=edge.label,
                        relation=edge.relation, alternative=alternative, **reported_by(claimed),
                    )  # fmt: skip
    return graph, spans


def _within(
    graph: nx.MultiDiGraph, spans: dict[str, list[Span]], *, since: dt.date | None, until: dt.date | None
) -> nx.MultiDiGraph:
    """Keep the dated nodes with a time that overlaps the window and the nodes still linked to something."""
    start = None if since is None else since.isoformat()
    end = None if until is None else until.isoformat()
    dated = [n for n, kind in graph.nodes(data="kind") if kind in DATED_KINDS]
    inside = [n for n in dated if any(span.overlaps(start, end) for span in spans.get(n, []))]
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


def resolve_focus(graph: Collection[str], focus: str) -> str:
    """Return the IRI of the node a focus names: an IRI, a CURIE (``actor:turkey``) or a bare id.

    ``graph`` is a projection, or any collection of its nodes' IRIs (``Things.nodes``).

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
