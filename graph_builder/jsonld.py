"""Write triples as compacted JSON-LD: readable keys from the project's prefixes, one object per subject.

pyoxigraph's JSON-LD writer ignores prefixes and writes every key as a full IRI, and rdflib's needs pyld-like
compaction that is slow and version-dependent; the compaction here is small because the context is built
from the data itself: every prefix of ``ontology.namespaces.PREFIXES``, plus one term per predicate
(``"label"`` for ``rdfs:label``) whose local name is unambiguous, coerced to ``@id`` or a datatype only
when every value of that predicate has that form. Values that do not fit their term's coercion are written
as explicit ``{"@id"}`` / ``{"@value", "@type"|"@language"}`` objects, so the document always expands back
to exactly the triples it came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import pyoxigraph as ox
from rdflib.namespace import RDF, XSD

from ontology.namespaces import PREFIXES

_RDF_TYPE = str(RDF.type)
_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)
#: A term name that no JSON-LD processor can take for an IRI, a compact IRI or a keyword.
_TERM = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
#: The coercion of a predicate whose values are all IRIs or blank nodes.
_ID = "@id"

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Node = dict[str, list[Term]]


def _shape(value: Term) -> str:
    """Return what a value needs from its term definition: ``@id``, a datatype IRI, or ``""`` for strings."""
    if isinstance(value, ox.Literal):
        if value.language:
            return _LANG_STRING
        return value.datatype.value
    return _ID


class _Compactor:
    """Shorten IRIs with the prefixes that no IRI of the data could be mistaken for."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        # Longest namespace first, so that actor: wins over a shorter namespace containing it.
        self.prefixes = sorted(prefixes.items(), key=lambda item: len(item[1]), reverse=True)
        self.cache: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        found = self.cache.get(iri)
        if found is None:
            found = iri
            for prefix, namespace in self.prefixes:
                local = iri[len(namespace) :]
                # A suffix starting with // makes a processor read the whole value as an absolute IRI.
                if iri.startswith(namespace) and not local.startswith("//"):
                    found = f"{prefix}:{local}"
                    break
            self.cache[iri] = found
        return found


def compact_jsonld(triples: Iterable[ox.Triple], *, prefixes: Mapping[str, str] = PREFIXES) -> dict[str, Any]:
    """Return a JSON-LD document (``@context`` + ``@graph``) holding exactly ``triples``, compacted."""
    nodes: dict[ox.NamedNode | ox.BlankNode, Node] = {}
    shapes: dict[str, set[str]] = {}
    schemes: set[str] = set()
    for triple in triples:
        subject, predicate, obj = triple.subject, triple.predicate.value, triple.object
        if not isinstance(subject, ox.NamedNode | ox.BlankNode) or isinstance(obj, ox.Triple):
            raise ValueError(f"JSON-LD cannot hold the RDF-star triple {triple}")
        nodes.setdefault(subject, {}).setdefault(predicate, []).append(obj)
        shapes.setdefault(predicate, set()).add(_shape(obj))
        for term in (subject, triple.predicate, obj):
            if isinstance(term, ox.NamedNode):
                schemes.add(term.value.split(":", 1)[0])
    # An IRI whose scheme is a prefix name ("cf:x" as a real IRI) would expand through that prefix: drop it.
    usable = {prefix: namespace for prefix, namespace in prefixes.items() if prefix not in schemes}
    compact = _Compactor(usable)
    terms, keys = _terms(shapes, compact, reserved=set(usable) | schemes)
    graph = [_node(subject, values, compact, terms, keys) for subject, values in nodes.items()]
    context: dict[str, Any] = dict(usable)
    for predicate, key in keys.items():
        if key in terms:
            coercion = terms[key]
            definition: dict[str, str] = {"@id": compact(predicate)}
            if coercion:
                definition["@type"] = coercion if coercion == _ID else compact(coercion)
            context[key] = definition
    return {"@context": context, "@graph": graph}


def _terms(
    shapes: Mapping[str, set[str]], compact: _Compactor, *, reserved: set[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Choose each predicate's key: a term named for its local name when unambiguous, else its CURIE.

    Return ``(terms, keys)``: the coercion of each term (``@id``, a datatype IRI, or ``""`` for none) and
    the key of each predicate IRI.
    """
    by_name: dict[str, list[str]] = {}
    for predicate in shapes:
        if predicate == _RDF_TYPE:
            continue
        short = compact(predicate)
        name = short.split(":", 1)[1] if short != predicate else ""
        if _TERM.match(name) and name not in reserved:
            by_name.setdefault(name, []).append(predicate)
    terms: dict[str, str] = {}
    keys = {predicate: compact(predicate) for predicate in shapes}
    for name, predicates in by_name.items():
        if len(predicates) != 1:
            continue  # two predicates with one local name (dcterms:title, schema:title) keep their CURIEs
        predicate = predicates[0]
        (shape,) = shapes[predicate] if len(shapes[predicate]) == 1 else ("",)
        terms[name] = "" if shape in (_XSD_STRING, _LANG_STRING) else shape
        keys[predicate] = name
    return terms, keys


def _node(
    subject: ox.NamedNode | ox.BlankNode,
    values: Node,
    compact: _Compactor,
    terms: Mapping[str, str],
    keys: Mapping[str, str],
) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": _reference(subject, compact)}
    classes = values.get(_RDF_TYPE, [])
    if classes and all(isinstance(c, ox.NamedNode) for c in classes):
        types = [compact(c.value) for c in classes]
        node["@type"] = types[0] if len(types) == 1 else types
    for predicate, objects in values.items():
        if predicate == _RDF_TYPE and "@type" in node:
            continue
        key = keys[predicate]
        coercion = terms.get(key, "")
        written = [_value(obj, coercion, compact) for obj in objects]
        node[key] = written[0] if len(written) == 1 else written
    return node


def _reference(term: ox.NamedNode | ox.BlankNode, compact: _Compactor) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else compact(term.value)


def _value(obj: Term, coercion: str, compact: _Compactor) -> Any:
    """Write one value: a bare string when the term's coercion says what it is, else an explicit object."""
    if isinstance(obj, ox.NamedNode | ox.BlankNode):
        reference = _reference(obj, compact)
        return reference if coercion == _ID else {"@id": reference}
    if obj.language:
        return {"@value": obj.value, "@language": obj.language}
    datatype = obj.datatype.value
    if datatype == coercion or (datatype == _XSD_STRING and not coercion):
        return obj.value
    if datatype == _XSD_STRING:
        return {"@value": obj.value}
    return {"@value": obj.value, "@type": compact(datatype)}
