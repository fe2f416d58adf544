"""Turn checked, resolved and located records into RDF: one named graph per source, as N-Triples text.

The emitter writes terms as N-Triples text rather than pyoxigraph objects: building a Python Quad (and its
NamedNodes and Literals) for each of a million triples costs more than the store's whole bulk load of the same
data as text, and text is what the store, the Turtle and TriG writers and the checks all read fastest.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Protocol

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from ontology.namespaces import (
    CF,
    ENTITIES_GRAPH,
    NAMESPACE_IRIS,
    OA,
    PREFIXES,
    WD,
    node_iri,
    source_graph_iri,
)
from ontology.records import (
    INSTANCES,
    RECORD_KINDS,
    RELATIONSHIP_TYPES,
    SEGMENT_OF_SPACE,
    SHARED_SPACES,
    SOURCE,
    SOURCE_CLASSES,
    FieldKind,
    FieldSpec,
)

from .loader import Corpus, Source
from .locate import Located
from .resolve import Registry
from .schema import Casualty, Period, Perpetrators, Quantity, Record, When

#: An IRI or a literal written as N-Triples, e.g. ``<https://…>`` or ``"2"^^<…#integer>``.
Term = str

_NEEDS_ESCAPE = re.compile(r'[\\"\n\r]')
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _iri(value: str) -> Term:
    # Not cached: most IRIs written are a record's own (its evidence, targets, quotes), and a cache would
    # keep every one of them, a hundred megabytes at four million triples, for as long as the process lives.
    return f"<{value}>"


@cache
def cf(name: str) -> Term:
    """Return the N-Triples IRI of a term of the ceasefire-kg vocabulary."""
    return _iri(str(CF[name]))


def _literal(value: object, datatype: str | None = None) -> Term:
    if type(value) is str:  # most values are strings: tried first
        text = value
    elif isinstance(value, dt.datetime | dt.date):
        text = value.isoformat()
    elif isinstance(value, Decimal) and datatype is not None:
        text = format(value.normalize(), "f")
    else:
        text = str(value)
    if _NEEDS_ESCAPE.search(text):
        text = text.translate(_ESCAPES)
    return f'"{text}"' if datatype is None else f'"{text}"^^<{datatype}>'


_TYPE = _iri(str(RDF.type))
_LABEL = _iri(str(RDFS.label))
_ALT_LABEL = _iri(PREFIXES["skos"] + "altLabel")
_DERIVED = _iri(str(PROV.wasDerivedFrom))
_TITLE = _iri(str(DCTERMS.title))
_CF_CLASS = f"<{CF}"
_HAS_TARGET = _iri(str(OA.hasTarget))
_HAS_SOURCE = _iri(str(OA.hasSource))
_HAS_SELECTOR = _iri(str(OA.hasSelector))
_SPECIFIC_RESOURCE = _iri(str(OA.SpecificResource))
_QUOTE_SELECTOR = _iri(str(OA.TextQuoteSelector))
_POSITION_SELECTOR = _iri(str(OA.TextPositionSelector))
_EXACT = _iri(str(OA.exact))
_PREFIX = _iri(str(OA.prefix))
_SUFFIX = _iri(str(OA.suffix))
_START = _iri(str(OA.start))
_END = _iri(str(OA.end))
_DATE = str(XSD.date)
_COUNT = str(XSD.integer)  # the store keeps every integer subtype as xsd:integer
_ANY_URI = str(XSD.anyURI)


@cache
def property_term(prop: str) -> Term:
    """Return the N-Triples IRI of a declared property: a cf: local name or a CURIE such as ``rdfs:label``."""
    prefix, colon, local = prop.partition(":")
    return _iri(PREFIXES[prefix] + local) if colon else cf(prop)


@dataclass
class GraphText:
    """Hold one named graph as N-Triples text: a chunk per record, and the lines about shared nodes.

    ``chunks`` pairs each record (the source's own description first; None for the shared entities, whose
    lines are all shared ones) with the lines of the nodes only that record describes: they stand in no
    other graph. ``shared`` holds, without repeats, the lines whose subject is an actor, place or agreement,
    which several sources may state alike.
    """

    name: str
    chunks: list[tuple[Record | None, str]] = field(default_factory=list)
    shared: dict[str, None] = field(default_factory=dict)
    triples: int = 0
    #: Instances of the vocabulary's classes typed here: per class for the nodes of this graph alone, and
    #: as ``"<node> Class"`` for the shared ones, which other graphs may type too (they count once).
    classes: Counter[str] = field(default_factory=Counter)
    shared_types: dict[str, None] = field(default_factory=dict)


@dataclass
class Emitted:
    """Hold a corpus turned into RDF: the named graphs as text and what the build summary counts."""

    graphs: list[GraphText]
    classes: Counter[str]

    def union_lines(self) -> Iterator[str]:
        """Yield the N-Triples of the union of the graphs, each distinct triple once."""
        shared: dict[str, None] = {}
        for graph in self.graphs:
            for _, chunk in graph.chunks:
                yield chunk
            shared.update(graph.shared)
        yield from shared

    def trig_chunks(self, graphs: Iterable[GraphText] | None = None) -> Iterator[str]:
        """Yield the named graphs (or some of them) as TriG text: one block of N-Triples lines per graph."""
        for graph in self.graphs if graphs is None else graphs:
            yield f"<{graph.name}> {{\n"
            for _, chunk in graph.chunks:
                yield chunk
            yield from graph.shared
            yield "}\n"

    @property
    def quads(self) -> int:
        """Return the number of distinct quads."""
        return sum(graph.triples for graph in self.graphs)

    def to_quads(self) -> list[ox.Quad]:
        """Return every quad as pyoxigraph objects (for library users; the build itself never needs them)."""
        return list(ox.parse("".join(self.trig_chunks()).encode("utf-8"), format=ox.RdfFormat.TRIG))


class GraphSink(Protocol):
    """Take the named graphs as they are emitted, record by record, instead of holding them in memory.

    ``begin`` opens a graph; ``chunk`` gets the lines of each record's own nodes (``lines`` of them); ``end``
    gets the finished graph: its shared lines and counts, with no chunks (they went to ``chunk``).
    """

    def begin(self, name: str) -> None:
        """Open the named graph ``name``."""

    def chunk(self, owner: Record | None, text: str, lines: int) -> None:
        """Take the lines of the nodes only ``owner`` describes."""

    def end(self, graph: GraphText) -> None:
        """Close the graph opened last."""


#: Writes the triples of one field of a record: (emitter, subject, record, step, value, source).
FieldWriter = Callable[["QuadEmitter", Term, Record, "_Step", object, "Source | None"], None]


@dataclass(frozen=True)
class _Step:
    """Hold how one declared field is written: its writer and, worked out once, its property and datatype."""

    spec: FieldSpec
    write: FieldWriter
    prop: Term  # empty for a field without a property
    datatype: str | None


@cache
def _plan(section: str) -> tuple[_Step, ...]:
    """Return the steps that write the fields of one record kind, in declaration order."""
    steps = []
    for spec in RECORD_KINDS[section].fields:
        write = _WRITERS.get(spec.kind) if spec.prop is not None else _HAND_WRITERS.get(spec.kind)
        if write is not None:
            prop = property_term(spec.prop) if spec.prop is not None else ""
            datatype = spec.datatype_iri
            steps.append(_Step(spec, write, prop, datatype))
    return tuple(steps)


#: Returns the label of a record whose label is made from its fields, not written in one.
Labeller = Callable[["QuadEmitter", Record], str]


class QuadEmitter:
    """Write the triples of a corpus, one named graph per source and one for the shared entities."""

    def __init__(self, corpus: Corpus, registry: Registry, located: dict[str, list[Located]]) -> None:
        self.corpus = corpus
        self.registry = registry
        self.located = located
        self._lines: list[str] = []
        self._shared: dict[str, None] = {}
        self._shared_nodes: set[Term] = set()
        self._nodes: dict[str, Term] = {}
        self._classes: Counter[str] = Counter()
        self._typed: set[tuple[Term, Term]] = set()
        self._graph_text = GraphText("")

    def node(self, node_id: str) -> Term:
        """Return the IRI of the thing an id names (of the id it is merged into, when it is merged)."""
        term = self._nodes.get(node_id)
        if term is None:
            kept = self.registry.kept(node_id)
            space = self.registry.space(kept)
            term = self._nodes[node_id] = _iri(node_iri(SEGMENT_OF_SPACE[space], kept))
            if space in SHARED_SPACES:
                self._shared_nodes.add(term)
        return term

    def label(self, node_id: str) -> str:
        """Return the display name of the thing an id names."""
        node = self.registry.nodes.get(self.registry.kept(node_id))
        if node is not None and node.labels:
            return node.labels[0]
        return self.registry.name(node_id)

    def add(self, s: Term, p: Term, o: Term) -> None:
        """Add one triple to the current named graph."""
        line = f"{s} {p} {o} .\n"
        if s in self._shared_nodes:
            self._shared[line] = None
        else:
            self._lines.append(line)

    def typed(self, s: Term, cls: Term, *, fresh: bool = False) -> None:
        """Add the rdf:type of a node, counting instances of the vocabulary's classes for the summary.

        A shared event is typed in the graph of every source whose account gives its type: it counts once.
        A ``fresh`` node is one only the current record names (its account, a quantity, an evidence node),
        typed once: it counts without being remembered.
        """
        self.add(s, _TYPE, cls)
        if cls.startswith(_CF_CLASS):
            name = cls[len(_CF_CLASS) : -1]
            if fresh:
                self._classes[name] += 1
                self._graph_text.classes[name] += 1
            elif (s, cls) not in self._typed:
                self._typed.add((s, cls))
                self._classes[name] += 1
                if s in self._shared_nodes:
                    self._graph_text.shared_types[f"{s} {name}"] = None
                else:
                    self._graph_text.classes[name] += 1
            elif s in self._shared_nodes:
                self._graph_text.shared_types[f"{s} {name}"] = None

    def value(self, s: Term, prop: str, value: object, datatype: str | None = None) -> None:
        """Add one literal value of a ceasefire-kg property."""
        self.add(s, cf(prop), _literal(value, datatype))

    def links(self, s: Term, prop: str, ids: str | list[str]) -> None:
        """Add one link per id to the things they name (an id listed twice is linked once)."""
        for target in [ids] if isinstance(ids, str) else dict.fromkeys(ids):
            self.add(s, cf(prop), self.node(target))

    def emit(self, sink: GraphSink | None = None) -> Emitted:
        """Return every triple of the corpus, graph by graph.

        Given a ``sink``, each record's lines go to it as soon as they are written and the graphs returned
        hold no chunks: the corpus's text is never whole in memory.
        """
        self._classes = Counter()
        self._typed = set()
        entities: list[tuple[Record | None, Record]] = [(None, r) for r in self.corpus.entity_records()]
        graphs = [self._graph(str(ENTITIES_GRAPH), entities, None, sink)]
        for source in self.corpus.sources:
            records: list[tuple[Record | None, Record]] = [(source.record, source.record)]
            records += [(r, r) for r in source.all_facts()]
            graphs.append(self._graph(source_graph_iri(source.id), records, source, sink))
        return Emitted(graphs, self._classes)

    def _graph(
        self,
        name: str,
        records: list[tuple[Record | None, Record]],
        source: Source | None,
        sink: GraphSink | None,
    ) -> GraphText:
        graph = self._graph_text = GraphText(name)
        self._shared = graph.shared
        if sink is not None:
            sink.begin(name)
        for owner, record in records:
            self._lines = []
            if record.section == SOURCE.section and source is not None:
                self._source(source)
            else:
                self._record(record, source)
            if sink is None:
                graph.chunks.append((owner, "".join(self._lines)))
            else:
                sink.chunk(owner, "".join(self._lines), len(self._lines))
            graph.triples += len(self._lines)
        graph.triples += len(graph.shared)
        if sink is not None:
            sink.end(graph)
        return graph

    def _record(self, record: Record, source: Source | None) -> None:
        """Write one entity or fact: its class, its label, then each field as its declaration says."""
        kind = record.kind
        values = record.values
        if kind.accounts and source is not None:
            self._account(record, source)
            return
        s = self.node(values[kind.subject_field] if kind.subject_field else record.id)
        cls = kind.cls or (values[kind.class_field] if kind.class_field else None)
        if cls is not None:
            self.typed(s, cf(cls))
        labeller = _LABELLERS.get(record.section)
        if labeller is not None:
            self.add(s, _LABEL, _literal(labeller(self, record)))
        self._fields(s, record, source)
        extra = _EXTRAS.get(record.section)
        if extra is not None:
            extra(self, s, record)

    def _fields(self, s: Term, record: Record, source: Source | None, node: Term | None = None) -> None:
        """Write the declared fields of a record; an identity field of an account is written on ``node``."""
        values = record.values
        for step in _plan(record.section):
            value = values.get(step.spec.name)
            if value is not None:
                step.write(self, node if step.spec.identity and node else s, record, step, value, source)

    def path(self, record: Record) -> str:
        """Return the slug the nodes of a record are named by: its id, or an account's path."""
        return self.registry.account_path(record) if record.kind.accounts else record.id

    def _account(self, record: Record, source: Source) -> None:
        """Write one account: the identity it gives on the shared node, then the account and its values."""
        kind = record.kind
        values = record.values
        node = self.node(record.id)
        account = _iri(node_iri("account", self.path(record)))
        if kind.class_field is not None and kind.class_field in values:
            self.typed(node, cf(values[kind.class_field]))
        label = values.get("label")
        if label is not None:
            first = self.label(record.id)
            self.add(node, _LABEL if label == first else _ALT_LABEL, _literal(label))
        self.add(node, cf("hasAccount"), account)
        self.typed(account, cf(kind.account_class or "Account"), fresh=True)
        self.add(account, cf("accountOf"), node)
        self._fields(account, record, source, node)
        extra = _EXTRAS.get(record.section)
        if extra is not None:
            extra(self, node, record)

    def quantity(self, account: Term, path: str, number: int, counts: str, figure: Quantity) -> Term:
        """Write one figure of an account as a quantity node: what it counts, its value and precision."""
        q = _iri(node_iri("quantity", f"{path}/{number}"))
        self.add(account, cf("quantity"), q)
        self.typed(q, cf("Quantity"), fresh=True)
        self.add(q, cf("counts"), _iri(NAMESPACE_IRIS["COUNTED"] + counts))
        self.add(q, cf("precision"), _iri(NAMESPACE_IRIS["PRECISION"] + figure.precision))
        if figure.value is not None:
            self.value(q, "value", figure.value, _COUNT)
        if figure.word is not None:
            self.value(q, "vagueWord", figure.word)
        if figure.low is not None:
            self.value(q, "lowerBound", figure.low, _COUNT)
        if figure.high is not None:
            self.value(q, "upperBound", figure.high, _COUNT)
        return q

    def period(self, s: Term, period: Period, source: Source) -> None:
        """Write a whole period as cf:periodStart and cf:periodEnd (the source's date when it has no end)."""
        self.value(s, "periodStart", period.start, _DATE)
        self.value(s, "periodEnd", period.until(source.record.values["published"]), _DATE)

    # -- the source node and evidence ----------------------------------------------------------------------

    def _source(self, source: Source) -> None:
        values = source.record.values
        s = _iri(node_iri(SOURCE.segment or "source", source.id))
        self.typed(s, cf(SOURCE_CLASSES[source.kind]))
        self.add(s, _TITLE, _literal(values["title"]))
        self.add(s, _LABEL, _literal(values["title"]))
        self._fields(s, source.record, source)
        if source.sha256:
            self.value(s, "sha256", source.sha256)

    def provenance(self, s: Term, record: Record, source: Source) -> None:
        """Say which source a fact comes from and where its evidence stands (Web Annotation selectors)."""
        source_node = _iri(node_iri("source", source.id))
        self.add(s, _DERIVED, source_node)
        path = self.path(record)
        for number, located in enumerate(self.located[record.key], start=1):
            evidence_iri = node_iri("evidence", f"{path}-{number}")
            evidence, target = _iri(evidence_iri), _iri(f"{evidence_iri}-target")
            self.add(s, cf("hasEvidence"), evidence)
            self.typed(evidence, cf("Evidence"), fresh=True)
            self.add(evidence, _HAS_TARGET, target)
            self.add(target, _TYPE, _SPECIFIC_RESOURCE)
            self.add(target, _HAS_SOURCE, source_node)
            span = located.span
            if span is not None:
                quote, position = _iri(f"{evidence_iri}-quote"), _iri(f"{evidence_iri}-position")
                self.add(target, _HAS_SELECTOR, quote)
                self.add(quote, _TYPE, _QUOTE_SELECTOR)
                self.add(quote, _EXACT, _literal(span.exact))
                self.add(quote, _PREFIX, _literal(span.prefix))
                self.add(quote, _SUFFIX, _literal(span.suffix))
                self.add(target, _HAS_SELECTOR, position)
                self.add(position, _TYPE, _POSITION_SELECTOR)
                self.add(position, _START, _literal(span.start, _COUNT))
                self.add(position, _END, _literal(span.end, _COUNT))
            else:
                selector = _iri(f"{evidence_iri}-article")
                self.add(target, _HAS_SELECTOR, selector)
                self.typed(selector, cf("ArticleSelector"), fresh=True)
                self.value(selector, "articleNumber", located.item.article)
                if located.item.url:
                    self.value(selector, "url", located.item.url, _ANY_URI)

    def when(self, s: Term, when: When) -> None:
        """Write a day as cf:date, or a range of days as cf:earliestDate and cf:latestDate."""
        if when.exact is not None:
            self.value(s, "date", when.exact, _DATE)
        else:
            self.value(s, "earliestDate", when.earliest, _DATE)
            self.value(s, "latestDate", when.latest, _DATE)

    def attribution(self, s: Term, record: Record, perpetrators: Perpetrators, source: Source) -> None:
        """Write who is said to have done an event as an attribution node: all of them, or one of them."""
        attribution = _iri(node_iri("attribution", self.path(record)))
        self.add(s, cf("attribution"), attribution)
        alternative = perpetrators.mode == "one_of"
        self.typed(attribution, cf("AlternativeAttribution" if alternative else "Attribution"), fresh=True)
        names = [self.label(c) for c in perpetrators.candidates]
        joined = " or ".join(names) if alternative else " and ".join(names)
        self.add(attribution, _LABEL, _literal(f"{'one of: ' if alternative else ''}{joined}"))
        self.links(attribution, "candidate", list(perpetrators.candidates))
        self.links(attribution, "reportedBy", record.values["reported_by"])
        self.add(attribution, _DERIVED, _iri(node_iri("source", source.id)))


