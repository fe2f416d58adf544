"""The vocabulary: every term defined, typed and aligned; the contract's names there; the concept schemes."""

from __future__ import annotations

import owlready2
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from ontology.generate import ontology_graph
from ontology.model import build_ontology
from ontology.namespaces import (
    ACLED,
    CF,
    LICENSE_IRI,
    OA,
    ONTOLOGY_IRI,
    PLOVER,
    PLOVER_SCHEME,
    STATUS,
    TEXT_KIND,
    TIME,
    VANN,
    curie,
    ontology_version_iri,
)
from ontology.resources import project_version
from ontology.terms import ACLED_MAPPING, CLASSES, PROPERTIES, subclasses

PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)

# The names the data builder writes: a rename in ontology/vocabulary.yaml breaks the data.
CONTRACT_CLASSES = [
    "Actor",
    "State",
    "Person",
    "Organization",
    "GovernmentBody",
    "MilitaryForce",
    "ArmedGroup",
    "NewsMedia",
    "Place",
    "Agreement",
    "Memorandum",
    "Protocol",
    "Provision",
    "CeasefireProvision",
    "SecurityCorridorProvision",
    "JointPatrolProvision",
    "DemilitarizedZoneProvision",
    "ObservationPostProvision",
    "WithdrawalProvision",
    "TransitProvision",
    "DeescalationAreaProvision",
    "Event",
    "CeasefireViolation",
    "ConvoyEscort",
    "JointPatrol",
    "Consultation",
    "ChannelEstablished",
    "Signing",
    "PhoneCall",
    "Talks",
    "Hostilities",
    "Account",
    "EventAccount",
    "RelationshipAccount",
    "Quantity",
    "IdentityDeclaration",
    "Statement",
    "Relationship",
    "Backing",
    "OfficialNonBacking",
    "Leadership",
    "PartOf",
    "Attribution",
    "AlternativeAttribution",
    "Source",
    "NewsArticle",
    "Record",
    "Evidence",
    "ArticleSelector",
]
CONTRACT_OBJECT_PROPERTIES = [
    "partyTo",
    "hasParty",
    "signedAt",
    "supplements",
    "recalls",
    "supplementedBy",
    "recalledBy",
    "hasProvision",
    "provisionOf",
    "road",
    "routeFrom",
    "routeTo",
    "appliesTo",
    "place",
    "participant",
    "participatedIn",
    "initiatedBy",
    "performedBy",
    "escortedParty",
    "destination",
    "concernsProvision",
    "concernedBy",
    "status",
    "attribution",
    "candidate",
    "reportedBy",
    "speaker",
    "made",
    "about",
    "ploverCategory",
    "textKind",
    "relationFrom",
    "relationTo",
    "backs",
    "backedBy",
    "officiallyDoesNotBack",
    "headOf",
    "hasHead",
    "partOf",
    "hasPart",
    "publisher",
    "hasEvidence",
    "evidenceFor",
    "wikidata",
    "hasAccount",
    "accountOf",
    "quantity",
    "counts",
    "countOf",
    "precision",
    "violatesProvision",
    "implementsProvision",
    "identifies",
]
CONTRACT_DATA_PROPERTIES = [
    "date",
    "earliestDate",
    "latestDate",
    "periodStart",
    "periodEnd",
    "value",
    "signedOn",
    "effectiveFrom",
    "startDate",
    "deadline",
    "withinDays",
    "widthKm",
    "minWidthKm",
    "maxWidthKm",
    "articleNumber",
    "text",
    "title",
    "rank",
    "paxId",
    "stage",
    "peaceProcess",
    "url",
    "sha256",
    "dateNote",
]
CONTRACT_ANNOTATION_PROPERTIES = ["acledEventType", "acledSubEventType"]
PLOVER_CATEGORIES = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


def own_terms(graph: Graph, *kinds: URIRef) -> list[URIRef]:
    found = {s for kind in kinds for s in graph.subjects(RDF.type, kind)}
    return sorted(s for s in found if isinstance(s, URIRef) and s.startswith(str(CF)))


def english(graph: Graph, subject: URIRef, predicate: URIRef) -> list[str]:
    return [
        str(o) for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language == "en"
    ]


def test_the_graph_declares_exactly_the_vocabulary_s_classes_and_properties(onto: Graph) -> None:
    declared = {CF[spec.name] for spec in CLASSES} | {CF[spec.name] for spec in PROPERTIES}
    assert set(own_terms(onto, OWL.Class, *PROPERTY_TYPES)) == declared


