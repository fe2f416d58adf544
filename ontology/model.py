"""Write the ceasefire-kg OWL 2 ontology with owlready2: classes, properties, alignments, concept schemes.

The vocabulary is declared as data (``ontology/vocabulary.yaml``, read by ``ontology.terms``) and turned into
owlready2 entities by ``build_ontology``; the data builder writes the same names.

Alignment with standard vocabularies is by ``rdfs:subClassOf`` / ``rdfs:subPropertyOf`` to their terms, which
are declared (typed) here but not redefined. OWL-Time is aligned without subsumption of our flat ``xsd:date``
properties: ``time:inXSDDate`` has the domain ``time:Instant``, so a sub-property would make every event and
statement an instant. Events and statements instead have *some* ``time:hasTime`` temporal entity (true of
every one of them, and it classifies nothing), and the date properties point to ``time:inXSDDate`` with
``rdfs:seeAlso``.
"""

from __future__ import annotations

import types
from typing import Any

import owlready2
from rdflib.namespace import OWL, RDFS

from .namespaces import ACLED, CF, LICENSE_IRI, ONTOLOGY_IRI, PREFIXES, ontology_version_iri
from .terms import (
    ACLED_MAPPING,
    CLASSES,
    DISJOINT_GROUPS,
    EN,
    EXTERNAL_ANNOTATION_PROPERTIES,
    EXTERNAL_CLASSES,
    EXTERNAL_DATA_PROPERTIES,
    EXTERNAL_OBJECT_PROPERTIES,
    PROPERTIES,
    SCHEMES,
    TIMED_CLASSES,
    VERSION,
)

# -- building ------------------------------------------------------------------------------------------------


RDFS_DOMAIN = str(RDFS.domain)
RDFS_RANGE = str(RDFS.range)
RDFS_SEE_ALSO = str(RDFS.seeAlso)
OWL_VERSION_IRI = str(OWL.versionIRI)