# -- fields with a property: one writer per kind of field ---------------------------------------------------


def _write_links(e: QuadEmitter, s: Term, record: Record, step: _Step, value: object, _: object) -> None:
    prop = step.prop
    for target in [value] if isinstance(value, str) else dict.fromkeys(value):  # type: ignore[call-overload]
        if step.spec.inverse:
            e.add(e.node(target), prop, s)
        else:
            e.add(s, prop, e.node(target))


def _write_literal(e: QuadEmitter, s: Term, record: Record, step: _Step, value: object, _: object) -> None:
    e.add(s, step.prop, _literal(value, step.datatype))


def _write_literals(e: QuadEmitter, s: Term, record: Record, step: _Step, value: object, _: object) -> None:
    for item in value:  # type: ignore[attr-defined]
        e.add(s, step.prop, _literal(item, step.datatype))


def _write_concept(e: QuadEmitter, s: Term, record: Record, step: _Step, value: object, _: object) -> None:
    if step.spec.concepts_in is not None:  # a choice of class (kind, type) is the node's type instead
        e.add(s, step.prop, _iri(f"{step.spec.concepts_in}{value}"))


def _write_wikidata(e: QuadEmitter, s: Term, record: Record, step: _Step, value: object, _: object) -> None:
    e.add(s, step.prop, _iri(str(WD[str(value)])))