def test_every_class_and_property_has_an_english_label_and_definition(onto: Graph) -> None:
    terms = own_terms(onto, OWL.Class, *PROPERTY_TYPES)
    missing = [
        f"{curie(term)} lacks {what}"
        for term in terms
        for what, predicate in (("rdfs:label", RDFS.label), ("rdfs:comment", RDFS.comment))
        if not english(onto, term, predicate)
    ]
    assert not missing, "\n".join(missing)


def test_every_property_has_a_domain_and_a_range(onto: Graph) -> None:
    missing = [
        f"{curie(prop)} lacks {what}"
        for prop in own_terms(onto, *PROPERTY_TYPES)
        for what, predicate in (("rdfs:domain", RDFS.domain), ("rdfs:range", RDFS.range))
        if onto.value(prop, predicate) is None
    ]
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize(
    ("names", "kind"),
    [
        (CONTRACT_CLASSES, OWL.Class),
        (CONTRACT_OBJECT_PROPERTIES, OWL.ObjectProperty),
        (CONTRACT_DATA_PROPERTIES, OWL.DatatypeProperty),
        (CONTRACT_ANNOTATION_PROPERTIES, OWL.AnnotationProperty),
    ],
)
def test_the_contract_terms_are_there_with_their_kind(onto: Graph, names: list[str], kind: URIRef) -> None:
    missing = [name for name in names if (CF[name], RDF.type, kind) not in onto]
    assert not missing, f"not declared as {curie(kind)}: {missing}"


def test_the_data_builder_s_place_hierarchy_term_is_declared(onto: Graph) -> None:
    # graph_builder writes cf:locatedIn for the ``part_of`` of places.
    assert (CF.locatedIn, RDF.type, OWL.ObjectProperty) in onto
    assert onto.value(CF.locatedIn, RDFS.domain) == CF.Place


def disjoint_groups(graph: Graph) -> list[set[URIRef]]:
    groups = [
        {m for m in Collection(graph, members) if isinstance(m, URIRef)}
        for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses)
        for members in graph.objects(axiom, OWL.members)
    ]
    groups += [
        {a, b}
        for a, b in graph.subject_objects(OWL.disjointWith)
        if isinstance(a, URIRef) and isinstance(b, URIRef)
    ]
    return groups


@pytest.mark.parametrize(
    "classes",
    [
        ["Actor", "Place", "Agreement", "Provision", "Event", "Statement", "Relationship", "Attribution",
         "Source", "Evidence"],
        ["Person", "State", "Organization"],
    ],
)  # fmt: skip
def test_classes_are_pairwise_disjoint(onto: Graph, classes: list[str]) -> None:
    wanted = {CF[name] for name in classes}
    assert any(wanted <= group for group in disjoint_groups(onto))


def superclasses(graph: Graph, cls: URIRef) -> set[URIRef]:
    return {o for o in graph.transitive_objects(cls, RDFS.subClassOf) if isinstance(o, URIRef)}


@pytest.mark.parametrize(
    ("name", "standard"),
    [
        ("Actor", "http://semanticweb.cs.vu.nl/2009/11/sem/Actor"),
        ("Actor", "http://www.w3.org/ns/prov#Agent"),
        ("Person", "http://xmlns.com/foaf/0.1/Person"),
        ("Organization", "http://www.w3.org/ns/org#Organization"),
        ("Place", "https://schema.org/Place"),
        ("CeasefireViolation", "http://semanticweb.cs.vu.nl/2009/11/sem/Event"),
        ("Statement", "https://schema.org/Quotation"),
        ("NewsArticle", "http://www.w3.org/ns/prov#Entity"),
        ("Evidence", "http://www.w3.org/ns/oa#Annotation"),
        ("ArticleSelector", "http://www.w3.org/ns/oa#Selector"),
    ],
)
def test_classes_align_with_standard_vocabularies(onto: Graph, name: str, standard: str) -> None:
    assert URIRef(standard) in superclasses(onto, CF[name])


def test_every_standard_term_used_is_declared(onto: Graph) -> None:
    used = {o for o in onto.objects(None, RDFS.subClassOf) if isinstance(o, URIRef)}
    used |= {o for o in onto.objects(None, RDFS.subPropertyOf) if isinstance(o, URIRef)}
    data_terms = ("hasTarget", "hasSource", "hasSelector", "exact", "prefix", "suffix", "start", "end",
                  "TextQuoteSelector", "TextPositionSelector", "SpecificResource")  # fmt: skip
    used |= {OA[name] for name in data_terms}
    used |= {
        URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
        DCTERMS.title,
        DCTERMS.language,
        SKOS.altLabel,
    }
    undeclared = [curie(term) for term in sorted(used) if not set(onto.objects(term, RDF.type))]
    assert not undeclared


