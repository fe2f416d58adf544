"""Hold every IRI and prefix of ceasefire-kg: the vocabulary, the data, the named graphs and the standards.

The IRIs are plain strings here. The rdflib objects (``CF``, ``RDF``, ``ONTOLOGY_GRAPH``, …) are made on
first use by the module ``__getattr__``, so that naming a node or reading the store does not import rdflib
(~90 ms on every ``query``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Namespace, URIRef
    from rdflib.namespace import DCTERMS as DCTERMS
    from rdflib.namespace import FOAF as FOAF
    from rdflib.namespace import OWL as OWL
    from rdflib.namespace import PROV as PROV
    from rdflib.namespace import RDF as RDF
    from rdflib.namespace import RDFS as RDFS
    from rdflib.namespace import SH as SH
    from rdflib.namespace import SKOS as SKOS
    from rdflib.namespace import XSD as XSD

BASE = "https://w3id.org/ceasefire-kg/"

#: The IRI of every namespace the module exports as an rdflib ``Namespace``, by its exported name.
NAMESPACE_IRIS: dict[str, str] = {
    # The vocabulary (classes, properties, individuals of the ontology).
    "CF": BASE + "ontology#",
    # Data: actors, places, agreements, provisions, events and their accounts, statements, relationships,
    # quantities, identity declarations, sources, evidence.
    "ID": BASE + "id/",
    # Named graphs: one per source, one for the shared entities, one for the ontology.
    "GRAPH": BASE + "graph/",
    # SKOS concept schemes: PLOVER categories, ACLED event types, event status, statement text kind, what a
    # figure counts and how precisely.
    "CONCEPT": BASE + "concept/",
    "PLOVER": BASE + "concept/plover/",
    "ACLED": BASE + "concept/acled/",
    "STATUS": BASE + "concept/status/",
    "TEXT_KIND": BASE + "concept/text-kind/",
    "COUNTED": BASE + "concept/counted/",
    "PRECISION": BASE + "concept/precision/",
    # How precisely an event dataset knows a row's day and place, and UCDP GED's types of violence.
    "DATE_PRECISION": BASE + "concept/date-precision/",
    "GEO_PRECISION": BASE + "concept/geo-precision/",
    "UCDP": BASE + "concept/ucdp/",
    # SHACL shapes.
    "SHAPES": BASE + "shapes#",
    # Standard vocabularies the ontology aligns with.
    "SEM": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "ORG": "http://www.w3.org/ns/org#",
    "SCHEMA": "https://schema.org/",
    "OA": "http://www.w3.org/ns/oa#",
    "TIME": "http://www.w3.org/2006/time#",
    "WD": "http://www.wikidata.org/entity/",
    "VANN": "http://purl.org/vocab/vann/",
    "GEO": "http://www.opengis.net/ont/geosparql#",
}
#: The standard vocabularies exported as rdflib's own (closed) namespaces, with their IRIs.
STANDARD_IRIS: dict[str, str] = {
    "DCTERMS": "http://purl.org/dc/terms/",
    "FOAF": "http://xmlns.com/foaf/0.1/",
    "OWL": "http://www.w3.org/2002/07/owl#",
    "PROV": "http://www.w3.org/ns/prov#",
    "RDF": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "RDFS": "http://www.w3.org/2000/01/rdf-schema#",
    "SH": "http://www.w3.org/ns/shacl#",
    "SKOS": "http://www.w3.org/2004/02/skos/core#",
    "XSD": "http://www.w3.org/2001/XMLSchema#",
}
#: Single IRIs the module exports as rdflib ``URIRef``: the named graphs that are not sources', and the SKOS
#: concept schemes themselves (each concept is ``skos:inScheme`` one of these).
TERM_IRIS: dict[str, str] = {
    "ENTITIES_GRAPH": BASE + "graph/entities",
    "ONTOLOGY_GRAPH": BASE + "graph/ontology",
    "PLOVER_SCHEME": BASE + "concept/plover",
    "ACLED_SCHEME": BASE + "concept/acled",
    "STATUS_SCHEME": BASE + "concept/status",
    "TEXT_KIND_SCHEME": BASE + "concept/text-kind",
    "COUNTED_SCHEME": BASE + "concept/counted",
    "PRECISION_SCHEME": BASE + "concept/precision",
    "DATE_PRECISION_SCHEME": BASE + "concept/date-precision",
    "GEO_PRECISION_SCHEME": BASE + "concept/geo-precision",
    "UCDP_SCHEME": BASE + "concept/ucdp",
}

if TYPE_CHECKING:
    CF: Namespace
    ID: Namespace
    GRAPH: Namespace
    CONCEPT: Namespace
    PLOVER: Namespace
    ACLED: Namespace
    STATUS: Namespace
    TEXT_KIND: Namespace
    COUNTED: Namespace
    PRECISION: Namespace
    DATE_PRECISION: Namespace
    GEO_PRECISION: Namespace
    UCDP: Namespace
    SHAPES: Namespace
    SEM: Namespace
    ORG: Namespace
    SCHEMA: Namespace
    OA: Namespace
    TIME: Namespace
    WD: Namespace
    VANN: Namespace
    GEO: Namespace
    ENTITIES_GRAPH: URIRef
    ONTOLOGY_GRAPH: URIRef
    PLOVER_SCHEME: URIRef
    ACLED_SCHEME: URIRef
    STATUS_SCHEME: URIRef
    TEXT_KIND_SCHEME: URIRef
    COUNTED_SCHEME: URIRef
    PRECISION_SCHEME: URIRef
    DATE_PRECISION_SCHEME: URIRef
    GEO_PRECISION_SCHEME: URIRef
    UCDP_SCHEME: URIRef


def __getattr__(name: str) -> object:
    """Make the rdflib object of an exported namespace or IRI on first use, importing rdflib only then."""
    if name in STANDARD_IRIS:
        import rdflib.namespace

        value: object = getattr(rdflib.namespace, name)
    elif name in NAMESPACE_IRIS:
        from rdflib import Namespace

        value = Namespace(NAMESPACE_IRIS[name])
    elif name in TERM_IRIS:
        from rdflib import URIRef

        value = URIRef(TERM_IRIS[name])
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


#: The ontology document itself.
ONTOLOGY_IRI = BASE + "ontology"

#: The licence of the vocabulary (``dcterms:license``).
LICENSE_IRI = "https://spdx.org/licenses/MIT"
#: Home pages of the external classifications the concept schemes reproduce (``rdfs:seeAlso``).
PLOVER_HOME = "https://github.com/openeventdata/PLOVER"
ACLED_HOME = "https://acleddata.com/"
UCDP_HOME = "https://ucdp.uu.se/"

#: Path segment of the data IRI for each kind of node, e.g. ``id/actor/hulusi-akar``.
ID_SEGMENTS = (
    "actor",
    "place",
    "agreement",
    "provision",
    "event",
    "statement",
    "relationship",
    "account",
    "quantity",
    "identity",
    "attribution",
    "source",
    "evidence",
)

#: Prefixes written into every serialisation and offered to every query.
PREFIXES: dict[str, str] = {
    "cf": NAMESPACE_IRIS["CF"],
    **{segment: f"{NAMESPACE_IRIS['ID']}{segment}/" for segment in ID_SEGMENTS},
    "graph": NAMESPACE_IRIS["GRAPH"],
    "plover": NAMESPACE_IRIS["PLOVER"],
    "acled": NAMESPACE_IRIS["ACLED"],
    "status": NAMESPACE_IRIS["STATUS"],
    "textkind": NAMESPACE_IRIS["TEXT_KIND"],
    "counted": NAMESPACE_IRIS["COUNTED"],
    "precision": NAMESPACE_IRIS["PRECISION"],
    "dateprecision": NAMESPACE_IRIS["DATE_PRECISION"],
    "geoprecision": NAMESPACE_IRIS["GEO_PRECISION"],
    "ucdp": NAMESPACE_IRIS["UCDP"],
    "sem": NAMESPACE_IRIS["SEM"],
    "org": NAMESPACE_IRIS["ORG"],
    "schema": NAMESPACE_IRIS["SCHEMA"],
    "oa": NAMESPACE_IRIS["OA"],
    "time": NAMESPACE_IRIS["TIME"],
    "prov": STANDARD_IRIS["PROV"],
    "foaf": STANDARD_IRIS["FOAF"],
    "skos": STANDARD_IRIS["SKOS"],
    "dcterms": STANDARD_IRIS["DCTERMS"],
    "owl": STANDARD_IRIS["OWL"],
    "rdf": STANDARD_IRIS["RDF"],
    "rdfs": STANDARD_IRIS["RDFS"],
    "xsd": STANDARD_IRIS["XSD"],
    "sh": STANDARD_IRIS["SH"],
    "wd": NAMESPACE_IRIS["WD"],
    "vann": NAMESPACE_IRIS["VANN"],
    "geo": NAMESPACE_IRIS["GEO"],
}


def node_iri(segment: str, slug: str) -> str:
    """Return the data IRI of a node of one kind (``actor``, ``event``, …) with a given slug."""
    if segment not in ID_SEGMENTS:
        raise ValueError(f"unknown IRI segment {segment!r}")
    return f"{NAMESPACE_IRIS['ID']}{segment}/{slug}"


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
    return f"{NAMESPACE_IRIS['GRAPH']}{source_id}"