_WRITERS: dict[FieldKind, FieldWriter] = {
    "id": _write_links,
    "ids": _write_links,
    "reporter": _write_links,
    "text": _write_literal,
    "texts": _write_literals,
    "date": _write_literal,
    "datetime": _write_literal,
    "int": _write_literal,
    "decimal": _write_literal,
    "url": _write_literal,
    "wkt": _write_literal,
    "choice": _write_concept,
    "wikidata": _write_wikidata,
}

# -- fields whose mapping is special: dates that may be ranges, attribution, evidence ---------------------


def _write_when(e: QuadEmitter, s: Term, record: Record, step: _Step, value: object, _: object) -> None:
    assert isinstance(value, When)
    e.when(s, value)


def _write_perpetrators(
    e: QuadEmitter, s: Term, record: Record, step: _Step, value: object, source: Source | None
) -> None:
    assert isinstance(value, Perpetrators) and source is not None
    e.attribution(s, record, value, source)


def _write_evidence(
    e: QuadEmitter, s: Term, record: Record, step: _Step, value: object, source: Source | None
) -> None:
    assert source is not None
    e.provenance(s, record, source)


def _write_period(
    e: QuadEmitter, s: Term, record: Record, step: _Step, value: object, source: Source | None
) -> None:
    assert isinstance(value, Period) and source is not None
    e.period(s, value, source)