def test_owl_time_alignment_does_not_make_events_instants(onto: Graph) -> None:
    time_terms = [(s, p, o) for s, p, o in onto if isinstance(o, URIRef) and o.startswith(str(TIME))]
    # Only "has some time" restrictions, declarations and rdfs:seeAlso pointers; no subsumption.
    assert not [t for t in time_terms if t[1] in (RDFS.subPropertyOf, RDFS.subClassOf, RDFS.domain)]
    restriction = next(
        r for r in onto.objects(CF.Event, RDFS.subClassOf) if onto.value(r, OWL.onProperty) == TIME.hasTime
    )
    assert onto.value(restriction, OWL.someValuesFrom) == TIME.TemporalEntity
    assert (CF.date, RDFS.seeAlso, TIME.inXSDDate) in onto


def test_plover_has_its_16_categories_as_top_concepts(onto: Graph) -> None:
    concepts = set(onto.subjects(SKOS.inScheme, PLOVER_SCHEME))
    assert concepts == {PLOVER[name] for name in PLOVER_CATEGORIES}
    assert set(onto.subjects(SKOS.topConceptOf, PLOVER_SCHEME)) == concepts


@pytest.mark.parametrize("concept", [PLOVER.THREATEN, STATUS.planned, TEXT_KIND.verbatim])
def test_concepts_have_a_label_a_definition_and_a_scheme(onto: Graph, concept: URIRef) -> None:
    assert (concept, RDF.type, SKOS.Concept) in onto
    assert english(onto, concept, SKOS.prefLabel)
    assert english(onto, concept, SKOS.definition)
    assert onto.value(concept, SKOS.inScheme) is not None


def test_every_concept_is_complete(onto: Graph) -> None:
    for concept in onto.subjects(RDF.type, SKOS.Concept):
        assert isinstance(concept, URIRef)
        assert english(onto, concept, SKOS.prefLabel), concept
        assert english(onto, concept, SKOS.definition), concept
        scheme = onto.value(concept, SKOS.inScheme)
        assert (scheme, RDF.type, SKOS.ConceptScheme) in onto
        assert (concept, SKOS.topConceptOf, scheme) in onto or onto.value(concept, SKOS.broader) is not None


def test_every_event_class_maps_to_an_acled_event_type(onto: Graph) -> None:
    event_classes = {c for c in onto.transitive_subjects(RDFS.subClassOf, CF.Event) if c != CF.Event}
    assert event_classes == {CF[name] for name in subclasses("Event")}
    unmapped = [curie(str(c)) for c in event_classes if onto.value(c, CF.acledEventType) is None]
    assert not unmapped


@pytest.mark.parametrize("name", sorted(ACLED_MAPPING))
def test_an_event_class_carries_the_acled_types_of_its_vocabulary_entry(onto: Graph, name: str) -> None:
    event_types, sub_event_types = ACLED_MAPPING[name]
    assert set(onto.objects(CF[name], CF.acledEventType)) == {ACLED[t] for t in event_types}
    assert set(onto.objects(CF[name], CF.acledSubEventType)) == {ACLED[t] for t in sub_event_types}
    for sub_event_type in sub_event_types:
        assert onto.value(ACLED[sub_event_type], SKOS.broader) in {ACLED[t] for t in event_types}


def test_the_ontology_header(onto: Graph) -> None:
    header = URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in onto
    version = project_version()
    assert onto.value(header, OWL.versionInfo) == Literal(version)
    assert onto.value(header, OWL.versionIRI) == URIRef(ontology_version_iri(version))
    assert onto.value(header, DCTERMS.license) == URIRef(LICENSE_IRI)
    assert onto.value(header, VANN.preferredNamespacePrefix) == Literal("cf")
    assert onto.value(header, VANN.preferredNamespaceUri) == Literal(str(CF))
    assert english(onto, header, DCTERMS.title)
    assert english(onto, header, DCTERMS.description)


def test_build_ontology_uses_a_fresh_world_each_time() -> None:
    first, second = build_ontology(), build_ontology()
    assert first.world is not second.world
    assert first.world is not owlready2.default_world
    assert second.base_iri == str(CF)
