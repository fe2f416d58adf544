"""Hold every IRI and prefix of ceasefire-kg: the vocabulary, the data, the named graphs and the standards."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

BASE = "https://w3id.org/ceasefire-kg/"

#: The vocabulary (classes, properties, individuals of the ontology).
CF = Namespace(BASE + "ontology#")
#: The ontology document itself.
ONTOLOGY_IRI = BASE + "ontology"
#: Data: actors, places, agreements, provisions, events, statements, relationships, sources, evidence.
ID = Namespace(BASE + "id/")
#: Named graphs: one per source, one for the shared entities, one for the ontology.
GRAPH = Namespace(BASE + "graph/")
ENTITIES_GRAPH = GRAPH["entities"]
ONTOLOGY_GRAPH = GRAPH["ontology"]
#: SKOS concept schemes: PLOVER categories, ACLED event types, event status, statement text kind.
CONCEPT = Namespace(BASE + "concept/")
PLOVER = Namespace(BASE + "concept/plover/")
ACLED = Namespace(BASE + "concept/acled/")
STATUS = Namespace(BASE + "concept/status/")
TEXT_KIND = Namespace(BASE + "concept/text-kind/")
#: The SKOS concept schemes themselves (each concept is ``skos:inScheme`` one of these).
PLOVER_SCHEME = CONCEPT["plover"]
ACLED_SCHEME = CONCEPT["acled"]
STATUS_SCHEME = CONCEPT["status"]
TEXT_KIND_SCHEME = CONCEPT["text-kind"]
#: SHACL shapes.
SHAPES = Namespace(BASE + "shapes#")
#: Where the consistency check loads the data it reasons over (a name inside owlready2, never published).
REASONING_DATA_IRI = BASE + "reasoning/data#"

# Standard vocabularies the ontology aligns with.
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
TIME = Namespace("http://www.w3.org/2006/time#")
WD = Namespace("http://www.wikidata.org/entity/")
VANN = Namespace("http://purl.org/vocab/vann/")

#: The licence of the vocabulary (``dcterms:license``).
LICENSE_IRI = "https://spdx.org/licenses/MIT"
#: Home pages of the external classifications the concept schemes reproduce (``rdfs:seeAlso``).
PLOVER_HOME = "https://github.com/openeventdata/PLOVER"
ACLED_HOME = "https://acleddata.com/"

#: Path segment of the data IRI for each kind of node, e.g. ``id/actor/hulusi-akar``.
ID_SEGMENTS = (
    "actor",
    "place",
    "agreement",
    "provision",
    "event",
    "statement",
    "relationship",
    "attribution",
    "source",
    "evidence",
)

#: Prefixes written into every serialisation and offered to every query.
PREFIXES: dict[str, str] = {
    "cf": str(CF),
    **{segment: f"{ID}{segment}/" for segment in ID_SEGMENTS},
    "graph": str(GRAPH),
    "plover": str(PLOVER),
    "acled": str(ACLED),
    "status": str(STATUS),
    "textkind": str(TEXT_KIND),
    "sem": str(SEM),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "oa": str(OA),
    "time": str(TIME),
    "prov": str(PROV),
    "foaf": str(FOAF),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sh": str(SH),
    "wd": str(WD),
    "vann": str(VANN),
}


def node_iri(segment: str, slug: str) -> str:
    """Return the data IRI of a node of one kind (``actor``, ``event``, …) with a given slug."""
    if segment not in ID_SEGMENTS:
        raise ValueError(f"unknown IRI segment {segment!r}")
    return f"{ID}{segment}/{slug}"


#: Graph names that are not sources' (a source may not take these ids).
RESERVED_GRAPHS = ("entities", "ontology")


def ontology_version_iri(version: str) -> str:
    """Return the ``owl:versionIRI`` of one release of the ontology, e.g. ``…/ontology/0.1.0``."""
    return f"{ONTOLOGY_IRI}/{version}"


def curie(iri: str) -> str:
    """Shorten an IRI with the longest matching prefix of ``PREFIXES`` (``actor:hulusi-akar``) if any."""
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]) :]}" if best else iri


def source_graph_iri(source_id: str) -> str:
    """Return the IRI of the named graph holding one source's facts."""
    return f"{GRAPH}{source_id}"