def _write_count(e: QuadEmitter, s: Term, record: Record, step: _Step, value: object, _: object) -> None:
    """Write the count of an event account: its first quantity, of the event's own instances."""
    assert isinstance(value, Quantity)
    e.quantity(s, e.path(record), 1, INSTANCES, value)


def _write_casualties(
    e: QuadEmitter, s: Term, record: Record, step: _Step, value: object, source: Source | None
) -> None:
    """Write each casualty figure as a quantity (numbered after the count), of whom and over what period."""
    assert isinstance(value, list) and source is not None
    path = e.path(record)
    for number, figure in enumerate(value, start=2):
        assert isinstance(figure, Casualty)
        q = e.quantity(s, path, number, figure.what, figure.count)
        if figure.of is not None:
            e.add(q, cf("countOf"), e.node(figure.of))
        if figure.period is not None:
            e.period(q, figure.period, source)


_HAND_WRITERS: dict[FieldKind, FieldWriter] = {
    "when": _write_when,
    "period": _write_period,
    "quantity": _write_count,
    "casualties": _write_casualties,
    "perpetrators": _write_perpetrators,
    "evidence": _write_evidence,
}

# -- labels made from fields, and the relationship's shortcut ---------------------------------------------


def _provision_label(e: QuadEmitter, record: Record) -> str:
    values = record.values
    where = values.get("article") or _words(values["kind"])
    return f"{where} of {e.label(values['agreement'])}"


