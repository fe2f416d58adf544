"""Turn checked, resolved and located records into RDF quads: one named graph per source."""

from __future__ import annotations

import datetime as dt
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
    "within_days": ("withinDays", XSD.nonNegativeInteger),
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


@cache
def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def cf(name: str) -> ox.NamedNode:
    """Return the NamedNode of a term of the ceasefire-kg vocabulary."""
    return _iri(str(CF[name]))


def _literal(value: object, datatype: str | None = None) -> ox.Literal:
    if datatype is None:
        return ox.Literal(str(value))
    if isinstance(value, dt.datetime | dt.date):
        text = value.isoformat()
    elif isinstance(value, Decimal):
        text = format(value.normalize(), "f")
    else:
        text = str(value)
    return ox.Literal(text, datatype=_iri(datatype))


_TYPE = _iri(str(RDF.type))
_LABEL = _iri(str(RDFS.label))
_COMMENT = _iri(str(RDFS.comment))
_ALT = _iri(str(SKOS.altLabel))
_DERIVED = _iri(str(PROV.wasDerivedFrom))
_TITLE = _iri(str(DCTERMS.title))
_LANGUAGE = _iri(str(DCTERMS.language))


class QuadEmitter:
    """Collect the quads of a corpus, one named graph per source and one for the shared entities."""

    def __init__(self, corpus: Corpus, registry: Registry, located: dict[str, list[Located]]) -> None:
        self.corpus = corpus
        self.registry = registry
        self.located = located
        self._graph = _iri(str(ENTITIES_GRAPH))
        self._quads: list[ox.Quad] = []

    def node(self, node_id: str) -> ox.NamedNode:
        """Return the IRI of the thing an id names."""
        return _iri(node_iri(SEGMENT[self.registry.space(node_id)], node_id))

    def label(self, node_id: str) -> str:
        """Return the display name of the thing an id names."""
        record = self.registry.records[node_id]
        return str(record.values.get("name") or record.values.get("label") or node_id)

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        """Add one triple to the current named graph."""
        self._quads.append(ox.Quad(s, p, o, self._graph))

    def value(self, s: ox.NamedNode, prop: str, value: object, datatype: str | None = None) -> None:
        """Add one literal value of a ceasefire-kg property."""
        self.add(s, cf(prop), _literal(value, datatype))

    def links(self, s: ox.NamedNode, prop: str, ids: str | list[str]) -> None:
        """Add one link per id to the things they name."""
        for target in [ids] if isinstance(ids, str) else ids:
            self.add(s, cf(prop), self.node(target))

    def quads(self) -> list[ox.Quad]:
        """Return every quad of the corpus."""
        self._quads = []
        self._graph = _iri(str(ENTITIES_GRAPH))
        for record in self.corpus.entity_records():
            self._entity(record)
        for source in self.corpus.sources:
            self._graph = _iri(source_graph_iri(source.id))
            self._source(source)
            for record in source.all_facts():
                getattr(self, "_" + record.section)(record, source)
        return self._quads

    # -- entities ----------------------------------------------------------------------------------------

    def _entity(self, record: Record) -> None:
        values = record.values
        s = self.node(record.id)
        kind = {"places": "Place"}.get(record.section) or values["kind"]
        self.add(s, _TYPE, cf(kind))
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
        self.add(s, _TYPE, cf("NewsArticle" if source.kind == "article" else "Record"))
        self.add(s, _TITLE, _literal(values["title"]))
        self.add(s, _LABEL, _literal(values["title"]))
        self.links(s, "publisher", values["publisher"])
        self._when(s, values["published"])
        if "url" in values:
            self.value(s, "url", values["url"], str(XSD.anyURI))
        if "language" in values:
            self.add(s, _LANGUAGE, _literal(values["language"]))
        if source.sha256:
            self.value(s, "sha256", source.sha256)

    def _provenance(self, s: ox.NamedNode, record: Record, source: Source) -> None:
        source_node = _iri(node_iri("source", source.id))
        self.add(s, _DERIVED, source_node)
        for number, located in enumerate(self.located[record.id], start=1):
            evidence = _iri(node_iri("evidence", f"{record.id}-{number}"))
            target = _iri(f"{evidence.value}-target")
            self.add(s, cf("hasEvidence"), evidence)
            self.add(evidence, _TYPE, cf("Evidence"))
            self.add(evidence, _iri(str(OA.hasTarget)), target)
            self.add(target, _TYPE, _iri(str(OA.SpecificResource)))
            self.add(target, _iri(str(OA.hasSource)), source_node)
            span = located.span
            if span is not None:
                quote, position = _iri(f"{evidence.value}-quote"), _iri(f"{evidence.value}-position")
                self.add(target, _iri(str(OA.hasSelector)), quote)
                self.add(quote, _TYPE, _iri(str(OA.TextQuoteSelector)))
                self.add(quote, _iri(str(OA.exact)), _literal(span.exact))
                self.add(quote, _iri(str(OA.prefix)), _literal(span.prefix))
                self.add(quote, _iri(str(OA.suffix)), _literal(span.suffix))
                self.add(target, _iri(str(OA.hasSelector)), position)
                self.add(position, _TYPE, _iri(str(OA.TextPositionSelector)))
                self.add(position, _iri(str(OA.start)), _literal(span.start, str(XSD.nonNegativeInteger)))
                self.add(position, _iri(str(OA.end)), _literal(span.end, str(XSD.nonNegativeInteger)))
            else:
                selector = _iri(f"{evidence.value}-article")
                self.add(target, _iri(str(OA.hasSelector)), selector)
                self.add(selector, _TYPE, cf("ArticleSelector"))
                self.value(selector, "articleNumber", located.item.article)
                if located.item.url:
                    self.value(selector, "url", located.item.url, str(XSD.anyURI))

    def _when(self, s: ox.NamedNode, when: When) -> None:
        if when.exact is not None:
            self.value(s, "date", when.exact, str(XSD.date))
        else:
            self.value(s, "earliestDate", when.earliest, str(XSD.date))
            self.value(s, "latestDate", when.latest, str(XSD.date))

    def _claim(self, s: ox.NamedNode, record: Record, source: Source) -> None:
        self.links(s, "reportedBy", record.values["reported_by"])
        if "plover" in record.values:
            self.add(s, cf("ploverCategory"), _iri(str(PLOVER[record.values["plover"]])))
        self._provenance(s, record, source)

    # -- facts ---------------------------------------------------------------------------------------------

    def _agreements(self, record: Record, source: Source) -> None:
        values = record.values
        s = self.node(values["agreement"])
        for party in values.get("parties", []):
            self.add(self.node(party), cf("partyTo"), s)
        if "signed_on" in values:
            self.value(s, "signedOn", values["signed_on"], str(XSD.date))
        if "signed_at" in values:
            self.links(s, "signedAt", values["signed_at"])
        self.links(s, "supplements", values.get("supplements", []))
        self.links(s, "recalls", values.get("recalls", []))
        for field, prop in (("pax_id", "paxId"), ("stage", "stage"), ("peace_process", "peaceProcess")):
            if field in values:
                self.value(s, prop, values[field])
        if "url" in values:
            self.value(s, "url", values["url"], str(XSD.anyURI))
        self._provenance(s, record, source)

    def _provisions(self, record: Record, source: Source) -> None:
        values = record.values
        s = self.node(record.id)
        self.add(s, _TYPE, cf(values["kind"]))
        where = values.get("article") or _words(values["kind"])
        self.add(s, _LABEL, _literal(f"{where} of {self.label(values['agreement'])}"))
        self.add(self.node(values["agreement"]), cf("hasProvision"), s)
        for field, (prop, datatype) in PROVISION_VALUES.items():
            if field in values:
                self.value(s, prop, values[field], None if datatype is None else str(datatype))
        for field, prop in PROVISION_LINKS.items():
            if field in values:
                self.links(s, prop, values[field])
        self._provenance(s, record, source)

    def _events(self, record: Record, source: Source) -> None:
        values = record.values
        s = self.node(record.id)
        self.add(s, _TYPE, cf(values["type"]))
        self.add(s, _LABEL, _literal(values["label"]))
        self._when(s, values["date"])
        if "date_note" in values:
            self.value(s, "dateNote", values["date_note"])
        self.add(s, cf("status"), _iri(str(STATUS[values["status"]])))
        if "count" in values:
            self.value(s, "count", values["count"], str(XSD.nonNegativeInteger))
        for field, prop in EVENT_LINKS.items():
            if field in values:
                self.links(s, prop, values[field])
        self.links(s, "concernsProvision", values.get("concerns", []))
        perpetrators: Perpetrators | None = values.get("perpetrators")
        if perpetrators is not None:
            attribution = _iri(node_iri("attribution", record.id))
            self.add(s, cf("attribution"), attribution)
            alternative = perpetrators.mode == "one_of"
            self.add(attribution, _TYPE, cf("AlternativeAttribution" if alternative else "Attribution"))
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
        self.add(s, _TYPE, cf("Statement"))
        text = values["text"]
        short = text if len(text) <= 80 else text[:77].rstrip() + "…"
        self.add(s, _LABEL, _literal(f"{self.label(values['speaker'])}: {short}"))
        self.links(s, "speaker", values["speaker"])
        self._when(s, values["date"])
        if "date_note" in values:
            self.value(s, "dateNote", values["date_note"])
        self.value(s, "text", text)
        self.add(s, cf("textKind"), _iri(str(TEXT_KIND[values["text_kind"]])))
        self.links(s, "about", values.get("about", []))
        self._claim(s, record, source)

    def _relationships(self, record: Record, source: Source) -> None:
        values = record.values
        s = self.node(record.id)
        cls, shortcut, verb = RELATIONSHIPS[values["type"]]
        self.add(s, _TYPE, cf(cls))
        self.add(s, _LABEL, _literal(f"{self.label(values['from'])} {verb} {self.label(values['to'])}"))
        self.links(s, "relationFrom", values["from"])
        self.links(s, "relationTo", values["to"])
        for field in ("title", "rank"):
            if field in values:
                self.value(s, field, values[field])
        self.add(self.node(values["from"]), cf(shortcut), self.node(values["to"]))
        self._claim(s, record, source)


def _words(name: str) -> str:
    """Turn a class name such as ``CeasefireProvision`` into ``ceasefire provision``."""
    return "".join(" " + c.lower() if c.isupper() else c for c in name).strip()