class _Builder:
    """Turn the vocabulary's records into owlready2 entities inside one ontology."""

    def __init__(self, onto: Any) -> None:
        self.onto = onto
        self.world = onto.world
        self.cf = onto.get_namespace(str(CF))
        self.entities: dict[str, Any] = {}

    # entities -----------------------------------------------------------------------------------------------

    def _split(self, name: str) -> tuple[Any, str]:
        if ":" in name:
            prefix, local = name.split(":", 1)
            return self.onto.get_namespace(PREFIXES[prefix]), local
        return self.cf, name

    def _new(self, name: str, base: Any) -> Any:
        namespace, local = self._split(name)
        entity = types.new_class(local, (base,), exec_body=lambda body: body.update(namespace=namespace))
        self.entities[name] = entity
        return entity

    def entity(self, name: str) -> Any:
        """Return the entity a cf name or CURIE names (``owl:Thing`` included)."""
        if name == "owl:Thing":
            return owlready2.Thing
        return self.entities[name]

    def iri(self, name: str) -> str:
        """Return the full IRI of a cf name or CURIE."""
        namespace, local = self._split(name)
        return str(namespace.base_iri) + local

    def triple(self, subject: str, predicate: str, obj: str) -> None:
        """Add one triple between IRIs, where owlready2 has no API (owl:versionIRI, datatype ranges)."""
        abbreviate = self.world._abbreviate
        self.onto._add_obj_triple_spo(abbreviate(subject), abbreviate(predicate), abbreviate(obj))

    def annotate(self, entity: Any, prop: str, *values: object, lang: str | None = EN) -> None:
        """Add annotation values to an entity: text in English unless ``lang`` is None, or entities."""
        target = self.entity(prop)[entity]
        for value in values:
            target.append(owlready2.locstr(value, lang=lang) if isinstance(value, str) and lang else value)

    def describe(self, entity: Any, label: str, comment: str) -> None:
        """Give an entity its rdfs:label and rdfs:comment."""
        entity.label = [owlready2.locstr(label, lang=EN)]
        entity.comment = [owlready2.locstr(comment, lang=EN)]

    # the parts ----------------------------------------------------------------------------------------------

    def declare_external(self) -> None:
        """Declare the standard terms the ontology aligns with or the data uses."""
        for name in EXTERNAL_CLASSES:
            self._new(name, owlready2.Thing)
        for name in EXTERNAL_OBJECT_PROPERTIES:
            self._new(name, owlready2.ObjectProperty)
        for name in EXTERNAL_DATA_PROPERTIES:
            self._new(name, owlready2.DataProperty)
        for name in EXTERNAL_ANNOTATION_PROPERTIES:
            self._new(name, owlready2.AnnotationProperty)

    def classes(self) -> None:
        """Create the classes, their superclasses and the disjointness axioms."""
        # Every class first: the file may name a parent before declaring it.
        for spec in CLASSES:
            self._new(spec.name, owlready2.Thing)
        for spec in CLASSES:
            cls = self.entity(spec.name)
            self.describe(cls, spec.label, spec.comment)
            if spec.parents:
                cls.is_a.remove(owlready2.Thing)
                cls.is_a.extend(self.entity(parent) for parent in spec.parents)
        for group in DISJOINT_GROUPS:
            owlready2.AllDisjoint([self.entity(name) for name in group])
        has_time, temporal_entity = self.entity("time:hasTime"), self.entity("time:TemporalEntity")
        for name in TIMED_CLASSES:
            self.entity(name).is_a.append(has_time.some(temporal_entity))

    def _union(self, names: tuple[str, ...]) -> Any:
        members = [self.entity(name) for name in names]
        return members[0] if len(members) == 1 else owlready2.Or(members)

    def properties(self) -> None:
        """Create the properties: domains, ranges, super-properties, inverses and characteristics."""
        bases = {
            "object": owlready2.ObjectProperty,
            "data": owlready2.DataProperty,
            "annotation": owlready2.AnnotationProperty,
        }
        # Every property first: parents and inverses may be declared further down the file.
        for spec in PROPERTIES:
            self._new(spec.name, bases[spec.kind])
        for spec in PROPERTIES:
            prop = self.entity(spec.name)
            self.describe(prop, spec.label, spec.comment)
            for parent in spec.parents:
                prop.is_a.append(self.entity(parent))
            if spec.functional:
                prop.is_a.append(owlready2.FunctionalProperty)
            if spec.transitive:
                prop.is_a.append(owlready2.TransitiveProperty)
            if spec.inverse_of is not None:
                prop.inverse_property = self.entity(spec.inverse_of)
            for target in spec.see_also:
                self.triple(prop.iri, RDFS_SEE_ALSO, self.iri(target))
            if spec.kind != "annotation":
                prop.domain = [self._union(spec.domain)]
            else:
                # owlready2 has no API for the domain of an annotation property.
                for name in spec.domain:
                    self.triple(prop.iri, RDFS_DOMAIN, self.iri(name))
            if spec.kind == "object":
                prop.range = [self._union(spec.range)]
            else:
                # Datatypes such as xsd:nonNegativeInteger have no owlready2 Python type: plain triples.
                for name in spec.range:
                    self.triple(prop.iri, RDFS_RANGE, self.iri(name))

    def schemes(self) -> None:
        """Create the SKOS concept schemes and their concepts, and annotate the event classes with ACLED."""
        concept_cls, scheme_cls = self.entity("skos:Concept"), self.entity("skos:ConceptScheme")
        for spec in SCHEMES:
            scheme = self._individual(scheme_cls, spec.iri)
            scheme.label = [owlready2.locstr(spec.label, lang=EN)]
            self.annotate(scheme, "skos:prefLabel", spec.label)
            self.annotate(scheme, "skos:definition", spec.definition)
            if spec.see_also is not None:
                self.triple(scheme.iri, RDFS_SEE_ALSO, spec.see_also)
            concepts = {c.iri: self._individual(concept_cls, c.iri) for c in spec.concepts}
            for concept_spec in spec.concepts:
                concept = concepts[concept_spec.iri]
                concept.label = [owlready2.locstr(concept_spec.label, lang=EN)]
                self.annotate(concept, "skos:prefLabel", concept_spec.label)
                self.annotate(concept, "skos:definition", concept_spec.definition)
                self.entity("skos:inScheme")[concept].append(scheme)
                if concept_spec.broader is None:
                    self.entity("skos:topConceptOf")[concept].append(scheme)
                    self.entity("skos:hasTopConcept")[scheme].append(concept)
                else:
                    broader = concepts[concept_spec.broader]
                    self.entity("skos:broader")[concept].append(broader)
                    self.entity("skos:narrower")[broader].append(concept)
            self.entities[spec.iri] = scheme
            self.entities.update(concepts)
        for class_name, (event_types, sub_event_types) in ACLED_MAPPING.items():
            cls = self.entity(class_name)
            self.annotate(cls, "acledEventType", *(self.entities[str(ACLED[name])] for name in event_types))
            self.annotate(
                cls, "acledSubEventType", *(self.entities[str(ACLED[name])] for name in sub_event_types)
            )

    def _individual(self, cls: Any, iri: str) -> Any:
        base, _, local = iri.rpartition("/")
        return cls(local, namespace=self.onto.get_namespace(base + "/"))

    def metadata(self) -> None:
        """Describe the ontology itself: title, description, version, licence, preferred prefix."""
        header = self.onto.metadata
        self.annotate(header, "dcterms:title", "ceasefire-kg ontology")
        self.annotate(
            header,
            "dcterms:description",
            "The vocabulary of ceasefire-kg, a knowledge graph of the actors, agreements, provisions, "
            "statements and incidents of a ceasefire, built from source documents. Every fact records who "
            "reports it (cf:reportedBy), the source it is derived from (prov:wasDerivedFrom) and the words "
            "that support it (cf:hasEvidence, as Web Annotation selectors); an event or relationship is "
            "identified once for all sources, and what each reporter says of it is one of its accounts "
            "(cf:hasAccount, a SEM view), which may disagree. Aligned with SEM, PROV-O, "
            "W3C ORG, FOAF, schema.org, Web Annotation and OWL-Time; event categories as SKOS concepts "
            "(PLOVER, ACLED).",
        )
        header.label = [owlready2.locstr("ceasefire-kg ontology", lang=EN)]
        header.versionInfo = [VERSION]
        self.annotate(header, "vann:preferredNamespacePrefix", "cf", lang=None)
        self.annotate(header, "vann:preferredNamespaceUri", str(CF), lang=None)
        self.triple(ONTOLOGY_IRI, OWL_VERSION_IRI, ontology_version_iri(VERSION))
        self.triple(ONTOLOGY_IRI, self.iri("dcterms:license"), LICENSE_IRI)


def build_ontology(world: owlready2.World | None = None) -> owlready2.Ontology:
    """Build the ceasefire-kg ontology in a world (by default a fresh one, not owlready2's default world).

    The world must not hold the ontology already: building twice in one world would repeat annotations.
    """
    world = owlready2.World() if world is None else world
    onto = world.get_ontology(str(CF))
    builder = _Builder(onto)
    with onto:
        builder.declare_external()
        builder.classes()
        builder.properties()
        builder.schemes()
        builder.metadata()
    return onto