def _statement_label(e: QuadEmitter, record: Record) -> str:
    text = record.values["text"]
    short = text if len(text) <= 80 else text[:77].rstrip() + "…"
    return f"{e.label(record.values['speaker'])}: {short}"


_LABELLERS: dict[str, Labeller] = {
    "provisions": _provision_label,
    "statements": _statement_label,
}


def _relationship_identity(e: QuadEmitter, s: Term, record: Record) -> None:
    """Type, name and shortcut a relationship in the graph of an account that gives its type.

    The class, the label and the direct link it stands for (``headOf``, …) are made from the relationship's
    identity, whichever of its accounts gives its ends.
    """
    if "type" not in record.values:
        return
    registry = e.registry
    relationship = RELATIONSHIP_TYPES[record.values["type"]]
    start, end = registry.value(record.id, "from"), registry.value(record.id, "to")
    e.typed(s, cf(relationship.cls))
    e.add(s, _LABEL, _literal(f"{e.label(start)} {relationship.verb} {e.label(end)}"))
    e.add(e.node(start), cf(relationship.shortcut), e.node(end))


def _identity_declaration(e: QuadEmitter, s: Term, record: Record) -> None:
    """Link an identity declaration to the node its ids name, with each id merged into it."""
    kept, *others = dict.fromkeys(record.values["ids"])
    e.add(s, cf("identifies"), e.node(kept))
    for other in others:
        e.value(s, "mergedId", other)


_EXTRAS: dict[str, Callable[[QuadEmitter, Term, Record], None]] = {
    "relationships": _relationship_identity,
    "same_as": _identity_declaration,
}


def _words(name: str) -> str:
    """Turn a class name such as ``CeasefireProvision`` into ``ceasefire provision``."""
    return "".join(" " + c.lower() if c.isupper() else c for c in name).strip()
