"""Turn checked, resolved and located records into RDF: one named graph per source, as N-Triples text.

The emitter writes terms as N-Triples text rather than pyoxigraph objects: building a Python Quad (and its
NamedNodes and Literals) for each of a million triples costs more than the store's whole bulk load of the same
data as text, and text is what the store, the Turtle and TriG writers and the checks all read fastest.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ontology.namespaces import (
    CF,
    ENTITIES_GRAPH,
    OA,
    PLOVER,
    STATUS,
    TEXT_KIND,
    WD,
    node_iri,
    source_graph_iri,
)

from .loader import Corpus, Source
from .locate import Located
from .resolve import Registry
from .schema import Perpetrators, Record, When

#: Data IRI segment of each id space.
SEGMENT = {
    "actor": "actor",
    "place": "place",
    "agreement": "agreement",
    "provision": "provision",
    "event": "event",
    "statement": "statement",
    "relationship": "relationship",
}
#: Id spaces whose nodes several sources describe (every other node is described by one record only).
SHARED_SPACES = frozenset({"actor", "place", "agreement"})

#: Relationship type → (class, direct shortcut property, verb for the label).
RELATIONSHIPS = {
    "backs": ("Backing", "backs", "backs"),
    "officially-does-not-back": ("OfficialNonBacking", "officiallyDoesNotBack", "officially does not back"),
    "leads": ("Leadership", "headOf", "leads"),
    "part-of": ("PartOf", "partOf", "is part of"),
}

#: Event field → property, for the fields that name actors or places.
EVENT_LINKS = {
    "place": "place",
    "destination": "destination",
    "participants": "participant",
    "performed_by": "performedBy",
    "escorted_party": "escortedParty",
    "initiated_by": "initiatedBy",
}

PROVISION_VALUES = {
    "article": ("articleNumber", None),
    "text": ("text", None),
    "effective_from": ("effectiveFrom", XSD.dateTime),
    "start_date": ("startDate", XSD.date),
    "deadline": ("deadline", XSD.date),
    "within_days": ("withinDays", XSD.integer),
    "width_km": ("widthKm", XSD.decimal),
    "min_width_km": ("minWidthKm", XSD.decimal),
    "max_width_km": ("maxWidthKm", XSD.decimal),
}
PROVISION_LINKS = {
    "applies_to": "appliesTo",
    "road": "road",
    "route_from": "routeFrom",
    "route_to": "routeTo",
}

#: An IRI or a literal written as N-Triples, e.g. ``<https://…>`` or ``"2"^^<…#integer>``.
Term = str

_NEEDS_ESCAPE = re.compile(r'[\\"\n\r]')
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


@cache
def _iri(value: str) -> Term:
    return f"<{value}>"


@cache
def cf(name: str) -> Term:
    """Return the N-Triples IRI of a term of the ceasefire-kg vocabulary."""
    return _iri(str(CF[name]))


def _literal(value: object, datatype: str | None = None) -> Term:
    if isinstance(value, dt.datetime | dt.date):
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
_COMMENT = _iri(str(RDFS.comment))
_ALT = _iri(str(SKOS.altLabel))
_DERIVED = _iri(str(PROV.wasDerivedFrom))
_TITLE = _iri(str(DCTERMS.title))
_LANGUAGE = _iri(str(DCTERMS.language))
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

    def node(self, node_id: str) -> Term:
        """Return the IRI of the thing an id names."""
        term = self._nodes.get(node_id)
        if term is None:
            space = self.registry.space(node_id)
            term = self._nodes[node_id] = _iri(node_iri(SEGMENT[space], node_id))
            if space in SHARED_SPACES:
                self._shared_nodes.add(term)
        return term

    def label(self, node_id: str) -> str:
        """Return the display name of the thing an id names."""
        record = self.registry.records[node_id]
        return str(record.values.get("name") or record.values.get("label") or node_id)

    def add(self, s: Term, p: Term, o: Term) -> None:
        """Add one triple to the current named graph."""
        line = f"{s} {p} {o} .\n"
        if s in self._shared_nodes:
            self._shared[line] = None
        else:
            self._lines.append(line)

    def typed(self, s: Term, cls: Term) -> None:
        """Add the rdf:type of a node, counting instances of the vocabulary's classes for the summary."""
        self.add(s, _TYPE, cls)
        if cls.startswith(_CF_CLASS):
            self._classes[cls[len(_CF_CLASS) : -1]] += 1

    def value(self, s: Term, prop: str, value: object, datatype: str | None = None) -> None:
        """Add one literal value of a ceasefire-kg property."""
        self.add(s, cf(prop), _literal(value, datatype))

    def links(self, s: Term, prop: str, ids: str | list[str]) -> None:
        """Add one link per id to the things they name (an id listed twice is linked once)."""
        for target in [ids] if isinstance(ids, str) else dict.fromkeys(ids):
            self.add(s, cf(prop), self.node(target))

    def emit(self) -> Emitted:
        """Return every triple of the corpus, graph by graph."""
        self._classes = Counter()
        graphs = [self._graph(str(ENTITIES_GRAPH), [(None, r) for r in self.corpus.entity_records()], None)]
        for source in self.corpus.sources:
            records: list[tuple[Record | None, Record]] = [(source.record, source.record)]
            records += [(r, r) for r in source.all_facts()]
            graphs.append(self._graph(source_graph_iri(source.id), records, source))
        return Emitted(graphs, self._classes)

    def _graph(
        self, name: str, records: list[tuple[Record | None, Record]], source: Source | None
    ) -> GraphText:
        graph = GraphText(name)
        self._shared = graph.shared
        for owner, record in records:
            self._lines = []
            if source is None:
                self._entity(record)
            elif record.section == "source":
                self._source(source)
            else:
                getattr(self, "_" + record.section)(record, source)
            graph.chunks.append((owner, "".join(self._lines)))
            graph.triples += len(self._lines)
        graph.triples += len(graph.shared)
        return graph

    # -- entities ----------------------------------------------------------------------------------------

    def _entity(self, record: Record) -> None:
        values = record.values
        s = self.node(record.id)
        kind = {"places": "Place"}.get(record.section) or values["kind"]
        self.typed(s, cf(kind))
        self.add(s, _LABEL, _literal(values["name"]))
        for alias in values.get("aliases", []):
            self.add(s, _ALT, _literal(alias))
        if "description" in values:
            self.add(s, _COMMENT, _literal(values["description"]))
        if "wikidata" in values:
            self.add(s, cf("wikidata"), _iri(str(WD[values["wikidata"]])))
        if "part_of" in values:
            self.links(s, "locatedIn", values["part_of"])

    # -- sources and evidence ----------------------------------------------------------------------------

    def _source(self, source: Source) -> None:
        values = source.record.values
        s = _iri(node_iri("source", source.id))
        self.typed(s, cf("NewsArticle" if source.kind == "article" else "Record"))
        self.add(s, _TITLE, _literal(values["title"]))
        self.add(s, _LABEL, _literal(values["title"]))
        self.links(s, "publisher", values["publisher"])
        self._when(s, values["published"])
        if "url" in values:
            self.value(s, "url", values["url"], _ANY_URI)
        if "language" in values:
            self.add(s, _LANGUAGE, _literal(values["language"]))
        if source.sha256:
            self.value(s, "sha256", source.sha256)

    def _provenance(self, s: Term, record: Record, source: Source) -> None:
        source_node = _iri(node_iri("source", source.id))
        self.add(s, _DERIVED, source_node)
        for number, located in enumerate(self.located[record.id], start=1):
            evidence_iri = node_iri("evidence", f"{record.id}-{number}")
            evidence, target = _iri(evidence_iri), _iri(f"{evidence_iri}-target")
            self.add(s, cf("hasEvidence"), evidence)
            self.typed(evidence, cf("Evidence"))
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
                self.typed(selector, cf("ArticleSelector"))
                self.value(selector, "articleNumber", located.item.article)
                if located.item.url:
                    self.value(selector, "url", located.item.url, _ANY_URI)

    def _when(self, s: Term, when: When) -> None:
        if when.exact is not None:
            self.value(s, "date", when.exact, _DATE)
        else:
            self.value(s, "earliestDate", when.earliest, _DATE)
            self.value(s, "latestDate", when.latest, _DATE)

    def _claim(self, s: Term, record: Record, source: Source) -> None:
        self.links(s, "reportedBy", record.values["reported_by"])
        if "plover" in record.values:
            self.add(s, cf("ploverCategory"), _iri(f"{PLOVER}{record.values['plover']}"))
        self._provenance(s, record, source)

    # -- facts ---------------------------------------------------------------------------------------------

    def _agreements(self, record: Record, source: Source) -> None:
        values = record.values
        s = self.node(values["agreement"])
        for party in dict.fromkeys(values.get("parties", [])):
            self.add(self.node(party), cf("partyTo"), s)
        if "signed_on" in values:
            self.value(s, "signedOn", values["signed_on"], _DATE)
        if "signed_at" in values:
            self.links(s, "signedAt", values["signed_at"])
        self.links(s, "supplements", values.get("supplements", []))
        self.links(s, "recalls", values.get("recalls", []))
        for name, prop in (("pax_id", "paxId"), ("stage", "stage"), ("peace_process", "peaceProcess")):
            if name in values:
                self.value(s, prop, values[name])
        if "url" in values:
            self.value(s, "url", values["url"], _ANY_URI)
        self._provenance(s, record, source)

    def _provisions(self, record: Record, source: Source) -> None:
        values = record.values
        s = self.node(record.id)
        self.typed(s, cf(values["kind"]))
        where = values.get("article") or _words(values["kind"])
        self.add(s, _LABEL, _literal(f"{where} of {self.label(values['agreement'])}"))
        self.add(self.node(values["agreement"]), cf("hasProvision"), s)
        for name, (prop, datatype) in PROVISION_VALUES.items():
            if name in values:
                self.value(s, prop, values[name], None if datatype is None else str(datatype))
        for name, prop in PROVISION_LINKS.items():
            if name in values:
                self.links(s, prop, values[name])
        self._provenance(s, record, source)

    def _events(self, record: Record, source: Source) -> None:
        values = record.values
        s = self.node(record.id)
        self.typed(s, cf(values["type"]))
        self.add(s, _LABEL, _literal(values["label"]))
        self._when(s, values["date"])
        if "date_note" in values:
            self.value(s, "dateNote", values["date_note"])
        self.add(s, cf("status"), _iri(f"{STATUS}{values['status']}"))
        if "count" in values:
            self.value(s, "count", values["count"], _COUNT)
        for name, prop in EVENT_LINKS.items():
            if name in values:
                self.links(s, prop, values[name])
        self.links(s, "concernsProvision", values.get("concerns", []))
        perpetrators: Perpetrators | None = values.get("perpetrators")
        if perpetrators is not None:
            attribution = _iri(node_iri("attribution", record.id))
            self.add(s, cf("attribution"), attribution)
            alternative = perpetrators.mode == "one_of"
            self.typed(attribution, cf("AlternativeAttribution" if alternative else "Attribution"))
            names = [self.label(c) for c in perpetrators.candidates]
            joined = " or ".join(names) if alternative else " and ".join(names)
            self.add(attribution, _LABEL, _literal(f"{'one of: ' if alternative else ''}{joined}"))
            self.links(attribution, "candidate", list(perpetrators.candidates))
            self.links(attribution, "reportedBy", values["reported_by"])
            self.add(attribution, _DERIVED, _iri(node_iri("source", source.id)))
        self._claim(s, record, source)

    def _statements(self, record: Record, source: Source) -> None:
        values = record.values
        s = self.node(record.id)
        self.typed(s, cf("Statement"))
        text = values["text"]
        short = text if len(text) <= 80 else text[:77].rstrip() + "…"
        self.add(s, _LABEL, _literal(f"{self.label(values['speaker'])}: {short}"))
        self.links(s, "speaker", values["speaker"])
        self._when(s, values["date"])
        if "date_note" in values:
            self.value(s, "dateNote", values["date_note"])
        self.value(s, "text", text)
        self.add(s, cf("textKind"), _iri(f"{TEXT_KIND}{values['text_kind']}"))
        self.links(s, "about", values.get("about", []))
        self._claim(s, record, source)

    def _relationships(self, record: Record, source: Source) -> None:
        values = record.values
        s = self.node(record.id)
        cls, shortcut, verb = RELATIONSHIPS[values["type"]]
        self.typed(s, cf(cls))
        self.add(s, _LABEL, _literal(f"{self.label(values['from'])} {verb} {self.label(values['to'])}"))
        self.links(s, "relationFrom", values["from"])
        self.links(s, "relationTo", values["to"])
        for name in ("title", "rank"):
            if name in values:
                self.value(s, name, values[name])
        self.add(self.node(values["from"]), cf(shortcut), self.node(values["to"]))
        self._claim(s, record, source)


def _words(name: str) -> str:
    """Turn a class name such as ``CeasefireProvision`` into ``ceasefire provision``."""
    return "".join(" " + c.lower() if c.isupper() else c for c in name).strip()
